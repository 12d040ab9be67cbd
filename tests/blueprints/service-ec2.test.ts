/**
 * Seed 003: services on the cluster's EC2 capacity provider (EC2-compatible task definitions in awsvpc mode,
 * a strategy naming the provider, placement strategies and constraints), and everything Fargate or EC2
 * refuses of the other. The cluster is the real blueprint with an Auto Scaling group capacity provider.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { fargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';
import { fargateTask, type FargateTaskProps } from '../../blueprints/ecs/task/index.js';
import type { CompileResult, Stack } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { base } from './service-fixtures.js';

const trees: CompileResult[] = [];
const image = 'public.ecr.aws/nginx/nginx:1.27';

function onEc2Cluster(root: Stack, taskProps: Partial<FargateTaskProps>, serviceProps: Partial<FargateServiceProps>, options: { fargate?: boolean } = {}) {
  const b = base(root);
  const instances = b.stack.add('InstanceSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'Container instances',
      VpcId: b.network.vpcId,
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS to ECS and ECR' }],
    },
  });
  const c = cluster(root.nested('Cluster'), {
    capacity: { fargate: options.fargate ?? false, ec2: { instanceType: 'm6i.large', maxSize: 4, subnetIds: b.network.privateSubnetIds as never, securityGroupIds: [instances.attr('GroupId')] } },
    exec: false,
  });
  const services = root.nested('Services');
  const task = fargateTask(services, 'Api', {
    compatibilities: ['EC2'],
    containers: [{ name: 'app', image, memory: 512, portMappings: [{ name: 'http', containerPort: 8080 }] }],
    ...taskProps,
  } as FargateTaskProps);
  return fargateService(services, 'Api', { cluster: c.ref, task, network: b.network, capacityProviderStrategy: [{ capacityProvider: 'EC2' }], ...serviceProps });
}

test('a service on the EC2 capacity provider: the strategy names the cluster\'s provider, no platform version, awsvpc in private subnets, placement', () => {
  const out = compileTree((root) => {
    const made = onEc2Cluster(root, {}, {
      desiredCount: 3,
      placementStrategies: [{ type: 'spread' }, { type: 'binpack', field: 'memory' }],
      placementConstraints: [{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m6i.*' }],
      availabilityZoneRebalancing: 'DISABLED',
    });
    assert.is(made.runsOn, 'EC2');
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::TaskDefinition', { RequiresCompatibilities: ['EC2'], NetworkMode: 'awsvpc' });
  s.resource('AWS::ECS::Service', {
    LaunchType: absent,
    PlatformVersion: absent,
    CapacityProviderStrategy: [{ CapacityProvider: { Ref: 'ClusterEc2CapacityProvider' }, Weight: 1, Base: 0 }],
    PlacementStrategies: [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }, { Type: 'binpack', Field: 'memory' }],
    PlacementConstraints: [{ Type: 'distinctInstance' }, { Type: 'memberOf', Expression: 'attribute:ecs.instance-type =~ m6i.*' }],
    NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
  });
});

test('a task for both launch types runs on Fargate or EC2 as the strategy says; Fargate keeps its platform version', () => {
  const out = compileTree((root) => {
    onEc2Cluster(root, { compatibilities: ['FARGATE', 'EC2'], cpu: 512, memory: 1024 }, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }], platformVersion: '1.4.0' }, { fargate: true });
  });
  trees.push(out.result);
  out.stack('Services').resource('AWS::ECS::Service', { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE' }], PlatformVersion: '1.4.0', PlacementStrategies: absent });
});

test('what Fargate or EC2 refuses fails with the input path, the value and what is allowed', () => {
  const error = (taskProps: Partial<FargateTaskProps>, serviceProps: Partial<FargateServiceProps>, options: { fargate?: boolean } = {}) =>
    inputErrorOf(() => compileTree((root) => onEc2Cluster(root, taskProps, serviceProps, options)));
  const fargateTaskProps: Partial<FargateTaskProps> = { compatibilities: ['FARGATE'], cpu: 256, memory: 512 };
  const cases: [string, string][] = [
    [error(fargateTaskProps, {}), 'service.capacityProviderStrategy: "EC2" needs a task definition compatible with EC2 (the task is FARGATE-compatible'],
    [error({}, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] }, { fargate: true }), 'service.task: "FARGATE" needs a task definition compatible with FARGATE (the task is EC2-compatible'],
    [error({ compatibilities: ['FARGATE', 'EC2'], cpu: 256, memory: 512 }, { capacityProviderStrategy: [{ capacityProvider: 'EC2' }, { capacityProvider: 'FARGATE' }] }, { fargate: true }), 'service.capacityProviderStrategy[1].capacityProvider: "FARGATE" cannot be mixed with the EC2 capacity provider'],
    [error({}, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] }), 'service.task: "FARGATE" needs a task definition compatible with FARGATE'],
    [error({}, { publicIp: true }), 'service.publicIp: true is Fargate only'],
    [error({}, { platformVersion: '1.4.0' }), 'service.platformVersion: "1.4.0" is a Fargate setting'],
    [error({}, { placementStrategies: [{ type: 'binpack' }] }), 'service.placementStrategies[0].field: undefined is not cpu or memory'],
    [error({}, { placementStrategies: [{ type: 'random', field: 'cpu' }] }), 'service.placementStrategies[0].field: "cpu" must be left out: the random strategy takes no field'],
    [error({}, { placementStrategies: [{ type: 'spread', field: 'zone' }] }), 'service.placementStrategies[0].field: "zone" is not instanceId, host or attribute:<name>'],
    [error({}, { placementConstraints: [{ type: 'memberOf' }] }), 'service.placementConstraints[0].expression: undefined is missing'],
    [error({}, { placementConstraints: [{ type: 'distinctInstance', expression: 'x' }] }), 'service.placementConstraints[0].expression: "x" must be left out'],
    [error({}, { placementStrategies: [{ type: 'binpack', field: 'cpu' }], availabilityZoneRebalancing: 'ENABLED' }), 'service.availabilityZoneRebalancing: "ENABLED" is not supported with a binpack placement strategy'],
    [error({}, { placementStrategies: [{ type: 'spread' }], deployment: { controller: 'EXTERNAL' } }), 'service.placementStrategies: "given" cannot be combined with the EXTERNAL controller'],
    [
      error({ compatibilities: ['FARGATE', 'EC2'], cpu: 256, memory: 512 }, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }], placementConstraints: [{ type: 'distinctInstance' }] }, { fargate: true }),
      'service.placementConstraints: "given" only applies on EC2 capacity',
    ],
  ];
  for (const [actual, expected] of cases) assert.ok(actual.startsWith(expected), `${actual}\n  expected to start with: ${expected}`);
  // A cluster without an EC2 provider: the strategy names one that does not exist.
  const noEc2 = inputErrorOf(() =>
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      const task = fargateTask(services, 'Api', { compatibilities: ['EC2'], containers: [{ name: 'app', image, memory: 256 }] });
      fargateService(services, 'Api', { cluster: { cluster: b.cluster.cluster }, task, network: b.network, capacityProviderStrategy: [{ capacityProvider: 'EC2' }] });
    }),
  );
  assert.ok(noEc2.startsWith('service.capacityProviderStrategy[0].capacityProvider: "EC2" needs a cluster with an EC2 capacity provider'), noEc2);
});

test('every template above is cfn-lint clean, and checkov clean but for the hand-made stand-ins of the Base stack (an HTTP test ALB)', () => {
  assert.equal(lintCompiled(...trees), []);
  assert.equal(checkovCompiled(...trees).filter((failure) => !/\/Base\.json /.test(failure)), []);
});

test.run();
