/**
 * Cloud Map HTTP namespace for ECS Service Connect: created here, or an existing one by ARN or name.
 * Service Connect needs no DNS zone; clients resolve through the Service Connect proxy.
 */
import { s, type Res, type Stack, type Value } from '../../dsl/index.js';
import type { HttpNamespaceRef } from './types.js';

/** Printable ASCII without spaces, 1..1024 characters (CreateHttpNamespace, Name). */
const NAMESPACE_NAME = /^[!-~]{1,1024}$/;

export const HttpNamespaceInput = s.object({
  /** Input path prefix for errors. Default `httpNamespace`. */
  path: s.optional(s.string(), 'httpNamespace'),
  /** Namespace name, e.g. `internal` or `shop.local` (printable characters, no spaces, at most 1024), or a deploy-time value. */
  name: s.deployTime(s.text(NAMESPACE_NAME, 'a namespace name (1 to 1024 printable characters, no spaces)', { max: 1024 })),
  /** Description, at most 1024 characters. Default: none. */
  description: s.optional(s.string({ max: 1024 })),
});
export type HttpNamespaceProps = s.Input<typeof HttpNamespaceInput>;

export interface HttpNamespace extends HttpNamespaceRef {
  resource: Res<'AWS::ServiceDiscovery::HttpNamespace'>;
}

export function httpNamespace(stack: Stack, id: string, props: HttpNamespaceProps): HttpNamespace {
  const p = s.parse(HttpNamespaceInput, props, props?.path ?? 'httpNamespace');
  const resource = stack.add(id, {
    Type: 'AWS::ServiceDiscovery::HttpNamespace',
    Properties: {
      Name: p.name,
      ...(p.description ? { Description: p.description } : {}),
    },
  });
  return { kind: 'http', namespace: resource.attr('Arn'), resource };
}

/** An HTTP namespace that exists already (e.g. a cluster's default Service Connect namespace). */
export function existingHttpNamespace(arnOrName: Value<string>): HttpNamespaceRef {
  return { kind: 'http', namespace: arnOrName };
}
