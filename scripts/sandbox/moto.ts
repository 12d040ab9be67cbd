/**
 * moto's AWS emulator as a local sandbox on 127.0.0.1: started on a free port, ready when the
 * process we started is the one listening and it answers moto's API, stopped by PID. Used by
 * tests (which stop what they start) and by `make sandbox` (which records the PID under
 * .sandbox/ and leaves it running).
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { canSeeListeners, commandOf, describeHolder, isPortFree, portHolder, type PortHolder } from './port.js';

export interface Sandbox {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Credentials and region the emulator accepts; any values do, these say what they are. */
export const SANDBOX_ENV = {
  AWS_ACCESS_KEY_ID: 'sandbox',
  AWS_SECRET_ACCESS_KEY: 'sandbox',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

/** The project's pinned tool (`make venv`), else whatever is on PATH. */
export function venvTool(name: string): string {
  const pinned = resolve('.venv', 'bin', name);
  return existsSync(pinned) ? pinned : name;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The port is held by something else: moto cannot bind it, and requests would go to that holder. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly holder: PortHolder | undefined,
  ) {
    super(`port ${port} on 127.0.0.1 is already in use by ${describeHolder(holder)}`);
  }
}

/** moto's own API (`/moto-api/`) answers: the server is up and is a moto server. */
export async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True unless `pid` is known to run something other than moto (a recycled PID in a stale pid file). */
export function isMoto(pid: number): boolean {
  const command = commandOf(pid);
  return command === '?' || command.includes('moto_server');
}

/** Stops the process `pid` (SIGTERM, then SIGKILL after a grace period) and waits until it is gone. */
export async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited === 3000) process.kill(pid, 'SIGKILL');
    if (waited > 6000) throw new Error(`process ${pid} did not stop`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StartOptions {
  port?: number;
  /** Leave it running after this process exits (make sandbox); output goes to `logFile`. */
  detached?: boolean;
  logFile?: string;
}

/** The last lines of a log file, to show why a server stopped. */
function tail(file: string | undefined, lines = 3): string {
  if (!file || !existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  return text ? ` (log: ${text})` : '';
}

/**
 * Starts moto_server on 127.0.0.1 and waits until it is ours and healthy: the process we spawned
 * is alive, is the one listening on the port, and answers moto's API. Another server that
 * answers on the same port (another sandbox, a LocalStack) is never taken for ours.
 */
export async function startMoto(options: StartOptions = {}): Promise<Sandbox> {
  const port = options.port ?? (await freePort());
  if (!(await isPortFree(port))) throw new PortInUseError(port, portHolder(port));
  const endpoint = `http://127.0.0.1:${port}`;
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(venvTool('moto_server'), ['-H', '127.0.0.1', '-p', String(port)], {
    detached: options.detached ?? false,
    stdio: ['ignore', out, out],
  });
  let problem: Error | undefined;
  child.once('error', (e) => (problem = new Error(`cannot start moto_server (${e.message}); run make venv`)));
  child.once('exit', (code, signal) => {
    // Lost the port between our check and moto's bind: name the holder, as before starting.
    const holder = portHolder(port);
    problem = holder && holder.pid !== child.pid ? new PortInUseError(port, holder) : new Error(`moto_server exited with ${code ?? signal} before answering on ${endpoint}${tail(options.logFile)}`);
  });
  const pid = child.pid;
  const identify = canSeeListeners();
  let answeredAt: number | undefined;
  for (let waited = 0; ; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    if (problem || pid === undefined) throw problem ?? new Error('moto_server did not start');
    if (await answers(endpoint)) {
      if (identify ? portHolder(port)?.pid === pid : (answeredAt ??= waited) + 1000 <= waited) break;
    }
    if (waited > 20000) {
      child.kill('SIGKILL');
      throw new Error(`moto_server (pid ${pid}) did not answer on ${endpoint} within 20 s${tail(options.logFile)}`);
    }
  }
  if (options.detached) child.unref();
  return { endpoint, port, pid, stop: () => stopPid(pid) };
}
