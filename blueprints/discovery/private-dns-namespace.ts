/**
 * Cloud Map private DNS namespace (a Route 53 private hosted zone on the VPC) for DNS-based service
 * discovery: created here, or an existing one by id.
 */
import { s, type Res, type Stack, type Value } from '../../dsl/index.js';
import { vpcId } from '../network/ids.js';
import type { DnsNamespaceRef } from './types.js';

/** Lower-case DNS labels of 1..63 letters, digits and inner hyphens, joined by dots (253 characters at most). */
const DNS_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const PrivateDnsNamespaceInput = s.object({
  /** Input path prefix for errors. Default `privateDnsNamespace`. */
  path: s.optional(s.string(), 'privateDnsNamespace'),
  /** Domain name, e.g. `my-workload.local` (lower-case DNS labels), or a deploy-time value. */
  name: s.deployTime(s.text(DNS_NAME, 'a lower-case DNS domain name', { max: 253 })),
  /** VPC whose private hosted zone serves the namespace. */
  vpcId: vpcId(),
  /** Description, at most 1024 characters. Default: none. */
  description: s.optional(s.string({ max: 1024 })),
  /** TTL in seconds of the namespace's SOA record, 0..2147483647 (or a deploy-time value). Default 60. */
  soaTtl: s.optional(s.deployTime(s.integer(0, 2147483647)), 60),
});
export type PrivateDnsNamespaceProps = s.Input<typeof PrivateDnsNamespaceInput>;

export interface PrivateDnsNamespace extends DnsNamespaceRef {
  resource: Res<'AWS::ServiceDiscovery::PrivateDnsNamespace'>;
}

export function privateDnsNamespace(stack: Stack, id: string, props: PrivateDnsNamespaceProps): PrivateDnsNamespace {
  const p = s.parse(PrivateDnsNamespaceInput, props, props?.path ?? 'privateDnsNamespace');
  const resource = stack.add(id, {
    Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace',
    Properties: {
      Name: p.name,
      Vpc: p.vpcId,
      Properties: { DnsProperties: { SOA: { TTL: p.soaTtl as Value<number> } } },
      ...(p.description ? { Description: p.description } : {}),
    },
  });
  return { kind: 'privateDns', namespaceId: resource.attr('Id'), resource };
}

/** A private DNS namespace that exists already, by its id (`ns-...`). */
export function existingPrivateDnsNamespace(namespaceId: Value<string>): DnsNamespaceRef {
  return { kind: 'privateDns', namespaceId };
}
