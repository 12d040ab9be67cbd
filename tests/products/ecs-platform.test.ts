import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import product from '../../build/products/ecs-platform.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { defineProduct } from '../../build/product.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent, arrayWith, present } from '../helpers/template.js';
import { inlineStatements, stackView } from './helpers.js';

const staging = buildEnvironment(product, 'staging', 'json');
const production = buildEnvironment(product, 'production', 'json');
const services = (name: string) => stackView(staging, `Root/Services/${name}`);

test('one cluster with Fargate, Fargate Spot and an EC2 Auto Scaling group provider; Fargate in the default strategy', () => {
  const cluster = stackView(staging, 'Root/Cluster');
  cluster.resource('AWS::ECS::ClusterCapacityProviderAssociations', {
    CapacityProviders: ['FARGATE', 'FARGATE_SPOT', { Ref: 'Ec2CapacityProvider' }],
    DefaultCapacityProviderStrategy: [
      { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ],
  });
  cluster.resource('AWS::ECS::CapacityProvider', {
    AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'AutoScalingGroup' }, ManagedScaling: { Status: 'ENABLED' }, ManagedTerminationProtection: 'ENABLED' },
  });
  cluster.resource('AWS::AutoScaling::AutoScalingGroup', { MaxSize: '1', NewInstancesProtectedFromScaleIn: true });
  // The ECS-optimised AMI comes from its public SSM parameter.
  assert.equal(cluster.parameter('EcsOptimizedAmi')['Type'], 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
  cluster.resource('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } });
  assert.equal(stackView(production, 'Root/Cluster').resource('AWS::AutoScaling::AutoScalingGroup').properties['MaxSize'], '4');
});

test('each deployment controller: rolling with circuit breaker, ECS-native blue/green, external task sets', () => {
  services('Api').resource('AWS::ECS::Service', { DeploymentController: { Type: 'ECS' }, DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } } });
  // Web: blue/green by ECS itself, so a stack update with a new image deploys (CODE_DEPLOY would refuse it).
  services('Web').resource('AWS::ECS::Service', {
    DeploymentController: { Type: 'ECS' },
    DeploymentConfiguration: { Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 15, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    LoadBalancers: [
      {
        TargetGroupArn: { Ref: 'WebBlueTargetGroup' },
        AdvancedConfiguration: {
          AlternateTargetGroupArn: { Ref: 'WebGreenTargetGroup' },
          ProductionListenerRule: { Ref: 'WebListenerRule' },
          TestListenerRule: { Ref: 'WebTestListenerRule' },
          RoleArn: { 'Fn::GetAtt': ['WebTrafficShiftRole', 'Arn'] },
        },
      },
    ],
  });
  services('Web').expectCount('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
  services('Web').expectNone('AWS::CodeDeploy::DeploymentGroup');
  services('Web').expectNone('AWS::CodeDeploy::Application');
  services('Web').resource('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: 'LoadBalancerTestListener' } });
  services('Web').resource('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'ecs.amazonaws.com' } }] } });
  services('Worker').resource('AWS::ECS::Service', { DeploymentController: { Type: 'EXTERNAL' }, TaskDefinition: absent, NetworkConfiguration: absent });
  services('Worker').resource('AWS::ECS::TaskSet', { Service: { Ref: 'Worker' }, ExternalId: 'worker-v1', Scale: { Unit: 'PERCENT', Value: 100 } });
  services('Worker').resource('AWS::ECS::PrimaryTaskSet', { TaskSetId: { 'Fn::GetAtt': ['WorkerTaskSet', 'Id'] } });
});

test('a new imageTag updates every service through CloudFormation: no CODE_DEPLOY service, no update-hazard warning', () => {
  const { $schema: _schema, ...inputs } = JSON.parse(readFileSync('build/products/ecs-platform/staging.json', 'utf8')) as Record<string, unknown>;
  const next = buildEnvironment({ ...product, environments: { staging: { ...inputs, imageTag: 'next' } } }, 'staging', 'json');
  for (const name of ['Api', 'Web', 'Ingest']) {
    const before = services(name).resource('AWS::ECS::TaskDefinition').properties['ContainerDefinitions'];
    const after = stackView(next, `Root/Services/${name}`).resource('AWS::ECS::TaskDefinition').properties['ContainerDefinitions'];
    assert.not.equal(after, before, `${name}: the new tag changes the task definition`);
    assert.not.equal(stackView(next, `Root/Services/${name}`).resource('AWS::ECS::Service').properties['DeploymentController'], { Type: 'CODE_DEPLOY' });
  }
  for (const built of [staging, production, next]) {
    assert.equal(built.warnings.filter((w) => /code-deploy|CODE_DEPLOY/.test(w.message)), [], 'no CodeDeploy update hazard');
  }
});

test('each logging mode a product should use: managed log groups (api, web), none, FireLens with Fluent Bit; no group ECS creates', () => {
  const api = services('Api').resource('AWS::ECS::TaskDefinition').properties['ContainerDefinitions'] as { LogConfiguration: { Options: Record<string, unknown> } }[];
  assert.equal(api[0]!.LogConfiguration.Options['awslogs-group'], { Ref: 'ApiTaskLogGroup' });
  services('Api').resource('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: present });
  // Issue 10 item 8: web logged to /ecs/platform/web, created by ECS, shared by staging and production.
  services('Web').resource('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [{ LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'WebTaskLogGroup' }, 'awslogs-create-group': absent } } }],
  });
  services('Web').resource('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { Ref: 'ClusterLogsKeyArn' }, LogGroupName: absent });
  services('Worker').resource('AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'worker', LogConfiguration: absent }] });
  services('Ingest').resource('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: arrayWith(
      { Name: 'log-router', FirelensConfiguration: { Type: 'fluentbit' }, Image: { Ref: present } },
      { Name: 'ingest', LogConfiguration: { LogDriver: 'awsfirelens', Options: { Name: 'cloudwatch_logs', log_group_name: { Ref: 'IngestLogGroup' } } }, DependsOn: arrayWith({ ContainerName: 'log-router', Condition: 'START' }) },
      { Name: 'metrics', Essential: false },
    ),
  });
  assert.equal((services('Ingest').resource('AWS::ECS::TaskDefinition').properties['ContainerDefinitions'] as unknown[]).length, 3);
});

test('a shared execution role for api and worker, a role of its own for web and ingest', () => {
  assert.equal(services('Api').resource('AWS::ECS::TaskDefinition').properties['ExecutionRoleArn'], { Ref: 'ClusterSharedExecutionRoleArn' });
  assert.equal(services('Worker').resource('AWS::ECS::TaskDefinition').properties['ExecutionRoleArn'], { Ref: 'ClusterSharedExecutionRoleArn' });
  assert.equal(services('Web').resource('AWS::ECS::TaskDefinition').properties['ExecutionRoleArn'], { 'Fn::GetAtt': ['WebTaskExecutionRole', 'Arn'] });
  // Web writes to its own group: no logs:CreateLogGroup anywhere, the streams of that group only.
  const webStatements = inlineStatements(services('Web').byId('WebTaskExecutionRole'));
  assert.not.ok(webStatements.some((s) => s.Action.includes('logs:CreateLogGroup')), 'nothing for ECS to create');
  assert.equal(webStatements.find((s) => s.Sid === 'WriteLogs')!.Resource, [{ 'Fn::GetAtt': ['WebTaskLogGroup', 'Arn'] }]);
  // Fluent Bit runs with the task role: it may write to the ingest group only.
  const write = inlineStatements(services('Ingest').byId('IngestTaskRole')).find((s) => s.Action.includes('logs:PutLogEvents'))!;
  // The group's Arn attribute ends in `:*`: it already covers the streams (a suffix after it matches nothing).
  assert.equal(write.Resource, [{ 'Fn::GetAtt': ['IngestLogGroup', 'Arn'] }]);
});

test('autoscaling owns the count: target tracking and schedules, step scaling on CPU alarms; no DesiredCount where it scales', () => {
  services('Api').resource('AWS::ECS::Service', { DesiredCount: absent });
  services('Api').resource('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10, ScheduledActions: [{ ScheduledActionName: 'evening' }, { ScheduledActionName: 'morning' }] });
  services('Api').resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 1000, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: present } },
  });
  services('Ingest').resource('AWS::ECS::Service', { DesiredCount: absent, CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }], LaunchType: absent });
  services('Ingest').resource('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 75, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3 });
  services('Ingest').resource('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 20, ComparisonOperator: 'LessThanOrEqualToThreshold', EvaluationPeriods: 5 });
  // The worker scales too (seed 003: auto scaling on by default); its primary task set runs the share of the count the external controller gives it.
  services('Worker').resource('AWS::ECS::Service', { DesiredCount: absent, DeploymentController: { Type: 'EXTERNAL' } });
  const target = services('Worker').resource('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
  assert.equal(target.resource['DependsOn'], ['WorkerPrimaryTaskSet']);
  services('Worker').resource('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: { TargetValue: 70 } });
});

test('autoScaling: false runs each service at a fixed count, with no scaler', () => {
  const fixed = buildEnvironment(defineProduct({ ...product, environments: { fixed: { autoScaling: false } } }), 'fixed', 'json');
  const counts = Object.fromEntries(['Api', 'Web', 'Worker', 'Ingest', 'Batch'].map((name) => [name, stackView(fixed, `Root/Services/${name}`).resource('AWS::ECS::Service').properties['DesiredCount']]));
  assert.equal(counts, { Api: 2, Web: 2, Worker: 2, Ingest: 1, Batch: 1 });
  for (const name of ['Api', 'Web', 'Worker', 'Ingest', 'Batch']) stackView(fixed, `Root/Services/${name}`).expectCount('AWS::ApplicationAutoScaling::ScalableTarget', 0);
});

test('seed 003: a service on the EC2 capacity provider, EC2-compatible, awsvpc in private subnets, spread and bin-packed', () => {
  const batch = services('Batch');
  batch.resource('AWS::ECS::TaskDefinition', { RequiresCompatibilities: ['EC2'], NetworkMode: 'awsvpc', ExecutionRoleArn: { Ref: 'ClusterSharedExecutionRoleArn' } });
  batch.resource('AWS::ECS::Service', {
    LaunchType: absent,
    PlatformVersion: absent,
    DesiredCount: absent,
    CapacityProviderStrategy: [{ CapacityProvider: present, Weight: 1, Base: 0 }],
    PlacementStrategies: [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }, { Type: 'binpack', Field: 'memory' }],
    NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
  });
  // The strategy names the cluster's own EC2 provider, wired from the Cluster stack.
  const provider = (batch.resource('AWS::ECS::Service').properties['CapacityProviderStrategy'] as { CapacityProvider: { Ref: string } }[])[0]!.CapacityProvider.Ref;
  assert.match(provider, /Ec2CapacityProvider/);
  batch.resource('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
});

test('seed 003: the cluster has a CloudWatch log group of its own with Exec off, encrypted, with a retention', () => {
  const cluster = stackView(staging, 'Root/Cluster');
  cluster.expectCount('AWS::Logs::LogGroup', 1);
  cluster.resource('AWS::Logs::LogGroup', { KmsKeyId: present, RetentionInDays: present });
});

test('seed 003: the api image from an SSM parameter a release tool writes, read at every stack update', () => {
  const released = buildEnvironment(defineProduct({ ...product, environments: { released: { apiImage: { parameterName: '/platform/api/image-tag', repository: 'platform/api' } } } }), 'released', 'json');
  const root = stackView(released, 'Root');
  assert.equal(root.parameter('ApiImage'), { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/platform/api/image-tag', Description: 'SSM parameter holding the image tag of platform/api (read at every stack update)' });
  const [container] = stackView(released, 'Root/Services/Api').resource('AWS::ECS::TaskDefinition').properties['ContainerDefinitions'] as { Image: unknown }[];
  assert.match(JSON.stringify(container!.Image), /dkr\.ecr\..*platform\/api:\$\{/);
  let message = 'no error';
  try {
    buildEnvironment(defineProduct({ ...product, environments: { bad: { apiImage: { parameterName: 'has spaces' } } } }), 'bad', 'json');
  } catch (error) {
    message = (error as Error).message;
  }
  assert.match(message, 'apiImage.parameterName: "has spaces" is not an SSM parameter name');
});

test('the services stacks are wired from the network, load balancer and cluster stacks through Services', () => {
  const root = stackView(staging, 'Root');
  const passed = root.byId('Services').properties['Parameters'] as Record<string, unknown>;
  assert.equal(passed['ClusterCluster'], { 'Fn::GetAtt': ['Cluster', 'Outputs.ClusterCluster'] });
  assert.equal(passed['LoadBalancerTestListener'], { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerTestListener'] });
  assert.equal(stackView(staging, 'Root/Services').byId('Web').properties['Parameters'], {
    NetworkVpc: { Ref: 'NetworkVpc' },
    LoadBalancerLoadBalancerSecurityGroupGroupId: { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' },
    LoadBalancerHttpsListener: { Ref: 'LoadBalancerHttpsListener' },
    LoadBalancerTestListener: { Ref: 'LoadBalancerTestListener' },
    ClusterCluster: { Ref: 'ClusterCluster' },
    NetworkPrivateSubnet1: { Ref: 'NetworkPrivateSubnet1' },
    NetworkPrivateSubnet2: { Ref: 'NetworkPrivateSubnet2' },
    ClusterLogsKeyArn: { Ref: 'ClusterLogsKeyArn' },
  });
  // Blue/green test traffic may only come from inside the VPC.
  stackView(staging, 'Root/LoadBalancer').resource('AWS::EC2::SecurityGroupIngress', { FromPort: 8443, CidrIp: '10.20.0.0/16' });
});

test('production spreads over three zones with a NAT gateway per zone', () => {
  stackView(production, 'Root/Network').expectCount('AWS::EC2::NatGateway', 3);
  stackView(staging, 'Root/Network').expectCount('AWS::EC2::NatGateway', 2);
});

test('both environments are cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(staging.result, production.result), []);
  assert.equal(checkovCompiled(staging.result, production.result), []);
});

test.run();
