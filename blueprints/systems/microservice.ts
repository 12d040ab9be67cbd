/**
 * Seed 002: one self-service template for every product team's microservice. What a team chooses
 * (image, size, scaling, routing, network, logging, permissions) is a deploy-time parameter; the
 * environments differ only by their parameter files. The ALB, the VPC and the ECS cluster are
 * external (parameters); the listener rule, target group, security group, task definition, service,
 * Cloud Map registration, scaling and alarms are the product's, made by the shared blueprints
 * (`fargateTask`, `fargateService` with its load balancing, discovery and step scaling) fed with the
 * parameters' Refs: each parameter that feeds a blueprint input gets that input's constraint.
 *
 * Decisions:
 * - One template, no nested stacks: Service Catalog launches it as is, and the resources are few. It
 *   stays under 51,200 bytes minified, so `aws cloudformation deploy` takes it without an S3 bucket.
 * - Fargate CPU/memory pairs are checked by the Rules section the task blueprint writes for two
 *   parameters (one rule per CPU value). Rules cannot compare numbers, so min <= max, low < high CPU
 *   and the container's size within the task's are documented, not enforced (ECS refuses a
 *   container larger than its task when the task definition is registered).
 * - Logs are always KMS-encrypted: with the key given, or with a key the product makes.
 * - The seed's default managed policy (AmazonEC2ContainerRegistryPullOnly) is an execution-role
 *   concern: the execution role already holds least-privilege ECR pull statements (the image is a
 *   parameter, so: the account's repositories in this region), so the task role has no managed
 *   policy unless the team names some.
 * - Ingress is admitted only from what the team names, in rule slots (see microservice-ingress.ts); a
 *   rule requires at least one source (else the ALB cannot reach the tasks). Egress is HTTPS only.
 * - The desired count is the scaler's: the template leaves DesiredCount out (the service blueprint's
 *   rule with auto scaling), so a stack update never resets the running count; ECS starts the service
 *   with one task and Application Auto Scaling raises it to MinCapacity.
 * - What the service blueprint takes as literals only is set on the resources it returns (their
 *   properties are the escape hatch): the container name, the container CPU and memory, the extra
 *   environment variables, the target group protocol, force-new-deployment.
 */
import { Aws, Fn, s, type CfnValue, type ConditionHandle, type List, type ParameterHandle, type Stack, type Tok, type Value } from '../../dsl/index.js';
import { privateDnsNamespace } from '../discovery/private-dns-namespace.js';
import { applyTags } from '../tags/index.js';
import { fargateService, type FargateService } from '../ecs/service/fargate-service.js';
import { fargateTask, s3Statements } from '../ecs/task/index.js';
import { policyDocument } from '../iam/index.js';
import { logsKey } from '../kms/index.js';
import { existingListener } from '../loadbalancer/existing-listener.js';
import type { NetworkRef } from '../network/types.js';
import { ingressSlotRules } from './microservice-ingress.js';
import { microserviceParameters, type MicroserviceParameters } from './microservice-parameters.js';

export { ALARM_PERIODS, ENVIRONMENT_SLOTS, type MicroserviceParameters } from './microservice-parameters.js';
export { INGRESS_SLOTS_PER_KIND } from './microservice-ingress.js';
/** The Memory parameter's AllowedValues: every memory value some Fargate CPU value accepts. */
export { FARGATE_MEMORY_VALUES, describeValues } from '../ecs/task/index.js';

export const MicroserviceInput = s.object({
  /** Template description. Default: the product's own. */
  description: s.optional(s.string({ max: 1024 })),
});
export type MicroserviceProps = s.Input<typeof MicroserviceInput>;

export interface MicroserviceConditions {
  createLogsKey: ConditionHandle;
  hasAlarmTopic: ConditionHandle;
  hasManagedPolicies: ConditionHandle;
  hasTaskRolePolicies: ConditionHandle;
  grantS3Read: ConditionHandle;
  grantS3ReadWrite: ConditionHandle;
  createNamespace: ConditionHandle;
}

function conditions(root: Stack, p: MicroserviceParameters): MicroserviceConditions {
  const given = (param: ParameterHandle) => Fn.not(Fn.equals(param.ref, ''));
  const listGiven = (param: ParameterHandle) => Fn.not(Fn.equals(Fn.join('', param.ref), ''));
  const hasS3Bucket = root.condition('HasS3Bucket', given(p.s3BucketName));
  return {
    createLogsKey: root.condition('CreateLogsKey', Fn.equals(p.logsKmsKeyArn.ref, '')),
    hasAlarmTopic: root.condition('HasAlarmTopic', given(p.alarmTopicArn)),
    hasManagedPolicies: root.condition('HasTaskRoleManagedPolicies', listGiven(p.managedPolicyArns)),
    hasTaskRolePolicies: root.condition('HasTaskRolePolicies', listGiven(p.taskRolePolicyArns)),
    grantS3Read: root.condition('GrantS3Read', Fn.and(hasS3Bucket, Fn.equals(p.s3BucketAccess.ref, 'read'))),
    grantS3ReadWrite: root.condition('GrantS3ReadWrite', Fn.and(hasS3Bucket, Fn.equals(p.s3BucketAccess.ref, 'readwrite'))),
    createNamespace: root.condition('CreateNamespace', Fn.equals(p.namespaceMode.ref, 'new')),
  };
}

/** Rules beyond the Fargate sizes: the choices that only make sense together. */
function choiceRules(root: Stack, p: MicroserviceParameters): void {
  root.rule('IngressSourceGiven', {
    Assertions: [
      {
        Assert: Fn.not(Fn.and(...p.ingress.map((slot) => Fn.equals(slot.source.ref, '')))),
        AssertDescription: "Give an allowed security group (the ALB's), CIDR or prefix list: else nothing reaches the tasks",
      },
    ],
  });
  root.rule('ExistingNamespaceGiven', {
    RuleCondition: Fn.equals(p.namespaceMode.ref, 'existing'),
    Assertions: [{ Assert: Fn.not(Fn.equals(p.existingNamespaceId.ref, '')), AssertDescription: 'NamespaceMode existing needs ExistingNamespaceId' }],
  });
}

/**
 * The task role's managed policies: the AWS or customer managed ones (the seed's managed_policies) and
 * the customer managed ones that stand for the seed's task_role_policy, either list possibly empty.
 */
function managedPolicies(p: MicroserviceParameters, c: MicroserviceConditions): Tok {
  const both = Fn.split(',', Fn.join(',', [Fn.join(',', p.managedPolicyArns.ref), Fn.join(',', p.taskRolePolicyArns.ref)]));
  return Fn.if(
    c.hasManagedPolicies,
    Fn.if(c.hasTaskRolePolicies, both, p.managedPolicyArns.ref),
    Fn.if(c.hasTaskRolePolicies, p.taskRolePolicyArns.ref, Aws.noValue),
  );
}

export interface Microservice {
  parameters: MicroserviceParameters;
  conditions: MicroserviceConditions;
  service: FargateService;
}

export function microservice(root: Stack, props: MicroserviceProps = {}): Microservice {
  const input = s.parse(MicroserviceInput, props, 'microservice');
  root.description = input.description ?? 'Microservice on ECS Fargate behind an existing ALB listener';
  const p = microserviceParameters(root);
  choiceRules(root, p);
  const c = conditions(root, p);
  const name = Fn.sub`${p.project.ref}-${p.environment.ref}`;

  // Logs: encrypted with the team's key, or with a key made here when none is given.
  const key = logsKey(root, 'LogsKey', { path: 'microservice.logsKey' });
  key.key.def.Condition = c.createLogsKey;
  key.alias.def.Condition = c.createLogsKey;

  const task = fargateTask(root, 'Task', {
    path: 'microservice.task',
    family: name,
    cpu: p.cpu.ref,
    memory: p.memory.ref,
    containers: [
      {
        name: 'app',
        image: p.image.ref,
        portMappings: [{ containerPort: p.containerPort.ref }],
        environment: { PROJECT: p.project.ref, ENVIRONMENT: p.environment.ref },
        mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp' }],
    logging: { mode: 'managedGroup', retentionInDays: p.logRetentionDays.ref },
    logsKeyArn: Fn.if(c.createLogsKey, key.arn, p.logsKmsKeyArn.ref),
    taskRole: { managedPolicyArns: managedPolicies(p, c) },
  });
  containerChoices(root, p, task.taskDefinition.props.ContainerDefinitions as unknown as ContainerDefinition[]);
  const logGroup = task.logGroup!;
  logGroup.props.LogGroupName = Fn.sub`/ecs/${p.project.ref}-${p.environment.ref}`;

  // S3 access of the application: one inline policy per access level, each present only when chosen.
  const role = task.taskRole!;
  const s3Policy = (access: 'read' | 'readwrite') => ({
    PolicyName: access === 'read' ? 'S3Read' : 'S3ReadWrite',
    PolicyDocument: policyDocument(s3Statements('microservice.s3Bucket', [{ bucketName: p.s3BucketName.ref, access }])) as unknown as CfnValue,
  });
  // cloudform-types has no Fn::If for a list item of Policies; the compiler takes any CfnValue there.
  const conditional = [Fn.if(c.grantS3Read, s3Policy('read'), Aws.noValue), Fn.if(c.grantS3ReadWrite, s3Policy('readwrite'), Aws.noValue)];
  role.props.Policies = conditional as unknown as NonNullable<typeof role.props.Policies>;

  const namespace = privateDnsNamespace(root, 'Namespace', { path: 'microservice.namespace', name: p.namespaceName.ref, vpcId: p.vpcId.ref });
  namespace.resource.def.Condition = c.createNamespace;
  const namespaceId = Fn.if(c.createNamespace, namespace.namespaceId, p.existingNamespaceId.ref);

  // The ids the hand-written service of released versions gave these resources: a launched product
  // updated to this version keeps them (a new id would replace them, and the replacements' alarm
  // names, listener rule priority and Cloud Map name are still taken by the old ones).
  root.keepLogicalIds({
    ServiceSecurityGroup: 'SecurityGroup',
    ServiceTargetGroup: 'TargetGroup',
    ServiceListenerRule: 'ListenerRule',
    ServiceDiscovery: 'Discovery',
    ServiceScalingTarget: 'ScalableTarget',
    ServiceScalingScaleOut: 'ScalingScaleOut',
    ServiceScalingScaleIn: 'ScalingScaleIn',
    ServiceScalingCpuHighAlarm: 'ScalingCpuHighAlarm',
    ServiceScalingCpuLowAlarm: 'ScalingCpuLowAlarm',
  });
  const service = fargateService(root, 'Service', {
    path: 'microservice.service',
    serviceName: name,
    cluster: { cluster: p.cluster.ref },
    task,
    network: teamNetwork(p),
    loadBalancer: {
      listener: existingListener({ path: 'microservice.listener', listenerArn: p.listenerArn.ref }),
      containerPort: p.containerPort.ref,
      rule: { priority: p.rulePriority.ref, pathPatterns: [p.pathPattern.ref] },
      targetGroup: { healthCheck: { path: p.healthCheckPath.ref } },
    },
    serviceDiscovery: { namespace: { kind: 'privateDns', namespaceId }, name: p.project.ref },
    autoScaling: {
      minCapacity: p.minCapacity.ref,
      maxCapacity: p.maxCapacity.ref,
      stepScaling: {
        cpuHighThreshold: p.cpuHighThreshold.ref,
        highPeriodSeconds: p.cpuHighPeriod.ref,
        highEvaluationPeriods: p.cpuHighEvaluationPeriods.ref,
        cpuLowThreshold: p.cpuLowThreshold.ref,
        lowPeriodSeconds: p.cpuLowPeriod.ref,
        lowEvaluationPeriods: p.cpuLowEvaluationPeriods.ref,
        cooldownSeconds: p.scalingCooldown.ref,
      },
      notifications: { topicArn: Fn.if(c.hasAlarmTopic, p.alarmTopicArn.ref, Aws.noValue) },
    },
  });
  serviceChoices(root, p, service);
  ingressSlotRules(root, p.ingress, service.securityGroupId, p.containerPort.ref);

  const step = service.autoScaling!.step!;
  step.highAlarm.props.AlarmName = Fn.sub`${p.project.ref}-${p.environment.ref}-cpu-high`;
  step.lowAlarm.props.AlarmName = Fn.sub`${p.project.ref}-${p.environment.ref}-cpu-low`;

  root.output('ServiceName', service.serviceName, { Description: 'ECS service name' });
  root.output('ServiceArn', service.serviceArn, { Description: 'ECS service ARN' });
  root.output('TaskDefinitionArn', task.taskDefinition.ref, { Description: 'Task definition ARN the service runs' });
  root.output('SecurityGroupId', service.securityGroupId, { Description: 'Security group of the service tasks' });
  root.output('TargetGroupArn', service.targetGroup!.ref, { Description: 'Target group of the service' });
  root.output('LogGroupName', logGroup.ref, { Description: 'CloudWatch Logs group of the containers' });
  root.output('NamespaceId', namespaceId, { Description: 'Cloud Map namespace the service registers in' });
  root.output('CpuHighAlarmArn', step.highAlarm.attr('Arn'), { Description: 'Scale-out (high CPU) alarm' });
  root.output('CpuLowAlarmArn', step.lowAlarm.attr('Arn'), { Description: 'Scale-in (low CPU) alarm' });
  root.output('AlarmArns', Fn.join(',', service.alarmArns), { Description: 'ARNs of the service alarms, comma-separated' });
  // Project and Environment on every resource that takes tags (seed 002's tags): the team's own tags are
  // launch tags (Service Catalog TagOptions, or `make deploy TAGS=`), which CloudFormation propagates as stack
  // tags; a template parameter cannot be a map.
  applyTags(root, { Project: p.project.ref, Environment: p.environment.ref });
  return { parameters: p, conditions: c, service };
}

/**
 * The team's VPC as a network reference: the task subnets are its private subnets (the service puts
 * its tasks there, without public IPs). Its CIDR and endpoints are not known; nothing here needs them
 * (only interface endpoints read a network's CIDR, and only exec checks its endpoints).
 */
function teamNetwork(p: MicroserviceParameters): NetworkRef {
  return {
    vpcId: p.vpcId.ref,
    vpcCidr: Aws.noValue,
    publicSubnetIds: [],
    privateSubnetIds: p.subnetIds.ref as unknown as List<Value<string>>,
    privateRouteTableIds: [],
    nat: undefined,
    interfaceEndpoints: undefined,
  };
}

interface ContainerDefinition {
  Name: Value<string>;
  Cpu?: Value<number>;
  Memory?: Value<number>;
  Environment?: CfnValue[];
  LogConfiguration: { Options: Record<string, Value<string>> };
}

/**
 * The container choices the task blueprint takes as literals only: its name (also its log stream
 * prefix), its CPU and memory within the task (0: none), and the team's environment variables, each
 * present only when named.
 */
function containerChoices(root: Stack, p: MicroserviceParameters, definitions: ContainerDefinition[]): void {
  const container = definitions[0]!;
  container.Name = p.containerName.ref;
  container.LogConfiguration.Options['awslogs-stream-prefix'] = p.containerName.ref;
  const unlessZero = (id: string, param: ParameterHandle) => Fn.if(root.condition(id, Fn.equals(param.ref, '0')), Aws.noValue, param.ref);
  container.Cpu = unlessZero('NoContainerCpu', p.containerCpu);
  container.Memory = unlessZero('NoContainerMemory', p.containerMemory);
  const variables = p.environmentVariables.map((slot, i) => {
    const named = root.condition(`HasEnvironmentVariable${i + 1}`, Fn.not(Fn.equals(slot.name.ref, '')));
    return Fn.if(named, { Name: slot.name.ref, Value: slot.value.ref }, Aws.noValue);
  });
  container.Environment = [...(container.Environment ?? []), ...variables];
}

/**
 * The service choices the service blueprint takes as literals only (or not yet at all): the container
 * name the load balancer targets, the target group protocol, force-new-deployment and the tags. The
 * group's description stays what the seed's security group said.
 */
function serviceChoices(root: Stack, p: MicroserviceParameters, service: FargateService): void {
  const props = service.service.props;
  (props.LoadBalancers as { ContainerName: Value<string> }[])[0]!.ContainerName = p.containerName.ref;
  // A forced deployment happens when the nonce changes (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-forcenewdeployment.html).
  const nonce = root.condition('HasDeploymentNonce', Fn.not(Fn.equals(p.deploymentNonce.ref, '')));
  props.ForceNewDeployment = Fn.if(nonce, { EnableForceNewDeployment: true, ForceNewDeploymentNonce: p.deploymentNonce.ref }, Aws.noValue) as unknown as typeof props.ForceNewDeployment;
  const group = service.targetGroup!;
  group.props.Protocol = p.targetGroupProtocol.ref;
  group.props.HealthCheckProtocol = p.targetGroupProtocol.ref;
  service.securityGroup.props.GroupDescription = 'Tasks of the microservice';
}
