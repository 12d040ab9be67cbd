/** Target tracking on the service's average CPU, memory, or ALB requests per task. */
import { check, Fn, type Res, type Stack, type Value } from '../../../dsl/index.js';

export interface TargetTrackingProps {
  /** Average CPU utilisation to hold, in %, 1..100. */
  cpuPercent?: number;
  /** Average memory utilisation to hold, in %, 1..100. */
  memoryPercent?: number;
  /** ALB requests per task per minute to hold, 1..1000000 (needs a load balancer). */
  requestsPerTarget?: number;
  /** Seconds after a scale-in before the next, 0..3600. Default 300. */
  scaleInCooldownSeconds?: number;
  /** Seconds after a scale-out before the next, 0..3600. Default 60. */
  scaleOutCooldownSeconds?: number;
  /** Only scale out (scale in by schedule or by hand). Default false. */
  disableScaleIn?: boolean;
}

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
  props: { path: string; scalingTargetId: Value<string>; tracking: TargetTrackingProps; requestCountLabel: (path: string) => Value<string> },
): Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>[] {
  const { path, tracking } = props;
  const scaleIn = check.integerInRange(`${path}.scaleInCooldownSeconds`, tracking.scaleInCooldownSeconds ?? 300, 0, 3600);
  const scaleOut = check.integerInRange(`${path}.scaleOutCooldownSeconds`, tracking.scaleOutCooldownSeconds ?? 60, 0, 3600);
  const wanted: [string, Metric, number | undefined, number][] = [
    ['Cpu', 'ECSServiceAverageCPUUtilization', tracking.cpuPercent, 100],
    ['Memory', 'ECSServiceAverageMemoryUtilization', tracking.memoryPercent, 100],
    ['Requests', 'ALBRequestCountPerTarget', tracking.requestsPerTarget, 1000000],
  ];
  const policies: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>[] = [];
  for (const [name, metric, target, max] of wanted) {
    if (target === undefined) continue;
    const key = name === 'Cpu' ? 'cpuPercent' : name === 'Memory' ? 'memoryPercent' : 'requestsPerTarget';
    const value = check.integerInRange(`${path}.${key}`, target, 1, max);
    const label = metric === 'ALBRequestCountPerTarget' ? props.requestCountLabel(`${path}.${key}`) : undefined;
    policies.push(
      stack.add(`${id}${name}TargetTracking`, {
        Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
        Properties: {
          PolicyName: `${name.toLowerCase()}-target-tracking`,
          PolicyType: 'TargetTrackingScaling',
          ScalingTargetId: props.scalingTargetId,
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: value,
            PredefinedMetricSpecification: { PredefinedMetricType: metric, ...(label !== undefined ? { ResourceLabel: label } : {}) },
            ScaleInCooldown: scaleIn,
            ScaleOutCooldown: scaleOut,
            DisableScaleIn: tracking.disableScaleIn ?? false,
          },
        },
      }),
    );
  }
  return policies;
}
