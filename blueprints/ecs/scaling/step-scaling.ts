/**
 * CPU step scaling (the seed's microservice module): a high-CPU alarm adds tasks, a low-CPU alarm
 * removes them, each through a step scaling policy with a cooldown.
 */
import { InputError, s, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { requireOrder } from '../input-order.js';

/**
 * CloudWatch alarm periods: 10, 30 or a multiple of 60 seconds up to a day
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html, Period).
 */
function periodProblem(seconds: number): string | undefined {
  return seconds === 10 || seconds === 30 || seconds % 60 === 0 ? undefined : 'is not an alarm period (10, 30 or a multiple of 60 up to 86400)';
}
const alarmPeriod = () => s.deployTime(s.refine(s.integer(10, 86400, 'an alarm period in seconds (10, 30 or a multiple of 60 up to 86400)'), periodProblem));

/**
 * Every threshold, period, evaluation count and cooldown is a literal or a deploy-time value (a
 * parameter's Ref gets the range below as MinValue/MaxValue). The thresholds must be in order: two
 * literals are compared, a literal bounds the other's parameter, two deploy-time values are not compared
 * (CloudFormation Rules cannot compare numbers).
 */
export const StepScalingInput = s.object({
  /** Average CPU % at or above which tasks are added, 1..100. Default 85. */
  cpuHighThreshold: s.optional(s.deployTime(s.integer(1, 100)), 85),
  /** Average CPU % at or below which tasks are removed, 0..99, below cpuHighThreshold. Default 10. */
  cpuLowThreshold: s.optional(s.deployTime(s.integer(0, 99)), 10),
  /** Seconds per datapoint of the high alarm: 10, 30 or a multiple of 60 up to 86400. Default 60. */
  highPeriodSeconds: s.optional(alarmPeriod(), 60),
  /** Datapoints over the threshold before scaling out, 1..100. Default 3. */
  highEvaluationPeriods: s.optional(s.deployTime(s.integer(1, 100)), 3),
  /** Seconds per datapoint of the low alarm: 10, 30 or a multiple of 60 up to 86400. Default 60. */
  lowPeriodSeconds: s.optional(alarmPeriod(), 60),
  /** Datapoints under the threshold before scaling in, 1..100. Default 3. */
  lowEvaluationPeriods: s.optional(s.deployTime(s.integer(1, 100)), 3),
  /** Seconds after a scaling activity before the next, 0..3600. Default 60. */
  cooldownSeconds: s.optional(s.deployTime(s.integer(0, 3600)), 60),
  /** Tasks added per scale-out, 1..100. Default 1. */
  scaleOutBy: s.optional(s.integer(1, 100), 1),
  /** Tasks removed per scale-in, 1..100 (a literal: the policy takes its negative). Default 1. */
  scaleInBy: s.optional(s.integer(1, 100), 1),
});
export type StepScalingProps = s.Input<typeof StepScalingInput>;

export interface StepScaling {
  scaleOut: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>;
  scaleIn: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>;
  highAlarm: Res<'AWS::CloudWatch::Alarm'>;
  lowAlarm: Res<'AWS::CloudWatch::Alarm'>;
}

export function stepScaling(
  stack: Stack,
  id: string,
  props: {
    path: string;
    scalingTargetId: Value<string>;
    clusterName: Value<string>;
    serviceName: Value<string>;
    step: StepScalingProps;
    /**
     * SNS topic ARN the alarms also notify (alarm and OK). An `Fn.if(condition, arn, Aws.noValue)`
     * makes the notification optional at deploy time.
     */
    notify: Value<string> | undefined;
  },
): StepScaling {
  const { path } = props;
  const step = s.parse(StepScalingInput, props.step, path);
  const high = step.cpuHighThreshold;
  const low = step.cpuLowThreshold;
  requireOrder(
    { path: `${path}.cpuLowThreshold`, name: 'cpuLowThreshold', value: low },
    { path: `${path}.cpuHighThreshold`, name: 'cpuHighThreshold', value: high },
    { strict: true, problem: () => new InputError(`${path}.cpuLowThreshold`, low, `must be below cpuHighThreshold (${String(high)}), or scaling would flap`) },
  );
  const outBy = step.scaleOutBy;
  const inBy = step.scaleInBy;

  const policy = (name: string, adjustment: number, bound: 'MetricIntervalLowerBound' | 'MetricIntervalUpperBound') =>
    stack.add(`${id}${name}`, {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: name === 'ScaleOut' ? 'cpu-step-scale-out' : 'cpu-step-scale-in',
        PolicyType: 'StepScaling',
        ScalingTargetId: props.scalingTargetId,
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          Cooldown: step.cooldownSeconds,
          MetricAggregationType: 'Average',
          StepAdjustments: [{ [bound]: 0, ScalingAdjustment: adjustment }],
        },
      },
    });
  const scaleOut = policy('ScaleOut', outBy, 'MetricIntervalLowerBound');
  const scaleIn = policy('ScaleIn', -inBy, 'MetricIntervalUpperBound');

  type Setting = number | Value<number>;
  const alarm = (name: string, description: string, threshold: Setting, operator: string, seconds: Setting, evaluations: Setting, action: Value<string>) =>
    stack.add(`${id}${name}`, {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: description,
        Namespace: 'AWS/ECS',
        MetricName: 'CPUUtilization',
        Dimensions: [
          { Name: 'ClusterName', Value: props.clusterName },
          { Name: 'ServiceName', Value: props.serviceName },
        ],
        Statistic: 'Average',
        Period: seconds,
        EvaluationPeriods: evaluations,
        Threshold: threshold,
        ComparisonOperator: operator,
        TreatMissingData: 'missing',
        AlarmActions: props.notify !== undefined ? [action, props.notify] : [action],
        ...(props.notify !== undefined ? { OKActions: [props.notify] } : {}),
      },
    });
  const percent = (value: Setting, words: string) => (typeof value === 'number' ? `${value}%` : words);
  const highAlarm = alarm('CpuHighAlarm', `Service CPU at or above ${percent(high, 'the scale-out threshold')}: add ${outBy} task(s)`, high, 'GreaterThanOrEqualToThreshold', step.highPeriodSeconds, step.highEvaluationPeriods, scaleOut.ref);
  const lowAlarm = alarm('CpuLowAlarm', `Service CPU at or below ${percent(low, 'the scale-in threshold')}: remove ${inBy} task(s)`, low, 'LessThanOrEqualToThreshold', step.lowPeriodSeconds, step.lowEvaluationPeriods, scaleIn.ref);
  return { scaleOut, scaleIn, highAlarm, lowAlarm };
}
