import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../build/compile-product.js';
import { publishEnvironment } from '../../scripts/publish/publish.js';
import { REGION, runScript, startFixture, tempDist, type MotoFixture } from './helpers/sandbox.js';

let moto: MotoFixture;
const cleanups: (() => void)[] = [];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const settings = () => ({ region: REGION, endpoint: moto.sandbox.endpoint });
const dist = (...args: Parameters<typeof tempDist>) => {
  const d = tempDist(...args);
  cleanups.push(d.cleanup);
  return d;
};
type Resources = Record<string, { Type: string; Properties?: { TemplateURL?: string } }>;
/** The template with nested stacks' TemplateURLs left out (publishing rewrites them). */
const withoutUrls = (template: { Resources: Resources }) => ({
  ...template,
  Resources: Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => [id, r.Type === 'AWS::CloudFormation::Stack' ? { ...r, Properties: { ...r.Properties, TemplateURL: '' } } : r])),
});

test.before(async () => {
  moto = await startFixture();
});
test.after(async () => {
  await moto.stop();
  for (const c of cleanups) c();
});

test('MINIFY uploads minified copies of a pretty build, keyed by the hash of the bytes uploaded', async () => {
  const bucket = await moto.bucket('minify');
  const { folder } = dist('json');
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const result = await publishEnvironment({ folder, bucket, settings: settings(), minify: true, log: () => {} });
  assert.equal(await moto.keys(bucket), result.artifacts.map((a) => `minimal-service/${a.sha256}.json`).sort());
  for (const [i, artifact] of result.artifacts.entries()) {
    const stored = await moto.read(bucket, artifact.key);
    const pretty = readFileSync(join(folder, artifact.path), 'utf8');
    const parsed = JSON.parse(stored) as { Resources: Resources };
    assert.is(stored, JSON.stringify(parsed), `${artifact.path} is stored minified`);
    assert.is(sha(stored), artifact.sha256, `${artifact.path}: the key is the hash of the uploaded bytes`);
    assert.is(artifact.bytes, Buffer.byteLength(stored));
    assert.ok(artifact.bytes < Buffer.byteLength(pretty));
    assert.equal(withoutUrls(parsed), withoutUrls(JSON.parse(pretty)), `${artifact.path}: same template as the pretty file`);
    assert.is(readFileSync(join(folder, 'packaged', artifact.path), 'utf8'), stored, 'the packaged copy is what was uploaded');
    // Exactly what the compiler measured the quotas on, plus the child URLs filled in.
    const entry = manifest.artifacts[i]!;
    const urlGrowth = entry.children.reduce((n, c) => n + Buffer.byteLength(parsed.Resources[c.logicalId]!.Properties!.TemplateURL!) - Buffer.byteLength(c.path), 0);
    assert.is(artifact.bytes, entry.sentBytes + urlGrowth, `${artifact.path}: bytes sent`);
  }
  const children = result.artifacts.filter((a) => a.path !== manifest.root);
  const root = JSON.parse(await moto.read(bucket, result.root.key)) as { Resources: Resources };
  const urls = Object.values(root.Resources).flatMap((r) => (r.Type === 'AWS::CloudFormation::Stack' ? [r.Properties!.TemplateURL!] : []));
  assert.equal(urls.sort(), children.map((c) => c.url).sort(), 'the minified root points at the minified children');
});

test('a json-min build publishes to the same keys as a pretty build with MINIFY, and a rerun uploads nothing', async () => {
  const bucket = await moto.bucket('minify-same');
  const pretty = await publishEnvironment({ folder: dist('json').folder, bucket, settings: settings(), minify: true, log: () => {} });
  const minified = await publishEnvironment({ folder: dist('json-min').folder, bucket, settings: settings(), log: () => {} });
  assert.equal(minified.artifacts.map((a) => a.key), pretty.artifacts.map((a) => a.key));
  assert.ok(minified.artifacts.every((a) => a.outcome === 'present'));
});

test('MINIFY on a YAML build is refused before anything is uploaded', async () => {
  const bucket = await moto.bucket('minify-yaml');
  const { folder } = dist('yaml');
  try {
    await publishEnvironment({ folder, bucket, settings: settings(), minify: true, log: () => {} });
    assert.unreachable('published a YAML build minified');
  } catch (error) {
    assert.match((error as Error).message, 'MINIFY=1 uploads minified JSON, but');
    assert.match((error as Error).message, 'was built as YAML: build it with FORMAT=json or FORMAT=json-min');
  }
  assert.equal(await moto.keys(bucket), []);
});

test('make publish MINIFY=1: minified uploads; a MINIFY value other than 1 or 0 is a usage error', async () => {
  const { dist: d, folder } = dist('json');
  await moto.bucket('cli-minify');
  const env = { ...moto.env, DIST: d, PRODUCT: 'minimal-service', ENV: 'prod', BUCKET: 'cli-minify', S3_ENDPOINT: moto.sandbox.endpoint };
  const run = runScript('scripts/publish/cli.ts', { ...env, MINIFY: '1' });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, ', minified');
  const packagedRoot = readFileSync(join(folder, 'packaged', 'root.json'), 'utf8');
  assert.is(packagedRoot, JSON.stringify(JSON.parse(packagedRoot)));
  const bad = runScript('scripts/publish/cli.ts', { ...env, MINIFY: 'yes' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, '[MINIFY=1]');
});

test.run();
