/**
 * An ALB target group for awsvpc tasks (TargetType ip), with a health check and a deregistration
 * delay. Every input is checked here so that a bad value fails the build, not the deployment.
 */
import { InputError, s, type Res, type Stack } from '../../dsl/index.js';

/** Load balancer resource names: 1..32 letters, digits and hyphens, not starting or ending with a hyphen. */
export const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const MATCHER = /^[2-4][0-9]{2}(?:-[2-4][0-9]{2})?(?:,[2-4][0-9]{2}(?:-[2-4][0-9]{2})?)*$/;
const HEALTH_PATH = /^\/[\x21-\x7e]{0,1023}$/;
const VPC_ID = /^vpc-[0-9a-f]+$/;

/** A load balancer or target group name: at most 32 letters, digits and inner hyphens. */
export const elbName = () => s.text(ELB_NAME, 'a name of letters, digits and inner hyphens (1 to 32 characters)', { max: 32 });

/** Checks a load balancer or target group name given as a literal. */
export function checkElbName(path: string, name: string): string {
  return s.parse(elbName(), name, path);
}

/** A VPC id (`vpc-...`), or a deploy-time value. */
export const vpcId = () => s.deployTime(s.text(VPC_ID, 'a VPC id (vpc-...)'));

export const TargetGroupHealthCheckInput = s.object({
  /** Path the load balancer requests. Default `/`. Must start with `/`; at most 1024 characters. */
  path: s.optional(s.deployTime(s.text(HEALTH_PATH, 'a path starting with "/" (at most 1024 characters)')), '/'),
  /** HTTP codes that mean healthy: `200`, `200-299`, `200,204`. Default `200`. */
  matcher: s.optional(s.text(MATCHER, 'HTTP codes such as "200", "200-299" or "200,204"'), '200'),
  /** Seconds between checks, 5..300. Default 30. */
  intervalSeconds: s.optional(s.integer(5, 300), 30),
  /** Seconds before a check fails, 2..120 and less than the interval. Default 5. */
  timeoutSeconds: s.optional(s.integer(2, 120), 5),
  /** Successes before a target is healthy, 2..10. Default 3. */
  healthyThreshold: s.optional(s.integer(2, 10), 3),
  /** Failures before a target is unhealthy, 2..10. Default 3. */
  unhealthyThreshold: s.optional(s.integer(2, 10), 3),
});
export type TargetGroupHealthCheck = s.Input<typeof TargetGroupHealthCheckInput>;

export const TargetGroupInput = s.object({
  /** Input path prefix for errors. Default `targetGroup`. */
  path: s.optional(s.string()),
  vpcId: vpcId(),
  /** Port the targets listen on, 1..65535 (or a deploy-time value). */
  port: s.deployTime(s.integer(1, 65535)),
  /** Protocol to the targets, `HTTP` (default) or `HTTPS` (encryption in transit to the tasks). */
  protocol: s.optional(s.oneOf(['HTTP', 'HTTPS']), 'HTTP'),
  /** ALB target group name; at most 32 characters. Omitted: CloudFormation generates a unique one. */
  name: s.optional(elbName()),
  healthCheck: s.optional(TargetGroupHealthCheckInput, {}),
  /** Seconds in-flight requests may drain when a target leaves, 0..3600. Default 30 (the ALB default of 300 slows deployments). */
  deregistrationDelaySeconds: s.optional(s.integer(0, 3600), 30),
});
export type TargetGroupProps = s.Input<typeof TargetGroupInput>;

export function targetGroup(stack: Stack, id: string, props: TargetGroupProps): Res<'AWS::ElasticLoadBalancingV2::TargetGroup'> {
  const path = props.path ?? 'targetGroup';
  const p = s.parse(TargetGroupInput, props, path);
  const health = p.healthCheck;
  if (health.timeoutSeconds >= health.intervalSeconds) {
    throw new InputError(`${path}.healthCheck.timeoutSeconds`, health.timeoutSeconds, `must be less than the interval (${health.intervalSeconds} s)`);
  }
  return stack.add(id, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      ...(p.name !== undefined ? { Name: p.name } : {}),
      VpcId: p.vpcId,
      Port: p.port,
      Protocol: p.protocol,
      TargetType: 'ip',
      HealthCheckEnabled: true,
      HealthCheckProtocol: p.protocol,
      HealthCheckPath: health.path,
      HealthCheckIntervalSeconds: health.intervalSeconds,
      HealthCheckTimeoutSeconds: health.timeoutSeconds,
      HealthyThresholdCount: health.healthyThreshold,
      UnhealthyThresholdCount: health.unhealthyThreshold,
      Matcher: { HttpCode: health.matcher },
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(p.deregistrationDelaySeconds) }],
    },
  });
}
