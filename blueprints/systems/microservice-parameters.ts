/**
 * The microservice template's launch parameters (seed 002's module inputs), with their console
 * groups and labels. A parameter that feeds a blueprint input directly takes that input's constraint
 * from the compiler (AllowedValues, AllowedPattern, MinValue/MaxValue): only what no blueprint input
 * checks, or what reaches one through an `Fn::If` (the optional values, empty for "none"), declares
 * its own constraint here.
 */
import type { ParameterDef, ParameterHandle, Stack } from '../../dsl/index.js';
import { FARGATE_CPU_VALUES, FARGATE_MEMORY_VALUES, LOG_RETENTION_DAYS } from '../ecs/task/index.js';
import { ingressSlotParameters, type IngressSlot } from './microservice-ingress.js';

/** Alarm periods in seconds: ECS publishes CPU once a minute, so a shorter period has no data. */
export const ALARM_PERIODS: readonly number[] = [60, 120, 180, 300, 600, 900, 1800, 3600];
/**
 * Said of the period parameters. Without it, the step scaling input's own description (any CloudWatch
 * alarm period: 10, 30 or a multiple of 60) would stand for them, which is wider than what they allow.
 */
const ALARM_PERIOD_CONSTRAINT = `one of ${ALARM_PERIODS.join(', ')} seconds`;

/** Environment variables a team sets besides PROJECT and ENVIRONMENT (name/value pairs; see the README). */
export const ENVIRONMENT_SLOTS = 3;

const ARN_PARTITION = 'arn:aws[a-z-]*';
const OPTIONAL = (pattern: string) => `^(${pattern})?$`;
/** Container names (RegisterTaskDefinition): 1-255 letters, digits, `_` and `-`. */
const CONTAINER_NAME = '^[a-zA-Z0-9_-]{1,255}$';
/** Environment variable names the container blueprint accepts (letters, digits and _, not starting with a digit). */
const ENVIRONMENT_NAME = '[A-Za-z_][A-Za-z0-9_]{0,254}';
/** IAM policy ARNs: AWS managed (`iam::aws:`) or of an account. */
const POLICY_ARN = `${ARN_PARTITION}:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+`;
/** Customer managed policy ARNs only: an account, never `aws`. */
const CUSTOMER_POLICY_ARN = `${ARN_PARTITION}:iam::[0-9]{12}:policy/[A-Za-z0-9+=,.@_/-]+`;

export interface EnvironmentSlot {
  name: ParameterHandle;
  value: ParameterHandle;
}

export interface MicroserviceParameters {
  project: ParameterHandle;
  environment: ParameterHandle;
  containerName: ParameterHandle;
  image: ParameterHandle;
  containerPort: ParameterHandle;
  cpu: ParameterHandle;
  memory: ParameterHandle;
  containerCpu: ParameterHandle;
  containerMemory: ParameterHandle;
  environmentVariables: EnvironmentSlot[];
  cluster: ParameterHandle;
  vpcId: ParameterHandle;
  subnetIds: ParameterHandle;
  listenerArn: ParameterHandle;
  rulePriority: ParameterHandle;
  pathPattern: ParameterHandle;
  healthCheckPath: ParameterHandle;
  targetGroupProtocol: ParameterHandle;
  ingress: IngressSlot[];
  minCapacity: ParameterHandle;
  maxCapacity: ParameterHandle;
  cpuHighThreshold: ParameterHandle;
  cpuHighPeriod: ParameterHandle;
  cpuHighEvaluationPeriods: ParameterHandle;
  cpuLowThreshold: ParameterHandle;
  cpuLowPeriod: ParameterHandle;
  cpuLowEvaluationPeriods: ParameterHandle;
  scalingCooldown: ParameterHandle;
  deploymentNonce: ParameterHandle;
  namespaceMode: ParameterHandle;
  namespaceName: ParameterHandle;
  existingNamespaceId: ParameterHandle;
  logRetentionDays: ParameterHandle;
  logsKmsKeyArn: ParameterHandle;
  alarmTopicArn: ParameterHandle;
  managedPolicyArns: ParameterHandle;
  taskRolePolicyArns: ParameterHandle;
  s3BucketName: ParameterHandle;
  s3BucketAccess: ParameterHandle;
}

/** The deploy-time parameters, with their console groups and labels. */
export function microserviceParameters(root: Stack): MicroserviceParameters {
  const p = (id: string, def: ParameterDef) => root.parameter(id, def);
  const number = (id: string, label: string, description: string, fallback: number, min: number, max: number) =>
    p(id, { Type: 'Number', Default: fallback, MinValue: min, MaxValue: max, Description: description, Label: label });
  const params: MicroserviceParameters = {
    project: p('ProjectName', {
      Type: 'String',
      Default: 'my-workload',
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
    containerName: p('ContainerName', {
      Type: 'String',
      Default: 'app',
      AllowedPattern: CONTAINER_NAME,
      ConstraintDescription: '1 to 255 letters, digits, _ and -',
      Description: 'Name of the container (the load balancer and the log streams name it)',
      Label: 'Container name',
    }),
    // Stricter than an image reference (which the task blueprint's input adds): a registry and a tag or digest, never an implicit `latest`.
    image: p('ContainerImage', {
      Type: 'String',
      AllowedPattern: '^[a-z0-9][a-z0-9.-]*(:[0-9]+)?/[a-z0-9._/-]+(:[\\w][\\w.-]{0,127}|@sha256:[a-f0-9]{64})$',
      ConstraintDescription: 'an image URI with a registry, a repository and a tag or digest',
      Description: 'Image URI with a tag or digest',
      Label: 'Container image',
    }),
    containerPort: p('ContainerPort', { Type: 'Number', Default: 80, Description: 'Port the container listens on', Label: 'Container port' }),
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
    containerCpu: number('ContainerCpu', 'Container CPU units', 'CPU units reserved for the container, at most the task CPU. 0: none', 0, 0, 16384),
    containerMemory: number('ContainerMemory', 'Container memory (MiB)', 'Hard memory limit of the container, at most the task memory. 0: none', 0, 0, 122880),
    environmentVariables: Array.from({ length: ENVIRONMENT_SLOTS }, (_, i) => ({
      name: p(`EnvironmentVariable${i + 1}Name`, {
        Type: 'String',
        Default: '',
        AllowedPattern: OPTIONAL(ENVIRONMENT_NAME),
        ConstraintDescription: 'empty, or letters, digits and _ not starting with a digit',
        Description: 'Environment variable name. Empty: none',
        Label: `Variable ${i + 1} name`,
      }),
      value: p(`EnvironmentVariable${i + 1}Value`, { Type: 'String', Default: '', Description: 'Its value', Label: `Variable ${i + 1} value` }),
    })),
    cluster: p('ClusterName', {
      Type: 'String',
      AllowedPattern: `^(${ARN_PARTITION}:ecs:[a-z0-9-]+:[0-9]{12}:cluster/)?[A-Za-z0-9_-]{1,255}$`,
      ConstraintDescription: 'an ECS cluster name or ARN',
      Description: 'Existing ECS cluster (name or ARN)',
      Label: 'ECS cluster',
    }),
    vpcId: p('VpcId', { Type: 'AWS::EC2::VPC::Id', Description: 'VPC of the cluster and the load balancer', Label: 'VPC' }),
    subnetIds: p('SubnetIds', { Type: 'List<AWS::EC2::Subnet::Id>', Description: 'Private subnets for the tasks', Label: 'Task subnets' }),
    listenerArn: p('ListenerArn', { Type: 'String', Description: 'Listener of the existing ALB', Label: 'ALB listener ARN' }),
    rulePriority: p('ListenerRulePriority', { Type: 'Number', Description: 'Listener rule priority, unique on the listener', Label: 'Listener rule priority' }),
    // A request path starts with `/`: a pattern that does not could never match (the rule blueprint adds the characters ALB takes).
    pathPattern: p('PathPattern', {
      Type: 'String',
      Default: '/*',
      AllowedPattern: '^/[!-~]{0,127}$',
      ConstraintDescription: 'a path pattern starting with / (at most 128 characters)',
      Description: 'Paths routed to this service, e.g. /api/*',
      Label: 'Path pattern',
    }),
    healthCheckPath: p('HealthCheckPath', { Type: 'String', Default: '/health', Description: 'Path the load balancer checks (200 is healthy)', Label: 'Health check path' }),
    targetGroupProtocol: p('TargetGroupProtocol', {
      Type: 'String',
      Default: 'HTTP',
      AllowedValues: ['HTTP', 'HTTPS'],
      Description: 'HTTPS: the load balancer speaks TLS to the container (encryption in transit), which must serve it',
      Label: 'Protocol to the tasks',
    }),
    ingress: ingressSlotParameters(root),
    minCapacity: p('MinCapacity', { Type: 'Number', Default: 1, Description: 'Fewest tasks auto scaling keeps (and the count at launch)', Label: 'Minimum tasks' }),
    maxCapacity: p('MaxCapacity', { Type: 'Number', Default: 5, MinValue: 1, ConstraintDescription: 'an integer from 1 to 5000', Description: 'Most tasks auto scaling runs', Label: 'Maximum tasks' }),
    cpuHighThreshold: number('CpuHighThreshold', 'Scale-out CPU %', 'Average CPU % at or above which a task is added', 85, 1, 100),
    cpuHighPeriod: p('CpuHighPeriod', { Type: 'Number', Default: 60, AllowedValues: ALARM_PERIODS, ConstraintDescription: ALARM_PERIOD_CONSTRAINT, Description: 'Seconds per datapoint of the high-CPU alarm', Label: 'Scale-out period (s)' }),
    cpuHighEvaluationPeriods: number('CpuHighEvaluationPeriods', 'Scale-out evaluation periods', 'Datapoints over the threshold before scaling out', 3, 1, 100),
    cpuLowThreshold: number('CpuLowThreshold', 'Scale-in CPU %', 'Average CPU % at or below which a task is removed (below the scale-out %)', 10, 0, 99),
    cpuLowPeriod: p('CpuLowPeriod', { Type: 'Number', Default: 60, AllowedValues: ALARM_PERIODS, ConstraintDescription: ALARM_PERIOD_CONSTRAINT, Description: 'Seconds per datapoint of the low-CPU alarm', Label: 'Scale-in period (s)' }),
    cpuLowEvaluationPeriods: number('CpuLowEvaluationPeriods', 'Scale-in evaluation periods', 'Datapoints under the threshold before scaling in', 3, 1, 100),
    scalingCooldown: number('ScalingCooldown', 'Scaling cooldown (s)', 'Seconds between scaling activities', 60, 0, 3600),
    deploymentNonce: p('DeploymentNonce', {
      Type: 'String',
      Default: '',
      AllowedPattern: '^[A-Za-z0-9._:-]{0,255}$',
      ConstraintDescription: 'at most 255 letters, digits and . _ : -',
      Description: 'A new value (a build number) redeploys the tasks, also for an unchanged image tag. Empty: only changes redeploy',
      Label: 'Force new deployment (nonce)',
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
    logRetentionDays: p('LogRetentionDays', { Type: 'Number', Default: 365, AllowedValues: LOG_RETENTION_DAYS, Description: 'Days CloudWatch Logs keeps the container logs', Label: 'Log retention (days)' }),
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
      AllowedPattern: OPTIONAL(POLICY_ARN),
      ConstraintDescription: 'IAM policy ARNs, comma-separated',
      Description: 'Managed policies for the task role (AWS or customer managed), comma-separated. Empty: none',
      Label: 'Task role managed policies',
    }),
    taskRolePolicyArns: p('TaskRolePolicyArns', {
      Type: 'CommaDelimitedList',
      Default: '',
      AllowedPattern: OPTIONAL(CUSTOMER_POLICY_ARN),
      ConstraintDescription: 'customer managed policy ARNs of an account (not arn:...:iam::aws:policy/...), comma-separated',
      Description: "The application's own permissions: customer managed policies you created and reviewed, comma-separated. Empty: none",
      Label: 'Task role policies',
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
  root.parameterGroup('Container', [
    params.containerName,
    params.image,
    params.containerPort,
    params.cpu,
    params.memory,
    params.containerCpu,
    params.containerMemory,
    ...params.environmentVariables.flatMap((slot) => [slot.name, slot.value]),
  ]);
  root.parameterGroup('Cluster and network', [params.cluster, params.vpcId, params.subnetIds]);
  root.parameterGroup('Load balancer routing', [params.listenerArn, params.rulePriority, params.pathPattern, params.healthCheckPath, params.targetGroupProtocol]);
  root.parameterGroup('Who may reach the tasks', params.ingress.flatMap((slot) => [slot.source, slot.ports, slot.description]));
  root.parameterGroup('Auto scaling', [
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
  root.parameterGroup('Deployment', [params.deploymentNonce]);
  root.parameterGroup('Service discovery', [params.namespaceMode, params.namespaceName, params.existingNamespaceId]);
  root.parameterGroup('Logging and alarms', [params.logRetentionDays, params.logsKmsKeyArn, params.alarmTopicArn]);
  root.parameterGroup('Application permissions', [params.taskRolePolicyArns, params.managedPolicyArns, params.s3BucketName, params.s3BucketAccess]);
  return params;
}
