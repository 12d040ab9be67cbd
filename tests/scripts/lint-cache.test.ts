import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CFN_LINT_OPTIONS, LintCache, withSiblings } from '../../scripts/lint-cache.js';
import { lintFiles } from '../helpers/lint.js';

const scratch = mkdtempSync(join(tmpdir(), 'lint-cache-test-'));
const files = [
  { name: '0/root.json', content: '{"Resources":{}}' },
  { name: '0/Child.json', content: '{"Resources":{"A":{}}}' },
];

test('a key changes with every byte, name, target, option and the linter environment', () => {
  const cache = new LintCache('cfn-lint', '.venv', ['--ignore-checks', 'W3002']);
  const key = cache.key(files, ['0/root.json']);
  assert.type(key, 'string');
  assert.is(cache.key([...files].reverse(), ['0/root.json']), key, 'the order files are given in does not matter');
  const variants = [
    cache.key([files[0]!, { ...files[1]!, content: '{"Resources":{"B":{}}}' }], ['0/root.json']),
    cache.key([files[0]!, { ...files[1]!, name: '0/Other.json' }], ['0/root.json']),
    cache.key(files, ['0/root.json', '0/Child.json']),
    new LintCache('cfn-lint', '.venv', []).key(files, ['0/root.json']),
    new LintCache('checkov', '.venv-checkov', ['--ignore-checks', 'W3002']).key(files, ['0/root.json']),
  ];
  assert.is(new Set([key, ...variants]).size, variants.length + 1);
});

test('without the linter environment, or with LINT_CACHE=0, nothing is recorded or reused', () => {
  assert.is(new LintCache('cfn-lint', '.no-such-venv', []).key(files, []), undefined);
  process.env['LINT_CACHE'] = '0';
  try {
    assert.is(new LintCache('cfn-lint', '.venv', []).key(files, []), undefined);
  } finally {
    delete process.env['LINT_CACHE'];
  }
  const cache = new LintCache('cfn-lint', '.no-such-venv', []);
  assert.not.ok(cache.passed(undefined));
});

test('a green lint is recorded for exactly its files; a lint with findings is not', () => {
  const folder = mkdtempSync(join(scratch, 'tree-'));
  const root = join(folder, 'root.json');
  const child = join(folder, 'Child.json');
  // Unique content, so that no earlier run has recorded it.
  writeFileSync(root, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: randomUUID(), Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'Child.json' }, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' } } }));
  writeFileSync(child, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
  // The options lintFiles runs with (the project's cfn-lint options and its default ignores).
  const cache = new LintCache('cfn-lint', '.venv', [...CFN_LINT_OPTIONS, '--ignore-checks', 'W3002']);
  const keyOf = (targets = [root]) => {
    const read = withSiblings(targets);
    return cache.key(read.files, read.targets);
  };
  assert.not.ok(cache.passed(keyOf()));
  assert.equal(lintFiles([root]), []);
  assert.ok(cache.passed(keyOf()), 'recorded after a green lint');
  // A change to a nested template the root names is a change to the root's lint.
  writeFileSync(child, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { Nope: 1 } } } }));
  assert.not.ok(cache.passed(keyOf()));
  const findings = lintFiles([root, child]);
  assert.ok(findings.some((line) => line.includes('Nope')), findings.join('\n'));
  assert.not.ok(cache.passed(keyOf([root, child])), 'a lint with findings is not recorded: the next one runs again');
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));
test.run();
