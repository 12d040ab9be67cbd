/**
 * What the diff says CloudFormation will do, for two builds of real products that differ in one
 * property of each class: in place, replacement (create-only, and across nested stacks through
 * outputs and parameters), may replace (conditionally create-only, a deploy-time value), a
 * replaced resource whose name stays, stateful resources deleted or replaced without Retain.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import httpsApp from '../../build/products/https-app.js';
import microservice from '../../build/products/microservice.js';
import minimal from '../../build/products/minimal-service.js';
import { diffEdit, propsOf, resourceAt, resourceDiff, stackAt } from './helpers.js';

const TG = 'Root/LoadBalancer/ServiceTargetGroup';
const SERVICE = 'Root/Container/Service';

test('identical builds: every environment unchanged, exit 0', () => {
  const { report, env } = diffEdit(minimal, 'prod', () => {});
  assert.is(env.status, 'unchanged');
  assert.equal([env.stacks, env.security, env.interface, env.findings], [[], [], [], []]);
  assert.is(report.exitCode, 0);
});

test('an updatable property is changed in place: exit 1', () => {
  const { report, env } = diffEdit(minimal, 'prod', (root) => (propsOf(resourceAt(root, SERVICE))['DesiredCount'] = 5));
  const service = resourceDiff(env, SERVICE);
  assert.is(service.effect, 'in-place');
  assert.equal(service.properties.map((p) => [p.path, p.old, p.new]), [['DesiredCount', '2', '5']]);
  assert.is(env.stacks.length, 1);
  assert.is(report.exitCode, 1);
});

test('a create-only property replaces the resource, and what references it is updated across nested stacks', () => {
  const { report, env } = diffEdit(minimal, 'prod', (root) => (propsOf(resourceAt(root, TG))['Port'] = 8080));
  const tg = resourceDiff(env, TG);
  assert.is(tg.effect, 'replacement');
  assert.equal(tg.properties.map((p) => [p.path, p.old, p.new, p.reason]), [['Port', '80', '8080', 'create-only']]);
  // The listener in the same stack forwards to it by !Ref.
  const listener = resourceDiff(env, 'Root/LoadBalancer/HttpListener');
  assert.is(listener.effect, 'in-place');
  assert.ok(listener.properties.every((p) => p.viaReference && p.reason.includes(`${TG} is replaced`)));
  // The service in another nested stack gets the new ARN: output -> root -> parameter -> property.
  const service = resourceDiff(env, SERVICE);
  assert.is(service.effect, 'in-place');
  const wired = service.properties.find((p) => p.path.startsWith('LoadBalancers'))!;
  assert.ok(wired.viaReference);
  assert.match(wired.new!, /!Ref LoadBalancerServiceTargetGroup/);
  assert.match(wired.reason, /ServiceTargetGroup is replaced/);
  assert.is(report.exitCode, 2);
});

test('a replaced VPC replaces, across stacks, what it is create-only to (subnets, groups, target groups)', () => {
  const { env } = diffEdit(minimal, 'prod', (root) => (propsOf(resourceAt(root, 'Root/Network/Vpc'))['CidrBlock'] = '10.1.0.0/16'));
  assert.is(resourceDiff(env, 'Root/Network/Vpc').effect, 'replacement');
  assert.is(resourceDiff(env, 'Root/Network/PublicSubnet1').effect, 'replacement');
  // VpcId is create-only on a target group; the VPC id reaches it through the NetworkVpc parameter.
  const tg = resourceDiff(env, TG);
  assert.is(tg.effect, 'replacement');
  assert.match(tg.properties.find((p) => p.path === 'VpcId')!.reason, /create-only; !Ref NetworkVpc changes: Root\/Network\/Vpc is replaced/);
  assert.is(resourceDiff(env, 'Root/Container/ServiceSecurityGroup').effect, 'replacement');
});

test('a conditionally create-only property may replace', () => {
  const { report, env } = diffEdit(minimal, 'prod', (root) => (propsOf(resourceAt(root, SERVICE))['LaunchType'] = 'EC2'));
  const service = resourceDiff(env, SERVICE);
  assert.is(service.effect, 'may-replace');
  assert.equal(service.properties.map((p) => [p.path, p.old, p.new]), [['LaunchType', "'FARGATE'", "'EC2'"]]);
  assert.match(service.properties[0]!.reason, /conditionally create-only/);
  assert.is(report.exitCode, 2);
  // The VPC's tenancy is conditionally create-only too (dedicated -> default keeps it): what references it may be replaced.
  const tenancy = diffEdit(minimal, 'prod', (root) => (propsOf(resourceAt(root, 'Root/Network/Vpc'))['InstanceTenancy'] = 'dedicated')).env;
  assert.is(resourceDiff(tenancy, 'Root/Network/Vpc').effect, 'may-replace');
  assert.match(resourceDiff(tenancy, 'Root/Network/PublicSubnet1').properties[0]!.reason, /create-only; !Ref Vpc changes: Root\/Network\/Vpc may be replaced/);
  assert.is(resourceDiff(tenancy, 'Root/Network/PublicSubnet1').effect, 'may-replace');
});

test('a parameter default feeding a create-only property may replace (its value is known at deploy time only)', () => {
  const { env } = diffEdit(microservice, 'template', (root) => ((root.parameters.get('ContainerPort')!.def as { Default?: number }).Default = 8080));
  assert.equal(
    env.interface.filter((i) => i.kind === 'parameter').map((i) => [i.name, i.old, i.new]),
    [['ContainerPort', '80', '8080']],
  );
  const tg = resourceDiff(env, 'Root/TargetGroup');
  assert.is(tg.effect, 'may-replace');
  assert.match(tg.properties.find((p) => p.path === 'Port')!.reason, /create-only; !Ref ContainerPort changes: the default of parameter ContainerPort of Root changed/);
  assert.is(resourceDiff(env, 'Root/TaskDefinition').effect, 'may-replace');
  // An updatable property fed by a changed default: in place.
  const health = diffEdit(microservice, 'template', (root) => ((root.parameters.get('HealthCheckPath')!.def as { Default?: string }).Default = '/ready')).env;
  assert.is(resourceDiff(health, 'Root/TargetGroup').effect, 'in-place');
});

test('a create-only property changed to a parameter reference may replace; to another resource, replaces', () => {
  const toParameter = diffEdit(minimal, 'prod', (root) => {
    const vpc = stackAt(root, 'Root/LoadBalancer').parameter('OtherVpc', { Type: 'String', Default: 'vpc-1' });
    propsOf(resourceAt(root, TG))['VpcId'] = vpc.ref;
  }).env;
  assert.is(resourceDiff(toParameter, TG).effect, 'may-replace');
  assert.match(resourceDiff(toParameter, TG).properties[0]!.reason, /create-only; the value is only known at deploy time/);
  const toResource = diffEdit(minimal, 'prod', (root) => {
    propsOf(resourceAt(root, 'Root/Container/Service'))['Cluster'] = 'another-cluster';
  }).env;
  assert.is(resourceDiff(toResource, SERVICE).effect, 'replacement');
});

test('a replaced resource whose name stays is an error; a new name is not', () => {
  const named = (root: Parameters<Parameters<typeof diffEdit>[2]>[0]) => (propsOf(resourceAt(root, TG))['Name'] = 'shop-prod-web');
  const clash = diffEdit(
    minimal,
    'prod',
    (root) => {
      named(root);
      propsOf(resourceAt(root, TG))['Port'] = 8080;
    },
    named,
  );
  const error = clash.env.findings.find((f) => f.severity === 'error')!;
  assert.ok(error, 'a fixed-name replacement is reported');
  assert.is(`${error.stack}/${error.resource}`, TG);
  assert.match(error.message, /replaced while its name 'shop-prod-web' stays/);
  assert.is(clash.report.exitCode, 2);
  const renamed = diffEdit(
    minimal,
    'prod',
    (root) => {
      propsOf(resourceAt(root, TG))['Name'] = 'shop-prod-web-2';
      propsOf(resourceAt(root, TG))['Port'] = 8080;
    },
    named,
  );
  assert.equal(renamed.env.findings.filter((f) => f.severity === 'error'), []);
  assert.is(resourceDiff(renamed.env, TG).effect, 'replacement');
});

test('a stateful resource removed without Retain is data loss; with Retain it is kept', () => {
  const extraLogGroup = (policy: 'Delete' | 'Retain') => (root: Parameters<Parameters<typeof diffEdit>[2]>[0]) => {
    const stack = stackAt(root, 'Root/Container');
    stack.add('AuditLogGroup', { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30, KmsKeyId: stack.resources.get('LogsKey')!.attr('Arn') }, DeletionPolicy: policy, UpdateReplacePolicy: policy });
  };
  const deleted = diffEdit(minimal, 'prod', () => {}, extraLogGroup('Delete'));
  assert.is(resourceDiff(deleted.env, 'Root/Container/AuditLogGroup').change, 'removed');
  const loss = deleted.env.findings.find((f) => f.severity === 'data-loss')!;
  assert.is(loss.resource, 'AuditLogGroup');
  assert.match(loss.message, /removed with DeletionPolicy Delete: deletes its log events/);
  assert.is(deleted.report.exitCode, 2);
  const kept = diffEdit(minimal, 'prod', () => {}, extraLogGroup('Retain'));
  assert.equal(kept.env.findings, []);
  assert.is(kept.report.exitCode, 1);
});

test('a stateful resource replaced without UpdateReplacePolicy Retain is data loss', () => {
  const rename = (policy: string) => (root: Parameters<Parameters<typeof diffEdit>[2]>[0]) => {
    const group = resourceAt(root, 'Root/Container/TaskDefinitionLogGroup');
    propsOf(group)['LogGroupName'] = '/shop/web-2';
    (group.def as { UpdateReplacePolicy?: string }).UpdateReplacePolicy = policy;
  };
  const lost = diffEdit(minimal, 'prod', rename('Delete')).env;
  assert.is(resourceDiff(lost, 'Root/Container/TaskDefinitionLogGroup').effect, 'replacement');
  assert.match(lost.findings.find((f) => f.severity === 'data-loss')!.message, /replaced with UpdateReplacePolicy Delete: the old one is deleted with its log events/);
  // The products keep their log groups: the same rename with Retain loses nothing.
  assert.equal(diffEdit(minimal, 'prod', rename('Retain')).env.findings.filter((f) => f.severity === 'data-loss'), []);
});

test('a named target group is stateful; an unnamed one is not', () => {
  const remove = (name?: string) => (root: Parameters<Parameters<typeof diffEdit>[2]>[0]) => {
    stackAt(root, 'Root/LoadBalancer').add('SpareTargetGroup', {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: { ...(name ? { Name: name } : {}), Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: resourceAt(root, TG).def.Properties!['VpcId' as never] },
    });
  };
  assert.is(diffEdit(minimal, 'prod', () => {}, remove('spare')).env.findings.filter((f) => f.severity === 'data-loss').length, 1);
  assert.is(diffEdit(minimal, 'prod', () => {}, remove()).env.findings.length, 0);
});

test('HTTPS listener turned into HTTP is a security widening (https-app production)', () => {
  const { report, env } = diffEdit(httpsApp, 'production', (root) => {
    propsOf(resourceAt(root, 'Root/LoadBalancer/HttpsListener'))['Protocol'] = 'HTTP';
  });
  const change = env.security.find((s) => s.kind === 'listener')!;
  assert.ok(change.widening);
  assert.match(change.detail, /listener protocol HTTPS -> HTTP/);
  assert.is(report.exitCode, 2);
});

test('a public IP assigned and a public access block relaxed are security widenings', () => {
  const { env } = diffEdit(httpsApp, 'production', (root) => {
    const service = propsOf(resourceAt(root, 'Root/Container/App'));
    const network = service['NetworkConfiguration'] as { AwsvpcConfiguration: Record<string, unknown> };
    network.AwsvpcConfiguration['AssignPublicIp'] = 'ENABLED';
    const bucket = propsOf(resourceAt(root, 'Root/LoadBalancer/AccessLogBucket'));
    (bucket['PublicAccessBlockConfiguration'] as Record<string, unknown>)['BlockPublicPolicy'] = false;
  });
  const kinds = env.security.filter((s) => s.widening).map((s) => s.kind).sort();
  assert.equal(kinds, ['public-ip', 's3-public-access']);
  assert.match(env.security.find((s) => s.kind === 'public-ip')!.detail, /NetworkConfiguration\.AwsvpcConfiguration\.AssignPublicIp 'DISABLED' -> 'ENABLED'/);
});

test.run();
