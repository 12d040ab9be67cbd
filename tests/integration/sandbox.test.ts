import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

test.run();
