import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { checkovCompiled } from '../helpers/checkov.js';

const fargateOnly = compileTree((root) => {
  cluster(root, { name: 'platform', serviceConnect: { namespaceName: 'platform.local' } });
});
const spot = compileTree((root) => {
  cluster(root, {
    exec: false,
    containerInsights: 'disabled',
    capacity: { fargate: true, fargateSpot: true },
    defaultStrategy: [{ provider: 'FARGATE', base: 1, weight: 1 }, { provider: 'FARGATE_SPOT', weight: 3 }],
    serviceLinkedRole: true,
  });
});
const ec2 = compileTree((root) => {
  const vpc = root.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
  const subnet = root.add('Subnet', { Type: 'AWS::EC2::Subnet', Properties: { VpcId: vpc.ref, CidrBlock: '10.0.0.0/24' } });
  const sg = root.add('InstanceSg', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'container instances',
      VpcId: vpc.ref,
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16', Description: 'HTTPS to endpoints' }],
    },
  });
  cluster(root.nested('Cluster'), {
    capacity: { ec2: { instanceType: 't3.medium', maxSize: 4, subnetIds: [subnet.ref], securityGroupIds: [sg.ref], targetCapacity: 90 } },
  });
});

test('Fargate only: insights, exec with KMS key and encrypted log group, Service Connect namespace', () => {
  fargateOnly.root.resource('AWS::ECS::Cluster', {
    ClusterName: 'platform',
    ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    Configuration: {
      ExecuteCommandConfiguration: {
        KmsKeyId: { 'Fn::GetAtt': ['ExecKey', 'Arn'] },
        Logging: 'OVERRIDE',
        LogConfiguration: { CloudWatchLogGroupName: { Ref: 'ExecLogGroup' }, CloudWatchEncryptionEnabled: true },
      },
    },
    ServiceConnectDefaults: { Namespace: { 'Fn::GetAtt': ['ServiceConnectNamespace', 'Arn'] } },
  });
  fargateOnly.root.resource('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } });
  fargateOnly.root.resource('AWS::ECS::ClusterCapacityProviderAssociations', {
    Cluster: { Ref: 'Cluster' },
    CapacityProviders: ['FARGATE'],
    DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
  });
  fargateOnly.root.expectCount('AWS::KMS::Key', 2);
});

test('Fargate + Spot strategy; exec and insights off; service-linked role on request', () => {
  const c = spot.root.resource('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }] });
  assert.equal(c.properties['Configuration'], undefined);
  spot.root.resource('AWS::ECS::ClusterCapacityProviderAssociations', {
    CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    DefaultCapacityProviderStrategy: [
      { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ],
  });
  spot.root.resource('AWS::IAM::ServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' });
  spot.root.expectNone('AWS::Logs::LogGroup');
});

test('EC2 capacity provider: AMI parameter, IMDSv2, encrypted EBS, instance role, managed scaling', () => {
  const view = ec2.stack('Cluster');
  assert.equal(view.parameter('EcsOptimizedAmi')['Type'], 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
  assert.equal(view.parameter('EcsOptimizedAmi')['Default'], '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id');
  const lt = view.resource('AWS::EC2::LaunchTemplate', {});
  const data = lt.properties['LaunchTemplateData'] as Record<string, unknown>;
  assert.equal(data['MetadataOptions'], { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  assert.equal(data['BlockDeviceMappings'], [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 30, DeleteOnTermination: true } }]);
  assert.equal(data['UserData'], {
    'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ECS_CLUSTER=${Cluster} >> /etc/ecs/ecs.config\necho ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config\n' },
  });
  const role = view.resource('AWS::IAM::Role', {});
  assert.equal(role.properties['AssumeRolePolicyDocument'], {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }],
  });
  assert.equal(role.properties['ManagedPolicyArns'], [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role' }]);
  assert.equal(role.properties['Policies'], undefined);
  view.resource('AWS::AutoScaling::AutoScalingGroup', { NewInstancesProtectedFromScaleIn: true, MinSize: '0', MaxSize: '4' });
  view.resource('AWS::ECS::CapacityProvider', {
    AutoScalingGroupProvider: {
      AutoScalingGroupArn: { Ref: 'AutoScalingGroup' },
      ManagedScaling: { Status: 'ENABLED', TargetCapacity: 90 },
      ManagedTerminationProtection: 'ENABLED',
    },
  });
  view.resource('AWS::ECS::ClusterCapacityProviderAssociations', {
    CapacityProviders: [{ Ref: 'Ec2CapacityProvider' }],
    DefaultCapacityProviderStrategy: [{ CapacityProvider: { Ref: 'Ec2CapacityProvider' }, Weight: 1 }],
  });
});

test('input errors', () => {
  const ec2Props = { instanceType: 't3.medium', maxSize: 2, subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] };
  assert.match(
    errorOf(() => compileTree((root) => cluster(root, { capacity: { fargate: true, ec2: ec2Props }, defaultStrategy: [{ provider: 'EC2' }, { provider: 'FARGATE' }] }))),
    'cluster.defaultStrategy[1].provider: "FARGATE" cannot be mixed with the EC2 capacity provider in one strategy',
  );
  assert.match(
    errorOf(() => compileTree((root) => cluster(root, { defaultStrategy: [{ provider: 'FARGATE_SPOT' }] }))),
    'cluster.defaultStrategy[0].provider: "FARGATE_SPOT" is not a capacity provider registered on the cluster (FARGATE)',
  );
  assert.match(errorOf(() => compileTree((root) => cluster(root, { capacity: {} }))), 'cluster.capacity: {} registers no capacity provider');
  assert.match(errorOf(() => compileTree((root) => cluster(root, { name: 'bad name' }))), 'cluster.name: "bad name" is not a cluster name');
  assert.match(
    errorOf(() => compileTree((root) => cluster(root, { capacity: { ec2: { ...ec2Props, instanceType: 'large' } } }))),
    'cluster.capacity.ec2.instanceType: "large" is not an EC2 instance type',
  );
  assert.match(errorOf(() => compileTree((root) => cluster(root, { exec: { logRetentionInDays: 10 } }))), 'cluster.exec.logRetentionInDays: 10 is not a CloudWatch Logs retention');
});

test('cfn-lint and checkov are clean on every capacity setup', () => {
  assert.equal(lintCompiled(fargateOnly.result, spot.result, ec2.result), []);
  assert.equal(checkovCompiled(fargateOnly.result, spot.result, ec2.result), []);
});

test.run();
