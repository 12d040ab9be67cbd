/**
 * Predictive scaling of an ECS service: Application Auto Scaling forecasts the load from the service's
 * history (CPU or memory) and raises the capacity ahead of it; `ForecastOnly` (the default, as in AWS's
 * own default) only publishes the forecast, so it can be compared with the real load before it acts
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/aas-create-predictive-scaling-policy.html).
 * The registry schema of AWS::ApplicationAutoScaling::ScalingPolicy supports PolicyType PredictiveScaling
 * for Amazon ECS only, which is what this is.
 */
import { InputError, s, type Res, type Stack, type Value } from '../../../dsl/index.js';

/** The metric pairs for ECS services (PredictiveScalingPredefinedMetricPair in the registry schema). */
const METRIC_PAIRS = { cpu: 'ECSServiceCPUUtilization', memory: 'ECSServiceMemoryUtilization' } as const;

export const PredictiveScalingInput = s.object({
  /** `cpu` or `memory`: the metric pair forecast and scaled on. */
  metric: s.oneOf(['cpu', 'memory'], 'a predictive scaling metric (cpu or memory)'),
  /** Utilisation to plan capacity for, in %, 1..100 (or a deploy-time value). */
  targetPercent: s.deployTime(s.integer(1, 100)),
  /** `ForecastOnly` (default: forecasts, no scaling) or `ForecastAndScale`. */
  mode: s.optional(s.oneOf(['ForecastOnly', 'ForecastAndScale'], 'a predictive scaling mode'), 'ForecastOnly'),
  /** Seconds ahead of the forecast time the capacity is launched, 0..3600 (or a deploy-time value). Default: Application Auto Scaling's (300). */
  schedulingBufferSeconds: s.optional(s.deployTime(s.integer(0, 3600))),
  /** `HonorMaxCapacity` (default: never above maxCapacity) or `IncreaseMaxCapacity` (up to the buffer above it). */
  maxCapacityBreachBehavior: s.optional(s.oneOf(['HonorMaxCapacity', 'IncreaseMaxCapacity'], 'a max capacity breach behaviour'), 'HonorMaxCapacity'),
  /** With IncreaseMaxCapacity (required there, refused otherwise): % above the forecast the maximum may go, 0..100. */
  maxCapacityBufferPercent: s.optional(s.deployTime(s.integer(0, 100))),
});
export type PredictiveScalingProps = s.Input<typeof PredictiveScalingInput>;

export function predictiveScaling(stack: Stack, id: string, props: { path: string; scalingTargetId: Value<string>; predictive: PredictiveScalingProps }): Res<'AWS::ApplicationAutoScaling::ScalingPolicy'> {
  const { path } = props;
  const p = s.parse(PredictiveScalingInput, props.predictive, path);
  const increases = p.maxCapacityBreachBehavior === 'IncreaseMaxCapacity';
  if (increases && p.maxCapacityBufferPercent === undefined) {
    throw new InputError(`${path}.maxCapacityBufferPercent`, undefined, 'is missing: IncreaseMaxCapacity needs the buffer above the forecast');
  }
  if (!increases && p.maxCapacityBufferPercent !== undefined) {
    throw new InputError(`${path}.maxCapacityBufferPercent`, p.maxCapacityBufferPercent, 'only applies with maxCapacityBreachBehavior IncreaseMaxCapacity');
  }
  return stack.add(`${id}Predictive`, {
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: {
      PolicyName: `${p.metric}-predictive`,
      PolicyType: 'PredictiveScaling',
      ScalingTargetId: props.scalingTargetId,
      PredictiveScalingPolicyConfiguration: {
        MetricSpecifications: [{ TargetValue: p.targetPercent, PredefinedMetricPairSpecification: { PredefinedMetricType: METRIC_PAIRS[p.metric] } }],
        Mode: p.mode,
        ...(p.schedulingBufferSeconds !== undefined ? { SchedulingBufferTime: p.schedulingBufferSeconds } : {}),
        MaxCapacityBreachBehavior: p.maxCapacityBreachBehavior,
        ...(p.maxCapacityBufferPercent !== undefined ? { MaxCapacityBuffer: p.maxCapacityBufferPercent } : {}),
      },
    },
  });
}
