import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FARGATE_SIZES, LOG_RETENTION_DAYS } from '../../blueprints/ecs/task/index.js';
import { ALARM_PERIODS, ENVIRONMENT_SLOTS, FARGATE_MEMORY_VALUES, INGRESS_SLOTS_PER_KIND, describeValues } from '../../blueprints/systems/microservice.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { LIMITS } from '../../dsl/index.js';
import product from '../../build/products/microservice.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { TemplateView, absent } from '../helpers/template.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const built = buildEnvironment(product, 'template', 'json');
const template = built.result.root.template as unknown as JsonObject;
const view = new TemplateView(built.result.root.template, 'microservice');
const section = (name: string) => template[name] as JsonObject;
const ref = (name: string) => ({ Ref: name });
const tags = [
  { Key: 'Project', Value: ref('ProjectName') },
  { Key: 'Environment', Value: ref('Environment') },
];

test('one template, no nested stacks, self-service, one environment', () => {
  assert.is(built.result.stacks.length, 1);
  // Under CloudFormation's 51,200-byte limit for a template body sent inline, with 10% to spare:
  // `aws cloudformation deploy` of the minified build (FORMAT=json-min) needs no S3 bucket.
  assert.ok(built.result.root.sentBytes <= LIMITS.inlineBodyBytes * 0.9, `root template is ${built.result.root.sentBytes} bytes minified`);
  assert.equal(built.warnings, []);
  assert.is(product.selfService, true);
  assert.equal(Object.keys(product.environments), ['template']);
});

test('resource counts', () => {
  const counts: Record<string, number> = {};
  for (const r of view.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  assert.equal(counts, {
    'AWS::KMS::Key': 1,
    'AWS::KMS::Alias': 1,
    'AWS::Logs::LogGroup': 1,
    'AWS::IAM::Role': 2,
    'AWS::ECS::TaskDefinition': 1,
    'AWS::EC2::SecurityGroup': 1,
    'AWS::EC2::SecurityGroupIngress': 3 * INGRESS_SLOTS_PER_KIND,
    'AWS::ElasticLoadBalancingV2::TargetGroup': 1,
    'AWS::ElasticLoadBalancingV2::ListenerRule': 1,
    'AWS::ServiceDiscovery::PrivateDnsNamespace': 1,
    'AWS::ServiceDiscovery::Service': 1,
    'AWS::ECS::Service': 1,
    'AWS::ApplicationAutoScaling::ScalableTarget': 1,
    'AWS::ApplicationAutoScaling::ScalingPolicy': 2,
    'AWS::CloudWatch::Alarm': 2,
  });
});

/** The first slot's source keeps the parameter name of released versions; the others are numbered. */
const FIRST_SOURCE: Record<string, string> = { SecurityGroup: 'AllowedSecurityGroupId', Cidr: 'AllowedCidr', PrefixList: 'AllowedPrefixListId' };
const sourceId = (kind: string, n: number) => (n === 1 ? FIRST_SOURCE[kind]! : `Allowed${kind}${n}`);
/** Likewise the first slot's rule keeps its released logical id. */
const ruleId = (kind: string, n: number) => `IngressFrom${kind}${n === 1 ? '' : n}`;
const slot = (kind: string, n: number): Record<string, JsonObject> => ({
  [sourceId(kind, n)]: { Type: 'String', Default: '' },
  [`Allowed${kind}${n}Ports`]: { Type: 'String', Default: '' },
  [`Allowed${kind}${n}Description`]: { Type: 'String' },
});
const slots = (kind: string) => Object.assign({}, ...Array.from({ length: INGRESS_SLOTS_PER_KIND }, (_, i) => slot(kind, i + 1))) as Record<string, JsonObject>;
const variables = Object.assign(
  {},
  ...Array.from({ length: ENVIRONMENT_SLOTS }, (_, i) => ({ [`EnvironmentVariable${i + 1}Name`]: { Type: 'String', Default: '' }, [`EnvironmentVariable${i + 1}Value`]: { Type: 'String', Default: '' } })),
) as Record<string, JsonObject>;

/** The ingress slots, security groups first. */
const slotKeys = (['SecurityGroup', 'Cidr', 'PrefixList'] as const).flatMap((kind) => Array.from({ length: INGRESS_SLOTS_PER_KIND }, (_, i) => ({ kind, n: i + 1 })));
/** Their source parameters. */
const slotIds = slotKeys.map(({ kind, n }) => sourceId(kind, n));

const PARAMETERS: Record<string, JsonObject> = {
  // The DNS label the service discovery name needs, and (the name is also a tag value) the tag value grammar.
  ProjectName: { Type: 'String', Default: 'my-workload', AllowedPattern: '(?=(?:^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$)$)(?:^[A-Za-z0-9 _.:/=+\\-@]{0,256}$)', MaxLength: 63 },
  Environment: { Type: 'String', Default: 'development', AllowedValues: ['development', 'staging', 'production'] },
  ContainerName: { Type: 'String', Default: 'app' },
  ContainerImage: { Type: 'String' },
  ContainerPort: { Type: 'Number', Default: 80, MinValue: 1, MaxValue: 65535 },
  TaskCpu: { Type: 'String', Default: '512', AllowedValues: ['256', '512', '1024', '2048', '4096', '8192', '16384'] },
  TaskMemory: { Type: 'String', Default: '1024', AllowedValues: FARGATE_MEMORY_VALUES.map(String) },
  ContainerCpu: { Type: 'Number', Default: 0, MinValue: 0, MaxValue: 16384 },
  ContainerMemory: { Type: 'Number', Default: 0, MinValue: 0, MaxValue: 122880 },
  ...variables,
  ClusterName: { Type: 'String' },
  VpcId: { Type: 'AWS::EC2::VPC::Id' },
  SubnetIds: { Type: 'List<AWS::EC2::Subnet::Id>' },
  ListenerArn: { Type: 'String' },
  ListenerRulePriority: { Type: 'Number', MinValue: 1, MaxValue: 50000 },
  PathPattern: { Type: 'String', Default: '/*', MinLength: 1, MaxLength: 128 },
  HealthCheckPath: { Type: 'String', Default: '/health' },
  TargetGroupProtocol: { Type: 'String', Default: 'HTTP', AllowedValues: ['HTTP', 'HTTPS'] },
  ...slots('SecurityGroup'),
  ...slots('Cidr'),
  ...slots('PrefixList'),
  MinCapacity: { Type: 'Number', Default: 1, MinValue: 0, MaxValue: 5000 },
  MaxCapacity: { Type: 'Number', Default: 5, MinValue: 1, MaxValue: 5000 },
  CpuHighThreshold: { Type: 'Number', Default: 85, MinValue: 1, MaxValue: 100 },
  CpuHighPeriod: { Type: 'Number', Default: 60, AllowedValues: [...ALARM_PERIODS] },
  CpuHighEvaluationPeriods: { Type: 'Number', Default: 3, MinValue: 1, MaxValue: 100 },
  CpuLowThreshold: { Type: 'Number', Default: 10, MinValue: 0, MaxValue: 99 },
  CpuLowPeriod: { Type: 'Number', Default: 60, AllowedValues: [...ALARM_PERIODS] },
  CpuLowEvaluationPeriods: { Type: 'Number', Default: 3, MinValue: 1, MaxValue: 100 },
  ScalingCooldown: { Type: 'Number', Default: 60, MinValue: 0, MaxValue: 3600 },
  DeploymentNonce: { Type: 'String', Default: '' },
  NamespaceMode: { Type: 'String', Default: 'new', AllowedValues: ['new', 'existing'] },
  NamespaceName: { Type: 'String', Default: 'my-workload.local' },
  ExistingNamespaceId: { Type: 'String', Default: '' },
  LogRetentionDays: { Type: 'Number', Default: 365, AllowedValues: [...LOG_RETENTION_DAYS] },
  LogsKmsKeyArn: { Type: 'String', Default: '' },
  AlarmTopicArn: { Type: 'String', Default: '' },
  TaskRoleManagedPolicyArns: { Type: 'CommaDelimitedList', Default: '' },
  TaskRolePolicyArns: { Type: 'CommaDelimitedList', Default: '' },
  S3BucketName: { Type: 'String', Default: '' },
  S3BucketAccess: { Type: 'String', Default: 'read', AllowedValues: ['read', 'readwrite'] },
};

test('the parameters, their types, defaults and constraints', () => {
  assert.equal(view.parameterNames, Object.keys(PARAMETERS));
  for (const [name, expected] of Object.entries(PARAMETERS)) {
    const actual = view.parameter(name);
    for (const [key, value] of Object.entries(expected)) assert.equal(actual[key], value, `${name}.${key}`);
    assert.ok(actual['Description'], `${name} has a description`);
    if (actual['AllowedPattern']) assert.ok(actual['ConstraintDescription'], `${name} explains its pattern`);
  }
  // Required (no default): what only the team knows.
  assert.equal(
    view.parameterNames.filter((name) => view.parameter(name)['Default'] === undefined),
    ['ContainerImage', 'ClusterName', 'VpcId', 'SubnetIds', 'ListenerArn', 'ListenerRulePriority'],
  );
});

const pattern = (name: string) => new RegExp(view.parameter(name)['AllowedPattern'] as string);

test('the patterns accept what they should and refuse the rest', () => {
  const cases: [string, string[], string[]][] = [
    ['ProjectName', ['ai-service', 'my-workload', 'a', 'x'.repeat(63)], ['AI', '-x', 'x-', 'x'.repeat(64), 'a.b']],
    ['ContainerName', ['app', 'ai-service', 'web_1'], ['', 'a b', 'app.1']],
    ['ContainerImage', ['123456789012.dkr.ecr.us-east-1.amazonaws.com/ai-service:1.4.2', 'public.ecr.aws/nginx/nginx:1.27', `ghcr.io/org/app@sha256:${'a'.repeat(64)}`], ['nginx', 'public.ecr.aws/nginx/nginx']],
    ['ClusterName', ['platform', 'arn:aws:ecs:us-east-1:123456789012:cluster/platform'], ['', 'arn:aws:ecs:us-east-1:1:cluster/x', 'a b']],
    ['ListenerArn', ['arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/0123456789abcdef/0123456789abcdef'], ['arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/nlb/01/02', '']],
    ['PathPattern', ['/*', '/ai/*'], ['ai/*', '', `/${'a'.repeat(128)}`]],
    ['HealthCheckPath', ['/health', '/'], ['health', '']],
    ['AllowedSecurityGroupId', ['', 'sg-0a1b2c3d4e5f60718', 'sg-12345678'], ['sg-x', 'sg-']],
    ['AllowedCidr2', ['', '10.0.0.0/16', '192.168.1.10/32'], ['0.0.0.0/0', '10.0.0.0', '256.0.0.0/8', '10.0.0.0/33']],
    ['AllowedPrefixListId', ['', 'pl-0123456789abcdef0'], ['pl-', 'prefix']],
    ['AllowedCidr1Ports', ['', '1', '443', '8000-8100', '65535', '1-65535'], ['0', '65536', '80-', '-80', 'http', '80,443', '99999']],
    ['AllowedPrefixList2Description', ['From the ALB', 'Metrics (Prometheus) on 9100-9102'], ['', 'é', 'x'.repeat(256)]],
    ['EnvironmentVariable1Name', ['', 'LOG_LEVEL', '_x'], ['1X', 'A-B', 'a b']],
    ['TaskRolePolicyArns', ['', 'arn:aws:iam::123456789012:policy/team/inference'], ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'inference']],
    ['TaskRoleManagedPolicyArns', ['', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws-cn:iam::123456789012:policy/x'], ['ReadOnlyAccess']],
    ['DeploymentNonce', ['', 'build-42', '2025.06.01:1'], ['a b', 'x'.repeat(256)]],
    ['NamespaceName', ['my-workload.local', 'ai-service'], ['', 'My.Local', '-x.local']],
    ['ExistingNamespaceId', ['', 'ns-4qmsb7r2ikfnc3xz'], ['ns-short', 'namespace']],
    ['LogsKmsKeyArn', ['', 'arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012'], ['alias/logs', 'arn:aws:kms:us-east-1:123456789012:alias/logs']],
    ['AlarmTopicArn', ['', 'arn:aws:sns:us-east-1:123456789012:alarms'], ['alarms', 'arn:aws:sqs:us-east-1:123456789012:alarms']],
    ['S3BucketName', ['', 'finally-ai-models'], ['Bucket', 'ab', 'x/y']],
  ];
  for (const [name, good, bad] of cases) {
    for (const value of good) assert.ok(pattern(name).test(value), `${name} accepts ${JSON.stringify(value)}`);
    for (const value of bad) assert.not.ok(pattern(name).test(value), `${name} refuses ${JSON.stringify(value)}`);
  }
});

test('Rules: one per Fargate CPU value, asserting the allowed memories for it', () => {
  const rules = section('Rules');
  const fargate = Object.keys(rules).filter((id) => id.startsWith('FargateMemoryFor'));
  assert.equal(fargate, Object.keys(FARGATE_SIZES).map((cpu) => `FargateMemoryFor${cpu}Cpu`));
  for (const [cpu, memories] of Object.entries(FARGATE_SIZES)) {
    assert.equal(rules[`FargateMemoryFor${cpu}Cpu`], {
      RuleCondition: { 'Fn::Equals': [ref('TaskCpu'), cpu] },
      Assertions: [
        {
          Assert: { 'Fn::Contains': [memories.map(String), ref('TaskMemory')] },
          AssertDescription: `With ${cpu} CPU units, TaskMemory must be ${describeValues(memories, 'MiB')}`,
        },
      ],
    });
  }
  const description = (cpu: number) => ((rules[`FargateMemoryFor${cpu}Cpu`] as JsonObject)['Assertions'] as JsonObject[])[0]!['AssertDescription'];
  assert.is(description(256), 'With 256 CPU units, TaskMemory must be 512, 1024 or 2048 MiB');
  assert.is(description(8192), 'With 8192 CPU units, TaskMemory must be 16384 to 61440 MiB in steps of 4096');
  assert.equal(rules['IngressSourceGiven'], {
    Assertions: [
      {
        Assert: { 'Fn::Not': [{ 'Fn::And': slotIds.map((id) => ({ 'Fn::Equals': [ref(id), ''] })) }] },
        AssertDescription: "Give an allowed security group (the ALB's), CIDR or prefix list: else nothing reaches the tasks",
      },
    ],
  });
  assert.equal(rules['ExistingNamespaceGiven'], {
    RuleCondition: { 'Fn::Equals': [ref('NamespaceMode'), 'existing'] },
    Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Equals': [ref('ExistingNamespaceId'), ''] }] }, AssertDescription: 'NamespaceMode existing needs ExistingNamespaceId' }],
  });
  assert.is(Object.keys(rules).length, 9);
});

test('parameter groups and labels: every parameter once, each labelled', () => {
  const ui = (section('Metadata')['AWS::CloudFormation::Interface'] as JsonObject);
  const groups = ui['ParameterGroups'] as { Label: { default: string }; Parameters: string[] }[];
  assert.equal(groups.map((g) => g.Label.default), [
    'Project',
    'Container',
    'Cluster and network',
    'Load balancer routing',
    'Who may reach the tasks',
    'Auto scaling',
    'Deployment',
    'Service discovery',
    'Logging and alarms',
    'Application permissions',
  ]);
  const all = groups.flatMap((g) => g.Parameters);
  assert.equal([...all].sort(), [...view.parameterNames].sort());
  assert.is(new Set(all).size, all.length, 'each parameter in one group');
  const labels = ui['ParameterLabels'] as Record<string, { default: string }>;
  assert.equal(Object.keys(labels).sort(), [...view.parameterNames].sort());
  assert.equal(labels['TaskMemory'], { default: 'Task memory (MiB)' });
  assert.equal(labels['ListenerArn'], { default: 'ALB listener ARN' });
  assert.equal(labels['AllowedCidr2Ports'], { default: 'Allowed CIDR 2 ports' });
});

test('conditions for each optional part, and what they guard', () => {
  const notEmpty = (name: string) => ({ 'Fn::Not': [{ 'Fn::Equals': [ref(name), ''] }] });
  const listGiven = (name: string) => ({ 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', ref(name)] }, ''] }] });
  const slotConditions = Object.fromEntries(
    slotKeys.flatMap(({ kind, n }) => [
      [`Allowed${kind}${n}OnContainerPort`, { 'Fn::Equals': [ref(`Allowed${kind}${n}Ports`), ''] }],
      [`HasAllowed${kind}${n}`, notEmpty(sourceId(kind, n))],
    ]),
  );
  assert.equal(view.conditions, {
    HasS3Bucket: notEmpty('S3BucketName'),
    CreateLogsKey: { 'Fn::Equals': [ref('LogsKmsKeyArn'), ''] },
    HasAlarmTopic: notEmpty('AlarmTopicArn'),
    HasTaskRoleManagedPolicies: listGiven('TaskRoleManagedPolicyArns'),
    HasTaskRolePolicies: listGiven('TaskRolePolicyArns'),
    GrantS3Read: { 'Fn::And': [{ Condition: 'HasS3Bucket' }, { 'Fn::Equals': [ref('S3BucketAccess'), 'read'] }] },
    GrantS3ReadWrite: { 'Fn::And': [{ Condition: 'HasS3Bucket' }, { 'Fn::Equals': [ref('S3BucketAccess'), 'readwrite'] }] },
    CreateNamespace: { 'Fn::Equals': [ref('NamespaceMode'), 'new'] },
    NoContainerCpu: { 'Fn::Equals': [ref('ContainerCpu'), '0'] },
    NoContainerMemory: { 'Fn::Equals': [ref('ContainerMemory'), '0'] },
    HasEnvironmentVariable1: notEmpty('EnvironmentVariable1Name'),
    HasEnvironmentVariable2: notEmpty('EnvironmentVariable2Name'),
    HasEnvironmentVariable3: notEmpty('EnvironmentVariable3Name'),
    HasDeploymentNonce: notEmpty('DeploymentNonce'),
    ...slotConditions,
  });
  const guarded = view.resources.filter((r) => r.resource['Condition']).map((r) => [r.id, r.resource['Condition']]);
  assert.equal(guarded, [
    ['LogsKey', 'CreateLogsKey'],
    ['LogsKeyAlias', 'CreateLogsKey'],
    ['Namespace', 'CreateNamespace'],
    ...slotKeys.map(({ kind, n }) => [ruleId(kind, n), `HasAllowed${kind}${n}`]),
  ]);
  // Optional values chosen in place.
  view.resource('AWS::Logs::LogGroup', {
    KmsKeyId: { 'Fn::If': ['CreateLogsKey', { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, ref('LogsKmsKeyArn')] },
    RetentionInDays: ref('LogRetentionDays'),
    LogGroupName: { 'Fn::Sub': '/ecs/${ProjectName}-${Environment}' },
    Tags: tags,
  });
  view.resource('AWS::ServiceDiscovery::Service', {
    Name: ref('ProjectName'),
    NamespaceId: { 'Fn::If': ['CreateNamespace', { 'Fn::GetAtt': ['Namespace', 'Id'] }, ref('ExistingNamespaceId')] },
    DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 10 }] },
  });
  view.resource('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: ref('NamespaceName'), Vpc: ref('VpcId') });
  // The seed's managed_policies and task_role_policy: either list, both joined, or none.
  const both = { 'Fn::Split': [',', { 'Fn::Join': [',', [{ 'Fn::Join': [',', ref('TaskRoleManagedPolicyArns')] }, { 'Fn::Join': [',', ref('TaskRolePolicyArns')] }]] }] };
  assert.equal(view.byId('TaskRole').properties['ManagedPolicyArns'], {
    'Fn::If': [
      'HasTaskRoleManagedPolicies',
      { 'Fn::If': ['HasTaskRolePolicies', both, ref('TaskRoleManagedPolicyArns')] },
      { 'Fn::If': ['HasTaskRolePolicies', ref('TaskRolePolicyArns'), ref('AWS::NoValue')] },
    ],
  });
});

const statementsOf = (policy: Json) => ((policy as JsonObject)['PolicyDocument'] as JsonObject)['Statement'];

test('IAM: the execution role pulls images and writes its own log group; the task role gets S3 only when asked', () => {
  const execution = view.byId('TaskExecutionRole').properties;
  assert.equal(statementsOf((execution['Policies'] as Json[])[0]!), [
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': ['TaskLogGroup', 'Arn'] }] },
    { Sid: 'AuthenticateToEcr', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
    {
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*' }],
    },
  ]);
  assert.is(execution['ManagedPolicyArns'], undefined);
  const task = view.byId('TaskRole').properties;
  const bucket = { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${S3BucketName}' };
  const objects = { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${S3BucketName}/*' };
  assert.equal(task['Policies'], [
    {
      'Fn::If': [
        'GrantS3Read',
        {
          PolicyName: 'S3Read',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucket] },
              { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [objects] },
            ],
          },
        },
        ref('AWS::NoValue'),
      ],
    },
    {
      'Fn::If': [
        'GrantS3ReadWrite',
        {
          PolicyName: 'S3ReadWrite',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucket] },
              { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [objects] },
            ],
          },
        },
        ref('AWS::NoValue'),
      ],
    },
  ]);
  for (const role of [execution, task]) {
    assert.equal((role['AssumeRolePolicyDocument'] as JsonObject)['Statement'], [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: ['sts:AssumeRole'],
        Condition: {
          StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
          ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*' } },
        },
      },
    ]);
  }
});

test('the task definition: size, image and port from parameters, read-only root, /tmp volume, the team\'s variables', () => {
  const variable = (n: number) => ({ 'Fn::If': [`HasEnvironmentVariable${n}`, { Name: ref(`EnvironmentVariable${n}Name`), Value: ref(`EnvironmentVariable${n}Value`) }, ref('AWS::NoValue')] });
  view.resource('AWS::ECS::TaskDefinition', {
    Family: { 'Fn::Sub': '${ProjectName}-${Environment}' },
    Cpu: ref('TaskCpu'),
    Memory: ref('TaskMemory'),
    NetworkMode: 'awsvpc',
    RequiresCompatibilities: ['FARGATE'],
    Volumes: [{ Name: 'tmp' }],
    ContainerDefinitions: [
      {
        Name: ref('ContainerName'),
        Image: ref('ContainerImage'),
        Essential: true,
        ReadonlyRootFilesystem: true,
        Cpu: { 'Fn::If': ['NoContainerCpu', ref('AWS::NoValue'), ref('ContainerCpu')] },
        Memory: { 'Fn::If': ['NoContainerMemory', ref('AWS::NoValue'), ref('ContainerMemory')] },
        PortMappings: [{ ContainerPort: ref('ContainerPort'), HostPort: ref('ContainerPort'), Protocol: 'tcp' }],
        Environment: [{ Name: 'PROJECT', Value: ref('ProjectName') }, { Name: 'ENVIRONMENT', Value: ref('Environment') }, variable(1), variable(2), variable(3)],
        MountPoints: [{ SourceVolume: 'tmp', ContainerPath: '/tmp', ReadOnly: false }],
        LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': ref('TaskLogGroup'), 'awslogs-region': ref('AWS::Region'), 'awslogs-stream-prefix': ref('ContainerName') } },
      },
    ],
    Tags: tags,
  });
});

test('security group: HTTPS egress only; one ingress rule per given source, on its ports or the container port', () => {
  assert.equal(view.byId('SecurityGroup').properties, {
    GroupDescription: 'Tasks of the microservice',
    VpcId: ref('VpcId'),
    SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS: image pulls and AWS APIs' }],
    Tags: tags,
  });
  const sourceProperty = { SecurityGroup: 'SourceSecurityGroupId', Cidr: 'CidrIp', PrefixList: 'SourcePrefixListId' } as const;
  for (const [kind, property] of Object.entries(sourceProperty)) {
    for (let n = 1; n <= INGRESS_SLOTS_PER_KIND; n++) {
      const id = `Allowed${kind}${n}`;
      const bound = (index: number) => ({ 'Fn::If': [`${id}OnContainerPort`, ref('ContainerPort'), { 'Fn::Select': [index, { 'Fn::Split': ['-', { 'Fn::Sub': `\${${id}Ports}-\${${id}Ports}` }] }] }] });
      assert.equal(view.byId(ruleId(kind, n)).properties, {
        GroupId: ref('SecurityGroup'),
        IpProtocol: 'tcp',
        FromPort: bound(0),
        ToPort: bound(1),
        [property]: ref(sourceId(kind, n)),
        Description: ref(`${id}Description`),
      });
    }
  }
});

test('an ingress slot\'s ports: empty is the container port, one port is itself, a range its two ends', () => {
  const rule = view.byId('IngressFromCidr2').properties as JsonObject;
  const portsOf = (given: string, containerPort = '8080') => {
    const values = launchValues(new Map([['AllowedCidr2Ports', given], ['ContainerPort', containerPort]]));
    return [evaluate(rule['FromPort']!, values), evaluate(rule['ToPort']!, values)];
  };
  assert.equal(portsOf(''), ['8080', '8080']);
  assert.equal(portsOf('', '80'), ['80', '80']);
  assert.equal(portsOf('443'), ['443', '443']);
  assert.equal(portsOf('9100-9102'), ['9100', '9102']);
  assert.equal(portsOf('1-65535'), ['1', '65535']);
});

test('seed 002 tags: Project and Environment on every resource that takes tags; the others take none', () => {
  const untagged = view.resources.filter((r) => !r.properties['Tags']).map((r) => `${r.id} ${r.type}`);
  assert.equal(untagged.map((u) => u.split(' ')[1]).filter((type, i, all) => all.indexOf(type) === i).sort(), [
    'AWS::ApplicationAutoScaling::ScalingPolicy',
    'AWS::EC2::SecurityGroupIngress',
    'AWS::KMS::Alias',
  ]);
  for (const r of view.resources.filter((r) => r.properties['Tags'])) assert.equal(r.properties['Tags'], tags, r.id);
});

test('listener rule on the existing listener, forwarding to the target group on the container port, HTTP or HTTPS to the tasks', () => {
  assert.equal(view.byId('ListenerRule').properties, {
    ListenerArn: ref('ListenerArn'),
    Priority: ref('ListenerRulePriority'),
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [ref('PathPattern')] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: ref('TargetGroup') }],
    Tags: tags,
  });
  view.resource('AWS::ElasticLoadBalancingV2::TargetGroup', {
    VpcId: ref('VpcId'),
    Port: ref('ContainerPort'),
    Protocol: ref('TargetGroupProtocol'),
    HealthCheckProtocol: ref('TargetGroupProtocol'),
    TargetType: 'ip',
    HealthCheckPath: ref('HealthCheckPath'),
    Matcher: { HttpCode: '200' },
    Name: absent,
    Tags: tags,
  });
});

test('the service: existing cluster, private subnets, circuit breaker, target group, Cloud Map, the count left to the scaler', () => {
  const service = view.byId('Service', 'AWS::ECS::Service');
  assert.equal(service.resource['DependsOn'], ['ListenerRule']);
  assert.equal(service.properties, {
    Cluster: ref('ClusterName'),
    ServiceName: { 'Fn::Sub': '${ProjectName}-${Environment}' },
    SchedulingStrategy: 'REPLICA',
    DeploymentController: { Type: 'ECS' },
    DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    EnableECSManagedTags: true,
    PropagateTags: 'SERVICE',
    EnableExecuteCommand: false,
    HealthCheckGracePeriodSeconds: 60,
    LaunchType: 'FARGATE',
    PlatformVersion: 'LATEST',
    TaskDefinition: ref('TaskDefinition'),
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ref('SubnetIds'), SecurityGroups: [ref('SecurityGroup')], AssignPublicIp: 'DISABLED' } },
    LoadBalancers: [{ ContainerName: ref('ContainerName'), ContainerPort: ref('ContainerPort'), TargetGroupArn: ref('TargetGroup') }],
    ServiceRegistries: [{ RegistryArn: { 'Fn::GetAtt': ['Discovery', 'Arn'] } }],
    ForceNewDeployment: { 'Fn::If': ['HasDeploymentNonce', { EnableForceNewDeployment: true, ForceNewDeploymentNonce: ref('DeploymentNonce') }, ref('AWS::NoValue')] },
    Tags: tags,
  });
});

test('CPU step scaling: target, two step policies, two alarms that notify the topic when given', () => {
  const serviceParts = { 'Fn::Split': ['/', ref('Service')] };
  assert.equal(view.byId('ScalableTarget').properties, {
    ServiceNamespace: 'ecs',
    ScalableDimension: 'ecs:service:DesiredCount',
    ResourceId: { 'Fn::Join': ['/', ['service', { 'Fn::Select': [1, serviceParts] }, { 'Fn::Select': [2, serviceParts] }]] },
    MinCapacity: ref('MinCapacity'),
    MaxCapacity: ref('MaxCapacity'),
    Tags: tags,
  });
  const policy = (name: string, adjustment: number, bound: string) => ({
    PolicyName: name,
    PolicyType: 'StepScaling',
    ScalingTargetId: ref('ScalableTarget'),
    StepScalingPolicyConfiguration: {
      AdjustmentType: 'ChangeInCapacity',
      Cooldown: ref('ScalingCooldown'),
      MetricAggregationType: 'Average',
      StepAdjustments: [{ [bound]: 0, ScalingAdjustment: adjustment }],
    },
  });
  assert.equal(view.byId('ScalingScaleOut').properties, policy('cpu-step-scale-out', 1, 'MetricIntervalLowerBound'));
  assert.equal(view.byId('ScalingScaleIn').properties, policy('cpu-step-scale-in', -1, 'MetricIntervalUpperBound'));
  const notify = { 'Fn::If': ['HasAlarmTopic', ref('AlarmTopicArn'), ref('AWS::NoValue')] };
  const alarm = (suffix: string, description: string, threshold: string, operator: string, period: string, evaluations: string, action: string) => ({
    AlarmName: { 'Fn::Sub': `\${ProjectName}-\${Environment}-${suffix}` },
    AlarmDescription: description,
    Namespace: 'AWS/ECS',
    MetricName: 'CPUUtilization',
    Dimensions: [
      { Name: 'ClusterName', Value: { 'Fn::Select': [1, serviceParts] } },
      { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } },
    ],
    Statistic: 'Average',
    Period: ref(period),
    EvaluationPeriods: ref(evaluations),
    Threshold: ref(threshold),
    ComparisonOperator: operator,
    TreatMissingData: 'missing',
    AlarmActions: [ref(action), notify],
    OKActions: [notify],
    Tags: tags,
  });
  assert.equal(
    view.byId('ScalingCpuHighAlarm').properties,
    alarm('cpu-high', 'Service CPU at or above the scale-out threshold: add 1 task(s)', 'CpuHighThreshold', 'GreaterThanOrEqualToThreshold', 'CpuHighPeriod', 'CpuHighEvaluationPeriods', 'ScalingScaleOut'),
  );
  assert.equal(
    view.byId('ScalingCpuLowAlarm').properties,
    alarm('cpu-low', 'Service CPU at or below the scale-in threshold: remove 1 task(s)', 'CpuLowThreshold', 'LessThanOrEqualToThreshold', 'CpuLowPeriod', 'CpuLowEvaluationPeriods', 'ScalingScaleIn'),
  );
});

test("the seed's outputs: service name, task definition, security group, alarm ARNs", () => {
  const value = (name: string) => view.output(name)['Value'];
  assert.equal(view.outputNames, ['ServiceName', 'ServiceArn', 'TaskDefinitionArn', 'SecurityGroupId', 'TargetGroupArn', 'LogGroupName', 'NamespaceId', 'CpuHighAlarmArn', 'CpuLowAlarmArn', 'AlarmArns']);
  assert.equal(value('ServiceName'), { 'Fn::GetAtt': ['Service', 'Name'] });
  assert.equal(value('TaskDefinitionArn'), ref('TaskDefinition'));
  assert.equal(value('SecurityGroupId'), ref('SecurityGroup'));
  assert.equal(value('AlarmArns'), { 'Fn::Join': [',', [{ 'Fn::GetAtt': ['ScalingCpuHighAlarm', 'Arn'] }, { 'Fn::GetAtt': ['ScalingCpuLowAlarm', 'Arn'] }]] });
  assert.equal(value('NamespaceId'), { 'Fn::If': ['CreateNamespace', { 'Fn::GetAtt': ['Namespace', 'Id'] }, ref('ExistingNamespaceId')] });
});

// ---- Parameter files: what `aws cloudformation deploy --parameter-overrides file://<file>` reads.

const FILES_DIR = resolve(import.meta.dirname, '../../build/products/microservice');
const files = readdirSync(FILES_DIR).filter((f) => f.endsWith('.json')).sort();

/** AWS CLI v1 `deploy --parameter-overrides` takes `Key=Value` strings; from a file, a JSON list of them. */
function readOverrides(file: string): Map<string, string> {
  const data = JSON.parse(readFileSync(resolve(FILES_DIR, file), 'utf8')) as unknown;
  assert.ok(Array.isArray(data), `${file} is a JSON list`);
  const values = new Map<string, string>();
  for (const item of data as unknown[]) {
    assert.type(item, 'string', `${file}: ${JSON.stringify(item)} is a "Key=Value" string`);
    const at = (item as string).indexOf('=');
    assert.ok(at > 0, `${file}: ${JSON.stringify(item)} has a key and a value`);
    const key = (item as string).slice(0, at);
    assert.not.ok(values.has(key), `${file}: ${key} is given once`);
    values.set(key, (item as string).slice(at + 1));
  }
  return values;
}

/** The launch's parameter values: the file's, else the defaults. */
function launchValues(overrides: Map<string, string>): Map<string, string> {
  const values = new Map<string, string>();
  for (const name of view.parameterNames) {
    const given = overrides.get(name);
    const fallback = view.parameter(name)['Default'];
    if (given !== undefined) values.set(name, given);
    else if (fallback !== undefined) values.set(name, String(fallback));
  }
  return values;
}

/** Evaluates a Rules or Conditions expression, or a value built of Fn::If, Sub, Split and Select, over parameter values. */
function evaluate(expr: Json, values: Map<string, string>): Json {
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) return Array.isArray(expr) ? expr.map((e) => evaluate(e, values)) : expr;
  const [fn, args] = Object.entries(expr)[0]!;
  const list = args as Json[];
  switch (fn) {
    case 'Ref':
      return values.get(args as string) ?? null;
    case 'Fn::Equals':
      return evaluate(list[0]!, values) === evaluate(list[1]!, values);
    case 'Fn::Not':
      return !evaluate(list[0]!, values);
    case 'Fn::And':
      return list.every((e) => evaluate(e, values) === true);
    case 'Fn::Or':
      return list.some((e) => evaluate(e, values) === true);
    case 'Fn::Contains':
      return (evaluate(list[0]!, values) as Json[]).includes(evaluate(list[1]!, values));
    case 'Condition':
      return evaluate(view.conditions[args as string] as Json, values);
    case 'Fn::If':
      return evaluate(list[evaluate(view.conditions[list[0] as string] as Json, values) === true ? 1 : 2]!, values);
    case 'Fn::Sub':
      return (args as string).replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name: string) => values.get(name) ?? '');
    case 'Fn::Split':
      return String(evaluate(list[1]!, values)).split(list[0] as string);
    case 'Fn::Select':
      return (evaluate(list[1]!, values) as Json[])[list[0] as number]!;
    default:
      throw new Error(`rule function ${fn} is not evaluated by this test`);
  }
}

test('the parameter files are the seed examples', () => {
  assert.equal(files, ['ai-service-production.json', 'ai-service-staging.json']);
});

for (const file of files) {
  test(`${file}: keys are template parameters, values meet their constraints and the Rules`, () => {
    const overrides = readOverrides(file);
    for (const key of overrides.keys()) assert.ok(view.parameterNames.includes(key), `${file}: ${key} is a parameter of the template`);
    const values = launchValues(overrides);
    for (const name of view.parameterNames) {
      const p = view.parameter(name);
      const value = values.get(name);
      assert.ok(value !== undefined, `${file}: ${name} has no default and must be given`);
      const items = (p['Type'] as string).startsWith('List<') || p['Type'] === 'CommaDelimitedList' ? value!.split(',') : [value!];
      for (const item of items) {
        if (p['AllowedValues']) assert.ok((p['AllowedValues'] as Json[]).map(String).includes(item), `${file}: ${name}=${item} is an allowed value`);
        if (p['AllowedPattern']) assert.ok(new RegExp(p['AllowedPattern'] as string).test(item), `${file}: ${name}=${item} matches ${p['AllowedPattern']}`);
        if (p['Type'] === 'Number') {
          const n = Number(item);
          assert.ok(Number.isFinite(n), `${file}: ${name}=${item} is a number`);
          if (p['MinValue'] !== undefined) assert.ok(n >= (p['MinValue'] as number), `${file}: ${name}=${item} >= ${p['MinValue']}`);
          if (p['MaxValue'] !== undefined) assert.ok(n <= (p['MaxValue'] as number), `${file}: ${name}=${item} <= ${p['MaxValue']}`);
        }
        if (p['Type'] === 'AWS::EC2::VPC::Id') assert.match(item, /^vpc-[0-9a-f]{8,17}$/);
        if (p['Type'] === 'List<AWS::EC2::Subnet::Id>') assert.match(item, /^subnet-[0-9a-f]{8,17}$/);
      }
    }
    // Rules: every assertion holds where its condition does; a wrong Fargate pair would fail here.
    for (const [id, rule] of Object.entries(section('Rules'))) {
      const { RuleCondition, Assertions } = rule as { RuleCondition?: Json; Assertions: { Assert: Json }[] };
      if (RuleCondition !== undefined && evaluate(RuleCondition, values) !== true) continue;
      for (const assertion of Assertions) assert.ok(evaluate(assertion.Assert, values) === true, `${file}: rule ${id} holds`);
    }
    // Numbers the Rules cannot compare.
    const n = (name: string) => Number(values.get(name));
    assert.ok(n('MinCapacity') <= n('MaxCapacity'), `${file}: min <= max`);
    assert.ok(n('ContainerCpu') <= n('TaskCpu') && n('ContainerMemory') <= n('TaskMemory'), `${file}: the container fits its task`);
    assert.ok(n('CpuLowThreshold') < n('CpuHighThreshold'), `${file}: scale-in below scale-out`);
  });
}

test('the rule evaluator catches a wrong Fargate pair and a missing ingress source', () => {
  const values = launchValues(new Map([['TaskCpu', '256'], ['TaskMemory', '4096']]));
  const rules = section('Rules');
  const holds = (id: string) => {
    const rule = rules[id] as { RuleCondition?: Json; Assertions: { Assert: Json }[] };
    return (rule.RuleCondition !== undefined && evaluate(rule.RuleCondition, values) !== true) || rule.Assertions.every((a) => evaluate(a.Assert, values) === true);
  };
  assert.not.ok(holds('FargateMemoryFor256Cpu'));
  assert.ok(holds('FargateMemoryFor512Cpu'));
  assert.not.ok(holds('IngressSourceGiven'));
  values.set('NamespaceMode', 'existing');
  assert.not.ok(holds('ExistingNamespaceGiven'));
});

test('cfn-lint (JSON and YAML builds) and checkov are clean', () => {
  assert.equal(lintCompiled(built.result, buildEnvironment(product, 'template', 'yaml').result), []);
  assert.equal(checkovCompiled(built.result), []);
});

test.run();
