import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MinimalServiceInput, minimalService, type MinimalServiceProps } from '../../blueprints/systems/minimal-service.js';
import { defineProduct } from '../../build/product.js';
import minimal from '../../build/products/minimal-service.js';
import { runBuild } from '../../build/run-build.js';

const scratch = mkdtempSync(join(tmpdir(), 'write-dist-test-'));
const inode = (path: string) => statSync(path).ino;

test('a rebuild with no change touches nothing, and what publish added to the folder stays', () => {
  const dist = join(scratch, 'same');
  runBuild({ catalogue: [minimal], distDir: dist });
  const prod = join(dist, 'minimal-service', 'prod');
  mkdirSync(join(prod, 'packaged'));
  writeFileSync(join(prod, 'packaged', 'root.json'), '{}');
  const before = inode(join(prod, 'root.json'));
  runBuild({ catalogue: [minimal], distDir: dist });
  assert.is(inode(join(prod, 'root.json')), before, 'root.json was not rewritten');
  assert.ok(existsSync(join(prod, 'packaged', 'root.json')));
});

test('a changed environment is swapped in whole; the unchanged one is left alone', () => {
  const dist = join(scratch, 'changed');
  runBuild({ catalogue: [minimal], distDir: dist });
  const folder = (env: string) => join(dist, 'minimal-service', env);
  for (const env of ['prod', 'staging']) {
    mkdirSync(join(folder(env), 'packaged'));
    writeFileSync(join(folder(env), 'packaged', 'root.json'), '{}');
  }
  const stagingRoot = inode(join(folder('staging'), 'root.json'));
  const environments = minimal.environments as Record<string, MinimalServiceProps>;
  const changed = defineProduct({
    name: minimal.name,
    description: minimal.description,
    inputs: MinimalServiceInput,
    compose: minimalService,
    environments: { prod: { ...environments['prod']!, desiredCount: 3 }, staging: environments['staging']! },
  });
  runBuild({ catalogue: [changed], distDir: dist });
  assert.match(readFileSync(join(folder('prod'), 'Container.json'), 'utf8'), '"DesiredCount": 3');
  assert.not.ok(existsSync(join(folder('prod'), 'packaged')), 'packaged copies of the old build went with it');
  assert.is(inode(join(folder('staging'), 'root.json')), stagingRoot);
  assert.ok(existsSync(join(folder('staging'), 'packaged', 'root.json')));
});

test('a file edited or removed in dist/ is restored by the next build', () => {
  const dist = join(scratch, 'edited');
  runBuild({ catalogue: [minimal], distDir: dist });
  const prod = join(dist, 'minimal-service', 'prod');
  const original = readFileSync(join(prod, 'Network.json'), 'utf8');
  writeFileSync(join(prod, 'Network.json'), original.replace('10.0.0.0/16', '10.9.0.0/16'));
  rmSync(join(prod, 'architecture.mmd'));
  runBuild({ catalogue: [minimal], distDir: dist });
  assert.is(readFileSync(join(prod, 'Network.json'), 'utf8'), original);
  assert.ok(existsSync(join(prod, 'architecture.mmd')));
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));
test.run();
