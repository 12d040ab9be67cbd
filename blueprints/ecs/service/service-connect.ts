/**
 * ECS Service Connect: the service joins a Cloud Map HTTP namespace. A client-only service (no
 * `services`) gets a proxy that resolves the namespace's names; a client-server service also
 * publishes named ports of its task under a discovery name and client aliases.
 */
import { Aws, InputError, s, type ResourceProps, type Value } from '../../../dsl/index.js';
import { httpNamespaceRef } from '../inputs.js';
import type { ClusterRef, Task } from '../types.js';
import { serviceConnectPort, type ContainerPort } from './containers.js';

const DISCOVERY_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:\S+$/;
const arn = (what: string) => s.deployTime(s.text(ARN, what, { max: 2048 }));

export const ServiceConnectAliasInput = s.object({
  /** Port clients call, 1..65535 (or a deploy-time value). */
  port: s.deployTime(s.integer(1, 65535)),
  /** Name clients call (a DNS name, or a deploy-time value). Default: the discovery name. */
  dnsName: s.optional(s.deployTime(s.text(DNS_NAME, 'a DNS name', { max: 253 }))),
});
export type ServiceConnectAlias = s.Input<typeof ServiceConnectAliasInput>;

export const ServiceConnectEndpointInput = s.object({
  /** The task's port mapping: its name, or its container port number (the mapping must then be named). */
  port: s.either([s.string({ max: 64 }), s.integer(1, 65535)], 'a port mapping name or a container port number (1..65535)'),
  /** Cloud Map service name: lower-case letters, digits and inner hyphens, up to 64 (or a deploy-time value). Default: the port name. */
  discoveryName: s.optional(s.deployTime(s.text(DISCOVERY_NAME, 'a discovery name (lower-case letters, digits, inner hyphens; at most 64)', { max: 64 }))),
  /** Names and ports clients use: exactly one (ECS allows one per port). Default: `<discoveryName>:<containerPort>`. */
  clientAliases: s.optional(s.list(ServiceConnectAliasInput, { min: 1, max: 1 }, 'client aliases')),
  /** Port the proxy listens on when it must differ from the container port, 1..65535 (or a deploy-time value). Default: the container port. */
  ingressPortOverride: s.optional(s.deployTime(s.integer(1, 65535))),
  /** Proxy timeouts in seconds, 0..2147483647 each (or deploy-time values). `perRequestSeconds` only applies to HTTP-family app protocols. Default: ECS's. */
  timeout: s.optional(
    s.object({
      idleSeconds: s.optional(s.deployTime(s.integer(0, 2147483647))),
      perRequestSeconds: s.optional(s.deployTime(s.integer(0, 2147483647))),
    }),
  ),
  /** TLS between proxies, certificates from an AWS Private CA (short-lived certificate mode): the CA, an optional key and the role ECS uses. Default: no TLS. */
  tls: s.optional(
    s.object({
      awsPcaAuthorityArn: arn('an AWS Private CA ARN'),
      kmsKeyArn: s.optional(arn('a KMS key ARN')),
      roleArn: arn('an IAM role ARN'),
    }),
  ),
});
export type ServiceConnectEndpoint = s.Input<typeof ServiceConnectEndpointInput>;

export const ServiceConnectInput = s.object({
  /** Namespace to join. Default: the cluster's default Service Connect namespace (error when it has none). */
  namespace: s.optional(httpNamespaceRef()),
  /** Ports this service offers to others (each port at most once). Omitted or empty: client only. */
  services: s.optional(s.list(ServiceConnectEndpointInput, { max: 20 }, 'served ports')),
  /** Where the proxy logs (awslogs driver): a log group name (or a deploy-time value) and a stream prefix (default `service-connect`). Default: no proxy logs. */
  proxyLogs: s.optional(
    s.object({
      logGroupName: s.deployTime(s.text(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'a log group name', { max: 512 })),
      streamPrefix: s.optional(s.text(/^[^:*]{1,512}$/, 'a log stream prefix (no : or *)', { max: 512 }), 'service-connect'),
    }),
  ),
  /** Proxy access logs in the proxy log stream, `TEXT` or `JSON`, with or without query parameters (default without). Needs proxyLogs. Default: off. */
  accessLogs: s.optional(s.object({ format: s.oneOf(['TEXT', 'JSON']), includeQueryParameters: s.optional(s.deployTime(s.boolean()), false) })),
});
export type ServiceConnectProps = s.Input<typeof ServiceConnectInput>;

type ServiceConnectConfiguration = NonNullable<ResourceProps<'AWS::ECS::Service'>['ServiceConnectConfiguration']>;
type ServiceConnectService = Extract<NonNullable<ServiceConnectConfiguration['Services']>, readonly unknown[]>[number];

/** A port served through Service Connect: callers reach the proxy on `listenPort`. */
export interface ServedPort extends ContainerPort {
  /** The ingress port override when set, else the container port. */
  listenPort: number | Value<number>;
}

export interface ServiceConnectResult {
  configuration: ServiceConnectConfiguration;
  /** The ports served, for the security group. */
  served: ServedPort[];
}

export function serviceConnectConfiguration(path: string, props: ServiceConnectProps, task: Task, cluster: ClusterRef): ServiceConnectResult {
  const p = s.parse(ServiceConnectInput, props, path);
  const namespace = p.namespace?.namespace ?? cluster.serviceConnectNamespaceArn;
  if (namespace === undefined) {
    throw new InputError(`${path}.namespace`, undefined, 'is missing and the cluster has no default Service Connect namespace');
  }
  const served: ServedPort[] = [];
  const services: ServiceConnectService[] = (p.services ?? []).map((endpoint, index) => {
    const at = `${path}.services[${index}]`;
    const found = serviceConnectPort(task, `${at}.port`, endpoint.port);
    const portName = found.port.name!;
    const discoveryName = endpoint.discoveryName ?? s.parse(ServiceConnectEndpointInput.entries.discoveryName, portName, `${at}.discoveryName`)!;
    const aliases = endpoint.clientAliases ?? [{ port: found.port.containerPort }];
    const clientAliases = aliases.map((alias) => ({ Port: alias.port, DnsName: alias.dnsName ?? discoveryName }));
    const service: ServiceConnectService = { PortName: portName, DiscoveryName: discoveryName, ClientAliases: clientAliases };
    if (endpoint.ingressPortOverride !== undefined) service.IngressPortOverride = endpoint.ingressPortOverride;
    served.push({ ...found, listenPort: endpoint.ingressPortOverride ?? found.port.containerPort });
    if (endpoint.timeout) {
      const timeout: { IdleTimeoutSeconds?: number | Value<number>; PerRequestTimeoutSeconds?: number | Value<number> } = {};
      if (endpoint.timeout.idleSeconds !== undefined) timeout.IdleTimeoutSeconds = endpoint.timeout.idleSeconds;
      if (endpoint.timeout.perRequestSeconds !== undefined) {
        if (!found.port.appProtocol) {
          throw new InputError(`${at}.timeout.perRequestSeconds`, endpoint.timeout.perRequestSeconds, `needs an app protocol (http, http2, grpc) on port ${portName}; it has none`);
        }
        timeout.PerRequestTimeoutSeconds = endpoint.timeout.perRequestSeconds;
      }
      service.Timeout = timeout;
    }
    if (endpoint.tls) {
      service.Tls = {
        IssuerCertificateAuthority: { AwsPcaAuthorityArn: endpoint.tls.awsPcaAuthorityArn },
        RoleArn: endpoint.tls.roleArn,
        ...(endpoint.tls.kmsKeyArn !== undefined ? { KmsKey: endpoint.tls.kmsKeyArn } : {}),
      };
    }
    return service;
  });
  const seen = new Map<string, number>();
  served.forEach((port, index) => {
    const first = seen.get(port.port.name!);
    if (first !== undefined) throw new InputError(`${path}.services[${index}]`, port.port.name, `is a duplicate port name (already used at ${path}.services[${first}])`);
    seen.set(port.port.name!, index);
  });

  const configuration: ServiceConnectConfiguration = { Enabled: true, Namespace: namespace };
  if (services.length) configuration.Services = services;
  if (p.proxyLogs) {
    configuration.LogConfiguration = {
      LogDriver: 'awslogs',
      Options: {
        'awslogs-group': p.proxyLogs.logGroupName,
        'awslogs-region': Aws.region,
        'awslogs-stream-prefix': p.proxyLogs.streamPrefix,
      },
    };
  }
  if (p.accessLogs) {
    if (!p.proxyLogs) throw new InputError(`${path}.accessLogs`, props.accessLogs, 'needs proxyLogs: access logs go to the proxy log stream');
    const query = p.accessLogs.includeQueryParameters;
    configuration.AccessLogConfiguration = {
      Format: p.accessLogs.format,
      IncludeQueryParameters: typeof query === 'boolean' ? (query ? 'ENABLED' : 'DISABLED') : query,
    };
  }
  return { configuration, served };
}
