/**
 * Service inputs that users of the Terraform ECS modules and CDK's ecs-patterns reach for: tags, Availability
 * Zone rebalancing, forced deployments, VPC Lattice targets, EBS volumes configured at launch, NFS to EFS
 * mount targets, roles brought by ARN, a task family owned by a release tool, desired count and task set
 * scale left to controllers. Asserted over the compiled templates, linted with cfn-lint and checkov.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';
import { fargateTask, type FargateTaskProps } from '../../blueprints/ecs/task/index.js';
import type { CompileResult, Stack } from '../../dsl/index.js';
import { footprintOfTemplates } from '../../dsl/permissions-footprint.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { apiService, base, task, type Base } from './service-fixtures.js';

const trees: CompileResult[] = [];
const TARGET_GROUP = 'arn:aws:vpc-lattice:eu-west-1:111122223333:targetgroup/tg-0123456789abcdef0';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const MOUNT_TARGETS = 'sg-0aaaaaaaaaaaaaaaa';
const INFRA_ROLE = 'arn:aws:iam::111122223333:role/platform/ecs-infrastructure';

/** A service `Api` whose task is a real task definition (volumes, family) in the `Services` stack. */
function withTask(root: Stack, taskProps: Partial<FargateTaskProps>, serviceProps: Partial<FargateServiceProps> | ((b: Base) => Partial<FargateServiceProps>) = {}) {
  const b = base(root);
  const services = root.nested('Services');
  const made = fargateTask(services, 'Api', {
    cpu: 512,
    memory: 1024,
    containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', portMappings: [{ name: 'http', containerPort: 8080 }] }],
    ...taskProps,
  } as FargateTaskProps);
  const extra = typeof serviceProps === 'function' ? serviceProps(b) : serviceProps;
  return fargateService(services, 'Api', { cluster: b.cluster, task: made, network: b.network, ...extra });
}

test('tags, Availability Zone rebalancing and a forced deployment by nonce (literal and deploy-time)', () => {
  const out = compileTree((root) => {
    const nonce = root.parameter('DeployNonce', { Type: 'String', Default: '1' });
    const rebalancing = root.parameter('Rebalancing', { Type: 'String', Default: 'ENABLED' });
    apiService(root, {
      tags: { team: 'payments', 'cost-center': '4711' },
      availabilityZoneRebalancing: rebalancing.ref,
      forceNewDeployment: { nonce: nonce.ref },
    });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', {
    Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'cost-center', Value: '4711' }],
    PropagateTags: 'SERVICE',
    AvailabilityZoneRebalancing: { Ref: 'Rebalancing' },
    ForceNewDeployment: { EnableForceNewDeployment: true, ForceNewDeploymentNonce: { Ref: 'DeployNonce' } },
  });
  assert.equal(out.root.parameter('Rebalancing')['AllowedValues'], ['ENABLED', 'DISABLED']);
  const plain = compileTree((root) => apiService(root, { availabilityZoneRebalancing: 'DISABLED', forceNewDeployment: { enabled: false } }));
  trees.push(plain.result);
  plain.stack('Services').resource('AWS::ECS::Service', { Tags: absent, AvailabilityZoneRebalancing: 'DISABLED', ForceNewDeployment: { EnableForceNewDeployment: false, ForceNewDeploymentNonce: absent } });
});

test('VPC Lattice: targets on the named port, the managed prefix list admitted on it, an infrastructure role scoped to the target groups', () => {
  const out = compileTree((root) => {
    const made = apiService(root, { vpcLattice: { prefixListId: 'pl-0123456789abcdef0', targets: [{ targetGroupArn: TARGET_GROUP, portName: 'http' }] } }).service;
    assert.ok(made.infrastructureRole);
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', { VpcLatticeConfigurations: [{ TargetGroupArn: TARGET_GROUP, PortName: 'http', RoleArn: { 'Fn::GetAtt': ['ApiInfrastructureRole', 'Arn'] } }] });
  s.resource('AWS::EC2::SecurityGroup', {
    SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourcePrefixListId: 'pl-0123456789abcdef0', Description: 'From VPC Lattice to port http' }],
  });
  const role = s.byId('ApiInfrastructureRole').properties;
  assert.equal(role['ManagedPolicyArns'], undefined);
  assert.equal((role['AssumeRolePolicyDocument'] as { Statement: unknown[] }).Statement, [
    { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
  ]);
  assert.equal((role['Policies'] as { PolicyDocument: { Statement: unknown[] } }[])[0]!.PolicyDocument.Statement, [
    { Sid: 'RegisterTasksWithLattice', Effect: 'Allow', Action: ['vpc-lattice:DeregisterTargets', 'vpc-lattice:GetTargetGroup', 'vpc-lattice:ListTargets', 'vpc-lattice:RegisterTargets'], Resource: [TARGET_GROUP] },
    { Sid: 'DescribeNetwork', Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'], Resource: ['*'] },
  ]);
});

test('EBS volumes configured at launch: encrypted with the key given, the managed volumes policy and key use on the infrastructure role, tags propagated', () => {
  const out = compileTree((root) => {
    withTask(
      root,
      { containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }], volumes: [{ name: 'data', configuredAtLaunch: true }] },
      { ebsVolumes: { data: { sizeGiB: 100, iops: 4000, throughputMiBps: 250, kmsKeyArn: KEY, filesystemType: 'xfs' } }, tags: { team: 'data' } },
    );
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', {
    VolumeConfigurations: [
      {
        Name: 'data',
        ManagedEBSVolume: {
          RoleArn: { 'Fn::GetAtt': ['ApiInfrastructureRole', 'Arn'] },
          Encrypted: true,
          KmsKeyId: KEY,
          VolumeType: 'gp3',
          SizeInGiB: 100,
          Iops: 4000,
          Throughput: 250,
          FilesystemType: 'xfs',
          SnapshotId: absent,
          TagSpecifications: [{ ResourceType: 'volume', PropagateTags: 'SERVICE' }],
        },
      },
    ],
  });
  const role = s.byId('ApiInfrastructureRole').properties;
  assert.equal(role['ManagedPolicyArns'], [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForVolumes' }]);
  assert.equal((role['Policies'] as { PolicyDocument: { Statement: unknown[] } }[])[0]!.PolicyDocument.Statement, [
    { Sid: 'GrantVolumeKeyToEbs', Effect: 'Allow', Action: ['kms:CreateGrant'], Resource: [KEY], Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
    { Sid: 'UseVolumeKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'], Resource: [KEY] },
  ]);

  const fromSnapshot = compileTree((root) => {
    withTask(root, { volumes: [{ name: 'data', configuredAtLaunch: true }] }, { ebsVolumes: { data: { volumeType: 'io2', iops: 8000, snapshotId: 'snap-0123456789abcdef0', volumeInitializationRate: 200 } } });
  });
  trees.push(fromSnapshot.result);
  const t = fromSnapshot.stack('Services');
  t.resource('AWS::ECS::Service', { VolumeConfigurations: [{ ManagedEBSVolume: { Encrypted: true, KmsKeyId: absent, VolumeType: 'io2', Iops: 8000, SizeInGiB: absent, SnapshotId: 'snap-0123456789abcdef0', VolumeInitializationRate: 200 } }] });
  assert.equal(t.byId('ApiInfrastructureRole').properties['Policies'], undefined);
});

test('EFS: NFS from the tasks to the mount targets (ingress on their group, egress on the tasks\' group); no group given: a warning', () => {
  const out = compileTree((root) => {
    const made = withTask(root, {
      containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', mountPoints: [{ sourceVolume: 'shared', containerPath: '/data' }, { sourceVolume: 'more', containerPath: '/more' }] }],
      volumes: [
        { name: 'shared', efs: { fileSystemId: 'fs-0123456789abcdef0', accessPointId: 'fsap-0123456789abcdef0', mountTargetSecurityGroupId: MOUNT_TARGETS } },
        { name: 'more', efs: { fileSystemId: 'fs-0123456789abcdef0', accessPointId: 'fsap-0123456789abcdef1', mountTargetSecurityGroupId: MOUNT_TARGETS } },
      ],
    });
    assert.is(made.efsRules.length, 2);
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::EC2::SecurityGroupIngress', { GroupId: MOUNT_TARGETS, SourceSecurityGroupId: { Ref: 'ApiSecurityGroup' }, IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049 });
  s.resource('AWS::EC2::SecurityGroupEgress', { GroupId: { Ref: 'ApiSecurityGroup' }, DestinationSecurityGroupId: MOUNT_TARGETS, IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049 });

  const unreachable = compileTree((root) => {
    withTask(root, { volumes: [{ name: 'shared', efs: { fileSystemId: 'fs-0123456789abcdef0' } }] });
  });
  trees.push(unreachable.result);
  unreachable.stack('Services').expectNone('AWS::EC2::SecurityGroupIngress', { FromPort: 2049 });
  assert.ok(unreachable.result.warnings.some((w) => /service: the task's EFS volumes shared give no mountTargetSecurityGroupId/.test(w.message)));
});

test('an infrastructure role given by ARN serves blue/green, EBS and Lattice; nothing made; a literal ARN is found for iam:PassRole', () => {
  const out = compileTree((root) => {
    withTask(root, { volumes: [{ name: 'data', configuredAtLaunch: true }] }, (b) => ({
      infrastructureRoleArn: INFRA_ROLE,
      ebsVolumes: { data: { sizeGiB: 20 } },
      vpcLattice: { prefixListId: 'pl-0123456789abcdef0', targets: [{ targetGroupArn: TARGET_GROUP, portName: 'http' }] },
      loadBalancer: { listener: b.listener, rule: { priority: 10, pathPatterns: ['/api/*'] } },
      deployment: { strategy: 'BLUE_GREEN' },
    }));
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.expectNone('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'ecs.amazonaws.com' } }] } });
  const service = s.resource('AWS::ECS::Service', {
    VolumeConfigurations: [{ ManagedEBSVolume: { RoleArn: INFRA_ROLE } }],
    VpcLatticeConfigurations: [{ RoleArn: INFRA_ROLE }],
    LoadBalancers: [{ AdvancedConfiguration: { RoleArn: INFRA_ROLE } }],
  });
  assert.ok(service);
  const footprint = footprintOfTemplates(out.result.stacks.map((stack) => stack.template as never), { stackNamePrefix: 'app' });
  assert.ok(footprint.passedRoles.includes(INFRA_ROLE), footprint.passedRoles.join(', '));
});

test('ignoreTaskDefinitionChanges: the service names the family and waits for the task definition; the stack no longer rolls revisions out', () => {
  const out = compileTree((root) => {
    withTask(root, { family: 'api' }, { ignoreTaskDefinitionChanges: true });
  });
  trees.push(out.result);
  const service = out.stack('Services').resource('AWS::ECS::Service', { TaskDefinition: 'api' });
  assert.ok((service.resource['DependsOn'] as string[]).includes('ApiDefinition'), JSON.stringify(service.resource['DependsOn']));
  const owned = compileTree((root) => withTask(root, { family: 'api' }));
  assert.equal(owned.stack('Services').resource('AWS::ECS::Service').properties['TaskDefinition'], { Ref: 'ApiDefinition' });
});

test('desired count and task set scale left to whoever sets them', () => {
  const out = compileTree((root) => {
    apiService(root, { manageDesiredCount: false });
  });
  trees.push(out.result);
  out.stack('Services').resource('AWS::ECS::Service', { DesiredCount: absent });
  const external = compileTree((root) => {
    apiService(root, { manageDesiredCount: false, deployment: { controller: 'EXTERNAL', external: { manageScale: false, externalId: 'release-7' } } });
  });
  trees.push(external.result);
  const s = external.stack('Services');
  s.resource('AWS::ECS::Service', { DesiredCount: absent, DeploymentController: { Type: 'EXTERNAL' } });
  s.resource('AWS::ECS::TaskSet', { Scale: absent, ExternalId: 'release-7' });
  const managed = compileTree((root) => apiService(root, { deployment: { controller: 'EXTERNAL', external: { scalePercent: 50 } } }));
  managed.stack('Services').resource('AWS::ECS::TaskSet', { Scale: { Unit: 'PERCENT', Value: 50 } });
});

test('bad values fail with the input path, the value and what is allowed', () => {
  const serviceError = (props: Partial<FargateServiceProps>) => inputErrorOf(() => compileTree((root) => apiService(root, props as FargateServiceProps)));
  const taskServiceError = (taskProps: Partial<FargateTaskProps>, props: Partial<FargateServiceProps> | ((b: Base) => Partial<FargateServiceProps>)) =>
    inputErrorOf(() => compileTree((root) => withTask(root, taskProps, props)));
  const lattice = (portName: string) => ({ prefixListId: 'pl-0123456789abcdef0', targets: [{ targetGroupArn: TARGET_GROUP, portName }] });
  const atLaunch: Partial<FargateTaskProps> = { volumes: [{ name: 'data', configuredAtLaunch: true }] };
  const cases: [string, string][] = [
    [serviceError({ tags: { 'aws:owner': 'x' } }), 'service.tags.aws:owner'],
    [serviceError({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), 'service.tags: {"k0":"v"'],
    [serviceError({ availabilityZoneRebalancing: 'ON' as never }), 'service.availabilityZoneRebalancing: "ON" is not ENABLED or DISABLED'],
    [serviceError({ forceNewDeployment: { nonce: '' } }), 'service.forceNewDeployment.nonce: "" '],
    [serviceError({ vpcLattice: lattice('grpc') }), 'service.vpcLattice.targets[0].portName: "grpc" is not a named port mapping of the task (http)'],
    [serviceError({ vpcLattice: { ...lattice('http'), prefixListId: 'sg-1' } }), 'service.vpcLattice.prefixListId: "sg-1" is not a managed prefix list id (pl-...)'],
    [serviceError({ vpcLattice: lattice('http'), deployment: { controller: 'EXTERNAL' } }), 'service.vpcLattice: "given" needs the ECS deployment controller, not EXTERNAL'],
    [serviceError({ infrastructureRoleArn: 'role/x' }), 'service.infrastructureRoleArn: "role/x" is not an IAM role ARN'],
    [serviceError({ ignoreTaskDefinitionChanges: true }), 'service.ignoreTaskDefinitionChanges: true needs a task with a family'],
    [serviceError({ ignoreTaskDefinitionChanges: true, deployment: { controller: 'EXTERNAL' } }), 'service.ignoreTaskDefinitionChanges: true only applies to the ECS controller, not EXTERNAL'],
    [serviceError({ manageDesiredCount: false, desiredCount: 2 }), 'service.desiredCount: 2 cannot be given with manageDesiredCount false'],
    [serviceError({ deployment: { controller: 'EXTERNAL', external: { manageScale: false, scalePercent: 50 } } }), 'service.deployment.external.scalePercent: 50 cannot be given with manageScale false'],
    [serviceError({ ebsVolumes: { data: { sizeGiB: 10 } } }), 'service.ebsVolumes.data: "data" is not a volume of the task configured at launch (the task has none'],
    [taskServiceError(atLaunch, {}), 'service.ebsVolumes.data: undefined is missing: the task\'s volume data is configured at launch'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: {} } }), 'service.ebsVolumes.data.sizeGiB: undefined is missing: a volume without a snapshot needs a size'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { volumeType: 'st1', sizeGiB: 20 } } }), 'service.ebsVolumes.data.sizeGiB: 20 is not an integer from 125 to 16384 (the st1 range)'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { volumeType: 'io1', sizeGiB: 20 } } }), 'service.ebsVolumes.data.iops: undefined is missing: io1 volumes need provisioned IOPS'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { sizeGiB: 20, iops: 2000 } } }), 'service.ebsVolumes.data.iops: 2000 is not an integer from 3000 to 16000 (the gp3 range)'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { volumeType: 'gp2', sizeGiB: 20, throughputMiBps: 200 } } }), 'service.ebsVolumes.data.throughputMiBps: 200 is not taken by gp2 volumes (gp3 only)'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { sizeGiB: 20, volumeInitializationRate: 150 } } }), 'service.ebsVolumes.data.volumeInitializationRate: 150 needs a snapshotId'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { sizeGiB: 20, kmsKeyArn: 'alias/aws/ebs' } } }), 'service.ebsVolumes.data.kmsKeyArn: "alias/aws/ebs" is not a KMS key ARN'],
    [taskServiceError(atLaunch, { ebsVolumes: { data: { sizeGiB: 20 } }, deployment: { controller: 'EXTERNAL' } }), 'service.ebsVolumes: "data" needs the ECS deployment controller, not EXTERNAL'],
  ];
  for (const [actual, expected] of cases) assert.ok(actual.startsWith(expected), `${actual}\n  expected to start with: ${expected}`);
});

test('every template above is cfn-lint clean, and checkov clean but for the hand-made stand-ins of the Base stack (an HTTP test ALB)', () => {
  assert.equal(lintCompiled(...trees), []);
  assert.equal(checkovCompiled(...trees).filter((failure) => !/\/Base\.json /.test(failure)), []);
});

test.run();

// The hand-made fixture task stays usable for services without volumes.
void task;
