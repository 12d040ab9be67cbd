/**
 * The tree: a nested stack moved or renamed is shown as moved (and what that does: every resource
 * recreated, stateful ones deleted, fixed names clashing), not as deleted + added; outputs a
 * consumer may read, parameter defaults and nested-stack wiring; types the registry lacks; a type
 * changed under one logical id.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fn, Stack, compile } from '../../dsl/index.js';
import { diffBuilds } from '../../scripts/diff/diff-builds.js';
import { UNKNOWN_TYPE } from '../../scripts/diff/effects.js';
import type { BuildSource, EnvironmentDiff, EnvironmentSource, Template } from '../../scripts/diff/model.js';
import { resourceDiff } from './helpers.js';

function source(layout: (root: Stack) => void): EnvironmentSource {
  const root = Stack.root('a diff test tree');
  layout(root);
  const result = compile(root, { format: 'json' });
  return { product: 'shop', environment: 'prod', stacks: new Map(result.stacks.map((s) => [s.path, { path: s.path, template: JSON.parse(s.body) as Template, sha256: s.sha256 }])) };
}

const build = (label: string, env: EnvironmentSource): BuildSource => ({ label, environments: [env] });
const diff = (before: EnvironmentSource, after: EnvironmentSource) => diffBuilds(build('base', before), build('new', after));

/** A storage stack (key, log group, a named alias) read by an app stack (a role writing to the group). */
function shop(storageId: string, options: { policy?: 'Delete' | 'Retain'; extra?: boolean; under?: string } = {}) {
  return (root: Stack) => {
    const parent = options.under ? root.nested(options.under) : root;
    const storage = parent.nested(storageId);
    const key = storage.add('LogsKey', { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: Fn.sub`arn:${'AWS::Partition'}:iam::${'AWS::AccountId'}:root` }, Action: ['kms:*'], Resource: ['*'] }] } }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    storage.add('LogsKeyAlias', { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/shop-logs', TargetKeyId: key.ref } });
    const group = storage.add('Logs', { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30, KmsKeyId: key.attr('Arn') }, DeletionPolicy: options.policy ?? 'Delete', UpdateReplacePolicy: options.policy ?? 'Delete' });
    if (options.extra) storage.add('Archive', { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365, KmsKeyId: key.attr('Arn') }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const app = root.nested('App');
    app.add('Writer', {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: ['sts:AssumeRole'] }] },
        Policies: [{ PolicyName: 'Write', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [group.attr('Arn')] }] } }],
      },
    });
    root.output('LogGroup', group.ref);
  };
}

const stackChange = (env: EnvironmentDiff, path: string) => env.stacks.find((s) => s.path === path);

test('a renamed nested stack with the same template is moved', () => {
  const topic = (id: string) => (root: Stack) => root.nested(id).add('Topic', { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'shop-events' } });
  const env = diff(source(topic('Events')), source(topic('Messaging'))).environments[0]!;
  assert.equal(env.stacks.map((s) => [s.path, s.change, s.from, s.likeness?.split(';')[0]]), [['Root/Messaging', 'moved', 'Root/Events', 'same template']]);
  assert.equal(env.findings.map((f) => [f.severity, f.resource]), [['error', 'Topic']], 'its fixed topic name clashes');
});

test('a renamed nested stack: recreated, its log group deleted, its fixed alias name clashes', () => {
  const { environments, exitCode } = diff(source(shop('Storage')), source(shop('Logging')));
  const env = environments[0]!;
  const moved = stackChange(env, 'Root/Logging')!;
  assert.is(moved.change, 'moved');
  assert.is(moved.from, 'Root/Storage');
  // Wired outputs are named after their stack, so the template differs; every resource is alike.
  assert.match(moved.likeness!, /^3 of 3 resources alike; a deploy creates the stack anew under its new logical id/);
  assert.is(stackChange(env, 'Root/Storage'), undefined, 'not also shown as removed');
  assert.ok(moved.resources.every((r) => r.effect === 'replacement' && r.notes.includes('recreated with its moved stack')));
  assert.equal(env.findings.map((f) => [f.severity, f.resource]).sort(), [['data-loss', 'Logs'], ['error', 'LogsKeyAlias']]);
  // The key is retained (kept by the old stack's deletion); the alias keeps its literal name and clashes.
  assert.match(env.findings.find((f) => f.resource === 'LogsKeyAlias')!.message, /recreated with its moved stack while its name 'alias\/shop-logs' stays/);
  // The app's role reads the moved group's ARN: its policy gets the new one.
  const writer = resourceDiff(env, 'Root/App/Writer');
  assert.is(writer.effect, 'in-place');
  // The root's output now reads the recreated group.
  assert.ok(env.interface.some((i) => i.kind === 'output' && i.name === 'LogGroup'));
  assert.is(exitCode, 2);
});

test('a stack moved with most of its resources alike is moved too; one sharing too little is removed + added', () => {
  const env = diff(source(shop('Storage', { policy: 'Retain' })), source(shop('Logging', { policy: 'Retain', extra: true }))).environments[0]!;
  const moved = stackChange(env, 'Root/Logging')!;
  assert.is(moved.change, 'moved');
  assert.match(moved.likeness!, /^3 of 4 resources alike/);
  assert.equal(env.findings.filter((f) => f.severity === 'data-loss'), [], 'retained resources are not lost');
  const unrelated = diff(
    source((root) => root.nested('Old').add('Topic', { Type: 'AWS::SNS::Topic', Properties: {} })),
    source((root) => root.nested('New').add('Queue', { Type: 'AWS::SQS::Queue', Properties: {} })),
  ).environments[0]!;
  assert.equal(unrelated.stacks.map((s) => [s.path, s.change]).sort(), [['Root/New', 'added'], ['Root/Old', 'removed']]);
});

test('a stack moved one level up is moved, and the wiring of its parameters is compared', () => {
  const env = diff(source(shop('Storage', { under: 'Data' })), source(shop('Storage'))).environments[0]!;
  const moved = stackChange(env, 'Root/Storage')!;
  assert.is(moved.change, 'moved');
  assert.is(moved.from, 'Root/Data/Storage');
  assert.is(stackChange(env, 'Root/Data')!.change, 'removed');
});

test('outputs: a root output removed, a nested output its parent read removed, a changed parameter wiring', () => {
  const root = (env: EnvironmentSource) => env.stacks.get('Root')!.template;
  const before = source(shop('Storage'));
  const after = source(shop('Storage'));
  delete root(after).Outputs!['LogGroup'];
  const storage = after.stacks.get('Root/Storage')!.template;
  const [name] = Object.keys(storage.Outputs!);
  const wired = root(after).Resources!['App']!.Properties!['Parameters'] as Record<string, unknown>;
  const [param] = Object.keys(wired);
  wired[param!] = 'arn:aws:logs:eu-west-1:111122223333:log-group:other';
  delete storage.Outputs![name!];
  const env = diff(before, after).environments[0]!;
  const found = env.interface.map((i) => [i.kind, i.sign, i.stack, i.name]);
  assert.ok(found.some(([k, s, st, n]) => k === 'output' && s === '-' && st === 'Root' && n === 'LogGroup'), 'root output removed');
  assert.ok(found.some(([k, s, st, n]) => k === 'output' && s === '-' && st === 'Root/Storage' && n === name), 'nested output its parent read, removed');
  const wiring = env.interface.find((i) => i.kind === 'wiring')!;
  assert.equal([wiring.stack, wiring.name, wiring.sign, wiring.new], ['Root/App', param, '~', "'arn:aws:logs:eu-west-1:111122223333:log-group:other'"]);
  // The app's role takes the newly wired value: it changes in place.
  assert.is(resourceDiff(env, 'Root/App/Writer').effect, 'in-place');
});

const single = (resources: Template['Resources']): EnvironmentSource => ({ product: 'p', environment: 'e', stacks: new Map([['Root', { path: 'Root', template: { Resources: resources } }]]) });

test('a type the registry table lacks is treated as may replace, and says so', () => {
  const env = diff(single({ Thing: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn:x', Size: 1 } } }), single({ Thing: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn:x', Size: 2 } } })).environments[0]!;
  const thing = resourceDiff(env, 'Root/Thing');
  assert.is(thing.effect, 'may-replace');
  assert.is(thing.properties[0]!.reason, UNKNOWN_TYPE);
});

test('a type changed under one logical id is an error; intrinsics are shown in short form', () => {
  const env = diff(
    single({ Queue: { Type: 'AWS::SQS::Queue', Properties: {} }, Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::Sub': '${AWS::StackName}-a' } } } }),
    single({ Queue: { Type: 'AWS::SNS::Topic', Properties: {} }, Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::GetAtt': ['Queue', 'TopicName'] } } } }),
  ).environments[0]!;
  assert.equal(env.findings.map((f) => [f.severity, f.resource]), [['error', 'Queue']]);
  assert.equal(resourceDiff(env, 'Root/Topic').properties.map((p) => [p.old, p.new]), [["!Sub '${AWS::StackName}-a'", '!GetAtt Queue.TopicName']]);
});

test('a resource renamed (new logical id) but keeping its name is an error: the new one is created while the old holds it', () => {
  const named = (id: string, name: unknown) => single({ [id]: { Type: 'AWS::SNS::Topic', Properties: { TopicName: name as string } } });
  const clash = diff(named('Events', 'shop-events'), named('EventTopic', 'shop-events')).environments[0]!;
  assert.equal(clash.findings.map((f) => [f.severity, f.resource]), [['error', 'EventTopic']]);
  assert.match(clash.findings[0]!.message, /added with the name 'shop-events' of Root\/Events, which is removed only after it is created/);
  assert.equal(diff(named('Events', 'shop-events'), named('EventTopic', 'shop-events-2')).environments[0]!.findings, []);
  // A name made from the stack name is the same name within one stack.
  const derived = { 'Fn::Sub': '${AWS::StackName}-events' };
  assert.is(diff(named('Events', derived), named('EventTopic', derived)).environments[0]!.findings.length, 1);
});

test.run();
