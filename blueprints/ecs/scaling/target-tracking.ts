/** Target tracking on the service's average CPU, memory, or ALB requests per task. */
import { Fn, s, type Res, type Stack, type Value } from '../../../dsl/index.js';

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
  props: { path: string; scalingTargetId: Value<string>; tracking: TargetTrackingProps; requestCountLabel: (path: string) => Value<string> },
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
  return policies;
}
