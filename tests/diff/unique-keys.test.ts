/**
 * A resource that must be unique by more than its logical id (a name, a listener rule's priority on
 * its listener, a Cloud Map service's name in its namespace) cannot be re-created under a new logical
 * id, nor replaced, while the old one holds that key: CloudFormation creates the new one first. A task
 * definition's family is not such a key (a replacement is another revision of the family).
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import microservice from '../../build/products/microservice.js';
import { diffBuilds } from '../../scripts/diff/diff-builds.js';
import type { EnvironmentDiff, ResourceDefinition, Template } from '../../scripts/diff/model.js';
import { build, buildSource } from './helpers.js';

const side = (label: string, resources: Record<string, ResourceDefinition>) => ({
  label,
  environments: [{ product: 'p', environment: 'e', stacks: new Map([['Root', { path: 'Root', template: { Resources: resources } as Template }]]) }],
});
const diffOf = (before: Record<string, ResourceDefinition>, after: Record<string, ResourceDefinition>): EnvironmentDiff =>
  diffBuilds(side('base', before), side('new', after)).environments[0]!;
const errors = (env: EnvironmentDiff) => env.findings.filter((f) => f.severity === 'error').map((f) => `${f.resource}: ${f.message}`);

const rule = (priority: number): ResourceDefinition => ({
  Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  Properties: { ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/a/1/2', Priority: priority, Conditions: [], Actions: [{ Type: 'fixed-response' }] },
});
const discovery = (name: string): ResourceDefinition => ({ Type: 'AWS::ServiceDiscovery::Service', Properties: { NamespaceId: 'ns-1', Name: name } });

test('a listener rule re-created under a new logical id with the priority of the old one is an error; another priority is not', () => {
  const clash = errors(diffOf({ ListenerRule: rule(10) }, { ServiceListenerRule: rule(10) }));
  assert.equal(clash.length, 1);
  assert.match(clash[0]!, /^ServiceListenerRule: added with the ListenerArn and Priority .*10.* of Root\/ListenerRule, which is removed only after it is created: it is taken/);
  assert.equal(errors(diffOf({ ListenerRule: rule(10) }, { ServiceListenerRule: rule(11) })), []);
});

test('a Cloud Map service re-created under a new logical id with the same name in the same namespace is an error', () => {
  assert.equal(errors(diffOf({ Discovery: discovery('orders') }, { ServiceDiscovery: discovery('orders') })).length, 1);
  assert.equal(errors(diffOf({ Discovery: discovery('orders') }, { ServiceDiscovery: discovery('billing') })), []);
});

test('a task definition replaced with its family kept is no finding: a family takes revisions', () => {
  const task = (image: string): ResourceDefinition => ({ Type: 'AWS::ECS::TaskDefinition', Properties: { Family: 'orders', ContainerDefinitions: [{ Name: 'app', Image: image }] } });
  const env = diffOf({ Task: task('a:1') }, { Task: task('a:2') });
  assert.is(env.stacks[0]!.resources[0]!.effect, 'replacement');
  assert.equal(env.findings, []);
});

test('the microservice, rebuilt on the shared blueprints, updates a stack launched from its released template: no resource re-created under a new id', () => {
  const released = JSON.parse(readFileSync('tests/fixtures/microservice-before.json', 'utf8')) as Template;
  const now = buildSource('new', build(microservice, 'template'));
  const base = { label: 'released', environments: [{ product: 'microservice', environment: 'template', stacks: new Map([['Root', { path: 'Root', template: released }]]) }] };
  const env = diffBuilds(base, now).environments[0]!;
  assert.equal(errors(env), []);
  const removed = env.stacks.flatMap((s) => s.resources.filter((r) => r.change === 'removed').map((r) => r.logicalId));
  assert.equal(removed, [], 'every released resource keeps its logical id');
});

test.run();
