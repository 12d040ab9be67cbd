/**
 * A Cloud Map service in a private DNS namespace: ECS registers each task's IP as an A record
 * (awsvpc tasks have their own IP), and ECS's own health status drives the record (custom health check).
 */
import { isToken, s, type Res, type Stack, type Value } from '../../dsl/index.js';
import type { DnsNamespaceRef } from './types.js';

/** One lower-case DNS label: 1..63 letters, digits and inner hyphens. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DnsNamespaceRef (what privateDnsNamespace() returns, or `{ kind: 'privateDns', namespaceId }` with an `ns-...` id or a deploy-time value). */
const isDnsNamespaceRef = (value: unknown): boolean => {
  const ref = value as Partial<DnsNamespaceRef> | null;
  if (typeof ref !== 'object' || ref === null || ref.kind !== 'privateDns') return false;
  return isToken(ref.namespaceId) || (typeof ref.namespaceId === 'string' && /^ns-[a-z0-9]+$/.test(ref.namespaceId));
};

export const DnsServiceInput = s.object({
  /** Input path prefix for errors. Default `dnsService`. */
  path: s.optional(s.string(), 'dnsService'),
  namespace: s.made<DnsNamespaceRef>(isDnsNamespaceRef, 'a private DNS namespace (privateDnsNamespace(), or kind "privateDns" with a namespaceId ns-...)'),
  /**
   * DNS label under the namespace (`<name>.<namespace>`), or a deploy-time value. A parameter
   * feeding it is not narrowed: the name usually comes from one with a stricter pattern of its own
   * (the microservice's ProjectName), so give yours an AllowedPattern of DNS labels.
   */
  name: s.either([s.text(LABEL, 'a lower-case DNS label (a-z, 0-9, -; at most 63 characters)', { max: 63 }), s.token()], 'a lower-case DNS label (a-z, 0-9, -; at most 63 characters) or a deploy-time value'),
  /** TTL in seconds of the A records, 0..2147483647 (or a deploy-time value). Default 10. */
  ttl: s.optional(s.deployTime(s.integer(0, 2147483647)), 10),
});
export type DnsServiceProps = s.Input<typeof DnsServiceInput>;

export function dnsService(stack: Stack, id: string, props: DnsServiceProps): Res<'AWS::ServiceDiscovery::Service'> {
  const p = s.parse(DnsServiceInput, props, props?.path ?? 'dnsService');
  return stack.add(id, {
    Type: 'AWS::ServiceDiscovery::Service',
    Properties: {
      Name: p.name,
      NamespaceId: p.namespace.namespaceId,
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: p.ttl as Value<number> }] },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    },
  });
}
