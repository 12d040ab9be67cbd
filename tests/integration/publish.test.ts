import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../build/compile-product.js';
import { parseTemplate, type TemplateFormat } from '../../dsl/index.js';
import { publishEnvironment } from '../../scripts/publish/publish.js';
import { venvTool } from '../../scripts/sandbox/moto.js';
import { awsCli, REGION, runScript, startFixture, tempDist, type MotoFixture } from './helpers/sandbox.js';

let moto: MotoFixture;
const cleanups: (() => void)[] = [];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const manifestOf = (folder: string) => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
const templateUrls = (body: string, format: TemplateFormat) =>
  Object.entries((parseTemplate(body, format) as { Resources: Record<string, { Type: string; Properties: { TemplateURL?: string } }> }).Resources)
    .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
    .map(([id, r]) => [id, r.Properties.TemplateURL] as const);
const dist = (format: TemplateFormat = 'json') => {
  const d = tempDist(format);
  cleanups.push(d.cleanup);
  return d;
};

test.before(async () => {
  moto = await startFixture();
});
test.after(async () => {
  await moto.stop();
  for (const c of cleanups) c();
});

for (const format of ['json', 'yaml'] as const) {
  test(`publish (${format}): content-addressed keys, children before the root, packaged copies point at S3`, async () => {
    const bucket = await moto.bucket(`publish-${format}`);
    const { folder } = dist(format);
    const lines: string[] = [];
    const result = await publishEnvironment({ folder, bucket, settings: { region: REGION, endpoint: moto.sandbox.endpoint }, log: (l) => lines.push(l) });
    const manifest = manifestOf(folder);

    assert.equal(result.artifacts.map((a) => a.path), manifest.artifacts.map((a) => a.path), 'publish order is the manifest order');
    assert.is(result.artifacts.at(-1)!.path, manifest.root, 'the root goes last');
    assert.is(lines.length, manifest.artifacts.length, 'one progress line per artifact');
    assert.ok(lines.every((l) => / uploaded /.test(l)), lines.join('\n'));
    assert.equal(await moto.keys(bucket), result.artifacts.map((a) => `minimal-service/${a.sha256}.${format}`).sort());

    for (const artifact of result.artifacts) {
      const stored = await moto.read(bucket, artifact.key);
      const packaged = readFileSync(join(folder, 'packaged', artifact.path), 'utf8');
      assert.is(stored, packaged, `${artifact.path}: the stored object is the packaged copy`);
      assert.is(sha(stored), artifact.sha256, `${artifact.path}: key hash is the hash of the published bytes`);
      assert.is(artifact.url, `https://${bucket}.s3.${REGION}.amazonaws.com/${artifact.key}`);
    }
    const urls = templateUrls(readFileSync(join(folder, 'packaged', manifest.root), 'utf8'), format);
    const rootEntry = manifest.artifacts.find((a) => a.path === manifest.root)!;
    assert.is(urls.length, rootEntry.children.length);
    for (const [logicalId, url] of urls) {
      const child = rootEntry.children.find((c) => c.logicalId === logicalId)!;
      assert.is(url, result.artifacts.find((a) => a.path === child.path)!.url);
    }
    // The unpublished root is untouched: relative children for `aws cloudformation package`.
    assert.ok(templateUrls(readFileSync(join(folder, manifest.root), 'utf8'), format).every(([, u]) => !u!.includes('://')));
    const record = JSON.parse(readFileSync(join(folder, 'published.json'), 'utf8')) as { root: { url: string } };
    assert.is(record.root.url, result.root.url);
  });
}

test('publishing twice uploads nothing new and gives the same keys', async () => {
  const bucket = await moto.bucket('publish-twice');
  const { folder } = dist();
  const settings = { region: REGION, endpoint: moto.sandbox.endpoint };
  const first = await publishEnvironment({ folder, bucket, settings, log: () => {} });
  const before = await moto.keys(bucket);
  const lines: string[] = [];
  const second = await publishEnvironment({ folder, bucket, settings, log: (l) => lines.push(l) });
  assert.equal(second.artifacts.map((a) => a.key), first.artifacts.map((a) => a.key));
  assert.ok(second.artifacts.every((a) => a.outcome === 'present'));
  assert.ok(lines.every((l) => l.includes('already present')), lines.join('\n'));
  assert.equal(await moto.keys(bucket), before);
});

test('PREFIX sets the key prefix; a prefix with .. is refused', async () => {
  const bucket = await moto.bucket('publish-prefix');
  const { folder } = dist();
  const settings = { region: REGION, endpoint: moto.sandbox.endpoint };
  const result = await publishEnvironment({ folder, bucket, settings, prefix: '/teams/web/', log: () => {} });
  assert.ok(result.artifacts.every((a) => a.key.startsWith('teams/web/')));
  try {
    await publishEnvironment({ folder, bucket, settings, prefix: 'a/../b', log: () => {} });
    assert.unreachable('accepted a/../b');
  } catch (error) {
    assert.match((error as Error).message, 'PREFIX "a/../b" is not a plain key prefix');
  }
});

test('make publish: progress lines, root URL, exit 0', () => {
  const { dist: d } = dist();
  const env = { ...moto.env, DIST: d, PRODUCT: 'minimal-service', ENV: 'prod', BUCKET: 'cli-bucket', S3_ENDPOINT: moto.sandbox.endpoint };
  return moto.bucket('cli-bucket').then(() => {
    const run = runScript('scripts/publish/cli.ts', env);
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, /\[1\/4\] Network\.json +\d+ B {2}uploaded/);
    assert.match(run.stdout, /root: https:\/\/cli-bucket\.s3\.us-east-1\.amazonaws\.com\/minimal-service\/[0-9a-f]{64}\.json/);
    assert.ok(existsSync(join(d, 'minimal-service/prod/packaged/root.json')));
  });
});

test('make publish: a missing bucket is one clear message, exit 1, nothing written', async () => {
  const { dist: d, folder } = dist();
  const env = { ...moto.env, DIST: d, PRODUCT: 'minimal-service', ENV: 'prod', BUCKET: 'no-such-bucket', S3_ENDPOINT: moto.sandbox.endpoint };
  const run = runScript('scripts/publish/cli.ts', env);
  assert.is(run.status, 1);
  assert.match(run.stderr, `publish failed: bucket no-such-bucket does not exist at endpoint ${moto.sandbox.endpoint}`);
  assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  assert.not.ok(existsSync(join(folder, 'packaged')));
});

test('make publish: usage, a bad bucket name and a product that was not built', () => {
  const base = { ...moto.env, S3_ENDPOINT: moto.sandbox.endpoint };
  const usage = runScript('scripts/publish/cli.ts', { ...base, PRODUCT: 'minimal-service', ENV: '', BUCKET: 'b' });
  assert.is(usage.status, 2);
  assert.match(usage.stderr, 'usage: make publish PRODUCT=<product> ENV=<environment> BUCKET=<bucket>');
  const { dist: d } = dist();
  const badName = runScript('scripts/publish/cli.ts', { ...base, DIST: d, PRODUCT: 'minimal-service', ENV: 'prod', BUCKET: 'Bad_Bucket' });
  assert.is(badName.status, 1);
  assert.match(badName.stderr, 'BUCKET "Bad_Bucket" is not a valid S3 bucket name');
  const unbuilt = runScript('scripts/publish/cli.ts', { ...base, DIST: d, PRODUCT: 'minimal-service', ENV: 'qa', BUCKET: 'cli-bucket' });
  assert.is(unbuilt.status, 1);
  assert.match(unbuilt.stderr, 'has no manifest.json: run make build');
});

test('aws cloudformation package (the real CLI) rewrites the unpublished root to the emulator S3', async () => {
  const bucket = await moto.bucket('package-bucket');
  const { folder } = dist();
  const manifest = manifestOf(folder);
  const out = mkdtempSync(join(tmpdir(), 'package-out-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  const output = join(out, 'packaged.json');
  execFileSync(awsCli(), ['cloudformation', 'package', '--template-file', join(folder, manifest.root), '--s3-bucket', bucket, '--s3-prefix', 'pkg', '--output-template-file', output, '--use-json'], {
    env: moto.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const urls = templateUrls(readFileSync(output, 'utf8'), 'json');
  const root = manifest.artifacts.find((a) => a.path === manifest.root)!;
  assert.equal(urls.map(([id]) => id).sort(), root.children.map((c) => c.logicalId).sort());
  for (const [logicalId, url] of urls) {
    const prefix = `${moto.sandbox.endpoint}/${bucket}/pkg/`;
    assert.ok(url!.startsWith(prefix), `${logicalId}: ${url}`);
    const child = root.children.find((c) => c.logicalId === logicalId)!;
    // The CLI re-serialises what it uploads as YAML 1.1 (account ids like 033677994240 unquoted,
    // an integer to a YAML 1.2 reader): read it back with the CLI's own YAML library.
    const uploaded = await moto.read(bucket, url!.slice(`${moto.sandbox.endpoint}/${bucket}/`.length));
    const stored = JSON.parse(execFileSync(venvTool('python3'), ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: uploaded, encoding: 'utf8' })) as unknown;
    assert.equal(stored, JSON.parse(readFileSync(join(folder, child.path), 'utf8')), `${logicalId}: uploaded as built`);
  }
});

test.run();
