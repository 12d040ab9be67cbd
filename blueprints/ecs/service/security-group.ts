/**
 * The service's own security group. Ingress admits only the callers named (load balancer, security
 * groups, CIDRs, prefix lists), each on its port with a description. Egress is explicit, so the
 * default allow-all rule CloudFormation adds to a group without egress rules never exists:
 *  - TCP 443 to anywhere (on by default): image pulls from ECR (through a NAT gateway or the ECR/S3
 *    endpoints), CloudWatch Logs, Secrets Manager, SSM messages for ECS Exec, all HTTPS.
 *  - the ports of what the tasks call (other services' groups, CIDRs, prefix lists), as given.
 * DNS (the VPC resolver) and the task metadata/credentials endpoints are not filtered by security
 * groups, so no rule is needed for them.
 */
import { check, InputError, type Res, type Stack, type Value } from '../../../dsl/index.js';

export interface PortRange {
  /** Port, 1..65535. */
  port: number;
  /** Last port of a range; default: `port`. */
  toPort?: number;
  /** Default `tcp`. */
  protocol?: 'tcp' | 'udp';
  /** Rule description (required: reviewers and checkov read it). Up to 255 characters. */
  description: string;
}

export interface SecurityGroupPeer extends PortRange {
  securityGroupId: Value<string>;
}
export interface CidrPeer extends PortRange {
  /** IPv4 CIDR such as `10.20.0.0/16`. `0.0.0.0/0` is refused for ingress (put a load balancer in front). */
  cidr: string;
}
export interface PrefixListPeer extends PortRange {
  /** Managed prefix list id (`pl-...`). */
  prefixListId: Value<string>;
}

/** Rules keyed by a short name (the keys of the seed's rule maps), each with port and description. */
export interface PeerRules {
  securityGroups?: Record<string, SecurityGroupPeer>;
  cidrs?: Record<string, CidrPeer>;
  prefixLists?: Record<string, PrefixListPeer>;
}

export interface EgressRules extends PeerRules {
  /** TCP 443 to 0.0.0.0/0 (image pulls, AWS APIs through NAT or endpoints). Default: true. */
  httpsAnywhere?: boolean;
}

export interface ServiceSecurityGroupProps {
  path: string;
  vpcId: Value<string>;
  description: string;
  ingress?: PeerRules;
  egress?: EgressRules;
}

interface Rule {
  IpProtocol: string;
  FromPort: number;
  ToPort: number;
  Description: string;
  CidrIp?: string;
  SourceSecurityGroupId?: Value<string>;
  SourcePrefixListId?: Value<string>;
  DestinationSecurityGroupId?: Value<string>;
  DestinationPrefixListId?: Value<string>;
}

const CIDR_V4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/** A rule that matches nothing: keeps a group with no egress from getting CloudFormation's allow-all rule. */
export const NO_EGRESS: Rule = {
  IpProtocol: 'icmp',
  FromPort: 252,
  ToPort: 86,
  CidrIp: '255.255.255.255/32',
  Description: 'No egress: matches no traffic',
};

export function checkPorts(path: string, rule: PortRange): { IpProtocol: string; FromPort: number; ToPort: number; Description: string } {
  const from = check.integerInRange(`${path}.port`, rule.port, 1, 65535);
  const to = check.integerInRange(`${path}.toPort`, rule.toPort ?? from, from, 65535);
  const protocol = check.oneOf(`${path}.protocol`, rule.protocol ?? 'tcp', ['tcp', 'udp'] as const);
  const description = check.matches(
    `${path}.description`,
    rule.description,
    DESCRIPTION,
    'a security group rule description (1 to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*)',
  );
  return { IpProtocol: protocol, FromPort: from, ToPort: to, Description: description };
}

function peerRules(path: string, peers: PeerRules, direction: 'ingress' | 'egress'): Rule[] {
  const rules: Rule[] = [];
  for (const [key, peer] of Object.entries(peers.securityGroups ?? {})) {
    const ports = checkPorts(`${path}.securityGroups.${key}`, peer);
    rules.push(direction === 'ingress' ? { ...ports, SourceSecurityGroupId: peer.securityGroupId } : { ...ports, DestinationSecurityGroupId: peer.securityGroupId });
  }
  for (const [key, peer] of Object.entries(peers.cidrs ?? {})) {
    const at = `${path}.cidrs.${key}`;
    const ports = checkPorts(at, peer);
    check.matches(`${at}.cidr`, peer.cidr, CIDR_V4, 'an IPv4 CIDR block');
    if (direction === 'ingress' && peer.cidr.endsWith('/0')) {
      throw new InputError(`${at}.cidr`, peer.cidr, 'admits the whole internet: tasks take traffic through a load balancer or from known networks');
    }
    rules.push({ ...ports, CidrIp: peer.cidr });
  }
  for (const [key, peer] of Object.entries(peers.prefixLists ?? {})) {
    const ports = checkPorts(`${path}.prefixLists.${key}`, peer);
    rules.push(direction === 'ingress' ? { ...ports, SourcePrefixListId: peer.prefixListId } : { ...ports, DestinationPrefixListId: peer.prefixListId });
  }
  return rules;
}

export function serviceSecurityGroup(stack: Stack, id: string, props: ServiceSecurityGroupProps): Res<'AWS::EC2::SecurityGroup'> {
  const ingress = peerRules(`${props.path}.ingress`, props.ingress ?? {}, 'ingress');
  const egress = peerRules(`${props.path}.egress`, props.egress ?? {}, 'egress');
  if (props.egress?.httpsAnywhere ?? true) {
    egress.unshift({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS: image pulls and AWS APIs' });
  }
  return stack.add(id, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: props.description,
      VpcId: props.vpcId,
      ...(ingress.length ? { SecurityGroupIngress: ingress } : {}),
      SecurityGroupEgress: egress.length ? egress : [NO_EGRESS],
    },
  });
}

export interface TrafficEndpoint {
  /** Security group of the caller or callee. */
  securityGroupId: Value<string>;
}

/**
 * Lets `from` call `to` on a port: ingress on `to`'s group from `from`'s group, and the matching
 * egress on `from`'s group. Separate rule resources, so two services may admit each other without a
 * reference cycle between their groups.
 */
export function allowTraffic(
  stack: Stack,
  id: string,
  from: TrafficEndpoint,
  to: TrafficEndpoint,
  rule: PortRange & { path?: string },
): { ingress: Res<'AWS::EC2::SecurityGroupIngress'>; egress: Res<'AWS::EC2::SecurityGroupEgress'> } {
  const ports = checkPorts(rule.path ?? 'allowTraffic', rule);
  const ingress = stack.add(`${id}Ingress`, {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: { GroupId: to.securityGroupId, SourceSecurityGroupId: from.securityGroupId, ...ports },
  });
  const egress = stack.add(`${id}Egress`, {
    Type: 'AWS::EC2::SecurityGroupEgress',
    Properties: { GroupId: from.securityGroupId, DestinationSecurityGroupId: to.securityGroupId, ...ports },
  });
  return { ingress, egress };
}
