/**
 * An ALB target group for awsvpc tasks (TargetType ip), with a health check and a deregistration
 * delay. Every input is checked here so that a bad value fails the build, not the deployment.
 */
import { check, InputError, type Res, type Stack, type Tok, type Value } from '../../dsl/index.js';

export interface TargetGroupHealthCheck {
  /** Path the load balancer requests. Default `/`. Must start with `/`. A deploy-time token is not checked (give its parameter an AllowedPattern). */
  path?: string | Tok;
  /** HTTP codes that mean healthy: `200`, `200-299`, `200,204`. Default `200`. */
  matcher?: string;
  /** Seconds between checks, 5..300. Default 30. */
  intervalSeconds?: number;
  /** Seconds before a check fails, 2..120 and less than the interval. Default 5. */
  timeoutSeconds?: number;
  /** Successes before a target is healthy, 2..10. Default 3. */
  healthyThreshold?: number;
  /** Failures before a target is unhealthy, 2..10. Default 3. */
  unhealthyThreshold?: number;
}

export interface TargetGroupProps {
  /** Input path prefix for errors. Default 'targetGroup'. */
  path?: string;
  vpcId: Value<string>;
  /** Port the targets listen on, 1..65535; or a deploy-time token (a Number parameter's Ref), not checked here. */
  port: number | Tok;
  /** Protocol to the targets. Default `HTTP`. */
  protocol?: 'HTTP' | 'HTTPS';
  /** ALB target group name; at most 32 characters (checked). Omitted: CloudFormation generates a unique one. */
  name?: string;
  healthCheck?: TargetGroupHealthCheck;
  /** Seconds in-flight requests may drain when a target leaves, 0..3600. Default 30 (the ALB default of 300 slows deployments). */
  deregistrationDelaySeconds?: number;
}

/** Load balancer resource names: 1..32 letters, digits and hyphens, not starting or ending with a hyphen. */
export const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const MATCHER = /^[2-4][0-9]{2}(?:-[2-4][0-9]{2})?(?:,[2-4][0-9]{2}(?:-[2-4][0-9]{2})?)*$/;

/** Checks a load balancer or target group name: at most 32 characters of letters, digits and hyphens. */
export function checkElbName(path: string, name: string): string {
  check.maxLength(path, name, 32);
  return check.matches(path, name, ELB_NAME, 'a name of letters, digits and inner hyphens (1 to 32 characters)');
}

export function targetGroup(stack: Stack, id: string, props: TargetGroupProps): Res<'AWS::ElasticLoadBalancingV2::TargetGroup'> {
  const path = props.path ?? 'targetGroup';
  if (typeof props.port === 'number') check.integerInRange(`${path}.port`, props.port, 1, 65535);
  const protocol = check.oneOf(`${path}.protocol`, props.protocol ?? 'HTTP', ['HTTP', 'HTTPS'] as const);
  if (props.name !== undefined) checkElbName(`${path}.name`, props.name);
  const health = props.healthCheck ?? {};
  const hcPath = typeof health.path === 'object'
    ? health.path
    : check.matches(`${path}.healthCheck.path`, health.path ?? '/', /^\/[\x21-\x7e]{0,1023}$/, 'a path starting with "/" (at most 1024 characters)');
  const matcher = check.matches(`${path}.healthCheck.matcher`, health.matcher ?? '200', MATCHER, 'HTTP codes such as "200", "200-299" or "200,204"');
  const interval = check.integerInRange(`${path}.healthCheck.intervalSeconds`, health.intervalSeconds ?? 30, 5, 300);
  const timeout = check.integerInRange(`${path}.healthCheck.timeoutSeconds`, health.timeoutSeconds ?? 5, 2, 120);
  if (timeout >= interval) {
    throw new InputError(`${path}.healthCheck.timeoutSeconds`, timeout, `must be less than the interval (${interval} s)`);
  }
  const healthy = check.integerInRange(`${path}.healthCheck.healthyThreshold`, health.healthyThreshold ?? 3, 2, 10);
  const unhealthy = check.integerInRange(`${path}.healthCheck.unhealthyThreshold`, health.unhealthyThreshold ?? 3, 2, 10);
  const delay = check.integerInRange(`${path}.deregistrationDelaySeconds`, props.deregistrationDelaySeconds ?? 30, 0, 3600);

  return stack.add(id, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      ...(props.name !== undefined ? { Name: props.name } : {}),
      VpcId: props.vpcId,
      Port: props.port,
      Protocol: protocol,
      TargetType: 'ip',
      HealthCheckEnabled: true,
      HealthCheckProtocol: protocol,
      HealthCheckPath: hcPath,
      HealthCheckIntervalSeconds: interval,
      HealthCheckTimeoutSeconds: timeout,
      HealthyThresholdCount: healthy,
      UnhealthyThresholdCount: unhealthy,
      Matcher: { HttpCode: matcher },
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(delay) }],
    },
  });
}
