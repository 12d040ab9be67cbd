/**
 * Blueprint inputs that also take deploy-time tokens (parameter Refs), for self-service templates
 * whose values are chosen at launch: the compile-time checks are skipped for tokens only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsService } from '../../blueprints/discovery/dns-service.js';
import { privateDnsNamespace } from '../../blueprints/discovery/private-dns-namespace.js';
import { scalableTarget } from '../../blueprints/ecs/scaling/scalable-target.js';
import { stepScaling } from '../../blueprints/ecs/scaling/step-scaling.js';
import { fargateTask } from '../../blueprints/ecs/task/index.js';
import { targetGroup } from '../../blueprints/loadbalancer/target-group.js';
import { Aws, Fn, type Stack } from '../../dsl/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const ref = (name: string) => ({ Ref: name });

function tokenTask(root: Stack) {
  const cpu = root.parameter('Cpu', { Type: 'String', Default: '512', AllowedValues: ['256', '512'] });
  const memory = root.parameter('Memory', { Type: 'String', Default: '1024', AllowedValues: ['512', '1024'] });
  const retention = root.parameter('Retention', { Type: 'Number', Default: 30, AllowedValues: [30, 365] });
  const policies = root.parameter('Policies', { Type: 'CommaDelimitedList', Default: '' });
  const hasPolicies = root.condition('HasPolicies', Fn.not(Fn.equals(Fn.join('', policies.ref), '')));
  return fargateTask(root, 'Task', {
    cpu: cpu.ref,
    memory: memory.ref,
    // Container sizes are not compared with a deploy-time task size.
    containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', cpu: 4096, memory: 8192 }],
    logging: { mode: 'managedGroup', retentionInDays: retention.ref },
    taskRole: { managedPolicyArns: Fn.if(hasPolicies, policies.ref, Aws.noValue) },
  });
}

const tokens = compileTree((root) => {
  tokenTask(root);
  const port = root.parameter('Port', { Type: 'Number', Default: 8080, MinValue: 1, MaxValue: 65535 });
  const health = root.parameter('HealthPath', { Type: 'String', Default: '/health' });
  const domain = root.parameter('Domain', { Type: 'String', Default: 'internal.local' });
  const label = root.parameter('Label', { Type: 'String', Default: 'api' });
  targetGroup(root, 'TargetGroup', { vpcId: 'vpc-0123456789abcdef0', port: port.ref, healthCheck: { path: health.ref } });
  const namespace = privateDnsNamespace(root, 'Namespace', { name: domain.ref, vpcId: 'vpc-0123456789abcdef0' });
  dnsService(root, 'Discovery', { name: label.ref, namespace });
  const number = (id: string, Default: number, MinValue = 0) => root.parameter(id, { Type: 'Number', Default, MinValue, MaxValue: 3600 }).ref;
  const topic = root.parameter('Topic', { Type: 'String', Default: '' });
  const hasTopic = root.condition('HasTopic', Fn.not(Fn.equals(topic.ref, '')));
  const serviceArn = 'arn:aws:ecs:eu-west-1:111122223333:service/main/api';
  const target = scalableTarget(root, 'Target', { serviceArn, minCapacity: number('Min', 1), maxCapacity: number('Max', 5), scheduledActions: [] });
  stepScaling(root, 'Cpu', {
    path: 'scaling',
    scalingTargetId: target.ref,
    clusterName: 'main',
    serviceName: 'api',
    step: {
      cpuHighThreshold: number('High', 85),
      cpuLowThreshold: number('Low', 10),
      highPeriodSeconds: number('HighPeriod', 60, 1),
      lowPeriodSeconds: number('LowPeriod', 60, 1),
      highEvaluationPeriods: number('HighEvaluations', 3, 1),
      lowEvaluationPeriods: number('LowEvaluations', 3, 1),
      cooldownSeconds: number('Cooldown', 60),
    },
    notify: Fn.if(hasTopic, topic.ref, Aws.noValue),
  });
});

test('task: CPU and memory as tokens go to the task definition unchecked', () => {
  tokens.root.resource('AWS::ECS::TaskDefinition', { Cpu: ref('Cpu'), Memory: ref('Memory') });
});

test('task: a token log retention, and a token list of managed policies (the role is then always made)', () => {
  tokens.root.resource('AWS::Logs::LogGroup', { RetentionInDays: ref('Retention') });
  const role = tokens.root.byId('TaskRole', 'AWS::IAM::Role');
  assert.equal(role.properties['ManagedPolicyArns'], { 'Fn::If': ['HasPolicies', ref('Policies'), ref('AWS::NoValue')] });
  assert.is(role.properties['Policies'], undefined);
});

test('task: a literal CPU is still checked when the memory is a token', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const memory = root.parameter('Memory', { Type: 'String', Default: '1024' });
      fargateTask(root, 'Task', { cpu: 300, memory: memory.ref, containers: [{ name: 'app', image: 'nginx' }] });
    }),
  );
  assert.match(message, 'task.cpu');
  assert.match(message, '300');
  assert.match(message, 'a Fargate CPU value (256, 512, 1024, 2048, 4096, 8192, 16384)');
});

test('target group: port and health check path as tokens', () => {
  tokens.root.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: ref('Port'), HealthCheckPath: ref('HealthPath') });
  const message = errorOf(() => compileTree((root) => void targetGroup(root, 'Tg', { vpcId: 'vpc-1', port: 0 })));
  assert.match(message, 'targetGroup.port');
});

test('discovery: namespace domain and service label as tokens; literals still checked', () => {
  tokens.root.resource('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: ref('Domain') });
  tokens.root.resource('AWS::ServiceDiscovery::Service', { Name: ref('Label'), NamespaceId: { 'Fn::GetAtt': ['Namespace', 'Id'] } });
  const message = errorOf(() =>
    compileTree((root) => void dnsService(root, 'Discovery', { name: 'Bad_Label', namespace: { kind: 'privateDns', namespaceId: 'ns-1' } })),
  );
  assert.match(message, 'dnsService.name');
  assert.match(message, 'Bad_Label');
});

test('scaling: capacity, thresholds, periods, cooldown as tokens; an optional topic', () => {
  tokens.root.resource('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: ref('Min'), MaxCapacity: ref('Max') });
  tokens.root.resource('AWS::ApplicationAutoScaling::ScalingPolicy', { PolicyName: 'cpu-step-scale-out', StepScalingPolicyConfiguration: { Cooldown: ref('Cooldown') } });
  const notify = { 'Fn::If': ['HasTopic', ref('Topic'), ref('AWS::NoValue')] };
  assert.equal(tokens.root.byId('CpuCpuHighAlarm').properties, {
    AlarmDescription: 'Service CPU at or above the scale-out threshold: add 1 task(s)',
    Namespace: 'AWS/ECS',
    MetricName: 'CPUUtilization',
    Dimensions: [
      { Name: 'ClusterName', Value: 'main' },
      { Name: 'ServiceName', Value: 'api' },
    ],
    Statistic: 'Average',
    Period: ref('HighPeriod'),
    EvaluationPeriods: ref('HighEvaluations'),
    Threshold: ref('High'),
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'missing',
    AlarmActions: [ref('CpuScaleOut'), notify],
    OKActions: [notify],
  });
  tokens.root.resource('AWS::CloudWatch::Alarm', { Threshold: ref('Low'), Period: ref('LowPeriod'), EvaluationPeriods: ref('LowEvaluations') });
  // A literal next to a token is still checked.
  const message = errorOf(() =>
    compileTree((root) => {
      const high = root.parameter('High', { Type: 'Number', Default: 85 });
      stepScaling(root, 'Cpu', { path: 'scaling', scalingTargetId: 'x', clusterName: 'c', serviceName: 's', step: { cpuHighThreshold: high.ref, lowPeriodSeconds: 45 }, notify: undefined });
    }),
  );
  assert.match(message, 'scaling.lowPeriodSeconds');
  assert.match(message, '45');
});

test('cfn-lint is clean on the token templates', () => {
  assert.equal(lintCompiled(tokens.result), []);
});

test.run();
