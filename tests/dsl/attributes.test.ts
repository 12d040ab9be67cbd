import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Stack } from '../../dsl/index.js';
import { ATTRIBUTES, LIST_ATTRIBUTES } from '../../dsl/spec/attributes.js';

/** The `ResourceAttributes` interface as written in the generated file: type -> its GetAtt names. */
function declaredTypes(): Map<string, string[]> {
  const source = readFileSync(new URL('../../dsl/spec/attributes.ts', import.meta.url), 'utf8');
  const body = source.slice(source.indexOf('export interface ResourceAttributes {'), source.indexOf('\n}\n'));
  const declared = new Map<string, string[]>();
  for (const [, type, union] of body.matchAll(/^ {2}'([^']+)': (.+);$/gm)) {
    declared.set(type!, union === 'never' ? [] : union!.split(' | ').map((name) => name.slice(1, -1)));
  }
  return declared;
}

test('the run-time table holds exactly the names the type checker knows, for every type', () => {
  const declared = declaredTypes();
  assert.ok(declared.size > 1500, `${declared.size} types declared`);
  assert.equal(Object.keys(ATTRIBUTES).sort(), [...declared.keys()].sort());
  for (const [type, names] of declared) assert.equal(ATTRIBUTES[type], names, type);
  for (const [type, lists] of Object.entries(LIST_ATTRIBUTES)) {
    assert.ok(lists.length > 0 && lists.every((name) => ATTRIBUTES[type]!.includes(name)), type);
  }
});

test('lookups: known types, list attributes, types without attributes, unknown types', () => {
  assert.equal(ATTRIBUTES['AWS::ECS::Service'], ['Name', 'ServiceArn']);
  assert.ok(ATTRIBUTES['AWS::EC2::VPC']!.includes('CidrBlock'));
  assert.ok(LIST_ATTRIBUTES['AWS::EC2::VPC']!.includes('CidrBlockAssociations'));
  assert.not.ok(LIST_ATTRIBUTES['AWS::EC2::VPC']!.includes('CidrBlock'));
  assert.equal(ATTRIBUTES['AWS::ACMPCA::Permission'], []);
  assert.is(LIST_ATTRIBUTES['AWS::ACMPCA::Permission'], undefined);
  assert.equal(ATTRIBUTES['Alexa::ASK::Skill'], ['Id'], 'a namespace other than AWS');
  for (const unknown of ['AWS::ECS::Nope', 'AWS::Nope::Service', 'AWS::ECS', 'ECS', '', 'AWS::EC2::VPC ', 'AWS::EC2::V']) {
    assert.is(ATTRIBUTES[unknown], undefined, unknown);
    assert.not.ok(unknown in ATTRIBUTES, unknown);
  }
  assert.throws(() => {
    (ATTRIBUTES as Record<string, readonly string[]>)['AWS::ECS::Service'] = [];
  });
});

test('attribute names are still checked by the type checker', () => {
  const root = Stack.root();
  const vpc = root.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
  const service = root.add('Service', { Type: 'AWS::ECS::Service', Properties: {} });
  assert.ok(vpc.attr('CidrBlock') && service.attr('Name'));
  // Never run, only type-checked: `make test`'s tsc stage fails if either line ever compiles.
  const wrongNames = () => [
    // @ts-expect-error -- AWS::EC2::VPC has no attribute Arn
    vpc.attr('Arn'),
    // @ts-expect-error -- attribute names are case-sensitive
    service.attr('name'),
  ];
  assert.type(wrongNames, 'function');
});

test.run();
