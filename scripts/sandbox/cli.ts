/**
 * `make sandbox` / `make sandbox-stop` / `make sandbox-status`: a local AWS emulator (moto) on
 * 127.0.0.1 with a template bucket, so publish, package and deploy can be tried without an
 * account. State lives in .sandbox/ (git-ignored): moto.pid, endpoint, env, moto.log.
 * SANDBOX_PORT picks the port (default 4566). Success is reported only once the moto we started
 * is the process listening on that port and answers; a port held by anything else is an error
 * that names the holder and a free port to use instead.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createBucket, SANDBOX_BUCKET } from './bucket.js';
import { answers, freePort, isAlive, isMoto, PortInUseError, SANDBOX_ENV, startMoto, stopPid } from './moto.js';

/** SANDBOX_DIR lets tests keep their own state away from a developer's running sandbox. */
const dir = resolve(process.env['SANDBOX_DIR'] || '.sandbox');
const pidFile = join(dir, 'moto.pid');

function running(): { pid: number; endpoint: string } | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const endpoint = existsSync(join(dir, 'endpoint')) ? readFileSync(join(dir, 'endpoint'), 'utf8').trim() : '?';
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && isMoto(pid) ? { pid, endpoint } : undefined;
}

function printUsage(endpoint: string): void {
  console.log(`  source ${relative(process.cwd(), dir) || '.'}/env      # AWS CLI and SDK now talk to ${endpoint}`);
  console.log(`  make publish PRODUCT=minimal-service ENV=prod BUCKET=${SANDBOX_BUCKET}`);
  console.log('  make sandbox-stop');
}

async function start(): Promise<number> {
  const current = running();
  if (current) {
    console.log(`sandbox already running: ${current.endpoint} (pid ${current.pid})`);
    printUsage(current.endpoint);
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  const text = process.env['SANDBOX_PORT'] || '4566';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`sandbox start failed: SANDBOX_PORT=${text} is not a TCP port (1 to 65535)`);
    return 2;
  }
  let sandbox: Awaited<ReturnType<typeof startMoto>>;
  try {
    sandbox = await startMoto({ port, detached: true, logFile: join(dir, 'moto.log') });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    console.error(`sandbox start failed: ${error.message}; publishes would go to it, not to the sandbox.`);
    console.error(`  stop that process, or start the sandbox on a free port: SANDBOX_PORT=${await freePort()} make sandbox`);
    return 1;
  }
  try {
    Object.assign(process.env, SANDBOX_ENV);
    await createBucket(sandbox.endpoint);
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  writeFileSync(pidFile, `${sandbox.pid}\n`);
  writeFileSync(join(dir, 'endpoint'), `${sandbox.endpoint}\n`);
  const exports = { ...SANDBOX_ENV, AWS_ENDPOINT_URL: sandbox.endpoint };
  writeFileSync(join(dir, 'env'), Object.entries(exports).map(([k, v]) => `export ${k}=${v}`).join('\n') + '\n');
  console.log(`sandbox: moto on ${sandbox.endpoint} (pid ${sandbox.pid}), bucket ${SANDBOX_BUCKET}`);
  printUsage(sandbox.endpoint);
  return 0;
}

async function stop(): Promise<number> {
  const current = running();
  if (current) await stopPid(current.pid);
  for (const f of ['moto.pid', 'endpoint', 'env']) rmSync(join(dir, f), { force: true });
  console.log(current ? `sandbox stopped (pid ${current.pid})` : 'sandbox was not running');
  return 0;
}

async function status(): Promise<number> {
  const current = running();
  if (!current) {
    console.log('sandbox not running');
    return 0;
  }
  if (!(await answers(current.endpoint))) {
    console.log(`sandbox process ${current.pid} is alive but does not answer on ${current.endpoint}; see ${relative(process.cwd(), join(dir, 'moto.log'))}`);
    return 1;
  }
  console.log(`sandbox running: ${current.endpoint} (pid ${current.pid})`);
  return 0;
}

const command = process.argv[2] ?? 'start';
const actions: Record<string, () => Promise<number> | number> = { start, stop, status };
const action = actions[command];
if (!action) {
  console.error(`usage: sandbox start|stop|status (got ${command})`);
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await action();
  } catch (error) {
    console.error(`sandbox ${command} failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
