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
import { InputError, s, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { requireOrder } from '../input-order.js';

const PORT_RANGE_ENTRIES = {
  /** Port, 1..65535 (or a deploy-time value). */
  port: s.deployTime(s.integer(1, 65535)),
  /** Last port of a range, port..65535 (or a deploy-time value). Default: `port`. */
  toPort: s.optional(s.deployTime(s.integer(1, 65535))),
  /** `tcp` (default) or `udp`. */
  protocol: s.optional(s.oneOf(['tcp', 'udp']), 'tcp'),
  /**
   * Rule description (required: reviewers and checkov read it): 1 to 255 of a-z A-Z 0-9 space and
   * ._-:/()#,@[]+=&;{}!$* (what EC2 accepts, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html).
   */
  description: s.text(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, 'a security group rule description (1 to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*)', { max: 255 }),
};
export const PortRangeInput = s.object(PORT_RANGE_ENTRIES);
export type PortRange = s.Input<typeof PortRangeInput>;

const groupId = () => s.deployTime(s.text(/^sg-[0-9a-f]{8,17}$/, 'a security group id (sg-...)'));
const prefixListId = () => s.deployTime(s.text(/^pl-[0-9a-f]{8,17}$/, 'a managed prefix list id (pl-...)'));
const OCTET = '(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])';
/** Any IPv4 CIDR block, for egress. */
const CIDR_V4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`);
/** An IPv4 CIDR block narrower than the whole internet (/1 to /32), for ingress. */
const CIDR_V4_NOT_ALL = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12][0-9]|[1-9])$`);

export const SecurityGroupPeerInput = s.object({ securityGroupId: groupId(), ...PORT_RANGE_ENTRIES });
export type SecurityGroupPeer = s.Input<typeof SecurityGroupPeerInput>;
export const PrefixListPeerInput = s.object({ prefixListId: prefixListId(), ...PORT_RANGE_ENTRIES });
export type PrefixListPeer = s.Input<typeof PrefixListPeerInput>;

const RULE_KEY = s.text(/^[A-Za-z0-9_.-]{1,64}$/, 'a rule name (1 to 64 letters, digits, _ . -)', { max: 64 });

/** Rules keyed by a short name (the keys of the seed's rule maps), each with port and description. */
export const IngressRulesInput = s.object({
  /** Security groups admitted. */
  securityGroups: s.optional(s.record(RULE_KEY, SecurityGroupPeerInput)),
  /**
   * CIDR blocks admitted: IPv4 CIDRs narrower than /0 (or deploy-time values, checked by the same
   * pattern). The whole internet is refused: tasks take internet traffic through a load balancer.
   */
  cidrs: s.optional(
    s.record(
      RULE_KEY,
      s.object({
        cidr: s.deployTime(s.text(CIDR_V4_NOT_ALL, 'an IPv4 CIDR block other than the whole internet (/0): tasks take internet traffic through a load balancer')),
        ...PORT_RANGE_ENTRIES,
      }),
    ),
  ),
  /** Managed prefix lists admitted. */
  prefixLists: s.optional(s.record(RULE_KEY, PrefixListPeerInput)),
});
export type PeerRules = s.Input<typeof IngressRulesInput>;

export const EgressRulesInput = s.object({
  /** TCP 443 to 0.0.0.0/0 (image pulls, AWS APIs through NAT or endpoints). Default true. */
  httpsAnywhere: s.optional(s.boolean(), true),
  /** Security groups the tasks may call. */
  securityGroups: s.optional(s.record(RULE_KEY, SecurityGroupPeerInput)),
  /** CIDR blocks the tasks may call (IPv4 CIDRs, or deploy-time values). */
  cidrs: s.optional(s.record(RULE_KEY, s.object({ cidr: s.deployTime(s.text(CIDR_V4, 'an IPv4 CIDR block')), ...PORT_RANGE_ENTRIES }))),
  /** Managed prefix lists the tasks may call. */
  prefixLists: s.optional(s.record(RULE_KEY, PrefixListPeerInput)),
});
export type EgressRules = s.Input<typeof EgressRulesInput>;

export interface ServiceSecurityGroupProps {
  path: string;
  vpcId: Value<string>;
  description: string;
  ingress?: PeerRules;
  egress?: EgressRules;
}

type PortValue = number | Value<number>;

interface Rule {
  IpProtocol: string;
  FromPort: PortValue;
  ToPort: PortValue;
  Description: string;
  CidrIp?: Value<string>;
  SourceSecurityGroupId?: Value<string>;
  SourcePrefixListId?: Value<string>;
  DestinationSecurityGroupId?: Value<string>;
  DestinationPrefixListId?: Value<string>;
}

/** A rule that matches nothing: keeps a group with no egress from getting CloudFormation's allow-all rule. */
export const NO_EGRESS: Rule = {
  IpProtocol: 'icmp',
  FromPort: 252,
  ToPort: 86,
  CidrIp: '255.255.255.255/32',
  Description: 'No egress: matches no traffic',
};

/** The ports of a parsed rule; `toPort` must not be below `port` (a literal bounds the other's parameter). */
function ports(path: string, rule: s.Output<typeof PortRangeInput>): { IpProtocol: string; FromPort: PortValue; ToPort: PortValue; Description: string } {
  const to = rule.toPort ?? rule.port;
  requireOrder(
    { path: `${path}.port`, name: 'port', value: rule.port },
    { path: `${path}.toPort`, name: 'toPort', value: to },
    { problem: () => new InputError(`${path}.toPort`, to, `is not an integer from ${String(rule.port)} to 65535`) },
  );
  return { IpProtocol: rule.protocol, FromPort: rule.port, ToPort: to, Description: rule.description };
}

/** Checks a port range given by a caller (port, toPort, protocol, description) at `path`. */
export function checkPorts(path: string, rule: PortRange): { IpProtocol: string; FromPort: PortValue; ToPort: PortValue; Description: string } {
  return ports(path, s.parse(PortRangeInput, rule, path));
}

function peerRules(path: string, peers: s.Output<typeof EgressRulesInput>, direction: 'ingress' | 'egress'): Rule[] {
  const rules: Rule[] = [];
  for (const [key, peer] of Object.entries(peers.securityGroups ?? {})) {
    const { securityGroupId, ...range } = peer;
    const made = ports(`${path}.securityGroups.${key}`, range);
    rules.push(direction === 'ingress' ? { ...made, SourceSecurityGroupId: securityGroupId } : { ...made, DestinationSecurityGroupId: securityGroupId });
  }
  for (const [key, peer] of Object.entries(peers.cidrs ?? {})) {
    const { cidr, ...range } = peer;
    rules.push({ ...ports(`${path}.cidrs.${key}`, range), CidrIp: cidr });
  }
  for (const [key, peer] of Object.entries(peers.prefixLists ?? {})) {
    const { prefixListId: list, ...range } = peer;
    const made = ports(`${path}.prefixLists.${key}`, range);
    rules.push(direction === 'ingress' ? { ...made, SourcePrefixListId: list } : { ...made, DestinationPrefixListId: list });
  }
  return rules;
}

export function serviceSecurityGroup(stack: Stack, id: string, props: ServiceSecurityGroupProps): Res<'AWS::EC2::SecurityGroup'> {
  const ingressRules = s.parse(IngressRulesInput, props.ingress ?? {}, `${props.path}.ingress`);
  const egressRules = s.parse(EgressRulesInput, props.egress ?? {}, `${props.path}.egress`);
  const ingress = peerRules(`${props.path}.ingress`, { httpsAnywhere: false, ...ingressRules }, 'ingress');
  const egress = peerRules(`${props.path}.egress`, egressRules, 'egress');
  if (egressRules.httpsAnywhere) {
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
  const { path = 'allowTraffic', ...range } = rule;
  const made = checkPorts(path, range);
  const ingress = stack.add(`${id}Ingress`, {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: { GroupId: to.securityGroupId, SourceSecurityGroupId: from.securityGroupId, ...made },
  });
  const egress = stack.add(`${id}Egress`, {
    Type: 'AWS::EC2::SecurityGroupEgress',
    Properties: { GroupId: from.securityGroupId, DestinationSecurityGroupId: to.securityGroupId, ...made },
  });
  return { ingress, egress };
}
