/**
 * An ALB target group for awsvpc tasks (TargetType ip), with a health check and a deregistration
 * delay. Every input is checked here so that a bad value fails the build, not the deployment.
 */
import { InputError, s, type Res, type Stack, type Value } from '../../dsl/index.js';
import { vpcId } from '../network/ids.js';

/** Load balancer resource names: 1..32 letters, digits and hyphens, not starting or ending with a hyphen. */
export const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const MATCHER = /^[2-4][0-9]{2}(?:-[2-4][0-9]{2})?(?:,[2-4][0-9]{2}(?:-[2-4][0-9]{2})?)*$/;
const HEALTH_PATH = /^\/[\x21-\x7e]{0,1023}$/;
/**
 * An application cookie name: token characters, and none of the names the load balancer keeps for
 * itself (AWSALB, AWSALBAPP, AWSALBTG) https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html
 */
const APP_COOKIE = /^(?!AWSALB)[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** A load balancer or target group name: at most 32 letters, digits and inner hyphens. */
export const elbName = () => s.text(ELB_NAME, 'a name of letters, digits and inner hyphens (1 to 32 characters)', { max: 32 });

const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** A target group ARN, or a deploy-time value (a handle's Ref). */
export const targetGroupArn = () => s.deployTime(s.text(TARGET_GROUP_ARN, 'a target group ARN'));

/** Checks a load balancer or target group name given as a literal. */
export function checkElbName(path: string, name: string): string {
  return s.parse(elbName(), name, path);
}

export { vpcId };

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

/** Seconds a sticky session lasts, 1 second to 7 days (or a deploy-time value). Default 86400 (one day). */
const stickyDuration = () => s.optional(s.deployTime(s.integer(1, 604800)), 86400);

/**
 * Sticky sessions: `lb_cookie` (the load balancer's own AWSALB cookie) or `app_cookie` (follows a
 * cookie the application sets, named by `cookieName`).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html
 */
export const TargetGroupStickinessInput = s.object({
  /** `lb_cookie` or `app_cookie`. */
  type: s.oneOf(['lb_cookie', 'app_cookie']),
  /** The application's cookie, `app_cookie` only (or a deploy-time value); not AWSALB, AWSALBAPP or AWSALBTG (reserved). */
  cookieName: s.optional(s.deployTime(s.text(APP_COOKIE, 'a cookie name (token characters, not starting with AWSALB)', { max: 256 }))),
  durationSeconds: stickyDuration(),
});
export type TargetGroupStickiness = s.Input<typeof TargetGroupStickinessInput>;

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
  /** Sticky sessions (TargetGroupStickinessInput). Default: off, each request balanced on its own. */
  stickiness: s.optional(TargetGroupStickinessInput),
});
export type TargetGroupProps = s.Input<typeof TargetGroupInput>;

export function targetGroup(stack: Stack, id: string, props: TargetGroupProps): Res<'AWS::ElasticLoadBalancingV2::TargetGroup'> {
  const path = props?.path ?? 'targetGroup';
  const p = s.parse(TargetGroupInput, props, path);
  const health = p.healthCheck;
  const sticky = p.stickiness;
  if (sticky?.type === 'app_cookie' && sticky.cookieName === undefined) {
    throw new InputError(`${path}.stickiness.cookieName`, undefined, 'is missing: app_cookie stickiness follows a cookie of the application; name it');
  }
  if (sticky?.type === 'lb_cookie' && sticky.cookieName !== undefined) {
    throw new InputError(`${path}.stickiness.cookieName`, sticky.cookieName, 'is given, but lb_cookie stickiness uses the load balancer\'s own cookie: use type app_cookie');
  }
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
      TargetGroupAttributes: [
        { Key: 'deregistration_delay.timeout_seconds', Value: String(p.deregistrationDelaySeconds) },
        ...stickinessAttributes(p.stickiness),
      ],
    },
  });
}

/** Target group attributes of a stickiness choice (names from the TargetGroupAttribute reference). */
function stickinessAttributes(stickiness: s.Output<typeof TargetGroupStickinessInput> | undefined): { Key: string; Value: Value<string> }[] {
  if (!stickiness) return [];
  const text = (value: number | Value<string>) => (typeof value === 'number' ? String(value) : value);
  const type = stickiness.type;
  return [
    { Key: 'stickiness.enabled', Value: 'true' },
    { Key: 'stickiness.type', Value: type },
    ...(stickiness.cookieName !== undefined ? [{ Key: 'stickiness.app_cookie.cookie_name', Value: stickiness.cookieName }] : []),
    { Key: `stickiness.${type}.duration_seconds`, Value: text(stickiness.durationSeconds) },
  ];
}
