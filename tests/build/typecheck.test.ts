/**
 * `make build` type-checks before it bundles (esbuild only strips types): a misspelt input or a
 * value of the wrong type in a product file fails the build instead of building the defaults.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TYPECHECK = 'npx tsc --noEmit -p tsconfig.build.json';

test('the bundle rule type-checks the build sources first', () => {
  const makefile = readFileSync('Makefile', 'utf8');
  const rule = makefile.slice(makefile.indexOf('$(BUNDLE):'), makefile.indexOf('\n\n', makefile.indexOf('$(BUNDLE):')));
  assert.ok(rule.indexOf(TYPECHECK) >= 0 && rule.indexOf(TYPECHECK) < rule.indexOf('esbuild'), rule);
});

test('a misspelt input and a string for a boolean in a product file fail the type check, naming both', () => {
  const project = mkdtempSync(join(tmpdir(), 'typecheck-'));
  try {
    for (const item of ['dsl', 'blueprints', 'build', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) cpSync(item, join(project, item), { recursive: true });
    symlinkSync(resolve('node_modules'), join(project, 'node_modules'));
    writeFileSync(
      join(project, 'build/products/typo.ts'),
      `import { MinimalServiceInput, minimalService } from '../../blueprints/systems/minimal-service.js';
import { defineProduct } from '../product.js';
export default defineProduct({
  name: 'typo',
  description: 'a product with mistakes',
  inputs: MinimalServiceInput,
  compose: minimalService,
  environments: {
    prod: { containerDefinitionsFile: 'x.json', desiredCountt: 2 },
    staging: { containerDefinitionsFile: 'x.json', deletionProtection: 'false' },
  },
});
`,
    );
    const run = spawnSync('sh', ['-c', `${TYPECHECK} --tsBuildInfoFile ${join(project, 'tsbuildinfo')}`], { cwd: project, encoding: 'utf8' });
    assert.is.not(run.status, 0);
    assert.match(run.stdout, "build/products/typo.ts", run.stdout);
    assert.match(run.stdout, "'desiredCountt' does not exist");
    assert.match(run.stdout, /Type '(string|"false")' is not assignable to type 'boolean/);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test.run();
