/**
 * Product-wide tags: applyTags tags every resource of a tree whose type takes tags, in that type's shape,
 * as the registry table says (never a hand-written list of types). Checked for every type of the table, then
 * on a real tree (cluster with an EC2 Auto Scaling group, task, service with scaling), compiled and linted.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { fargateService } from '../../blueprints/ecs/service/fargate-service.js';
import { fargateTask } from '../../blueprints/ecs/task/index.js';
import { applyTags } from '../../blueprints/tags/index.js';
import { Fn, Stack, type ResourceType } from '../../dsl/index.js';
import { registryTypes, tagProperty } from '../../dsl/spec/registry-lookup.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { base } from './service-fixtures.js';

const tags = { 'cost-center': '4711', owner: 'platform' };

test('every type of the registry table: tagged under its tag property in its shape; types without one untouched', () => {
  const root = Stack.root();
  const handles = registryTypes().map((type, i) => root.add(`R${i}`, { Type: type as ResourceType, Properties: {} } as never));
  const applied = applyTags(root, tags);
  let lists = 0;
  let maps = 0;
  let extras = 0;
  for (const handle of handles) {
    const shape = tagProperty(handle.type);
    const properties = handle.props as Record<string, unknown>;
    if (!shape) {
      assert.equal(properties, {}, `${handle.type} takes no tags but got ${JSON.stringify(properties)}`);
      continue;
    }
    assert.equal(Object.keys(properties), [shape.property], handle.type);
    const value = properties[shape.property];
    if (shape.shape === 'map') {
      maps++;
      assert.equal(value, tags, handle.type);
    } else {
      lists++;
      const extra = Object.fromEntries(shape.requiredItemFields.map((field) => [field, true]));
      if (shape.requiredItemFields.length) extras++;
      assert.equal(value, Object.entries(tags).map(([Key, Value]) => ({ Key, Value, ...extra })), handle.type);
    }
  }
  assert.is(applied.tagged.length, lists + maps);
  assert.is(applied.skipped.length, 0);
  // The table's shapes this covers: the list most types take, the map of AWS::SSM::Parameter, and the
  // Auto Scaling group's list with PropagateAtLaunch.
  assert.ok(lists > 50 && maps >= 1 && extras >= 1, `${lists} list, ${maps} map, ${extras} with extra fields`);
  assert.equal(tagProperty('AWS::EFS::FileSystem'), { property: 'FileSystemTags', shape: 'list', requiredItemFields: [] });
  assert.equal(tagProperty('AWS::AutoScaling::AutoScalingGroup')?.requiredItemFields, ['PropagateAtLaunch']);
  assert.is(tagProperty('AWS::SSM::Parameter')?.shape, 'map');
  assert.is(tagProperty('AWS::IAM::ManagedPolicy'), undefined);
});

test('a real tree: every taggable resource of every stack tagged, own tags kept, instances tagged at launch; lint and checkov clean', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const c = cluster(root.nested('Cluster'), {
      capacity: { fargate: true, ec2: { instanceType: 't3.medium', maxSize: 2, subnetIds: b.network.privateSubnetIds as never, securityGroupIds: [b.albSecurityGroup.attr('GroupId')] } },
    });
    const services = root.nested('Services');
    const task = fargateTask(services, 'Api', { cpu: 256, memory: 512, cluster: c.ref, containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27' }] });
    fargateService(services, 'Api', {
      cluster: c.ref,
      task,
      network: b.network,
      tags: { owner: 'payments' },
      autoScaling: { minCapacity: 1, maxCapacity: 3, targetTracking: { cpuPercent: 60 } },
    });
    services.add('Flag', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'on' } });
    const applied = applyTags(root, tags);
    assert.equal(applied.skipped, []);
    assert.ok(applied.tagged.includes('Root/Services/Api') && applied.tagged.includes('Root/Cluster/AutoScalingGroup') && applied.tagged.includes('Root/Services'), applied.tagged.join(', '));
  });
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', { Tags: [{ Key: 'owner', Value: 'payments' }, { Key: 'cost-center', Value: '4711' }] });
  s.resource('AWS::ECS::TaskDefinition', { Tags: [{ Key: 'cost-center', Value: '4711' }, { Key: 'owner', Value: 'platform' }] });
  s.resource('AWS::ApplicationAutoScaling::ScalableTarget', { Tags: [{ Key: 'cost-center', Value: '4711' }, { Key: 'owner', Value: 'platform' }] });
  s.resource('AWS::SSM::Parameter', { Tags: tags });
  s.resource('AWS::IAM::Role', { Tags: [{ Key: 'cost-center', Value: '4711' }, { Key: 'owner', Value: 'platform' }] });
  out.stack('Cluster').resource('AWS::AutoScaling::AutoScalingGroup', {
    Tags: [{ Key: 'cost-center', Value: '4711', PropagateAtLaunch: true }, { Key: 'owner', Value: 'platform', PropagateAtLaunch: true }],
  });
  out.root.resource('AWS::CloudFormation::Stack', { TemplateURL: 'Services.json', Tags: [{ Key: 'cost-center', Value: '4711' }, { Key: 'owner', Value: 'platform' }] });
  // Untaggable types are left as they were (no Tags on a scaling policy, an IAM policy or a log group's key alias).
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {});
  assert.equal(s.resource('AWS::ApplicationAutoScaling::ScalingPolicy').properties['Tags'], undefined);
  assert.equal(lintCompiled(out.result), []);
  assert.equal(checkovCompiled(out.result).filter((failure) => !/\/Base\.json /.test(failure)), []);
});

test('what cannot be tagged is reported; bad tags and too many fail with the path, the value and what is allowed', () => {
  const root = Stack.root();
  root.add('Queue', { Type: 'AWS::SQS::Queue', Properties: {} });
  const chosen = root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { Tags: Fn.if(root.condition('Prod', Fn.equals('a', 'a')), [{ Key: 'a', Value: 'b' }], []) as never } });
  const applied = applyTags(root, tags);
  assert.equal(applied.tagged, []);
  assert.equal(applied.skipped, [
    { path: 'Root/Queue', reason: 'AWS::SQS::Queue is not in the registry table (dsl/spec/registry.json)' },
    { path: 'Root/Topic', reason: 'its Tags is a deploy-time value, which cannot be merged with' },
  ]);
  assert.ok(chosen);
  const error = (given: Record<string, string>, own = 0) =>
    inputErrorOf(() => {
      const tree = Stack.root();
      tree.add('Log', { Type: 'AWS::Logs::LogGroup', Properties: { Tags: Array.from({ length: own }, (_, i) => ({ Key: `own${i}`, Value: 'x' })) } });
      applyTags(tree, given, 'product.tags');
    });
  assert.match(error({ 'aws:team': 'x' }), /^product\.tags\.aws:team: .* is not a tag key/);
  assert.match(error({ team: 'a|b' }), /^product\.tags\.team: "a\|b" is not a tag value/);
  assert.is(error({ a: '1', b: '2' }, 49), 'product.tags: "51 tags on Root/Log" is more than the 50 tags a resource takes (its own tags count too)');
  assert.match(error(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))), /^product\.tags: .* has 51 tags; a resource takes at most 50/);
});

test.run();
