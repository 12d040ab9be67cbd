/**
 * What a move needs from the compiler (dsl/partition.ts): mappings a moved resource uses (moved
 * with it, or copied when what stays uses them too), conditions of the stack and of its ancestors,
 * DependsOn into and out of partitions, outputs that read moved resources, child stacks (moved as
 * one, glued to the child they read from), resources that name others by raw logical id (they stay),
 * what stays keeping what it uses; budgets in bytes, estimated before compiling and measured after.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, Fn, Stack, type CompileResult, type Json, type ResourceHandle, type Tok } from '../../dsl/index.js';
import { Footprints } from '../../dsl/partition-units.js';
import { errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { assertReferencesReachTheirSources, assertWithinBudgets, DEFAULT_BUDGET } from './partition-checks.js';

type JsonObject = { [key: string]: Json };

const ssm = (stack: Stack, id: string, value: Tok | string, extra: { Condition?: ReturnType<Stack['condition']> } = {}) =>
  stack.add(id, { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: value }, ...extra });

function scenario() {
  const root = Stack.root('partition wiring');
  const environment = root.parameter('Env', { Type: 'String', AllowedValues: ['prod', 'dev'] });
  const production = root.condition('IsProd', Fn.equals(environment.ref, 'prod'));
  const other = root.nested('Other');
  const outside = other.add('Outside', { Type: 'AWS::SQS::Queue', Properties: {} });

  const stack = root.nested('S').partition({ always: true, fanOut: 2 });
  const development = stack.condition('NotProd', Fn.not(production));
  const names = stack.mapping('Names', { display: { n0: 'zero', n1: 'one', n2: 'two', n3: 'three', n4: 'four', n5: 'five' } });
  const both = stack.mapping('Both', { a: { b: 'shared' } });
  const hub = stack.add('Hub', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: both.find('a', 'b') } });
  const marker = ssm(stack, 'Marker', 'ordering only');
  const pinned = ssm(stack, 'Pinned', Fn.refByName('Hub'));
  const raw = ssm(stack, 'Raw', { 'Fn::Sub': 'arn is ${Hub}' } as unknown as Tok);
  const topics: ResourceHandle<'AWS::SNS::Topic'>[] = [];
  const parameters: ResourceHandle<'AWS::SSM::Parameter'>[] = [];
  for (let i = 0; i < 6; i++) {
    const condition = i % 3 === 0 ? { Condition: production } : i % 3 === 1 ? { Condition: development } : {};
    // Unit5Topic stays (the waiter uses it): it uses no mapping, so Names is used by moved resources only.
    const display = i === 5 ? 'five' : names.find('display', `n${i}`);
    const topic = stack.add(`Unit${i}Topic`, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: display }, ...condition });
    const parameter = ssm(stack, `Unit${i}Param`, Fn.join(',', [topic.ref, hub.ref, both.find('a', 'b'), outside.attr('Arn')]), condition);
    parameter.dependsOn(marker, outside);
    topics.push(topic);
    parameters.push(parameter);
  }
  // What stays keeps what it uses: Unit5Topic stays with the waiter, Unit5Param moves without it.
  const waiter = ssm(stack, 'Waiter', topics[5]!.ref);
  stack.partition({ always: true, fanOut: 2, keep: [waiter] });

  const first = stack.nested('C1');
  const queue = first.add('Queue', { Type: 'AWS::SQS::Queue', Properties: {} });
  ssm(first, 'HubName', hub.attr('TopicName'));
  const second = stack.nested('C2');
  ssm(second, 'Reader', queue.attr('Arn'));
  const conditional = stack.nested('C3', { condition: production });
  ssm(conditional, 'Only', 'in production');

  stack.output('UnitTwo', topics[2]!.ref);
  root.output('UnitTwoValue', parameters[2]!.attr('Value'));
  return { root, stack, hub, marker, pinned, raw, waiter };
}

const resources = (result: CompileResult, path: string) => Object.keys(result.stacks.find((s) => s.path === path)!.template['Resources'] as object);

test('moved resources keep their mappings, conditions, DependsOn and the outputs that read them; cfn-lint is silent', () => {
  const { root } = scenario();
  const result = compile(root);
  const home = result.stacks.find((s) => s.path === 'Root/S')!;
  const stays = resources(result, 'Root/S').filter((id) => !/^Partition\d$/.test(id));
  assert.equal(stays.sort(), ['Hub', 'Marker', 'Pinned', 'Raw', 'Unit5Topic', 'Waiter'], 'shared, kept, raw-named and what they use stay');
  // Names is used by moved topics only: it left with them. Both is used by Hub too: copied.
  assert.equal(Object.keys(home.template['Mappings'] as object), ['Both']);
  const partitions = result.stacks.filter((s) => /^Root\/S\/Partition\d$/.test(s.path));
  assert.ok(partitions.length === 2, 'two partitions');
  for (const partition of partitions) {
    const mappings = Object.keys((partition.template['Mappings'] as object | undefined) ?? {});
    const usesNames = resources(result, partition.path).some((id) => /^Unit[0-4]Topic$/.test(id));
    assert.is(mappings.includes('Names'), usesNames, `${partition.path} declares Names where it is used`);
    assert.ok(mappings.includes('Both'), `${partition.path} declares a copy of Both`);
  }
  // C2 reads C1's queue: they are one unit, under one partition.
  const parentOf = (id: string) => result.stacks.find((s) => s.path.endsWith(`/${id}`))!.path.split('/').slice(0, -1).join('/');
  assert.is(parentOf('C1'), parentOf('C2'));
  assert.match(parentOf('C3'), /^Root\/S\/Partition\d$/);
  const c3 = (result.stacks.find((s) => s.path === parentOf('C3'))!.template['Resources'] as JsonObject)['C3'] as JsonObject;
  assert.type(c3['Condition'], 'string', 'the conditional child keeps its condition, re-declared in its partition');
  assert.ok(assertReferencesReachTheirSources(root, result) > 40);
  assertWithinBudgets(result, DEFAULT_BUDGET);
  assert.equal(lintCompiled(result), []);
});

test('a stack under its resource budget but over its byte budget is split (estimated before compiling)', () => {
  const root = Stack.root();
  const big = root.nested('Big').partition({ budget: { bytes: 40_000 }, fanOut: 4 });
  for (let i = 0; i < 30; i++) ssm(big, `Value${i}`, 'x'.repeat(2_000));
  const result = compile(root);
  assert.ok(result.stacks.some((s) => s.path.startsWith('Root/Big/Partition')));
  assertWithinBudgets(result, { ...DEFAULT_BUDGET, bytes: 40_000 });
});

test('a stack whose estimate is under its byte budget but whose template is over is split on a second pass', () => {
  const build = (bytes?: number) => {
    const root = Stack.root();
    const source = root.nested('Source');
    if (bytes) source.partition({ budget: { bytes }, fanOut: 4 });
    const reader = root.nested('Reader');
    for (let i = 0; i < 20; i++) {
      // Long ids make long outputs: what others read is not in the estimate.
      const value = ssm(source, `ParameterWithAVeryLongLogicalIdNumber${i}`, 'x'.repeat(1_000));
      ssm(reader, `Copy${i}`, value.attr('Value'));
    }
    return { root, source };
  };
  const plain = build();
  const estimate = new Footprints().estimateBytes(plain.source);
  const compiled = compile(plain.root).stacks.find((s) => s.path === 'Root/Source')!;
  const actual = Buffer.byteLength(JSON.stringify(compiled.template));
  assert.ok(estimate + 2_000 < actual, `the estimate (${estimate}) is well under the template (${actual} bytes)`);
  const budget = Math.floor((estimate + actual) / 2);
  const result = compile(build(budget).root);
  assert.ok(result.stacks.some((s) => s.path.startsWith('Root/Source/Partition')), 'split after measuring');
  assertWithinBudgets(result, { ...DEFAULT_BUDGET, bytes: budget });
});

test('a stack that keeps too much to fit its budget says what stays and why', () => {
  const root = Stack.root();
  const stack = root.nested('S');
  const kept = Array.from({ length: 8 }, (_, i) => ssm(stack, `Kept${i}`, `v${i}`));
  stack.partition({ always: true, fanOut: 2, keep: kept, budget: { resources: 5 } });
  const message = errorOf(() => compile(root));
  assert.match(message, 'stack Root/S: split into partitions, the stack still holds 8 resources, over the budget of 5');
  assert.match(message, 'Kept0 (listed in keep)');
});

test('a declaration named like a generated partition is an error naming it', () => {
  const root = Stack.root();
  const stack = root.nested('S').partition({ always: true, fanOut: 2 });
  for (const id of ['Partition0', 'Partition1', 'Alpha', 'Beta', 'Gamma', 'Delta']) ssm(stack, id, id);
  assert.match(errorOf(() => compile(root)), /stack Root\/S, Partition[01]: Partition[01] is the name of a generated partition of this stack: rename the declaration that has it/);
});

test.run();
