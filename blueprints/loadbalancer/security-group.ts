/**
 * The load balancer's security group: ingress on the listener ports from the given CIDRs (IPv4 and,
 * for a dual-stack load balancer, IPv6) and prefix lists only, and no egress until targets are
 * attached (`allowLoadBalancerToTarget`).
 */
import { s, type Res, type Stack, type Value } from '../../dsl/index.js';
import { denyAllEgressRule, ipv4Cidr, ipv6Cidr, prefixListId, securityGroupId, vpcId } from '../network/index.js';

/** A TCP port, 1..65535, or a deploy-time value. */
export const port = () => s.deployTime(s.integer(1, 65535));

export const LoadBalancerSecurityGroupInput = s.object({
  /** Input path prefix for errors. Default `loadBalancer`. */
  path: s.optional(s.string(), 'loadBalancer'),
  vpcId: vpcId(),
  /** Listener ports admitted, 1 to 50. */
  ports: s.list(port(), { min: 1, max: 50 }, 'ports'),
  /** IPv4 CIDR blocks admitted on every port. */
  cidrs: s.optional(s.list(s.deployTime(ipv4Cidr()), { max: 50 }, 'CIDR blocks'), []),
  /** IPv6 CIDR blocks admitted on every port (dual-stack load balancers). Default none. */
  ipv6Cidrs: s.optional(s.list(s.deployTime(ipv6Cidr()), { max: 50 }, 'IPv6 CIDR blocks'), []),
  /** Managed prefix lists admitted on every port. Default none. */
  prefixListIds: s.optional(s.list(prefixListId(), { max: 50 }, 'prefix lists'), []),
});
export type LoadBalancerSecurityGroupProps = s.Input<typeof LoadBalancerSecurityGroupInput>;

/** `Port 443` for a literal port, `Listener port` for a deploy-time one (a description cannot hold a Ref). */
const portName = (value: number | Value<number>) => (typeof value === 'number' ? `Port ${value}` : 'Listener port');

export function loadBalancerSecurityGroup(stack: Stack, id: string, props: LoadBalancerSecurityGroupProps): Res<'AWS::EC2::SecurityGroup'> {
  const p = s.parse(LoadBalancerSecurityGroupInput, props, props?.path ?? 'loadBalancer');
  const ingress = p.ports.flatMap((listenerPort) => {
    const rule = { IpProtocol: 'tcp', FromPort: listenerPort as Value<number>, ToPort: listenerPort as Value<number> };
    return [
      ...p.cidrs.map((cidr) => ({ ...rule, CidrIp: cidr, Description: `${portName(listenerPort)} from a permitted CIDR block` })),
      ...p.ipv6Cidrs.map((cidr) => ({ ...rule, CidrIpv6: cidr, Description: `${portName(listenerPort)} from a permitted IPv6 CIDR block` })),
      ...p.prefixListIds.map((list) => ({ ...rule, SourcePrefixListId: list, Description: `${portName(listenerPort)} from a permitted prefix list` })),
    ];
  });
  const opensToWorld = p.cidrs.includes('0.0.0.0/0') || p.ipv6Cidrs.includes('::/0');
  // A deploy-time port may be 80: checkov reads a parameter's default, so it is treated as 80 may be.
  const servesPlainHttp = p.ports.some((listenerPort) => listenerPort === 80 || typeof listenerPort !== 'number');
  const skips = [
    ...(opensToWorld && servesPlainHttp ? [{ id: 'CKV_AWS_260', comment: 'An internet-facing load balancer accepts HTTP from anywhere (redirected to HTTPS or served as asked)' }] : []),
  ];
  return stack.add(id, {
    Type: 'AWS::EC2::SecurityGroup',
    ...(skips.length ? { Metadata: { checkov: { skip: skips } } } : {}),
    Properties: {
      GroupDescription: 'Load balancer: listener ports from permitted sources; egress to targets only',
      VpcId: p.vpcId,
      SecurityGroupIngress: ingress,
      SecurityGroupEgress: [denyAllEgressRule()],
    },
  });
}

export const LoadBalancerToTargetInput = s.object({
  /** Input path prefix for errors. Default `target`. */
  path: s.optional(s.string(), 'target'),
  loadBalancerSecurityGroupId: securityGroupId(),
  targetSecurityGroupId: securityGroupId(),
  /** The port the targets listen on, 1..65535 (or a deploy-time value). */
  port: port(),
});
export type LoadBalancerToTargetProps = s.Input<typeof LoadBalancerToTargetInput>;

/**
 * Lets the load balancer reach a target group's members: an egress rule on the load balancer's
 * group to the target's group, and the matching ingress rule on the target's group.
 */
export function allowLoadBalancerToTarget(
  stack: Stack,
  id: string,
  props: LoadBalancerToTargetProps,
): { egress: Res<'AWS::EC2::SecurityGroupEgress'>; ingress: Res<'AWS::EC2::SecurityGroupIngress'> } {
  const p = s.parse(LoadBalancerToTargetInput, props, props?.path ?? 'target');
  const onPort = typeof p.port === 'number' ? `on port ${p.port}` : 'on the target port';
  const egress = stack.add(`${id}Egress`, {
    Type: 'AWS::EC2::SecurityGroupEgress',
    Properties: {
      GroupId: p.loadBalancerSecurityGroupId,
      IpProtocol: 'tcp',
      FromPort: p.port as Value<number>,
      ToPort: p.port as Value<number>,
      DestinationSecurityGroupId: p.targetSecurityGroupId,
      Description: `Load balancer to targets ${onPort}`,
    },
  });
  const ingress = stack.add(`${id}Ingress`, {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: p.targetSecurityGroupId,
      IpProtocol: 'tcp',
      FromPort: p.port as Value<number>,
      ToPort: p.port as Value<number>,
      SourceSecurityGroupId: p.loadBalancerSecurityGroupId,
      Description: `Targets from the load balancer ${onPort}`,
    },
  });
  return { egress, ingress };
}
