import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../build/compile-product.js';
import { publishEnvironment, type PublishOptions } from '../../scripts/publish/publish.js';
import { startFaultyProxy, type FaultyProxy } from './helpers/faulty-proxy.js';
import { REGION, startFixture, tempDist, type MotoFixture } from './helpers/sandbox.js';

let moto: MotoFixture;
const cleanups: (() => void | Promise<void>)[] = [];
const fastRetries = { attempts: 3, baseDelayMs: 1 };

test.before(async () => {
  moto = await startFixture();
});
test.after(async () => {
  for (const c of cleanups) await c();
  await moto.stop();
});

async function setup(bucketName: string, decide: Parameters<typeof startFaultyProxy>[1]) {
  const bucket = await moto.bucket(bucketName);
  const d = tempDist();
  cleanups.push(d.cleanup);
  const proxy = await startFaultyProxy(moto.sandbox.endpoint, decide);
  cleanups.push(() => proxy.close());
  const manifest = JSON.parse(readFileSync(join(d.folder, 'manifest.json'), 'utf8')) as Manifest;
  const options = (endpoint: string, log: string[] = []): PublishOptions => ({ folder: d.folder, bucket, settings: { region: REGION, endpoint }, retry: fastRetries, log: (l) => log.push(l) });
  return { bucket, folder: d.folder, proxy, manifest, options };
}

const puts = (proxy: FaultyProxy) => proxy.seen.filter((s) => s.startsWith('PUT '));

test('a 5xx on one upload is retried and the publish completes', async () => {
  let failures = 0;
  const { bucket, proxy, manifest, options } = await setup('fault-5xx-once', (req) => (req.method === 'PUT' && failures++ === 0 ? 'fail500' : 'forward'));
  const log: string[] = [];
  const result = await publishEnvironment(options(proxy.endpoint, log));
  assert.is(failures, manifest.artifacts.length + 1, 'one extra PUT: the retried one');
  assert.ok(log.some((l) => /^ {2}retry 1: InternalError/.test(l)), log.join('\n'));
  assert.equal(await moto.keys(bucket), result.artifacts.map((a) => a.key).sort());
});

test('a 5xx that persists on the root: clear error, no root published, rerun completes', async () => {
  const { bucket, folder, proxy, manifest, options } = await setup('fault-5xx-root', (req, p) => (req.method === 'PUT' && puts(p).length > 3 ? 'fail500' : 'forward'));
  try {
    await publishEnvironment(options(proxy.endpoint));
    assert.unreachable('published through a failing endpoint');
  } catch (error) {
    assert.match((error as Error).message, new RegExp(`^S3 request on s3://${bucket}/minimal-service/[0-9a-f]{64}\\.json at endpoint ${proxy.endpoint} failed: InternalError: HTTP 500`));
  }
  assert.is(puts(proxy).length, 3 + fastRetries.attempts, 'bounded: the root PUT tried exactly `attempts` times');
  const children = await moto.keys(bucket);
  assert.is(children.length, manifest.artifacts.length - 1, 'every child is there, the root is not');
  assert.not.ok(existsSync(join(folder, 'packaged')), 'no packaged copies after a failure');

  const log: string[] = [];
  const rerun = await publishEnvironment(options(moto.sandbox.endpoint, log));
  assert.equal(rerun.artifacts.map((a) => a.outcome), [...children.map(() => 'present'), 'uploaded']);
  assert.ok(existsSync(join(folder, 'packaged', manifest.root)));
});

test('the endpoint stopping mid-publish: clear error, no dangling root, rerun completes', async () => {
  const { bucket, folder, proxy, manifest, options } = await setup('fault-endpoint-gone', (req, p) => {
    if (req.method === 'PUT' && puts(p).length === 1) req.on('end', () => setImmediate(() => void p.close()));
    return 'forward';
  });
  try {
    await publishEnvironment(options(proxy.endpoint));
    assert.unreachable('published through a stopped endpoint');
  } catch (error) {
    assert.match((error as Error).message, `cannot reach S3 at endpoint ${proxy.endpoint}`);
  }
  const stored = await moto.keys(bucket);
  assert.ok(stored.length < manifest.artifacts.length, `the root is not published (${stored.length} objects)`);
  assert.not.ok(existsSync(join(folder, 'packaged')));

  const rerun = await publishEnvironment(options(moto.sandbox.endpoint));
  assert.is(rerun.artifacts.filter((a) => a.outcome === 'present').length, stored.length, 'what made it is reused');
  assert.not.ok(stored.includes(rerun.root.key), 'the root was not stored before');
  assert.equal(await moto.keys(bucket), rerun.artifacts.map((a) => a.key).sort());
});

test('a missing bucket: clear error before anything is uploaded', async () => {
  const d = tempDist();
  cleanups.push(d.cleanup);
  try {
    await publishEnvironment({ folder: d.folder, bucket: 'fault-missing', settings: { region: REGION, endpoint: moto.sandbox.endpoint }, retry: fastRetries, log: () => {} });
    assert.unreachable('published to a missing bucket');
  } catch (error) {
    assert.is((error as Error).message, `bucket fault-missing does not exist at endpoint ${moto.sandbox.endpoint}; create it first (e.g. aws s3 mb s3://fault-missing)`);
  }
  assert.not.ok(existsSync(join(d.folder, 'packaged')));
});

test('denied access: one clear message, nothing uploaded', async () => {
  const { bucket, folder, proxy, options } = await setup('fault-denied', () => 'deny403');
  try {
    await publishEnvironment(options(proxy.endpoint));
    assert.unreachable('published without access');
  } catch (error) {
    assert.is((error as Error).message, `access denied to s3://${bucket} at endpoint ${proxy.endpoint}: the caller needs s3:ListBucket, s3:GetObject and s3:PutObject on it`);
  }
  assert.equal(puts(proxy), []);
  assert.equal(await moto.keys(bucket), []);
  assert.not.ok(existsSync(join(folder, 'packaged')));
});

test('an unreachable endpoint: retried a bounded number of times, then one clear error', async () => {
  const d = tempDist();
  cleanups.push(d.cleanup);
  const gone = await startFaultyProxy(moto.sandbox.endpoint, () => 'forward');
  await gone.close();
  const log: string[] = [];
  try {
    await publishEnvironment({ folder: d.folder, bucket: 'anything', settings: { region: REGION, endpoint: gone.endpoint }, retry: fastRetries, log: (l) => log.push(l) });
    assert.unreachable('published to nowhere');
  } catch (error) {
    assert.match((error as Error).message, `cannot reach S3 at endpoint ${gone.endpoint}`);
  }
  assert.is(log.filter((l) => l.startsWith('  retry')).length, fastRetries.attempts - 1);
});

test.run();
