import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEnvironment } from '../../build/compile-product.js';
import { catalogue } from '../../build/catalogue.js';
import { parseTemplate, serialize, type Json } from '../../dsl/index.js';
import { readWithCfnLint } from '../helpers/cfn-lint-reader.js';
import { lintFiles } from '../helpers/lint.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Strings a YAML reader may take for something else, or that need an escape or a block. */
const TRICKY = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'True', 'FALSE', 'null', 'Null', '~', '', ' ', 'NULL',
  '0123', '1e3', '1E3', '0x1F', '0o17', '0b101', '1_000', '12:30', '190:20:30', '-1', '+1', '.5', '1.', '1.e+21',
  '.inf', '-.inf', '.NaN', 'NaN', 'inf', '2010-09-09', '2001-12-14t21:59:43.10-05:00', '10.0.0.0/16', '0.0.0.0/0',
  '*alias', '&anchor', '!tag', '!!str', '%directive', '@at', '`tick', '|pipe', '>fold', "'single'", '"double"',
  '#comment', '- dash', '-', '--port', '-c', '? key', ':colon', 'a: b', 'a:b', 'a #b', 'a#b', 'trail:', 'trail ',
  ' lead', '<<', '=', ',', '[a]', '{a}', 'a, b', '---', '...', '--- x', 'a\tb', '\ttab', 'back\\slash',
  'line one\nline two', 'ends with newline\n', 'two newlines\n\n', '\nleading newline', 'a\n  indented\nb',
  'trailing space \nnext', 'crlf\r\nline', 'only\r', 'ünïcødé', 'Ελληνικά', '日本語', 'emoji 😀', '\u00a0nbsp',
  'nel\u0085', 'ls\u2028ps\u2029', 'bom\ufeff', 'bell\x07', 'nul\0', 'del\x7f', 'c1\x9b',
  '#!/bin/bash\nset -eu\necho "${AWS::Region}" # comment\n', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
  'Fn::Sub', '${Token}', 'kms:*', '*', 'x'.repeat(300),
];

const KEYS = ['Key', 'aws:SourceArn', 'kms:EncryptionContext:aws:logs:arn', 'Ref', 'Fn::If', 'Condition', '80', '0', 'yes', 'a b', 'a: b', '', 'k'.repeat(1100), 'multi\nline', 'ünï'];

/** A seeded generator, so a failure is reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(next: () => number, depth: number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const roll = next();
  if (depth <= 0 || roll < 0.35) {
    const kind = next();
    if (kind < 0.6) return pick(TRICKY);
    if (kind < 0.8) return pick([0, -1, 42, 1.5, -0.25, 1e21, 1e-7, 2 ** 53, 443]);
    return pick([true, false, null]);
  }
  if (roll < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => generate(next, depth - 1));
  if (roll < 0.8) {
    const out: Record<string, Json> = {};
    for (let i = Math.floor(next() * 4); i > 0; i--) out[pick([...KEYS, ...TRICKY])] = generate(next, depth - 1);
    return out;
  }
  // Intrinsic-shaped objects, in every argument kind (including ones without a short form).
  const fn = pick(['Ref', 'Condition', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::GetAZs', 'Fn::Base64', 'Fn::Select', 'Fn::Length', 'Fn::Not']);
  const argument = pick<() => Json>([
    () => pick(TRICKY),
    () => [pick(['Vpc', 'A.B', '', 'yes']), pick(['Arn', 'Outputs.X', 'a: b', ''])],
    () => generate(next, depth - 1),
    () => [],
    () => ({}),
    () => 7,
  ])();
  return { [fn]: argument };
}

const roundTrips = (template: Json, text: string, where: string) => assert.equal(parseTemplate(text, 'yaml'), template, where);

const products = catalogue
  .flatMap((product) => Object.keys(product.environments).map((env) => buildEnvironment(product, env, 'yaml')))
  .flatMap((b) => b.result.stacks.map((s) => ({ where: `${b.product}/${b.environment}/${s.file}`, template: s.template as Json, text: s.body })));

function generatedTrees(): { where: string; template: Json; text: string }[] {
  const next = random(20240611);
  const trees: Json[] = [];
  for (let i = 0; i < 400; i++) trees.push({ Resources: { Generated: generate(next, 6) } });
  // Every tricky string as a value and as a key, at the top and nested, on its own.
  for (const text of [...TRICKY, ...KEYS]) trees.push({ [text]: text, List: [text, [text], { [text]: [text] }], Tagged: { 'Fn::Sub': text } });
  return trees.map((template) => {
    const text = serialize(template, 'yaml');
    return { where: text, template, text };
  });
}
const generated = generatedTrees();

/** cfn-lint's reader over both sets at once (its start-up is the slow part). */
let cfnLintReads: ReturnType<typeof readWithCfnLint> | undefined;
const readByCfnLint = (index: number) => (cfnLintReads ??= readWithCfnLint([...products, ...generated].map((s) => s.text)))[index]!;

test('every product reads back identically from its YAML, with js-yaml and with cfn-lint', () => {
  products.forEach((s, i) => {
    roundTrips(s.template, s.text, s.where);
    assert.equal(readByCfnLint(i).errors, [], s.where);
    assert.equal(readByCfnLint(i).template, JSON.parse(JSON.stringify(s.template)), s.where);
  });
});

test('generated trees with strings that need quoting, escapes or blocks read back identically', () => {
  // PyYAML cannot hold a lone surrogate; no tree here has one (UTF-8 cannot carry it either).
  generated.forEach((s, i) => {
    roundTrips(s.template, s.text, s.where);
    assert.equal(readByCfnLint(products.length + i).errors, [], s.where);
    assert.equal(readByCfnLint(products.length + i).template, s.template, s.where);
  });
});

test('the writer quotes what readers would take for another type, and leaves plain what is plain', () => {
  const yaml = serialize({ a: 'yes', b: '0123', c: '1e3', d: '*x', e: 'a: b', f: 'a #b', g: '', h: '10.0.0.0/16', i: 'kms:*', j: 'Fn::Sub', k: '2012-10-17' }, 'yaml');
  assert.is(yaml, "a: 'yes'\nb: '0123'\nc: '1e3'\nd: '*x'\ne: 'a: b'\nf: 'a #b'\ng: ''\nh: 10.0.0.0/16\ni: kms:*\nj: Fn::Sub\nk: '2012-10-17'\n");
  assert.is(serialize({ s: 'line one\nline two\n' }, 'yaml'), 's: |\n  line one\n  line two\n');
  assert.is(serialize({ s: 'a\nb' }, 'yaml'), 's: |-\n  a\n  b\n');
  assert.is(serialize({ s: 'tab\there' }, 'yaml'), 's: "tab\\there"\n');
  assert.is(serialize({ big: 1e21, tiny: 1e-7 }, 'yaml'), 'big: 1.e+21\ntiny: 1.e-7\n');
});

test('intrinsics take their short tags in the layout people write', () => {
  const template: Json = {
    Value: { 'Fn::If': ['IsProd', { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, { Ref: 'AWS::NoValue' }] },
    Zones: { 'Fn::GetAZs': '' },
    Nested: [{ 'Fn::Sub': ['${A}-x', { A: { Ref: 'A' } }] }, [1, 2]],
    Dynamic: { 'Fn::GetAtt': ['Vpc', { Ref: 'Attribute' }] },
    Length: { 'Fn::Length': [1] },
  };
  assert.is(
    serialize(template, 'yaml'),
    [
      'Value: !If',
      '  - IsProd',
      '  - !GetAtt Vpc.CidrBlock',
      '  - !Ref AWS::NoValue',
      "Zones: !GetAZs ''",
      'Nested:',
      '  - !Sub',
      '    - ${A}-x',
      '    - A: !Ref A',
      '  - - 1',
      '    - 2',
      'Dynamic: !GetAtt',
      '  - Vpc',
      '  - !Ref Attribute',
      'Length:',
      '  Fn::Length:',
      '    - 1',
      '',
    ].join('\n'),
  );
  roundTrips(template, serialize(template, 'yaml'), 'intrinsics');
});

test('cfn-lint accepts a template whose metadata holds every tricky string', () => {
  // Control characters aside, and `${...}`, which cfn-lint rightly wants inside a Fn::Sub.
  const printable = TRICKY.filter((t) => !/[\0\x07\x7f\x9b\ufeff]|\$\{/.test(t));
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Topic: {
        Type: 'AWS::SNS::Topic',
        Metadata: { Strings: printable, Keys: Object.fromEntries(printable.map((t, i) => [t, i])) },
        Properties: { DisplayName: 'yes' },
      },
    },
    Outputs: { Name: { Description: 'a: b #c', Value: { 'Fn::GetAtt': ['Topic', 'TopicName'] } } },
  };
  const dir = mkdtempSync(join(tmpdir(), 'yaml-lint-'));
  try {
    const file = join(dir, 'tricky.yaml');
    writeFileSync(file, serialize(template as Json, 'yaml'));
    assert.equal(lintFiles([file], []), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
