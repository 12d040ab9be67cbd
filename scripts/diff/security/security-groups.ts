/**
 * Security-group rules compared per group and direction: a rule of the new template that no rule
 * of the old one covers (same or every protocol, a port range containing its ports, a source
 * containing its source: a CIDR with a prefix no longer, the same group or prefix list) opens the
 * group; the reverse closes it. Rules come inline (SecurityGroupIngress/Egress of
 * AWS::EC2::SecurityGroup) or as AWS::EC2::SecurityGroupIngress/Egress resources.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroupingress.html
 */
import { isObject } from '../json.js';
import type { Json, JsonObject, Template } from '../model.js';
import { shortForm } from '../short-form.js';

type Direction = 'ingress' | 'egress';

type Peer = { kind: 'cidr'; text: string; family: 4 | 6; network: bigint; bits: number } | { kind: 'other'; text: string };

interface Ports {
  from: number | string;
  to: number | string;
}

export interface Rule {
  group: string;
  direction: Direction;
  protocol: string;
  ports: Ports;
  peer: Peer;
  /** The resource that declares it (the group, or a standalone rule). */
  resource: string;
}

export interface RuleEntry {
  resource: string;
  sign: '+' | '-';
  widening: boolean;
  detail: string;
}

const PROTOCOLS: Record<string, string> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half ? half.split(':') : []);
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseCidr(text: string): Peer {
  const [address, prefix] = text.split('/');
  const bits = Number(prefix);
  const v4 = address !== undefined ? parseIpv4(address) : undefined;
  if (v4 !== undefined && Number.isInteger(bits) && bits >= 0 && bits <= 32) return { kind: 'cidr', text, family: 4, network: v4, bits };
  const v6 = address !== undefined && address.includes(':') ? parseIpv6(address) : undefined;
  if (v6 !== undefined && Number.isInteger(bits) && bits >= 0 && bits <= 128) return { kind: 'cidr', text, family: 6, network: v6, bits };
  return { kind: 'other', text };
}

function peerContains(outer: Peer, inner: Peer): boolean {
  if (outer.kind !== 'cidr' || inner.kind !== 'cidr') return outer.text === inner.text;
  if (outer.family !== inner.family || outer.bits > inner.bits) return false;
  const width = BigInt(outer.family === 4 ? 32 : 128);
  const shift = width - BigInt(outer.bits);
  return outer.network >> shift === inner.network >> shift;
}

const portRange = (ports: Ports): [number, number] | undefined => (typeof ports.from === 'number' && typeof ports.to === 'number' ? [ports.from, ports.to] : undefined);

function portsContain(outer: Ports, inner: Ports): boolean {
  const a = portRange(outer);
  const b = portRange(inner);
  if (!a || !b) return outer.from === inner.from && outer.to === inner.to;
  return a[0] <= b[0] && b[1] <= a[1];
}

function covers(outer: Rule, inner: Rule): boolean {
  return (outer.protocol === 'all' || outer.protocol === inner.protocol) && (outer.protocol === 'all' || portsContain(outer.ports, inner.ports)) && peerContains(outer.peer, inner.peer);
}

function ruleOf(raw: JsonObject, group: string, direction: Direction, resource: string): Rule {
  const protocolValue = raw['IpProtocol'];
  const protocolText = typeof protocolValue === 'string' || typeof protocolValue === 'number' ? String(protocolValue).toLowerCase() : shortForm(protocolValue);
  const protocol = PROTOCOLS[protocolText] ?? protocolText;
  const port = (value: Json | undefined, fallback: number) => (value === undefined || value === -1 || value === '-1' ? fallback : typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : shortForm(value));
  const ports: Ports = protocol === 'all' ? { from: 0, to: 65535 } : { from: port(raw['FromPort'], 0), to: port(raw['ToPort'], 65535) };
  const peerKeys = direction === 'ingress' ? ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourcePrefixListId'] : ['CidrIp', 'CidrIpv6', 'DestinationSecurityGroupId', 'DestinationPrefixListId'];
  const key = peerKeys.find((k) => raw[k] !== undefined);
  const value = key ? raw[key] : undefined;
  const peer: Peer = typeof value === 'string' && key?.startsWith('Cidr') ? parseCidr(value) : { kind: 'other', text: key ? `${key.replace(/^(Source|Destination)/, '')} ${shortForm(value)}` : '(no peer)' };
  return { group, direction, protocol, ports, peer, resource };
}

/** The group a standalone rule belongs to: the local group's logical id, else its id expression. */
function groupKey(groupId: Json | undefined, template: Template): string {
  const resources = template.Resources ?? {};
  const local = (id: unknown) => typeof id === 'string' && resources[id]?.Type === 'AWS::EC2::SecurityGroup';
  if (isObject(groupId)) {
    const ref = groupId['Ref'];
    if (local(ref)) return ref as string;
    const att = groupId['Fn::GetAtt'];
    if (Array.isArray(att) && local(att[0]) && att[1] === 'GroupId') return att[0] as string;
  }
  return shortForm(groupId);
}

export function rulesOf(template: Template | undefined): Rule[] {
  const rules: Rule[] = [];
  for (const [id, resource] of Object.entries(template?.Resources ?? {})) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::EC2::SecurityGroup') {
      for (const [key, direction] of [['SecurityGroupIngress', 'ingress'], ['SecurityGroupEgress', 'egress']] as const) {
        const inline = props[key];
        if (Array.isArray(inline)) for (const raw of inline) if (isObject(raw)) rules.push(ruleOf(raw, id, direction, id));
      }
    } else if (resource.Type === 'AWS::EC2::SecurityGroupIngress' || resource.Type === 'AWS::EC2::SecurityGroupEgress') {
      const direction = resource.Type.endsWith('Ingress') ? 'ingress' : 'egress';
      rules.push(ruleOf(props, groupKey(props['GroupId'], template!), direction, id));
    }
  }
  return rules;
}

const describePorts = (rule: Rule) => {
  if (rule.protocol === 'all') return 'all traffic';
  const { from, to } = rule.ports;
  return from === to ? `${rule.protocol} ${from}` : `${rule.protocol} ${from}-${to}`;
};

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

function describe(rule: Rule): string {
  const where = rule.direction === 'ingress' ? 'from' : 'to';
  const anywhere = ANYWHERE.has(rule.peer.text) ? ' (anywhere)' : '';
  return `${rule.direction} ${describePorts(rule)} ${where} ${rule.peer.text}${anywhere} on ${rule.group}`;
}

/** How an opened rule relates to the old rules of its group: wider source, wider ports, or a new source. */
function howWider(rule: Rule, before: readonly Rule[]): string {
  const sameGroup = before.filter((r) => r.group === rule.group && r.direction === rule.direction);
  const samePeer = sameGroup.find((r) => r.peer.text === rule.peer.text);
  if (samePeer) return `ports wider (was ${describePorts(samePeer)})`;
  const narrower = sameGroup.find((r) => r.peer.kind === 'cidr' && rule.peer.kind === 'cidr' && peerContains(rule.peer, r.peer) && (r.protocol === rule.protocol || rule.protocol === 'all'));
  if (narrower) return `source wider (was ${narrower.peer.text})`;
  return 'new source';
}

export function compareRules(before: readonly Rule[], after: readonly Rule[]): RuleEntry[] {
  const entries: RuleEntry[] = [];
  const inGroup = (rules: readonly Rule[], rule: Rule) => rules.filter((r) => r.group === rule.group && r.direction === rule.direction);
  for (const rule of after) {
    if (inGroup(before, rule).some((old) => covers(old, rule))) continue;
    entries.push({ resource: rule.resource, sign: '+', widening: true, detail: `opened: ${describe(rule)}: ${howWider(rule, before)}` });
  }
  for (const rule of before) {
    if (inGroup(after, rule).some((next) => covers(next, rule))) continue;
    entries.push({ resource: rule.resource, sign: '-', widening: false, detail: `closed: ${describe(rule)}` });
  }
  return entries;
}
