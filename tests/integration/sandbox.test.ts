import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isAlive } from '../../scripts/sandbox/moto.js';
import { awsCli, runScript, tempDist } from './helpers/sandbox.js';

const state = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
const built = tempDist();
let pid = 0;

test.after(() => {
  if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(state, { recursive: true, force: true });
  built.cleanup();
});

/** `source <state>/env` as a map. */
const sourced = () => Object.fromEntries(readFileSync(join(state, 'env'), 'utf8').trim().split('\n').map((l) => l.replace(/^export /, '').split('=') as [string, string]));

test('make sandbox, publish to it, package with the AWS CLI, make sandbox-stop', async () => {
  const port = await freePort();
  const env = { ...process.env, SANDBOX_DIR: state, SANDBOX_PORT: String(port) };
  const started = runScript('scripts/sandbox/cli.ts', env, ['start']);
  assert.is(started.status, 0, started.stderr);
  assert.match(started.stdout, `sandbox: moto on http://127.0.0.1:${port} (pid `);
  assert.match(started.stdout, 'bucket sandbox-templates');
  pid = Number(readFileSync(join(state, 'moto.pid'), 'utf8'));
  assert.ok(isAlive(pid), 'moto keeps running after make sandbox returns');

  const again = runScript('scripts/sandbox/cli.ts', env, ['start']);
  assert.match(again.stdout, `sandbox already running: http://127.0.0.1:${port} (pid ${pid})`);

  const aws = { ...process.env, ...sourced() };
  assert.is(aws['AWS_ENDPOINT_URL'], `http://127.0.0.1:${port}`);
  const publish = runScript('scripts/publish/cli.ts', { ...aws, DIST: built.dist, PRODUCT: 'minimal-service', ENV: 'prod', BUCKET: 'sandbox-templates' });
  assert.is(publish.status, 0, publish.stderr);
  assert.match(publish.stdout, 'published 4 artifact(s), 4 uploaded, 0 already present');
  const listed = execFileSync(awsCli(), ['s3', 'ls', 's3://sandbox-templates/minimal-service/'], { env: aws, encoding: 'utf8' });
  assert.is(listed.trim().split('\n').length, 4);

  const stopped = runScript('scripts/sandbox/cli.ts', env, ['stop']);
  assert.is(stopped.status, 0, stopped.stderr);
  assert.match(stopped.stdout, `sandbox stopped (pid ${pid})`);
  assert.not.ok(isAlive(pid), 'moto is gone');
  assert.not.ok(existsSync(join(state, 'moto.pid')));
  const status = runScript('scripts/sandbox/cli.ts', env, ['status']);
  assert.is(status.status, 0);
  assert.match(status.stdout, 'sandbox not running');
});

/** A process of its own that holds `port`: a bare TCP listener, or an HTTP server that answers anything with 200 (as moto's API would). */
async function holdPort(port: number, kind: 'tcp' | 'http'): Promise<ChildProcess> {
  const server = kind === 'tcp' ? `require('net').createServer(() => {})` : `require('http').createServer((q, r) => r.end('{}'))`;
  const child = spawn(process.execPath, ['-e', `${server}.listen(${port}, '127.0.0.1', () => console.log('listening'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready, fail) => {
    child.stdout!.once('data', () => ready());
    child.once('exit', (code) => fail(new Error(`port holder exited with ${code}`)));
  });
  return child;
}

for (const kind of ['tcp', 'http'] as const) {
  test(`make sandbox on a port another process holds (${kind}): exit 1, the port and its holder named, a free port suggested`, async () => {
    const port = await freePort();
    const holder = await holdPort(port, kind);
    const own = mkdtempSync(join(tmpdir(), 'sandbox-taken-'));
    try {
      const env = { ...process.env, SANDBOX_DIR: own, SANDBOX_PORT: String(port) };
      const started = runScript('scripts/sandbox/cli.ts', env, ['start']);
      assert.is(started.status, 1, started.stdout);
      assert.not.match(started.stdout, 'sandbox: moto on', 'no success reported');
      assert.match(started.stderr, `sandbox start failed: port ${port} on 127.0.0.1 is already in use by pid ${holder.pid} (${process.execPath} -e `);
      assert.match(started.stderr, /start the sandbox on a free port: SANDBOX_PORT=\d+ make sandbox/);
      const suggested = Number(/SANDBOX_PORT=(\d+)/.exec(started.stderr)![1]);
      assert.is.not(suggested, port);
      assert.not.ok(existsSync(join(own, 'moto.pid')), 'no pid file for a server that is not ours');
      assert.not.ok(existsSync(join(own, 'env')), 'no env file pointing at the holder');
      assert.ok(holder.exitCode === null, 'the holder is left alone');
      const status = runScript('scripts/sandbox/cli.ts', env, ['status']);
      assert.match(status.stdout, 'sandbox not running');
    } finally {
      holder.kill('SIGKILL');
      rmSync(own, { recursive: true, force: true });
    }
  });
}

test('a stale pid file naming a process that is not moto: not running, and sandbox-stop kills nothing', async () => {
  const own = mkdtempSync(join(tmpdir(), 'sandbox-stale-'));
  const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    writeFileSync(join(own, 'moto.pid'), `${bystander.pid}\n`);
    writeFileSync(join(own, 'endpoint'), 'http://127.0.0.1:1\n');
    const env = { ...process.env, SANDBOX_DIR: own };
    assert.match(runScript('scripts/sandbox/cli.ts', env, ['status']).stdout, 'sandbox not running');
    const stopped = runScript('scripts/sandbox/cli.ts', env, ['stop']);
    assert.match(stopped.stdout, 'sandbox was not running');
    assert.ok(isAlive(bystander.pid!), 'the process behind the recycled pid is untouched');
    assert.not.ok(existsSync(join(own, 'moto.pid')), 'the stale pid file is removed');
  } finally {
    bystander.kill('SIGKILL');
    rmSync(own, { recursive: true, force: true });
  }
});

test('SANDBOX_PORT that is not a port: exit 2 naming the value', () => {
  const run = runScript('scripts/sandbox/cli.ts', { ...process.env, SANDBOX_DIR: state, SANDBOX_PORT: '45a' }, ['start']);
  assert.is(run.status, 2);
  assert.match(run.stderr, 'SANDBOX_PORT=45a is not a TCP port (1 to 65535)');
});

test.run();
