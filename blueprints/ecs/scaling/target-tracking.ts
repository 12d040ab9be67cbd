/**
 * Target tracking on the service's average CPU, memory, ALB requests per task, or CloudWatch metrics of
 * your own: one metric and a statistic, or metric math over several (e.g. the SQS backlog per task,
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html).
 */
import { InputError, s, Fn, type CfnValue, type Res, type Stack, type Value } from '../../../dsl/index.js';

/** CloudWatch names and dimension values (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html). */
const cloudWatchName = (what: string) => s.string({ min: 1, max: 255 }, what);
const STATISTICS = ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum'] as const;
/** Metric math query ids: a lower-case letter, then letters, digits and `_` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html). */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
/** SQS queue names (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html, QueueName). */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}(\.fifo)?$/;

export const MetricInput = s.object({
  /** CloudWatch namespace, e.g. `AWS/SQS` or your application's. */
  namespace: cloudWatchName('a CloudWatch namespace'),
  /** Metric name. */
  metricName: cloudWatchName('a metric name'),
  /** Dimensions by name (values may be deploy-time values), as the metric was published. Default: none. */
  dimensions: s.optional(s.record(cloudWatchName('a dimension name'), s.deployTime(s.string({ min: 1, max: 1024 }))), {}),
  /** Unit the metric was published with, e.g. `Count`. Default: any. */
  unit: s.optional(s.string({ min: 1, max: 32 })),
});

export const MetricQueryInput = s.object({
  /** Id the other queries' expressions use: a lower-case letter, then letters, digits and `_`. */
  id: s.text(QUERY_ID, 'a query id (a lower-case letter, then letters, digits and _)', { max: 255 }),
  /** Metric math over the other queries' ids, e.g. `m1 / m2`. Exactly one of expression and metric. */
  expression: s.optional(s.string({ min: 1, max: 2048 })),
  /** A metric, with `stat`. Exactly one of expression and metric. */
  metric: s.optional(MetricInput),
  /** With metric: the statistic, e.g. `Sum`, `Average`, `p90`. */
  stat: s.optional(s.string({ min: 1, max: 100 })),
  /** Label of the time series. Default: none. */
  label: s.optional(s.string({ max: 255 })),
  /** The query the policy tracks: exactly one. Default: the last query when none says so. */
  returnData: s.optional(s.boolean()),
});

export const CustomMetricInput = s.object({
  /** Policy name suffix, unique per service: a letter, then letters and digits (at most 40). */
  name: s.text(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'a name of letters and digits starting with a letter (at most 40)', { max: 40 }),
  /** Value of the metric to hold, above 0 (or a deploy-time value). */
  targetValue: s.deployTime(s.decimal(0.000001, 1e15)),
  /** One metric (with `statistic`). Exactly one of metric and queries. */
  metric: s.optional(MetricInput),
  /** With metric: `Average`, `Maximum`, `Minimum`, `SampleCount` or `Sum`. Default `Average`. */
  statistic: s.optional(s.oneOf(STATISTICS, 'a statistic')),
  /** Metric math: 1 to 10 queries, one of them returned. Exactly one of metric and queries. */
  queries: s.optional(s.list(MetricQueryInput, { min: 1, max: 10 }, 'metric queries')),
});
export type CustomMetricProps = s.Input<typeof CustomMetricInput>;

/**
 * The SQS backlog each task should carry: queue length (ApproximateNumberOfMessagesVisible) divided by the
 * service's running tasks (ECS/ContainerInsights RunningTaskCount, so the cluster needs Container Insights).
 */
export const SqsBacklogInput = s.object({
  /** Queue name (or a deploy-time value). */
  queueName: s.deployTime(s.text(QUEUE_NAME, 'an SQS queue name (1-80 letters, digits, - and _, optionally .fifo)', { max: 80 })),
  /** Messages per task to hold, 1..1000000 (or a deploy-time value). */
  backlogPerTask: s.deployTime(s.integer(1, 1000000)),
});

export const TargetTrackingInput = s.object({
  /** Average CPU utilisation to hold, in %, 1..100 (or a deploy-time value). Default: no CPU policy. */
  cpuPercent: s.optional(s.deployTime(s.integer(1, 100))),
  /** Average memory utilisation to hold, in %, 1..100 (or a deploy-time value). Default: no memory policy. */
  memoryPercent: s.optional(s.deployTime(s.integer(1, 100))),
  /** ALB requests per task per minute to hold, 1..1000000 (needs a load balancer). Default: no request policy. */
  requestsPerTarget: s.optional(s.deployTime(s.integer(1, 1000000))),
  /** Seconds after a scale-in before the next, 0..3600. Default 300. */
  scaleInCooldownSeconds: s.optional(s.deployTime(s.integer(0, 3600)), 300),
  /** Seconds after a scale-out before the next, 0..3600. Default 60. */
  scaleOutCooldownSeconds: s.optional(s.deployTime(s.integer(0, 3600)), 60),
  /** Only scale out (scale in by schedule or by hand): true or false, or a deploy-time value. Default false. */
  disableScaleIn: s.optional(s.deployTime(s.boolean()), false),
  /** Policies on CloudWatch metrics of your own (1 to 10). Default: none. */
  customMetrics: s.optional(s.list(CustomMetricInput, { min: 1, max: 10 }, 'custom metric policies')),
  /** A policy on the SQS backlog per task (metric math over the queue and the running tasks). Default: none. */
  sqsBacklogPerTask: s.optional(SqsBacklogInput),
});
export type TargetTrackingProps = s.Input<typeof TargetTrackingInput>;

/**
 * `app/<lb>/<id>/targetgroup/<tg>/<id>`: the load balancer part cut from the listener ARN
 * (`arn:...:listener/app/<lb>/<id>/<listener id>`), the rest the target group's full name.
 */
export function requestCountResourceLabel(listenerArn: Value<string>, targetGroupFullName: Value<string>): Value<string> {
  const parts = Fn.split('/', listenerArn);
  return Fn.join('/', [Fn.select(1, parts), Fn.select(2, parts), Fn.select(3, parts), targetGroupFullName]);
}

type Metric = 'ECSServiceAverageCPUUtilization' | 'ECSServiceAverageMemoryUtilization' | 'ALBRequestCountPerTarget';

export function targetTrackingPolicies(
  stack: Stack,
  id: string,
  props: {
    path: string;
    scalingTargetId: Value<string>;
    tracking: TargetTrackingProps;
    requestCountLabel: (path: string) => Value<string>;
    /** The service's CloudWatch dimensions (the SQS backlog divides by its running tasks). */
    clusterName: Value<string>;
    serviceName: Value<string>;
  },
): Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>[] {
  const { path } = props;
  const tracking = s.parse(TargetTrackingInput, props.tracking, path);
  const wanted = [
    ['Cpu', 'ECSServiceAverageCPUUtilization', 'cpuPercent'],
    ['Memory', 'ECSServiceAverageMemoryUtilization', 'memoryPercent'],
    ['Requests', 'ALBRequestCountPerTarget', 'requestsPerTarget'],
  ] as const satisfies readonly (readonly [string, Metric, keyof typeof tracking])[];
  const policies: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>[] = [];
  for (const [name, metric, key] of wanted) {
    const target = tracking[key];
    if (target === undefined) continue;
    const label = metric === 'ALBRequestCountPerTarget' ? props.requestCountLabel(`${path}.${key}`) : undefined;
    policies.push(
      stack.add(`${id}${name}TargetTracking`, {
        Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
        Properties: {
          PolicyName: `${name.toLowerCase()}-target-tracking`,
          PolicyType: 'TargetTrackingScaling',
          ScalingTargetId: props.scalingTargetId,
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: target,
            PredefinedMetricSpecification: { PredefinedMetricType: metric, ...(label !== undefined ? { ResourceLabel: label } : {}) },
            ScaleInCooldown: tracking.scaleInCooldownSeconds,
            ScaleOutCooldown: tracking.scaleOutCooldownSeconds,
            DisableScaleIn: tracking.disableScaleIn,
          },
        },
      }),
    );
  }
  const settings = { ScaleInCooldown: tracking.scaleInCooldownSeconds, ScaleOutCooldown: tracking.scaleOutCooldownSeconds, DisableScaleIn: tracking.disableScaleIn };
  const custom = (logicalName: string, policyName: string, targetValue: number | Value<number>, specification: CustomizedMetric) =>
    policies.push(
      stack.add(`${id}${logicalName}TargetTracking`, {
        Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
        Properties: {
          PolicyName: `${policyName}-target-tracking`,
          PolicyType: 'TargetTrackingScaling',
          ScalingTargetId: props.scalingTargetId,
          TargetTrackingScalingPolicyConfiguration: { TargetValue: targetValue, CustomizedMetricSpecification: specification, ...settings },
        },
      }),
    );
  const seen = new Map<string, number>();
  (tracking.customMetrics ?? []).forEach((metric, i) => {
    const at = `${path}.customMetrics[${i}]`;
    const first = seen.get(metric.name.toLowerCase());
    if (first !== undefined) throw new InputError(`${at}.name`, metric.name, `is a duplicate policy name (already used at ${path}.customMetrics[${first}].name)`);
    seen.set(metric.name.toLowerCase(), i);
    custom(`Custom${metric.name}`, `custom-${metric.name.toLowerCase()}`, metric.targetValue, customizedMetric(at, metric));
  });
  if (tracking.sqsBacklogPerTask) {
    const sqs = tracking.sqsBacklogPerTask;
    const backlog: CustomMetricProps = {
      name: 'SqsBacklog',
      targetValue: sqs.backlogPerTask,
      queries: [
        { id: 'queue', metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: sqs.queueName } }, stat: 'Sum', returnData: false },
        {
          id: 'tasks',
          metric: { namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: { ClusterName: props.clusterName, ServiceName: props.serviceName } },
          stat: 'Average',
          returnData: false,
        },
        { id: 'backlogPerTask', expression: 'queue / tasks', label: 'Messages per running task', returnData: true },
      ],
    };
    custom('SqsBacklog', 'sqs-backlog', sqs.backlogPerTask, customizedMetric(`${path}.sqsBacklogPerTask`, s.parse(CustomMetricInput, backlog, `${path}.sqsBacklogPerTask`)));
  }
  return policies;
}

type CustomizedMetric = Record<string, CfnValue>;

const dimensionsOf = (dimensions: Readonly<Record<string, Value<string>>>) => Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));

/**
 * A CustomizedMetricSpecification: one metric with its statistic, or metric math whose queries name
 * existing ids and return exactly one time series (PutScalingPolicy, TargetTrackingMetricDataQuery).
 */
function customizedMetric(at: string, metric: s.Output<typeof CustomMetricInput>): CustomizedMetric {
  if ((metric.metric === undefined) === (metric.queries === undefined)) {
    throw new InputError(at, metric.name, 'needs exactly one of metric (with statistic) and queries (metric math)');
  }
  if (metric.metric) {
    const m = metric.metric;
    return {
      Namespace: m.namespace,
      MetricName: m.metricName,
      ...(Object.keys(m.dimensions).length ? { Dimensions: dimensionsOf(m.dimensions) } : {}),
      Statistic: metric.statistic ?? 'Average',
      ...(m.unit !== undefined ? { Unit: m.unit } : {}),
    };
  }
  if (metric.statistic !== undefined) throw new InputError(`${at}.statistic`, metric.statistic, 'only applies with metric; a query gives its own stat');
  const queries = metric.queries!;
  const ids = new Map<string, number>();
  queries.forEach((query, j) => {
    const here = `${at}.queries[${j}]`;
    if (ids.has(query.id)) throw new InputError(`${here}.id`, query.id, `is a duplicate query id (already used at ${at}.queries[${ids.get(query.id)}].id)`);
    ids.set(query.id, j);
    if ((query.expression === undefined) === (query.metric === undefined)) throw new InputError(here, query.id, 'needs exactly one of expression and metric');
    if (query.metric && query.stat === undefined) throw new InputError(`${here}.stat`, undefined, 'is missing: a metric query needs its statistic (e.g. Sum, Average)');
    if (query.expression !== undefined && query.stat !== undefined) throw new InputError(`${here}.stat`, query.stat, 'only applies to a metric query, not an expression');
  });
  queries.forEach((query, j) => {
    if (query.expression === undefined) return;
    // Identifiers outside quotes that look like query ids must be ids of the other queries (functions are upper case: SUM, IF, ...).
    const unquoted = query.expression.replace(/'[^']*'|"[^"]*"/g, '');
    for (const name of unquoted.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []) {
      if (!ids.has(name) || name === query.id) {
        throw new InputError(`${at}.queries[${j}].expression`, query.expression, `names ${name}, which is not the id of another query (${[...ids.keys()].filter((id) => id !== query.id).join(', ') || 'none'})`);
      }
    }
  });
  const returned = queries.filter((query) => query.returnData === true).length;
  if (returned > 1) throw new InputError(`${at}.queries`, `${returned} queries with returnData`, 'must return exactly one time series: mark one query returnData');
  const returnIndex = returned === 1 ? queries.findIndex((query) => query.returnData === true) : queries.length - 1;
  return {
    Metrics: queries.map((query, j) => ({
      Id: query.id,
      ...(query.expression !== undefined ? { Expression: query.expression } : {}),
      ...(query.metric
        ? {
            MetricStat: {
              Metric: {
                Namespace: query.metric.namespace,
                MetricName: query.metric.metricName,
                ...(Object.keys(query.metric.dimensions).length ? { Dimensions: dimensionsOf(query.metric.dimensions) } : {}),
              },
              Stat: query.stat!,
              ...(query.metric.unit !== undefined ? { Unit: query.metric.unit } : {}),
            },
          }
        : {}),
      ...(query.label !== undefined ? { Label: query.label } : {}),
      ReturnData: j === returnIndex,
    })),
  };
}
