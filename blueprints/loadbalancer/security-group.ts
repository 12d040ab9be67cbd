/**
 * The load balancer's security group: ingress on the listener ports from the given CIDRs and
 * prefix lists only, and no egress until targets are attached (`allowLoadBalancerToTarget`).
 */
import { check, type Res, type Stack, type Value } from '../../dsl/index.js';
import { denyAllEgressRule, parseCidr } from '../network/index.js';

export interface LoadBalancerSecurityGroupProps {
  path: string;
  vpcId: Value<string>;
  ports: readonly number[];
  cidrs: readonly Value<string>[];
  prefixListIds: readonly Value<string>[];
}

export function loadBalancerSecurityGroup(stack: Stack, id: string, props: LoadBalancerSecurityGroupProps): Res<'AWS::EC2::SecurityGroup'> {
  props.cidrs.forEach((cidr, index) => {
    if (typeof cidr === 'string') parseCidr(`${props.path}.ingressCidrs[${index}]`, cidr);
  });
  const ingress = props.ports.flatMap((port) => [
    ...props.cidrs.map((cidr) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: cidr, Description: `Port ${port} from a permitted CIDR block` })),
    ...props.prefixListIds.map((list) => ({
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      SourcePrefixListId: list,
      Description: `Port ${port} from a permitted prefix list`,
    })),
  ]);
  const opensToWorld = props.cidrs.includes('0.0.0.0/0');
  const skips = [
    ...(opensToWorld && props.ports.includes(80) ? [{ id: 'CKV_AWS_260', comment: 'An internet-facing load balancer accepts HTTP from anywhere (redirected to HTTPS or served as asked)' }] : []),
  ];
  return stack.add(id, {
    Type: 'AWS::EC2::SecurityGroup',
    ...(skips.length ? { Metadata: { checkov: { skip: skips } } } : {}),
    Properties: {
      GroupDescription: 'Load balancer: listener ports from permitted sources; egress to targets only',
      VpcId: props.vpcId,
      SecurityGroupIngress: ingress,
      SecurityGroupEgress: [denyAllEgressRule()],
    },
  });
}

export interface LoadBalancerToTargetProps {
  loadBalancerSecurityGroupId: Value<string>;
  targetSecurityGroupId: Value<string>;
  /** The port the targets listen on, 1..65535. */
  port: number;
  /** Input path prefix for errors. Default 'target'. */
  path?: string;
}

/**
 * Lets the load balancer reach a target group's members: an egress rule on the load balancer's
 * group to the target's group, and the matching ingress rule on the target's group.
 */
export function allowLoadBalancerToTarget(
  stack: Stack,
  id: string,
  props: LoadBalancerToTargetProps,
): { egress: Res<'AWS::EC2::SecurityGroupEgress'>; ingress: Res<'AWS::EC2::SecurityGroupIngress'> } {
  check.integerInRange(`${props.path ?? 'target'}.port`, props.port, 1, 65535);
  const egress = stack.add(`${id}Egress`, {
    Type: 'AWS::EC2::SecurityGroupEgress',
    Properties: {
      GroupId: props.loadBalancerSecurityGroupId,
      IpProtocol: 'tcp',
      FromPort: props.port,
      ToPort: props.port,
      DestinationSecurityGroupId: props.targetSecurityGroupId,
      Description: `Load balancer to targets on port ${props.port}`,
    },
  });
  const ingress = stack.add(`${id}Ingress`, {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: props.targetSecurityGroupId,
      IpProtocol: 'tcp',
      FromPort: props.port,
      ToPort: props.port,
      SourceSecurityGroupId: props.loadBalancerSecurityGroupId,
      Description: `Targets from the load balancer on port ${props.port}`,
    },
  });
  return { egress, ingress };
}
