/**
 * Cloud Map HTTP namespace for ECS Service Connect: created here, or an existing one by ARN or name.
 * Service Connect needs no DNS zone; clients resolve through the Service Connect proxy.
 */
import { check, type Res, type Stack, type Value } from '../../dsl/index.js';
import type { HttpNamespaceRef } from './types.js';

const NAMESPACE_NAME = /^[!-~]{1,1024}$/;

export interface HttpNamespaceProps {
  /** Namespace name, e.g. `internal` or `shop.local` (printable ASCII, no spaces, at most 1024 characters). */
  name: string;
  description?: string;
  /** Input path prefix for error messages. Default: `httpNamespace`. */
  path?: string;
}

export interface HttpNamespace extends HttpNamespaceRef {
  resource: Res<'AWS::ServiceDiscovery::HttpNamespace'>;
}

export function httpNamespace(stack: Stack, id: string, props: HttpNamespaceProps): HttpNamespace {
  const path = props.path ?? 'httpNamespace';
  check.matches(`${path}.name`, props.name, NAMESPACE_NAME, 'a namespace name (1 to 1024 printable characters, no spaces)');
  const resource = stack.add(id, {
    Type: 'AWS::ServiceDiscovery::HttpNamespace',
    Properties: {
      Name: props.name,
      ...(props.description ? { Description: props.description } : {}),
    },
  });
  return { kind: 'http', namespace: resource.attr('Arn'), resource };
}

/** An HTTP namespace that exists already (e.g. a cluster's default Service Connect namespace). */
export function existingHttpNamespace(arnOrName: Value<string>): HttpNamespaceRef {
  return { kind: 'http', namespace: arnOrName };
}
