/**
 * fargateService with deploy-time values (parameter Refs) for what a launching team chooses: each
 * parameter receives the constraint of the input it feeds, cross-input order is narrowed by literals,
 * and deploy-time switches compile to Conditions. Literals next to tokens are still checked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';
import { InputError, type CompileResult, type ParameterDef, type Stack } from '../../dsl/index.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { base, task } from './service-fixtures.js';

const trees: CompileResult[] = [];
const ref = (name: string) => ({ Ref: name });
const number = (root: Stack, id: string, Default: number) => root.parameter(id, { Type: 'Number', Default }).ref;
const text = (root: Stack, id: string, Default: string) => root.parameter(id, { Type: 'String', Default }).ref;

const tokens = compileTree((root) => {
  const b = base(root, { nat: 'single' });
  const services = root.nested('Services');
  fargateService(services, 'Api', {
    cluster: b.cluster,
    network: b.network,
    task: task(services, 'Api', { execEnabled: true }),
    serviceName: text(root, 'ServiceName', 'api'),
    desiredCount: 2,
    healthCheckGracePeriodSeconds: number(root, 'Grace', 90),
    enableExec: text(root, 'Exec', 'false'),
    platformVersion: text(root, 'Platform', 'LATEST'),
    loadBalancer: {
      listener: b.listener,
      containerName: 'app',
      containerPort: number(root, 'Port', 8080),
      rule: { priority: number(root, 'Priority', 10), pathPatterns: [text(root, 'Path', '/api/*')] },
      targetGroup: { healthCheck: { path: text(root, 'HealthPath', '/health') } },
    },
    ingress: { cidrs: { office: { cidr: text(root, 'OfficeCidr', '192.168.0.0/24'), port: number(root, 'OfficePort', 8080), description: 'From the office' } } },
    deployment: {
      minimumHealthyPercent: number(root, 'MinHealthy', 50),
      maximumPercent: number(root, 'MaxPercent', 200),
      circuitBreaker: { rollback: text(root, 'Rollback', 'true') },
      alarms: { names: [text(root, 'Alarm', 'api-5xx')], rollback: text(root, 'AlarmRollback', 'true') },
    },
    autoScaling: {
      minCapacity: number(root, 'Min', 1),
      maxCapacity: number(root, 'Max', 4),
      targetTracking: { cpuPercent: number(root, 'CpuTarget', 60), scaleInCooldownSeconds: number(root, 'ScaleIn', 300), disableScaleIn: text(root, 'NoScaleIn', 'false') },
      stepScaling: { cpuHighThreshold: number(root, 'High', 85), cpuLowThreshold: 10, highPeriodSeconds: number(root, 'HighPeriod', 60) },
      notifications: { enabled: text(root, 'Notify', 'true') },
    },
  });
});
trees.push(tokens.result);

const parameter = (name: string) => tokens.root.parameter(name) as unknown as ParameterDef;

test('each parameter carries the constraint of the input it feeds', () => {
  const expected: Record<string, Partial<ParameterDef>> = {
    // The literal desired count (2) bounds both capacities.
    Min: { MinValue: 0, MaxValue: 2 },
    Max: { MinValue: 2, MaxValue: 5000 },
    Grace: { MinValue: 0, MaxValue: 2147483647 },
    Port: { MinValue: 1, MaxValue: 65535 },
    Priority: { MinValue: 1, MaxValue: 50000 },
    OfficePort: { MinValue: 1, MaxValue: 65535 },
    MinHealthy: { MinValue: 0, MaxValue: 100 },
    MaxPercent: { MinValue: 100, MaxValue: 200 },
    CpuTarget: { MinValue: 1, MaxValue: 100 },
    ScaleIn: { MinValue: 0, MaxValue: 3600 },
    // Above the literal low threshold (10), at most 100.
    High: { MinValue: 11, MaxValue: 100 },
    HighPeriod: { MinValue: 10, MaxValue: 86400 },
    Exec: { AllowedValues: ['true', 'false'] },
    Rollback: { AllowedValues: ['true', 'false'] },
    Notify: { AllowedValues: ['true', 'false'] },
    Platform: { AllowedValues: ['LATEST', '1.4.0'] },
  };
  for (const [name, constraint] of Object.entries(expected)) {
    for (const [key, value] of Object.entries(constraint)) assert.equal(parameter(name)[key as keyof ParameterDef], value, `${name}.${key}`);
  }
  assert.ok(new RegExp(parameter('OfficeCidr').AllowedPattern!).test('10.0.0.0/8'));
  assert.not.ok(new RegExp(parameter('OfficeCidr').AllowedPattern!).test('0.0.0.0/0'), 'the whole internet is refused at deploy time too');
  assert.ok(new RegExp(parameter('ServiceName').AllowedPattern!).test('api-v2'));
  assert.not.ok(new RegExp(parameter('ServiceName').AllowedPattern!).test('-api'));
});

test('the template uses them where the literals would be', () => {
  const s = tokens.stack('Services');
  s.resource('AWS::ECS::Service', {
    ServiceName: ref('ServiceName'),
    DesiredCount: absent,
    PlatformVersion: ref('Platform'),
    HealthCheckGracePeriodSeconds: ref('Grace'),
    LoadBalancers: [{ ContainerName: 'app', ContainerPort: ref('Port'), TargetGroupArn: ref('ApiTargetGroup') }],
    DeploymentConfiguration: {
      MinimumHealthyPercent: ref('MinHealthy'),
      MaximumPercent: ref('MaxPercent'),
      DeploymentCircuitBreaker: { Enable: true, Rollback: ref('Rollback') },
      Alarms: { AlarmNames: [ref('Alarm')], Enable: true, Rollback: ref('AlarmRollback') },
    },
  });
  s.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: ref('Port'), HealthCheckPath: ref('HealthPath') });
  s.resource('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: ref('Priority'), Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [ref('Path')] } }] });
  s.resource('AWS::EC2::SecurityGroupEgress', { FromPort: ref('Port'), ToPort: ref('Port'), Description: 'To the service tasks on their container port' });
  const group = s.byId('ApiSecurityGroup').properties['SecurityGroupIngress'];
  assert.equal(group, [
    { IpProtocol: 'tcp', FromPort: ref('Port'), ToPort: ref('Port'), Description: 'From the load balancer', SourceSecurityGroupId: ref('BaseAlbSecurityGroup') },
    { IpProtocol: 'tcp', FromPort: ref('OfficePort'), ToPort: ref('OfficePort'), Description: 'From the office', CidrIp: ref('OfficeCidr') },
  ]);
  s.resource('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: ref('Min'), MaxCapacity: ref('Max') });
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: { TargetValue: ref('CpuTarget'), ScaleInCooldown: ref('ScaleIn'), DisableScaleIn: ref('NoScaleIn') },
  });
});

test('deploy-time switches become Conditions: exec follows one, the alarm topic and its key exist only under another', () => {
  const s = tokens.stack('Services');
  const conditions = s.template['Conditions'] as Record<string, unknown>;
  assert.equal(conditions['ApiExecOn'], { 'Fn::Equals': [ref('Exec'), 'true'] });
  assert.equal(conditions['ApiScalingNotificationsOn'], { 'Fn::Equals': [ref('Notify'), 'true'] });
  s.resource('AWS::ECS::Service', { EnableExecuteCommand: { 'Fn::If': ['ApiExecOn', true, false] } });
  assert.equal(s.byId('ApiScalingAlarmTopic').resource['Condition'], 'ApiScalingNotificationsOn');
  assert.equal(s.byId('ApiScalingAlarmTopicKey').resource['Condition'], 'ApiScalingNotificationsOn');
  const notify = { 'Fn::If': ['ApiScalingNotificationsOn', ref('ApiScalingAlarmTopic'), ref('AWS::NoValue')] };
  s.resource('AWS::CloudWatch::Alarm', { Threshold: ref('High'), Period: ref('HighPeriod'), AlarmActions: [ref('ApiScalingScaleOut'), notify], OKActions: [notify] });
});

test('minCapacity <= desiredCount <= maxCapacity, every mix of literals and parameters (generated)', () => {
  // With auto scaling the template leaves DesiredCount out, so a desired count is a literal (checked) or absent.
  type Side = number | 'param' | undefined;
  const capacities: Side[] = [0, 1, 3, 5, 'param'];
  const desiredCounts: Side[] = [undefined, 0, 1, 3, 5];
  let cases = 0;
  for (const min of capacities) {
    for (const desired of desiredCounts) {
      for (const max of capacities) {
        cases++;
        const literals = JSON.stringify({ min, desired, max });
        const build = () =>
          compileTree((root) => {
            const b = base(root);
            const services = root.nested('Services');
            const side = (id: string, value: number | 'param') => (value === 'param' ? number(root, id, 3) : value);
            fargateService(services, 'Api', {
              cluster: b.cluster,
              network: b.network,
              task: task(services, 'Api'),
              ...(desired !== undefined ? { desiredCount: desired as number } : {}),
              autoScaling: { minCapacity: side('Min', min!), maxCapacity: side('Max', max!) },
            });
          });
        const num = (v: Side) => (typeof v === 'number' ? v : undefined);
        const [lo, mid, hi] = [num(min), num(desired), num(max)];
        const literalProblem =
          (lo !== undefined && hi !== undefined && lo > hi) ||
          (lo !== undefined && mid !== undefined && mid < lo) ||
          (mid !== undefined && hi !== undefined && mid > hi);
        // A parameter narrowed so that its own Default (3) no longer fits is a compile error naming both.
        const defaultOutside =
          (min === 'param' && ((mid !== undefined && mid < 3) || (hi !== undefined && hi < 3))) ||
          (max === 'param' && ((mid !== undefined && mid > 3) || (lo !== undefined && lo > 3)));
        if (literalProblem) {
          const message = inputErrorOf(build);
          assert.ok(/^service\.(autoScaling\.minCapacity|desiredCount): /.test(message), `${literals}: ${message}`);
        } else if (defaultOutside) {
          assert.throws(build, (error: Error) => !(error instanceof InputError) && /Default 3/.test(error.message), literals);
        } else {
          const built = build();
          const range = (id: string) => [built.root.parameter(id)['MinValue'], built.root.parameter(id)['MaxValue']];
          if (min === 'param') assert.equal(range('Min'), [0, Math.min(mid ?? 5000, hi ?? 5000)], `${literals}: Min`);
          if (max === 'param') assert.equal(range('Max'), [Math.max(mid ?? 0, lo ?? 0), 5000], `${literals}: Max`);
        }
      }
    }
  }
  assert.is(cases, 125);
});

test('two deploy-time capacities: only their ranges reach the template (Rules cannot compare numbers)', () => {
  const built = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    fargateService(services, 'Api', { cluster: b.cluster, network: b.network, task: task(services, 'Api'), autoScaling: { minCapacity: number(root, 'Min', 1), maxCapacity: number(root, 'Max', 4) } });
  });
  assert.equal([built.root.parameter('Min')['MinValue'], built.root.parameter('Min')['MaxValue']], [0, 5000]);
  assert.equal([built.root.parameter('Max')['MinValue'], built.root.parameter('Max')['MaxValue']], [0, 5000]);
  assert.equal(built.root.template['Rules'], undefined);
  trees.push(built.result);
});

test('literals next to tokens are still checked, with path, value and what is allowed', () => {
  const errorFor = (extra: (root: Stack) => Partial<FargateServiceProps>) =>
    inputErrorOf(() =>
      compileTree((root) => {
        const b = base(root);
        const services = root.nested('Services');
        fargateService(services, 'Api', { cluster: b.cluster, network: b.network, task: task(services, 'Api'), ...extra(root) });
      }),
    );
  assert.match(errorFor((root) => ({ autoScaling: { minCapacity: number(root, 'Min', 1), maxCapacity: 6000 } })), 'service.autoScaling.maxCapacity: 6000 is not an integer from 0 to 5000');
  assert.match(errorFor((root) => ({ desiredCount: -1, autoScaling: { minCapacity: number(root, 'Min', 1), maxCapacity: 3 } })), 'service.desiredCount: -1 is not an integer from 0 to 5000');
  assert.match(
    errorFor((root) => ({ ingress: { cidrs: { all: { cidr: '0.0.0.0/0', port: number(root, 'Port', 80), description: 'all' } } } })),
    'service.ingress.cidrs.all.cidr: "0.0.0.0/0" is not an IPv4 CIDR block other than the whole internet',
  );
  assert.match(errorFor(() => ({ enableExec: 'true' as unknown as boolean })), 'service.enableExec: "true" is not true or false');
  assert.match(errorFor(() => ({ desiredCount: '3' as unknown as number })), 'service.desiredCount: "3" is not an integer from 0 to 5000');
  assert.match(errorFor(() => ({ deploymnet: {} }) as unknown as Partial<FargateServiceProps>), 'service.deploymnet: {} is not a known input (did you mean deployment?)');
});

test('cfn-lint is clean on the deploy-time template', () => {
  assert.equal(lintCompiled(...trees), []);
});

test.run();
