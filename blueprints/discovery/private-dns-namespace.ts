/**
 * Cloud Map private DNS namespace (a Route 53 private hosted zone on the VPC) for DNS-based service
 * discovery: created here, or an existing one by id.
 */
import { check, type Res, type Stack, type Tok, type Value } from '../../dsl/index.js';
import type { DnsNamespaceRef } from './types.js';

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface PrivateDnsNamespaceProps {
  /** Domain name, e.g. `my-workload.local` (lower-case DNS labels). A deploy-time token is not checked (give its parameter an AllowedPattern). */
  name: string | Tok;
  /** VPC whose private hosted zone serves the namespace. */
  vpcId: Value<string>;
  description?: string;
  /** TTL in seconds of the namespace's SOA record. Default: 60 (from 0 to 2147483647). */
  soaTtl?: number;
  /** Input path prefix for error messages. Default: `privateDnsNamespace`. */
  path?: string;
}

export interface PrivateDnsNamespace extends DnsNamespaceRef {
  resource: Res<'AWS::ServiceDiscovery::PrivateDnsNamespace'>;
}

export function privateDnsNamespace(stack: Stack, id: string, props: PrivateDnsNamespaceProps): PrivateDnsNamespace {
  const path = props.path ?? 'privateDnsNamespace';
  if (typeof props.name === 'string') check.matches(`${path}.name`, props.name, DNS_NAME, 'a lower-case DNS domain name');
  const soaTtl = check.integerInRange(`${path}.soaTtl`, props.soaTtl ?? 60, 0, 2147483647);
  const resource = stack.add(id, {
    Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace',
    Properties: {
      Name: props.name,
      Vpc: props.vpcId,
      Properties: { DnsProperties: { SOA: { TTL: soaTtl } } },
      ...(props.description ? { Description: props.description } : {}),
    },
  });
  return { kind: 'privateDns', namespaceId: resource.attr('Id'), resource };
}

/** A private DNS namespace that exists already, by its id (`ns-...`). */
export function existingPrivateDnsNamespace(namespaceId: Value<string>): DnsNamespaceRef {
  return { kind: 'privateDns', namespaceId };
}
