/**
 * CPU step scaling (the seed's microservice module): a high-CPU alarm adds tasks, a low-CPU alarm
 * removes them, each through a step scaling policy with a cooldown.
 */
import { check, InputError, type Res, type Stack, type Tok, type Value } from '../../../dsl/index.js';

/**
 * A threshold, period, evaluation count or cooldown is a literal (checked here) or a deploy-time token
 * (a Number parameter's Ref, constrained by the parameter's own MinValue/MaxValue/AllowedValues).
 */
export interface StepScalingProps {
  /** Average CPU % at or above which tasks are added, 1..100. Default 85. */
  cpuHighThreshold?: number | Tok;
  /** Average CPU % at or below which tasks are removed, 0..99, below cpuHighThreshold (checked when both are literals). Default 10. */
  cpuLowThreshold?: number | Tok;
  /** Seconds per datapoint of the high alarm: 10, 30 or a multiple of 60. Default 60. */
  highPeriodSeconds?: number | Tok;
  /** Datapoints over the threshold before scaling out, 1..100. Default 3. */
  highEvaluationPeriods?: number | Tok;
  /** Seconds per datapoint of the low alarm. Default 60. */
  lowPeriodSeconds?: number | Tok;
  /** Datapoints under the threshold before scaling in, 1..100. Default 3. */
  lowEvaluationPeriods?: number | Tok;
  /** Seconds after a scaling activity before the next, 0..3600. Default 60. */
  cooldownSeconds?: number | Tok;
  /** Tasks added per scale-out, 1..100. Default 1. */
  scaleOutBy?: number;
  /** Tasks removed per scale-in, 1..100. Default 1. */
  scaleInBy?: number;
}

export interface StepScaling {
  scaleOut: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>;
  scaleIn: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>;
  highAlarm: Res<'AWS::CloudWatch::Alarm'>;
  lowAlarm: Res<'AWS::CloudWatch::Alarm'>;
}

function period(path: string, value: number | Tok): number | Tok {
  if (typeof value !== 'number') return value;
  if (value === 10 || value === 30 || (Number.isInteger(value) && value >= 60 && value <= 86400 && value % 60 === 0)) return value;
  throw new InputError(path, value, 'is not an alarm period (10, 30 or a multiple of 60 up to 86400)');
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
  const { path, step } = props;
  const literal = (at: string, value: number | Tok, min: number, max: number): number | Tok =>
    typeof value === 'number' ? check.integerInRange(`${path}.${at}`, value, min, max) : value;
  const high = literal('cpuHighThreshold', step.cpuHighThreshold ?? 85, 1, 100);
  const low = literal('cpuLowThreshold', step.cpuLowThreshold ?? 10, 0, 99);
  if (typeof low === 'number' && typeof high === 'number' && low >= high) {
    throw new InputError(`${path}.cpuLowThreshold`, low, `must be below cpuHighThreshold (${high}), or scaling would flap`);
  }
  const highPeriod = period(`${path}.highPeriodSeconds`, step.highPeriodSeconds ?? 60);
  const lowPeriod = period(`${path}.lowPeriodSeconds`, step.lowPeriodSeconds ?? 60);
  const highEvaluations = literal('highEvaluationPeriods', step.highEvaluationPeriods ?? 3, 1, 100);
  const lowEvaluations = literal('lowEvaluationPeriods', step.lowEvaluationPeriods ?? 3, 1, 100);
  const cooldown = literal('cooldownSeconds', step.cooldownSeconds ?? 60, 0, 3600);
  const outBy = check.integerInRange(`${path}.scaleOutBy`, step.scaleOutBy ?? 1, 1, 100);
  const inBy = check.integerInRange(`${path}.scaleInBy`, step.scaleInBy ?? 1, 1, 100);

  const policy = (name: string, adjustment: number, bound: 'MetricIntervalLowerBound' | 'MetricIntervalUpperBound') =>
    stack.add(`${id}${name}`, {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: name === 'ScaleOut' ? 'cpu-step-scale-out' : 'cpu-step-scale-in',
        PolicyType: 'StepScaling',
        ScalingTargetId: props.scalingTargetId,
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          Cooldown: cooldown,
          MetricAggregationType: 'Average',
          StepAdjustments: [{ [bound]: 0, ScalingAdjustment: adjustment }],
        },
      },
    });
  const scaleOut = policy('ScaleOut', outBy, 'MetricIntervalLowerBound');
  const scaleIn = policy('ScaleIn', -inBy, 'MetricIntervalUpperBound');

  const alarm = (name: string, description: string, threshold: number | Tok, operator: string, seconds: number | Tok, evaluations: number | Tok, action: Value<string>) =>
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
  const percent = (value: number | Tok, words: string) => (typeof value === 'number' ? `${value}%` : words);
  const highAlarm = alarm('CpuHighAlarm', `Service CPU at or above ${percent(high, 'the scale-out threshold')}: add ${outBy} task(s)`, high, 'GreaterThanOrEqualToThreshold', highPeriod, highEvaluations, scaleOut.ref);
  const lowAlarm = alarm('CpuLowAlarm', `Service CPU at or below ${percent(low, 'the scale-in threshold')}: remove ${inBy} task(s)`, low, 'LessThanOrEqualToThreshold', lowPeriod, lowEvaluations, scaleIn.ref);
  return { scaleOut, scaleIn, highAlarm, lowAlarm };
}
