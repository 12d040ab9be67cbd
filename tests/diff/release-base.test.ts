/**
 * BASE as a released catalogue version: the release recorded by `make catalog` in a releases file
 * and its objects published to S3 (moto on 127.0.0.1, started and stopped here), read back
 * through S3_ENDPOINT and compared with a new build; a published root that no longer matches
 * its recorded hash is refused.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineProduct, type Product } from '../../build/product.js';
import catalogProduct, { type CatalogInput } from '../../build/products/catalog.js';
import minimal from '../../build/products/minimal-service.js';
import { publishCatalog } from '../../scripts/catalog/publish-catalog.js';
import { readReleases } from '../../scripts/catalog/releases.js';
import type { DiffReport } from '../../scripts/diff/model.js';
import { objectKeyOf } from '../../scripts/diff/release-source.js';
import { REGION, startFixture, type MotoFixture } from '../integration/helpers/sandbox.js';
import { build, propsOf, resourceAt, runDiff, tempDist } from './helpers.js';

let moto: MotoFixture;
const scratch = mkdtempSync(join(tmpdir(), 'diff-release-'));
const releasesFile = join(scratch, 'releases.json');
const BUCKET = 'released-templates';
const released = defineProduct({ ...minimal, selfService: true }) as Product;

test.before(async () => {
  moto = await startFixture();
  await moto.bucket(BUCKET);
  await publishCatalog({
    dist: join(scratch, 'dist'),
    bucket: BUCKET,
    settings: { region: REGION, endpoint: moto.sandbox.endpoint },
    semver: '1.0.0',
    releasesFile,
    catalogue: [released],
    catalogProduct: catalogProduct as unknown as Product<typeof CatalogInput>,
    log: () => {},
  });
});

test.after(async () => {
  await moto.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const env = () => ({ ...moto.env, CATALOG_RELEASES: releasesFile, S3_ENDPOINT: moto.sandbox.endpoint });

test('a released version is read from its record and S3, and compared with a new build', () => {
  assert.equal(readReleases(releasesFile).releases.map((r) => r.version.split('+')[0]), ['1.0.0', '1.0.0']);
  const next = tempDist(build(minimal, 'prod', (root) => (propsOf(resourceAt(root, 'Root/Container/Service'))['DesiredCount'] = 4)), build(minimal, 'staging'));
  try {
    const run = runDiff(['--base', '1.0.0', '--new', next.dist, '--json'], { env: env() });
    assert.is(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as DiffReport;
    assert.match(report.base, /^release 1\.0\.0 \(1\.0\.0\+[0-9a-f]{12}, 1\.0\.0\+[0-9a-f]{12}\) from /);
    assert.equal(report.environments.map((e) => [e.environment, e.status]), [['prod', 'modified'], ['staging', 'unchanged']]);
    const service = report.environments[0]!.stacks.flatMap((s) => s.resources).find((r) => r.logicalId === 'Service')!;
    assert.equal(service.properties.map((p) => [p.path, p.old, p.new]), [['DesiredCount', '2', '4']]);
    // Only the released environments are compared: the catalog product built alongside is not "added".
    const full = runDiff(['--base', '1.0.0', '--new', next.dist, '--json', '--env', 'staging'], { env: env() });
    assert.is(full.status, 0, full.stderr);
  } finally {
    next.cleanup();
  }
});

test('a published root that no longer matches its record is refused (exit 3)', async () => {
  const release = readReleases(releasesFile).releases.find((r) => r.source.environment === 'staging')!;
  await moto.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: objectKeyOf(release.templateUrl, BUCKET), Body: '{"Resources": {}}' }));
  const next = tempDist(build(minimal, 'staging'));
  try {
    const run = runDiff(['--base', release.version, '--new', next.dist], { env: env() });
    assert.is(run.status, 3);
    assert.match(run.stderr, /has sha256 [0-9a-f]{64}, its record says [0-9a-f]{64}/);
  } finally {
    next.cleanup();
  }
});

test('object URLs of either addressing style name their key', () => {
  assert.is(objectKeyOf('https://b.s3.eu-west-1.amazonaws.com/p/abc.json', 'b'), 'p/abc.json');
  assert.is(objectKeyOf('https://s3.eu-west-1.amazonaws.com/my.bucket/p/abc.json', 'my.bucket'), 'p/abc.json');
  assert.throws(() => objectKeyOf('https://other.s3.amazonaws.com/k', 'b'), /not an object URL of bucket b/);
});

test.run();
