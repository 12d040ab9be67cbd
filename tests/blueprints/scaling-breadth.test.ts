/**
 * Scaling beyond CPU, memory and requests: target tracking on a custom CloudWatch metric (one metric, or
 * metric math such as the SQS backlog per task), predictive scaling, and a suspended state for maintenance.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AutoScalingProps } from '../../blueprints/ecs/scaling/service-auto-scaling.js';
import type { CompileResult } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { apiService } from './service-fixtures.js';

const trees: CompileResult[] = [];
const split = { 'Fn::Split': ['/', { Ref: 'Api' }] };

test('custom metrics: one metric with a statistic, and metric math returning one series', () => {
  const out = compileTree((root) => {
    apiService(root, {
      autoScaling: {
        minCapacity: 1,
        maxCapacity: 10,
        targetTracking: {
          scaleInCooldownSeconds: 120,
          customMetrics: [
            { name: 'Latency', targetValue: 0.25, metric: { namespace: 'MyApp', metricName: 'p50Latency', dimensions: { Service: 'api' }, unit: 'Seconds' }, statistic: 'Maximum' },
            {
              name: 'JobsPerTask',
              targetValue: 20,
              queries: [
                { id: 'jobs', metric: { namespace: 'MyApp', metricName: 'PendingJobs' }, stat: 'Sum' },
                { id: 'workers', metric: { namespace: 'MyApp', metricName: 'Workers' }, stat: 'Average' },
                { id: 'perWorker', expression: 'jobs / workers', label: 'Jobs per worker' },
              ],
            },
          ],
        },
      },
    });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyName: 'custom-latency-target-tracking',
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 0.25,
      CustomizedMetricSpecification: { Namespace: 'MyApp', MetricName: 'p50Latency', Dimensions: [{ Name: 'Service', Value: 'api' }], Statistic: 'Maximum', Unit: 'Seconds' },
      ScaleInCooldown: 120,
      ScaleOutCooldown: 60,
      DisableScaleIn: false,
      PredefinedMetricSpecification: absent,
    },
  });
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyName: 'custom-jobspertask-target-tracking',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 20,
      CustomizedMetricSpecification: {
        Metrics: [
          { Id: 'jobs', MetricStat: { Metric: { Namespace: 'MyApp', MetricName: 'PendingJobs', Dimensions: absent }, Stat: 'Sum' }, ReturnData: false },
          { Id: 'workers', MetricStat: { Metric: { Namespace: 'MyApp', MetricName: 'Workers' }, Stat: 'Average' }, ReturnData: false },
          { Id: 'perWorker', Expression: 'jobs / workers', Label: 'Jobs per worker', ReturnData: true, MetricStat: absent },
        ],
      },
    },
  });
});

test('SQS backlog per task: the queue length over the service\'s running tasks (Container Insights), returned as one series', () => {
  const out = compileTree((root) => {
    apiService(root, { autoScaling: { minCapacity: 0, maxCapacity: 20, targetTracking: { sqsBacklogPerTask: { queueName: 'orders.fifo', backlogPerTask: 100 } } } });
  });
  trees.push(out.result);
  out.stack('Services').resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyName: 'sqs-backlog-target-tracking',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 100,
      CustomizedMetricSpecification: {
        Metrics: [
          { Id: 'queue', MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'orders.fifo' }] }, Stat: 'Sum' }, ReturnData: false },
          {
            Id: 'tasks',
            MetricStat: {
              Metric: {
                Namespace: 'ECS/ContainerInsights',
                MetricName: 'RunningTaskCount',
                Dimensions: [
                  { Name: 'ClusterName', Value: { 'Fn::Select': [1, split] } },
                  { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Api', 'Name'] } },
                ],
              },
              Stat: 'Average',
            },
            ReturnData: false,
          },
          { Id: 'backlogPerTask', Expression: 'queue / tasks', ReturnData: true },
        ],
      },
    },
  });
});

test('predictive scaling (forecast only by default, or forecast and scale with a buffer above the maximum) and a suspended state', () => {
  const out = compileTree((root) => {
    const maintenance = root.parameter('Maintenance', { Type: 'String', AllowedValues: ['true', 'false'], Default: 'false' });
    apiService(root, {
      autoScaling: {
        minCapacity: 2,
        maxCapacity: 8,
        predictive: { metric: 'cpu', targetPercent: 40 },
        suspended: { dynamicScalingIn: maintenance.ref, scheduledScaling: true },
      },
    });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyName: 'cpu-predictive',
    PolicyType: 'PredictiveScaling',
    ScalingTargetId: { Ref: 'ApiScalingTarget' },
    PredictiveScalingPolicyConfiguration: {
      MetricSpecifications: [{ TargetValue: 40, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' } }],
      Mode: 'ForecastOnly',
      MaxCapacityBreachBehavior: 'HonorMaxCapacity',
      MaxCapacityBuffer: absent,
      SchedulingBufferTime: absent,
    },
  });
  s.resource('AWS::ApplicationAutoScaling::ScalableTarget', {
    SuspendedState: { DynamicScalingInSuspended: { Ref: 'Maintenance' }, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: true },
  });
  const scale = compileTree((root) => {
    apiService(root, {
      autoScaling: {
        minCapacity: 2,
        maxCapacity: 8,
        targetTracking: { memoryPercent: 70 },
        predictive: { metric: 'memory', targetPercent: 60, mode: 'ForecastAndScale', schedulingBufferSeconds: 600, maxCapacityBreachBehavior: 'IncreaseMaxCapacity', maxCapacityBufferPercent: 10 },
      },
    });
  });
  trees.push(scale.result);
  scale.stack('Services').resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyType: 'PredictiveScaling',
    PredictiveScalingPolicyConfiguration: {
      MetricSpecifications: [{ TargetValue: 60, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceMemoryUtilization' } }],
      Mode: 'ForecastAndScale',
      SchedulingBufferTime: 600,
      MaxCapacityBreachBehavior: 'IncreaseMaxCapacity',
      MaxCapacityBuffer: 10,
    },
  });
  scale.stack('Services').resource('AWS::ApplicationAutoScaling::ScalableTarget', { SuspendedState: absent });
});

test('bad scaling inputs fail with the input path, the value and what is allowed', () => {
  const error = (autoScaling: Partial<AutoScalingProps>) => inputErrorOf(() => compileTree((root) => apiService(root, { autoScaling: { minCapacity: 1, maxCapacity: 4, ...autoScaling } })));
  const metric = { namespace: 'MyApp', metricName: 'Queue' };
  const cases: [string, string][] = [
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, metric, queries: [{ id: 'a', expression: '1' }] }] } }), 'service.autoScaling.targetTracking.customMetrics[0]: "q" needs exactly one of metric'],
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1 }] } }), 'service.autoScaling.targetTracking.customMetrics[0]: "q" needs exactly one of metric'],
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 0, metric }] } }), 'service.autoScaling.targetTracking.customMetrics[0].targetValue: 0 is not a number from'],
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, metric }, { name: 'Q', targetValue: 2, metric }] } }), 'service.autoScaling.targetTracking.customMetrics[1].name: "Q" is a duplicate policy name'],
    [error({ targetTracking: { customMetrics: [{ name: '1q', targetValue: 1, metric }] } }), 'service.autoScaling.targetTracking.customMetrics[0].name: "1q" is not a name of letters and digits'],
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, metric, statistic: 'p90' as never }] } }), 'service.autoScaling.targetTracking.customMetrics[0].statistic: "p90" is not a statistic'],
    [
      error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, queries: [{ id: 'a', metric, stat: 'Sum' }, { id: 'a', expression: 'a * 2' }] }] } }),
      'service.autoScaling.targetTracking.customMetrics[0].queries[1].id: "a" is a duplicate query id',
    ],
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, queries: [{ id: 'a', metric }] }] } }), 'service.autoScaling.targetTracking.customMetrics[0].queries[0].stat: undefined is missing'],
    [
      error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, queries: [{ id: 'a', metric, stat: 'Sum' }, { id: 'b', expression: 'a / tasks' }] }] } }),
      'service.autoScaling.targetTracking.customMetrics[0].queries[1].expression: "a / tasks" names tasks, which is not the id of another query (a)',
    ],
    [
      error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, queries: [{ id: 'a', metric, stat: 'Sum', returnData: true }, { id: 'b', expression: 'a * 2', returnData: true }] }] } }),
      'service.autoScaling.targetTracking.customMetrics[0].queries: "2 queries with returnData" must return exactly one time series',
    ],
    [error({ targetTracking: { customMetrics: [{ name: 'q', targetValue: 1, queries: [{ id: 'A', expression: '1' }] }] } }), 'service.autoScaling.targetTracking.customMetrics[0].queries[0].id: "A" is not a query id'],
    [error({ targetTracking: { sqsBacklogPerTask: { queueName: 'orders queue', backlogPerTask: 10 } } }), 'service.autoScaling.targetTracking.sqsBacklogPerTask.queueName: "orders queue" is not an SQS queue name'],
    [error({ predictive: { metric: 'requests' as never, targetPercent: 50 } }), 'service.autoScaling.predictive.metric: "requests" is not a predictive scaling metric (cpu or memory)'],
    [error({ predictive: { metric: 'cpu', targetPercent: 50, maxCapacityBreachBehavior: 'IncreaseMaxCapacity' } }), 'service.autoScaling.predictive.maxCapacityBufferPercent: undefined is missing'],
    [error({ predictive: { metric: 'cpu', targetPercent: 50, maxCapacityBufferPercent: 5 } }), 'service.autoScaling.predictive.maxCapacityBufferPercent: 5 only applies with maxCapacityBreachBehavior IncreaseMaxCapacity'],
    [error({ predictive: { metric: 'cpu', targetPercent: 50, schedulingBufferSeconds: 7200 } }), 'service.autoScaling.predictive.schedulingBufferSeconds: 7200 is not an integer from 0 to 3600'],
    [error({ suspended: { dynamicScalingIn: 'yes' as never } }), 'service.autoScaling.suspended.dynamicScalingIn: "yes"'],
  ];
  for (const [actual, expected] of cases) assert.ok(actual.startsWith(expected), `${actual}\n  expected to start with: ${expected}`);
});

test('every template above is cfn-lint clean, and checkov clean but for the hand-made stand-ins of the Base stack (an HTTP test ALB)', () => {
  assert.equal(lintCompiled(...trees), []);
  assert.equal(checkovCompiled(...trees).filter((failure) => !/\/Base\.json /.test(failure)), []);
});

test.run();
