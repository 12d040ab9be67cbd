/**
 * A Cloud Map service in a private DNS namespace: ECS registers each task's IP as an A record
 * (awsvpc tasks have their own IP), and ECS's own health status drives the record (custom health check).
 */
import { check, type Res, type Stack, type Tok } from '../../dsl/index.js';
import type { DnsNamespaceRef } from './types.js';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface DnsServiceProps {
  namespace: DnsNamespaceRef;
  /** DNS label under the namespace: `<name>.<namespace>`. A deploy-time token is not checked (give its parameter an AllowedPattern). */
  name: string | Tok;
  /** TTL in seconds of the A records. Default: 10 (from 0 to 2147483647). */
  ttl?: number;
  /** Input path prefix for error messages. Default: `dnsService`. */
  path?: string;
}

export function dnsService(stack: Stack, id: string, props: DnsServiceProps): Res<'AWS::ServiceDiscovery::Service'> {
  const path = props.path ?? 'dnsService';
  if (typeof props.name === 'string') check.matches(`${path}.name`, props.name, LABEL, 'a lower-case DNS label (a-z, 0-9, -; at most 63 characters)');
  const ttl = check.integerInRange(`${path}.ttl`, props.ttl ?? 10, 0, 2147483647);
  return stack.add(id, {
    Type: 'AWS::ServiceDiscovery::Service',
    Properties: {
      Name: props.name,
      NamespaceId: props.namespace.namespaceId,
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: ttl }] },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    },
  });
}
