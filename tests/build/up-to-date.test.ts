/**
 * Builds already done (build/up-to-date.ts): an environment is skipped only while its code, every file
 * its compilation read and every file it left in dist/ are as recorded; any change compiles it again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs, { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MinimalServiceInput, minimalService, type MinimalServiceProps } from '../../blueprints/systems/minimal-service.js';
import { defineProduct, type Product } from '../../build/product.js';
import webApp from '../../build/products/web-app-service-connect.js';
import { build } from '../../build/run-build.js';
import { watchReads } from '../../build/up-to-date.js';
import { errorOf } from '../helpers/compile.js';

const scratch = mkdtempSync(join(tmpdir(), 'up-to-date-'));
const code = join(scratch, 'cli.cjs');
writeFileSync(code, '// stands for the bundle');
const upToDate = { dir: join(scratch, 'records'), code };
const definitions = join(scratch, 'containers.json');
const original = readFileSync('build/products/minimal-service/prod.json', 'utf8');
writeFileSync(definitions, original);
const product = defineProduct({
  name: 'minimal-service',
  description: 'test',
  inputs: MinimalServiceInput,
  compose: minimalService,
  environments: { prod: { containerDefinitionsFile: definitions } satisfies MinimalServiceProps },
}) as unknown as Product;
const dist = join(scratch, 'dist');
const run = (catalogue: readonly Product[] = [product]) => build({ catalogue, distDir: dist, upToDate });
const compiled = (result: ReturnType<typeof run>) => result.built.map((b) => `${b.product}/${b.environment}`);
const root = () => readFileSync(join(dist, 'minimal-service/prod/root.json'), 'utf8');
const container = () => readFileSync(join(dist, 'minimal-service/prod/Container.json'), 'utf8');

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('a second build with nothing changed compiles nothing and prints the same summary', () => {
  const first = run();
  assert.equal(compiled(first), ['minimal-service/prod']);
  const second = run();
  assert.equal(compiled(second), []);
  assert.equal(second.current.map((c) => [c.product, c.environment]), [['minimal-service', 'prod']]);
  assert.equal(second.all[0]!.manifest, first.built[0]!.manifest);
});

test('an input file the compilation read, changed: compiled again, and dist/ holds the change', () => {
  writeFileSync(definitions, original.replace(/"image":\s*"[^"]+"/, '"image": "public.ecr.aws/nginx/nginx:1.28"'));
  assert.equal(compiled(run()), ['minimal-service/prod']);
  assert.match(container(), 'public.ecr.aws/nginx/nginx:1.28');
  assert.equal(compiled(run()), []);
  writeFileSync(definitions, original);
  assert.equal(compiled(run()), ['minimal-service/prod']);
  assert.not.match(container(), 'nginx:1.28');
});

test('a file of the dist folder edited or removed: compiled again and restored', () => {
  const before = root();
  writeFileSync(join(dist, 'minimal-service/prod/root.json'), '{}');
  assert.equal(compiled(run()), ['minimal-service/prod']);
  assert.is(root(), before);
  rmSync(join(dist, 'minimal-service/prod/architecture.mmd'));
  assert.equal(compiled(run()), ['minimal-service/prod']);
  assert.equal(compiled(run()), []);
});

test('new code (the bundle rebuilt), another format or another dist folder: compiled again', () => {
  utimesSync(code, new Date(), new Date(Date.now() + 5000));
  assert.equal(compiled(run()), ['minimal-service/prod']);
  assert.equal(compiled(build({ catalogue: [product], distDir: dist, upToDate, format: 'yaml' })), ['minimal-service/prod']);
  assert.equal(compiled(build({ catalogue: [product], distDir: join(scratch, 'other'), upToDate })), ['minimal-service/prod']);
  assert.equal(compiled(run()), ['minimal-service/prod'], 'the yaml build replaced the folder');
  assert.equal(compiled(run()), []);
});

test('an input file removed: compiled again, which fails as before, and dist/ is left as it was', () => {
  const before = root();
  rmSync(definitions);
  assert.match(errorOf(() => run()), 'containers.json');
  assert.is(root(), before);
  writeFileSync(definitions, original);
});

test('warnings of a skipped environment are those its compilation gave', () => {
  const first = build({ catalogue: [webApp], distDir: dist, upToDate, environment: 'example' });
  assert.ok(first.built[0]!.warnings.length > 0, 'the example environment warns (exec makes roots writable)');
  const second = build({ catalogue: [webApp], distDir: dist, upToDate, environment: 'example' });
  assert.equal(compiled(second), []);
  assert.equal(second.all[0]!.warnings, first.built[0]!.warnings);
});

test('the watch records the paths node:fs is asked about, says when one cannot be named, and puts node:fs back', () => {
  const readFile = fs.readFileSync;
  const watched = watchReads(() => {
    fs.existsSync(join(scratch, 'missing.json'));
    return fs.readFileSync(definitions, 'utf8').length;
  });
  assert.ok(watched.value > 0);
  assert.equal([...watched.paths], [join(scratch, 'missing.json'), definitions]);
  assert.not.ok(watched.unnamed);
  assert.is(fs.readFileSync, readFile);
  const descriptor = fs.openSync(definitions, 'r');
  try {
    assert.ok(watchReads(() => fs.readFileSync(descriptor)).unnamed);
  } finally {
    fs.closeSync(descriptor);
  }
});

test.run();
