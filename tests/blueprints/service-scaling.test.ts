import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceOutputs } from '../../blueprints/ecs/service/outputs.js';
import type { CompileResult } from '../../dsl/index.js';
import { compileTree } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { timeZoneProblem } from '../../blueprints/ecs/scaling/scheduled-actions.js';
import { apiService } from './service-fixtures.js';

const trees: CompileResult[] = [];
const split = { 'Fn::Split': ['/', { Ref: 'Api' }] };
const resourceId = { 'Fn::Join': ['/', ['service', { 'Fn::Select': [1, split] }, { 'Fn::Select': [2, split] }]] };

test('autoscaling owns the count: DesiredCount is absent, the scalable target uses the service-linked role', () => {
  const out = compileTree((root) => {
    apiService(root, {
      desiredCount: 2,
      autoScaling: { minCapacity: 2, maxCapacity: 6, targetTracking: { cpuPercent: 60, memoryPercent: 70, scaleInCooldownSeconds: 120 } },
    });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  const service = s.resource('AWS::ECS::Service');
  assert.equal('DesiredCount' in service.properties, false);
  s.resource('AWS::ApplicationAutoScaling::ScalableTarget', {
    ServiceNamespace: 'ecs',
    ScalableDimension: 'ecs:service:DesiredCount',
    ResourceId: resourceId,
    MinCapacity: 2,
    MaxCapacity: 6,
    RoleARN: absent,
    ScheduledActions: absent,
  });
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyType: 'TargetTrackingScaling',
    ScalingTargetId: { Ref: 'ApiScalingTarget' },
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization', ResourceLabel: absent },
      ScaleInCooldown: 120,
      ScaleOutCooldown: 60,
      DisableScaleIn: false,
    },
  });
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' } },
  });
});

test('ALB request count per target: the ResourceLabel joins the load balancer (from the listener ARN) and the target group full name', () => {
  const out = compileTree((root) => {
    apiService(root, (b) => ({
      loadBalancer: { listener: b.listener, rule: { priority: 5, pathPatterns: ['/*'] } },
      autoScaling: { minCapacity: 1, maxCapacity: 4, targetTracking: { requestsPerTarget: 500 } },
    }));
  });
  trees.push(out.result);
  const listenerParts = { 'Fn::Split': ['/', { Ref: 'BaseListener' }] };
  out.stack('Services').resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 500,
      PredefinedMetricSpecification: {
        PredefinedMetricType: 'ALBRequestCountPerTarget',
        ResourceLabel: {
          'Fn::Join': [
            '/',
            [
              { 'Fn::Select': [1, listenerParts] },
              { 'Fn::Select': [2, listenerParts] },
              { 'Fn::Select': [3, listenerParts] },
              { 'Fn::GetAtt': ['ApiTargetGroup', 'TargetGroupFullName'] },
            ],
          ],
        },
      },
    },
  });
});

test('seed 002: CPU step scaling with high/low alarms, cooldown, a new KMS-encrypted SNS topic; alarm ARNs output', () => {
  const out = compileTree((root) => {
    const { services, service: svc } = apiService(root, {
      autoScaling: {
        minCapacity: 1,
        maxCapacity: 5,
        stepScaling: { cpuHighThreshold: 85, cpuLowThreshold: 10, highPeriodSeconds: 60, highEvaluationPeriods: 3, lowPeriodSeconds: 120, lowEvaluationPeriods: 5, cooldownSeconds: 90 },
        notifications: {},
      },
    });
    serviceOutputs(services, svc);
    assert.equal(svc.alarmArns.length, 2);
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyName: 'cpu-step-scale-out',
    PolicyType: 'StepScaling',
    StepScalingPolicyConfiguration: {
      AdjustmentType: 'ChangeInCapacity',
      Cooldown: 90,
      MetricAggregationType: 'Average',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
  });
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyName: 'cpu-step-scale-in',
    StepScalingPolicyConfiguration: { StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }] },
  });
  const dimensions = [
    { Name: 'ClusterName', Value: { 'Fn::Select': [1, split] } },
    { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Api', 'Name'] } },
  ];
  s.resource('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/ECS',
    MetricName: 'CPUUtilization',
    Dimensions: dimensions,
    Statistic: 'Average',
    Threshold: 85,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Period: 60,
    EvaluationPeriods: 3,
    AlarmActions: [{ Ref: 'ApiScalingScaleOut' }, { Ref: 'ApiScalingAlarmTopic' }],
    OKActions: [{ Ref: 'ApiScalingAlarmTopic' }],
  });
  s.resource('AWS::CloudWatch::Alarm', {
    Threshold: 10,
    ComparisonOperator: 'LessThanOrEqualToThreshold',
    Period: 120,
    EvaluationPeriods: 5,
    AlarmActions: [{ Ref: 'ApiScalingScaleIn' }, { Ref: 'ApiScalingAlarmTopic' }],
  });
  s.resource('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': ['ApiScalingAlarmTopicKey', 'Arn'] } });
  s.resource('AWS::KMS::Key', { EnableKeyRotation: true });
  assert.equal(s.output('AlarmArns')['Value'], {
    'Fn::Join': [',', [{ 'Fn::GetAtt': ['ApiScalingCpuHighAlarm', 'Arn'] }, { 'Fn::GetAtt': ['ApiScalingCpuLowAlarm', 'Arn'] }]],
  });
});

test('alarm notifications to a given topic: nothing created', () => {
  const out = compileTree((root) => {
    apiService(root, {
      autoScaling: { minCapacity: 1, maxCapacity: 5, stepScaling: {}, notifications: { topicArn: 'arn:aws:sns:eu-west-1:111122223333:ops' } },
    });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.expectNone('AWS::SNS::Topic');
  s.expectNone('AWS::KMS::Key');
  s.resource('AWS::CloudWatch::Alarm', { Threshold: 85, AlarmActions: [{ Ref: 'ApiScalingScaleOut' }, 'arn:aws:sns:eu-west-1:111122223333:ops'] });
});

test('seed 001: scheduled scaling, down at night and up in the morning, in a time zone', () => {
  const out = compileTree((root) => {
    apiService(root, {
      autoScaling: {
        minCapacity: 1,
        maxCapacity: 2,
        targetTracking: { cpuPercent: 75 },
        schedules: [
          { name: 'night', schedule: 'cron(0 20 * * ? *)', timezone: 'Australia/Sydney', minCapacity: 0, maxCapacity: 0 },
          { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'Australia/Sydney', minCapacity: 1, maxCapacity: 2 },
          { name: 'weekly-check', schedule: 'rate(7 days)', maxCapacity: 2 },
        ],
      },
    });
  });
  trees.push(out.result);
  out.stack('Services').resource('AWS::ApplicationAutoScaling::ScalableTarget', {
    ScheduledActions: [
      { ScheduledActionName: 'night', Schedule: 'cron(0 20 * * ? *)', Timezone: 'Australia/Sydney', ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 0 } },
      { ScheduledActionName: 'morning', Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Australia/Sydney', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 } },
      { ScheduledActionName: 'weekly-check', Schedule: 'rate(7 days)', Timezone: absent, ScalableTargetAction: { MaxCapacity: 2 } },
    ],
  });
});

test('time zones: canonical IANA names, UTC and IANA aliases are accepted; invented or mis-spelt names are not', () => {
  for (const zone of ['Europe/Berlin', 'Australia/Sydney', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/UTC', 'US/Pacific', 'Asia/Calcutta']) assert.is(timeZoneProblem(zone), undefined, zone);
  assert.is(timeZoneProblem('Mars/Olympus'), 'is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)');
  assert.is(timeZoneProblem('Europe/Atlantis'), 'is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)');
  assert.match(timeZoneProblem('europe/berlin')!, 'as IANA spells it');
});

test('EXTERNAL with autoscaling: the scalable target waits for the primary task set', () => {
  const out = compileTree((root) => {
    apiService(root, {
      deployment: { controller: 'EXTERNAL' },
      autoScaling: { minCapacity: 1, maxCapacity: 3, targetTracking: { cpuPercent: 50 } },
    });
  });
  trees.push(out.result);
  assert.equal(out.stack('Services').byId('ApiScalingTarget').resource['DependsOn'], ['ApiPrimaryTaskSet']);
});

test('every template above is cfn-lint clean', () => {
  assert.equal(lintCompiled(...trees), []);
});

test.run();
