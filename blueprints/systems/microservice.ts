/**
 * Seed 002: one self-service template for every product team's microservice. What a team chooses
 * (image, size, scaling, routing, network, logging, permissions) is a deploy-time parameter; the
 * environments differ only by their parameter files. The ALB, the VPC and the ECS cluster are
 * external (parameters); the listener rule, target group, security group, task definition, service,
 * Cloud Map registration, scaling and alarms are the product's.
 *
 * Decisions:
 * - One template, no nested stacks: Service Catalog launches it as is (nested children would have
 *   to be published first), and the resources are few. It stays under 51,200 bytes as JSON, so
 *   `aws cloudformation deploy` takes it without an S3 bucket.
 * - Fargate CPU/memory pairs are checked by the Rules section the task blueprint writes for two
 *   parameters (one rule per CPU value, from FARGATE_SIZES); the parameters' AllowedValues only
 *   list the values. Rules cannot compare numbers, so min <= desired <= max and low < high CPU are
 *   documented, not enforced.
 * - Logs are always KMS-encrypted: with the key given, or with a key the product makes.
 * - The seed's default managed policy (AmazonEC2ContainerRegistryPullOnly) is an execution-role
 *   concern: the execution role already holds least-privilege ECR pull statements (the image is a
 *   parameter, so: the account's repositories in this region), so the task role has no managed
 *   policy unless the team names some.
 * - Ingress is admitted only from what the team names (a security group, a CIDR, a prefix list),
 *   each on the container port; a rule requires at least one of them (else the ALB cannot reach
 *   the tasks). Egress is HTTPS only.
 * - The ECS service is declared here rather than through blueprints/ecs/service: that blueprint
 *   takes literal ports and counts and inline peer rules, and here the container port, the desired
 *   count, the ingress sources and the namespace are deploy-time choices. The task, target group,
 *   listener rule, namespace, discovery service, scalable target and step scaling are the blueprints'.
 * - DesiredCount is set, as in the seed: a stack update resets the running count to it, and the
 *   scalable target then moves it back within MinCapacity..MaxCapacity.
 * - The container is named `app`; it writes only to `/tmp` (a task volume), its root filesystem is read-only.
 */
import { Aws, Fn, s, type CfnValue, type ConditionHandle, type ParameterHandle, type Stack, type Tok } from '../../dsl/index.js';
import { dnsService } from '../discovery/dns-service.js';
import { privateDnsNamespace } from '../discovery/private-dns-namespace.js';
import { clusterNameOf, scalableTarget } from '../ecs/scaling/scalable-target.js';
import { stepScaling, type StepScaling } from '../ecs/scaling/step-scaling.js';
import { FARGATE_CPU_VALUES, FARGATE_MEMORY_VALUES, LOG_RETENTION_DAYS, fargateTask, s3Statements } from '../ecs/task/index.js';
import { policyDocument } from '../iam/index.js';
import { logsKey } from '../kms/index.js';
import { existingListener } from '../loadbalancer/existing-listener.js';
import { listenerRule } from '../loadbalancer/listener-rule.js';
import { targetGroup } from '../loadbalancer/target-group.js';

export const MicroserviceInput = s.object({
  /** Template description. Default: the product's own. */
  description: s.optional(s.string({ max: 1024 })),
});
export type MicroserviceProps = s.Input<typeof MicroserviceInput>;

/** Name of the one container of the task. */
export const CONTAINER_NAME = 'app';

/** The Memory parameter's AllowedValues: every memory value some Fargate CPU value accepts. */
export { FARGATE_MEMORY_VALUES, describeValues } from '../ecs/task/index.js';

/** Alarm periods in seconds: ECS publishes CPU once a minute, so a shorter period has no data. */
export const ALARM_PERIODS: readonly number[] = [60, 120, 180, 300, 600, 900, 1800, 3600];
/**
 * Said of the period parameters. Without it, the step scaling input's own description (any CloudWatch
 * alarm period: 10, 30 or a multiple of 60) would stand for them, which is wider than what they allow.
 */
const ALARM_PERIOD_CONSTRAINT = `one of ${ALARM_PERIODS.join(', ')} seconds`;

const ARN_PARTITION = 'arn:aws[a-z-]*';
const OPTIONAL = (pattern: string) => `^(${pattern})?$`;

export interface MicroserviceParameters {
  project: ParameterHandle;
  environment: ParameterHandle;
  image: ParameterHandle;
  containerPort: ParameterHandle;
  cpu: ParameterHandle;
  memory: ParameterHandle;
  cluster: ParameterHandle;
  vpcId: ParameterHandle;
  subnetIds: ParameterHandle;
  listenerArn: ParameterHandle;
  rulePriority: ParameterHandle;
  pathPattern: ParameterHandle;
  healthCheckPath: ParameterHandle;
  allowedSecurityGroupId: ParameterHandle;
  allowedCidr: ParameterHandle;
  allowedPrefixListId: ParameterHandle;
  desiredCount: ParameterHandle;
  minCapacity: ParameterHandle;
  maxCapacity: ParameterHandle;
  cpuHighThreshold: ParameterHandle;
  cpuHighPeriod: ParameterHandle;
  cpuHighEvaluationPeriods: ParameterHandle;
  cpuLowThreshold: ParameterHandle;
  cpuLowPeriod: ParameterHandle;
  cpuLowEvaluationPeriods: ParameterHandle;
  scalingCooldown: ParameterHandle;
  namespaceMode: ParameterHandle;
  namespaceName: ParameterHandle;
  existingNamespaceId: ParameterHandle;
  logRetentionDays: ParameterHandle;
  logsKmsKeyArn: ParameterHandle;
  alarmTopicArn: ParameterHandle;
  managedPolicyArns: ParameterHandle;
  s3BucketName: ParameterHandle;
  s3BucketAccess: ParameterHandle;
}

/** The deploy-time parameters, with their console groups and labels. */
export function microserviceParameters(root: Stack): MicroserviceParameters {
  const p = (id: string, def: Parameters<Stack['parameter']>[1]) => root.parameter(id, def);
  const params: MicroserviceParameters = {
    project: p('ProjectName', {
      Type: 'String',
      Default: 'my-workload',
      AllowedPattern: '^[a-z][a-z0-9-]{0,30}[a-z0-9]$',
      ConstraintDescription: '2 to 32 lower-case letters, digits and inner hyphens, starting with a letter',
      Description: 'Service name: names the ECS service, task family, log group and DNS record',
      Label: 'Project name',
    }),
    environment: p('Environment', {
      Type: 'String',
      Default: 'development',
      AllowedValues: ['development', 'staging', 'production'],
      Description: 'Deployment environment',
      Label: 'Environment',
    }),
    image: p('ContainerImage', {
      Type: 'String',
      AllowedPattern: '^[a-z0-9][a-z0-9.-]*(:[0-9]+)?/[a-z0-9._/-]+(:[\\w][\\w.-]{0,127}|@sha256:[a-f0-9]{64})$',
      ConstraintDescription: 'an image URI with a registry, a repository and a tag or digest',
      Description: 'Image URI with a tag or digest',
      Label: 'Container image',
    }),
    containerPort: p('ContainerPort', {
      Type: 'Number',
      Default: 80,
      MinValue: 1,
      MaxValue: 65535,
      Description: 'Port the container listens on',
      Label: 'Container port',
    }),
    cpu: p('TaskCpu', {
      Type: 'String',
      Default: '512',
      AllowedValues: FARGATE_CPU_VALUES.map(String),
      Description: 'Task CPU units (1024 = 1 vCPU)',
      Label: 'Task CPU units',
    }),
    memory: p('TaskMemory', {
      Type: 'String',
      Default: '1024',
      AllowedValues: FARGATE_MEMORY_VALUES.map(String),
      Description: 'Task memory in MiB, valid for the CPU (the Rules check the pair)',
      Label: 'Task memory (MiB)',
    }),
    cluster: p('ClusterName', {
      Type: 'String',
      AllowedPattern: `^(${ARN_PARTITION}:ecs:[a-z0-9-]+:[0-9]{12}:cluster/)?[A-Za-z0-9_-]{1,255}$`,
      ConstraintDescription: 'an ECS cluster name or ARN',
      Description: 'Existing ECS cluster (name or ARN)',
      Label: 'ECS cluster',
    }),
    vpcId: p('VpcId', { Type: 'AWS::EC2::VPC::Id', Description: 'VPC of the cluster and the load balancer', Label: 'VPC' }),
    subnetIds: p('SubnetIds', {
      Type: 'List<AWS::EC2::Subnet::Id>',
      Description: 'Private subnets for the tasks',
      Label: 'Task subnets',
    }),
    listenerArn: p('ListenerArn', {
      Type: 'String',
      AllowedPattern: `^${ARN_PARTITION}:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/app/[A-Za-z0-9-]+/[0-9a-f]+/[0-9a-f]+$`,
      ConstraintDescription: 'an Application Load Balancer listener ARN',
      Description: 'Listener of the existing ALB',
      Label: 'ALB listener ARN',
    }),
    rulePriority: p('ListenerRulePriority', {
      Type: 'Number',
      MinValue: 1,
      MaxValue: 50000,
      Description: 'Listener rule priority, unique on the listener',
      Label: 'Listener rule priority',
    }),
    pathPattern: p('PathPattern', {
      Type: 'String',
      Default: '/*',
      AllowedPattern: '^/[!-~]{0,127}$',
      ConstraintDescription: 'a path pattern starting with / (at most 128 characters)',
      Description: 'Paths routed to this service, e.g. /api/*',
      Label: 'Path pattern',
    }),
    healthCheckPath: p('HealthCheckPath', {
      Type: 'String',
      Default: '/health',
      AllowedPattern: '^/[!-~]{0,1023}$',
      ConstraintDescription: 'a path starting with /',
      Description: 'Path the load balancer checks (200 is healthy)',
      Label: 'Health check path',
    }),
    allowedSecurityGroupId: p('AllowedSecurityGroupId', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL('sg-[0-9a-f]{8,17}'),
      ConstraintDescription: 'empty or a security group id (sg-...)',
      Description: "Security group admitted on the container port (the ALB's). Empty: none",
      Label: 'Allowed security group id',
    }),
    allowedCidr: p('AllowedCidr', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL('((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/([1-9]|[12][0-9]|3[0-2])'),
      ConstraintDescription: 'empty or an IPv4 CIDR, /1 to /32',
      Description: 'IPv4 network admitted on the container port. Empty: none',
      Label: 'Allowed CIDR',
    }),
    allowedPrefixListId: p('AllowedPrefixListId', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL('pl-[0-9a-f]{8,17}'),
      ConstraintDescription: 'empty or a managed prefix list id (pl-...)',
      Description: 'Managed prefix list admitted on the container port. Empty: none',
      Label: 'Allowed prefix list id',
    }),
    desiredCount: p('DesiredCount', {
      Type: 'Number',
      Default: 1,
      MinValue: 0,
      MaxValue: 5000,
      Description: 'Tasks to start with',
      Label: 'Desired task count',
    }),
    minCapacity: p('MinCapacity', { Type: 'Number', Default: 1, MinValue: 0, MaxValue: 5000, Description: 'Fewest tasks auto scaling keeps', Label: 'Minimum tasks' }),
    maxCapacity: p('MaxCapacity', { Type: 'Number', Default: 5, MinValue: 1, MaxValue: 5000, Description: 'Most tasks auto scaling runs', Label: 'Maximum tasks' }),
    cpuHighThreshold: p('CpuHighThreshold', {
      Type: 'Number',
      Default: 85,
      MinValue: 1,
      MaxValue: 100,
      Description: 'Average CPU % at or above which a task is added',
      Label: 'Scale-out CPU %',
    }),
    cpuHighPeriod: p('CpuHighPeriod', { Type: 'Number', Default: 60, AllowedValues: ALARM_PERIODS, ConstraintDescription: ALARM_PERIOD_CONSTRAINT, Description: 'Seconds per datapoint of the high-CPU alarm', Label: 'Scale-out period (s)' }),
    cpuHighEvaluationPeriods: p('CpuHighEvaluationPeriods', {
      Type: 'Number',
      Default: 3,
      MinValue: 1,
      MaxValue: 100,
      Description: 'Datapoints over the threshold before scaling out',
      Label: 'Scale-out evaluation periods',
    }),
    cpuLowThreshold: p('CpuLowThreshold', {
      Type: 'Number',
      Default: 10,
      MinValue: 0,
      MaxValue: 99,
      Description: 'Average CPU % at or below which a task is removed (below the scale-out %)',
      Label: 'Scale-in CPU %',
    }),
    cpuLowPeriod: p('CpuLowPeriod', { Type: 'Number', Default: 60, AllowedValues: ALARM_PERIODS, ConstraintDescription: ALARM_PERIOD_CONSTRAINT, Description: 'Seconds per datapoint of the low-CPU alarm', Label: 'Scale-in period (s)' }),
    cpuLowEvaluationPeriods: p('CpuLowEvaluationPeriods', {
      Type: 'Number',
      Default: 3,
      MinValue: 1,
      MaxValue: 100,
      Description: 'Datapoints under the threshold before scaling in',
      Label: 'Scale-in evaluation periods',
    }),
    scalingCooldown: p('ScalingCooldown', {
      Type: 'Number',
      Default: 60,
      MinValue: 0,
      MaxValue: 3600,
      Description: 'Seconds between scaling activities',
      Label: 'Scaling cooldown (s)',
    }),
    namespaceMode: p('NamespaceMode', {
      Type: 'String',
      Default: 'new',
      AllowedValues: ['new', 'existing'],
      Description: 'new: a Cloud Map private DNS namespace on the VPC; existing: the one given by id',
      Label: 'Service discovery namespace',
    }),
    namespaceName: p('NamespaceName', {
      Type: 'String',
      Default: 'my-workload.local',
      AllowedPattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
      ConstraintDescription: 'a lower-case DNS domain name',
      Description: 'Domain of a new namespace; tasks answer at <project>.<domain>',
      Label: 'New namespace domain',
    }),
    existingNamespaceId: p('ExistingNamespaceId', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL('ns-[a-z0-9]{16,64}'),
      ConstraintDescription: 'empty or a Cloud Map namespace id (ns-...)',
      Description: 'Id of the existing private DNS namespace (NamespaceMode existing)',
      Label: 'Existing namespace id',
    }),
    logRetentionDays: p('LogRetentionDays', {
      Type: 'Number',
      Default: 365,
      AllowedValues: LOG_RETENTION_DAYS,
      Description: 'Days CloudWatch Logs keeps the container logs',
      Label: 'Log retention (days)',
    }),
    logsKmsKeyArn: p('LogsKmsKeyArn', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL(`${ARN_PARTITION}:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}`),
      ConstraintDescription: 'empty or a KMS key ARN',
      Description: 'KMS key for the log group (its policy must admit CloudWatch Logs). Empty: a new key',
      Label: 'Logs KMS key ARN',
    }),
    alarmTopicArn: p('AlarmTopicArn', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL(`${ARN_PARTITION}:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}`),
      ConstraintDescription: 'empty or an SNS topic ARN',
      Description: 'SNS topic the CPU alarms notify. Empty: none',
      Label: 'Alarm SNS topic ARN',
    }),
    managedPolicyArns: p('TaskRoleManagedPolicyArns', {
      Type: 'CommaDelimitedList',
      Default: '',
      Description: 'Managed policy ARNs for the task role, comma-separated. Empty: none',
      Label: 'Task role managed policies',
    }),
    s3BucketName: p('S3BucketName', {
      Type: 'String',
      Default: '',
      AllowedPattern: OPTIONAL('[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]'),
      ConstraintDescription: 'empty or an S3 bucket name',
      Description: 'S3 bucket the application may use. Empty: none',
      Label: 'S3 bucket name',
    }),
    s3BucketAccess: p('S3BucketAccess', {
      Type: 'String',
      Default: 'read',
      AllowedValues: ['read', 'readwrite'],
      Description: 'read: list and get objects; readwrite: also put and delete them',
      Label: 'S3 bucket access',
    }),
  };
  root.parameterGroup('Project', [params.project, params.environment]);
  root.parameterGroup('Container', [params.image, params.containerPort, params.cpu, params.memory]);
  root.parameterGroup('Cluster and network', [params.cluster, params.vpcId, params.subnetIds]);
  root.parameterGroup('Load balancer routing', [params.listenerArn, params.rulePriority, params.pathPattern, params.healthCheckPath]);
  root.parameterGroup('Who may reach the tasks', [params.allowedSecurityGroupId, params.allowedCidr, params.allowedPrefixListId]);
  root.parameterGroup('Auto scaling', [
    params.desiredCount,
    params.minCapacity,
    params.maxCapacity,
    params.cpuHighThreshold,
    params.cpuHighPeriod,
    params.cpuHighEvaluationPeriods,
    params.cpuLowThreshold,
    params.cpuLowPeriod,
    params.cpuLowEvaluationPeriods,
    params.scalingCooldown,
  ]);
  root.parameterGroup('Service discovery', [params.namespaceMode, params.namespaceName, params.existingNamespaceId]);
  root.parameterGroup('Logging and alarms', [params.logRetentionDays, params.logsKmsKeyArn, params.alarmTopicArn]);
  root.parameterGroup('Application permissions', [params.managedPolicyArns, params.s3BucketName, params.s3BucketAccess]);
  return params;
}

export interface MicroserviceConditions {
  createLogsKey: ConditionHandle;
  hasAlarmTopic: ConditionHandle;
  hasManagedPolicies: ConditionHandle;
  grantS3Read: ConditionHandle;
  grantS3ReadWrite: ConditionHandle;
  createNamespace: ConditionHandle;
  allowSecurityGroup: ConditionHandle;
  allowCidr: ConditionHandle;
  allowPrefixList: ConditionHandle;
}

function conditions(root: Stack, p: MicroserviceParameters): MicroserviceConditions {
  const given = (param: ParameterHandle) => Fn.not(Fn.equals(param.ref, ''));
  const hasS3Bucket = root.condition('HasS3Bucket', given(p.s3BucketName));
  return {
    createLogsKey: root.condition('CreateLogsKey', Fn.equals(p.logsKmsKeyArn.ref, '')),
    hasAlarmTopic: root.condition('HasAlarmTopic', given(p.alarmTopicArn)),
    hasManagedPolicies: root.condition('HasTaskRoleManagedPolicies', Fn.not(Fn.equals(Fn.join('', p.managedPolicyArns.ref), ''))),
    grantS3Read: root.condition('GrantS3Read', Fn.and(hasS3Bucket, Fn.equals(p.s3BucketAccess.ref, 'read'))),
    grantS3ReadWrite: root.condition('GrantS3ReadWrite', Fn.and(hasS3Bucket, Fn.equals(p.s3BucketAccess.ref, 'readwrite'))),
    createNamespace: root.condition('CreateNamespace', Fn.equals(p.namespaceMode.ref, 'new')),
    allowSecurityGroup: root.condition('AllowSecurityGroup', given(p.allowedSecurityGroupId)),
    allowCidr: root.condition('AllowCidr', given(p.allowedCidr)),
    allowPrefixList: root.condition('AllowPrefixList', given(p.allowedPrefixListId)),
  };
}

/** Rules beyond the Fargate sizes: the choices that only make sense together. */
function choiceRules(root: Stack, p: MicroserviceParameters): void {
  root.rule('IngressSourceGiven', {
    Assertions: [
      {
        Assert: Fn.not(Fn.and(Fn.equals(p.allowedSecurityGroupId.ref, ''), Fn.equals(p.allowedCidr.ref, ''), Fn.equals(p.allowedPrefixListId.ref, ''))),
        AssertDescription: "Give AllowedSecurityGroupId (the ALB's), AllowedCidr or AllowedPrefixListId: else nothing reaches the tasks",
      },
    ],
  });
  root.rule('ExistingNamespaceGiven', {
    RuleCondition: Fn.equals(p.namespaceMode.ref, 'existing'),
    Assertions: [{ Assert: Fn.not(Fn.equals(p.existingNamespaceId.ref, '')), AssertDescription: 'NamespaceMode existing needs ExistingNamespaceId' }],
  });
}

export interface Microservice {
  parameters: MicroserviceParameters;
  conditions: MicroserviceConditions;
}

export function microservice(root: Stack, props: MicroserviceProps = {}): Microservice {
  const input = s.parse(MicroserviceInput, props, 'microservice');
  root.description = input.description ?? 'Microservice on ECS Fargate behind an existing ALB listener';
  const p = microserviceParameters(root);
  choiceRules(root, p);
  const c = conditions(root, p);
  const name = Fn.sub`${p.project.ref}-${p.environment.ref}`;
  const tags = [
    { Key: 'Project', Value: p.project.ref },
    { Key: 'Environment', Value: p.environment.ref },
  ];

  // Logs: encrypted with the team's key, or with a key made here when none is given.
  const key = logsKey(root, 'LogsKey', { path: 'microservice.logsKey' });
  key.key.def.Condition = c.createLogsKey;
  key.alias.def.Condition = c.createLogsKey;

  const task = fargateTask(root, 'Task', {
    path: 'microservice.task',
    cpu: p.cpu.ref,
    memory: p.memory.ref,
    containers: [
      {
        name: CONTAINER_NAME,
        image: p.image.ref,
        portMappings: [{ containerPort: p.containerPort.ref }],
        environment: { PROJECT: p.project.ref, ENVIRONMENT: p.environment.ref },
        mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp' }],
    logging: { mode: 'managedGroup', retentionInDays: p.logRetentionDays.ref },
    logsKeyArn: Fn.if(c.createLogsKey, key.arn, p.logsKmsKeyArn.ref),
    taskRole: { managedPolicyArns: Fn.if(c.hasManagedPolicies, p.managedPolicyArns.ref, Aws.noValue) },
  });
  const definition = task.taskDefinition;
  definition.props.Family = name;
  definition.props.Tags = tags;
  const logGroup = task.logGroup!;
  logGroup.props.LogGroupName = Fn.sub`/ecs/${p.project.ref}-${p.environment.ref}`;
  logGroup.props.Tags = tags;

  // S3 access of the application: one inline policy per access level, each present only when chosen.
  const role = task.taskRole!;
  const s3Policy = (access: 'read' | 'readwrite') => ({
    PolicyName: access === 'read' ? 'S3Read' : 'S3ReadWrite',
    PolicyDocument: policyDocument(s3Statements('microservice.s3Bucket', [{ bucketName: p.s3BucketName.ref, access }])) as unknown as CfnValue,
  });
  // cloudform-types has no Fn::If for a list item of Policies; the compiler takes any CfnValue there.
  const conditional = [Fn.if(c.grantS3Read, s3Policy('read'), Aws.noValue), Fn.if(c.grantS3ReadWrite, s3Policy('readwrite'), Aws.noValue)];
  role.props.Policies = conditional as unknown as NonNullable<typeof role.props.Policies>;

  const securityGroup = serviceSecurityGroup(root, p, c, tags);

  const group = targetGroup(root, 'TargetGroup', {
    path: 'microservice.targetGroup',
    vpcId: p.vpcId.ref,
    port: p.containerPort.ref,
    healthCheck: { path: p.healthCheckPath.ref },
  });
  group.props.Tags = tags;
  const rule = listenerRule(root, 'ListenerRule', {
    path: 'microservice.listenerRule',
    listener: existingListener({ listenerArn: p.listenerArn.ref }),
    priority: p.rulePriority.ref,
    pathPatterns: [p.pathPattern.ref],
    targetGroupArn: group.ref,
  });

  const namespace = privateDnsNamespace(root, 'Namespace', { path: 'microservice.namespace', name: p.namespaceName.ref, vpcId: p.vpcId.ref });
  namespace.resource.def.Condition = c.createNamespace;
  const discovery = dnsService(root, 'Discovery', {
    path: 'microservice.discovery',
    name: p.project.ref,
    namespace: { kind: 'privateDns', namespaceId: Fn.if(c.createNamespace, namespace.namespaceId, p.existingNamespaceId.ref) },
  });

  const service = root.add('Service', {
    Type: 'AWS::ECS::Service',
    DependsOn: [rule],
    Properties: {
      ServiceName: name,
      Cluster: p.cluster.ref,
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      TaskDefinition: definition.ref,
      DesiredCount: p.desiredCount.ref,
      SchedulingStrategy: 'REPLICA',
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
      NetworkConfiguration: {
        AwsvpcConfiguration: { Subnets: p.subnetIds.ref, SecurityGroups: [securityGroup.ref], AssignPublicIp: 'DISABLED' },
      },
      LoadBalancers: [{ ContainerName: CONTAINER_NAME, ContainerPort: p.containerPort.ref, TargetGroupArn: group.ref }],
      HealthCheckGracePeriodSeconds: 60,
      ServiceRegistries: [{ RegistryArn: discovery.attr('Arn') }],
      EnableECSManagedTags: true,
      PropagateTags: 'SERVICE',
      EnableExecuteCommand: false,
      Tags: tags,
    },
  });

  const alarms = cpuStepScaling(root, p, c, service.ref, service.attr('Name'));

  root.output('ServiceName', service.attr('Name'), { Description: 'ECS service name' });
  root.output('ServiceArn', service.ref, { Description: 'ECS service ARN' });
  root.output('TaskDefinitionArn', definition.ref, { Description: 'Task definition ARN the service runs' });
  root.output('SecurityGroupId', securityGroup.ref, { Description: 'Security group of the service tasks' });
  root.output('TargetGroupArn', group.ref, { Description: 'Target group of the service' });
  root.output('LogGroupName', logGroup.ref, { Description: 'CloudWatch Logs group of the containers' });
  root.output('NamespaceId', Fn.if(c.createNamespace, namespace.namespaceId, p.existingNamespaceId.ref), { Description: 'Cloud Map namespace the service registers in' });
  root.output('CpuHighAlarmArn', alarms.highAlarm.attr('Arn'), { Description: 'Scale-out (high CPU) alarm' });
  root.output('CpuLowAlarmArn', alarms.lowAlarm.attr('Arn'), { Description: 'Scale-in (low CPU) alarm' });
  root.output('AlarmArns', Fn.join(',', [alarms.highAlarm.attr('Arn'), alarms.lowAlarm.attr('Arn')]), { Description: 'ARNs of the service alarms, comma-separated' });
  return { parameters: p, conditions: c };
}

/**
 * The tasks' security group: egress HTTPS only (image pulls, AWS APIs); ingress on the container
 * port from each source the team named, each a rule of its own that exists only when given.
 */
function serviceSecurityGroup(root: Stack, p: MicroserviceParameters, c: MicroserviceConditions, tags: { Key: string; Value: Tok }[]) {
  const group = root.add('SecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'Tasks of the microservice',
      VpcId: p.vpcId.ref,
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS: image pulls and AWS APIs' }],
      Tags: tags,
    },
  });
  const port = p.containerPort.ref;
  const ingress = { GroupId: group.ref, IpProtocol: 'tcp', FromPort: port, ToPort: port };
  root.add('IngressFromSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Condition: c.allowSecurityGroup,
    Properties: { ...ingress, SourceSecurityGroupId: p.allowedSecurityGroupId.ref, Description: 'From the allowed security group' },
  });
  root.add('IngressFromCidr', {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Condition: c.allowCidr,
    Properties: { ...ingress, CidrIp: p.allowedCidr.ref, Description: 'From the allowed CIDR' },
  });
  root.add('IngressFromPrefixList', {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Condition: c.allowPrefixList,
    Properties: { ...ingress, SourcePrefixListId: p.allowedPrefixListId.ref, Description: 'From the allowed prefix list' },
  });
  return group;
}

/**
 * The seed's CPU step scaling, from parameters: a scalable target between the minimum and the
 * maximum, a high-CPU alarm that adds a task and a low-CPU alarm that removes one, each through a
 * step policy with the cooldown; both notify the SNS topic when one is given.
 */
function cpuStepScaling(root: Stack, p: MicroserviceParameters, c: MicroserviceConditions, serviceArn: Tok, serviceName: Tok): StepScaling {
  const target = scalableTarget(root, 'ScalableTarget', {
    serviceArn,
    minCapacity: p.minCapacity.ref,
    maxCapacity: p.maxCapacity.ref,
    scheduledActions: [],
  });
  const step = stepScaling(root, 'Scaling', {
    path: 'microservice.scaling',
    scalingTargetId: target.ref,
    clusterName: clusterNameOf(serviceArn),
    serviceName,
    step: {
      cpuHighThreshold: p.cpuHighThreshold.ref,
      highPeriodSeconds: p.cpuHighPeriod.ref,
      highEvaluationPeriods: p.cpuHighEvaluationPeriods.ref,
      cpuLowThreshold: p.cpuLowThreshold.ref,
      lowPeriodSeconds: p.cpuLowPeriod.ref,
      lowEvaluationPeriods: p.cpuLowEvaluationPeriods.ref,
      cooldownSeconds: p.scalingCooldown.ref,
    },
    notify: Fn.if(c.hasAlarmTopic, p.alarmTopicArn.ref, Aws.noValue),
  });
  step.highAlarm.props.AlarmName = Fn.sub`${p.project.ref}-${p.environment.ref}-cpu-high`;
  step.lowAlarm.props.AlarmName = Fn.sub`${p.project.ref}-${p.environment.ref}-cpu-low`;
  return step;
}
