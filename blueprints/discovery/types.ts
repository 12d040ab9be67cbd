/** What a service needs of a Cloud Map namespace, made here or existing. */
import type { Value } from '../../dsl/index.js';

/** An HTTP namespace for ECS Service Connect. */
export interface HttpNamespaceRef {
  kind: 'http';
  /** ARN, or the name of a namespace in the same account and region (Service Connect takes either). */
  namespace: Value<string>;
}

/** A private DNS namespace for Cloud Map DNS service discovery (A records in a private hosted zone). */
export interface DnsNamespaceRef {
  kind: 'privateDns';
  /** Namespace id (`ns-...`): what AWS::ServiceDiscovery::Service takes. */
  namespaceId: Value<string>;
}
