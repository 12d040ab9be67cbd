import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment } from '../../build/compile-product.js';
import minimal from '../../build/products/minimal-service.js';
import { writeDist } from '../../build/write-dist.js';
import { runScript } from './helpers/sandbox.js';

const dist = mkdtempSync(join(tmpdir(), 'lint-test-'));
test.after(() => rmSync(dist, { recursive: true, force: true }));

/** minimal-service prod and staging (4 artifacts each), and a product whose template both linters refuse. */
test.before(() => {
  writeDist(dist, [buildEnvironment(minimal, 'prod', 'json'), buildEnvironment(minimal, 'staging', 'json')]);
  const broken = join(dist, 'broken', 'prod');
  mkdirSync(broken, { recursive: true });
  writeFileSync(join(broken, 'root.json'), JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketNam: 'x' } } } }, null, 2));
  writeFileSync(join(broken, 'manifest.json'), JSON.stringify({ product: 'broken', environment: 'prod', format: 'json', root: 'root.json', artifacts: [{ path: 'root.json' }] }));
});

const lint = (vars: Record<string, string>) => runScript('scripts/lint.ts', { ...process.env, DIST: dist, PRODUCT: '', ENV: '', LINT_CACHE: '0', ...vars });

test('make lint PRODUCT=x checks all its environments and nothing of another product', () => {
  const run = lint({ PRODUCT: 'minimal-service' });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout.trim().split('\n'), ['cfn-lint: 8 artifact(s) checked', 'cfn-lint (packaged): 0 artifact(s) checked', 'checkov: 8 artifact(s) checked', 'lint: 16 passed, 0 failed']);
});

test('make lint ENV=y checks that environment of each product; the other product is really refused by both linters', () => {
  const run = lint({ ENV: 'prod' });
  assert.is(run.status, 1);
  assert.match(run.stdout, /FAIL cfn-lint \S*broken\/prod\/root\.json\n {2}\S+root\.json:\d+:\d+:\d+:\d+:E3002:/);
  assert.match(run.stdout, /FAIL checkov \S*broken\/prod\/root\.json\n {2}CKV_AWS_\d+ AWS::S3::Bucket\.Bucket:/);
  assert.equal(run.stdout.split('\n').filter((l) => l.startsWith('FAIL')).length, 2, 'minimal-service/prod is clean');
  assert.match(run.stdout, 'cfn-lint: 5 artifact(s) checked\n');
  assert.match(run.stdout, 'checkov: 5 artifact(s) checked\n');
  assert.match(run.stdout, 'lint: 8 passed, 2 failed');
  assert.not.match(run.stdout, 'staging');
});

test('a selection that matches nothing built is one message naming what is built', () => {
  for (const [vars, asked] of [[{ PRODUCT: 'nope' }, 'PRODUCT=nope'], [{ PRODUCT: 'minimal-service', ENV: 'qa' }, 'PRODUCT=minimal-service ENV=qa']] as const) {
    const run = lint(vars);
    assert.is(run.status, 1);
    assert.match(run.stderr, `lint: ${asked} matches nothing built in ${dist} (built: broken/prod, minimal-service/prod, minimal-service/staging); run make build ${asked}`);
    assert.match(run.stdout, 'lint: 0 passed, 1 failed');
  }
});

test.run();
