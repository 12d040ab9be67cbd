/**
 * ECS Service Connect: the service joins a Cloud Map HTTP namespace. A client-only service (no
 * `services`) gets a proxy that resolves the namespace's names; a client-server service also
 * publishes named ports of its task under a discovery name and client aliases.
 */
import { Aws, check, InputError, type ResourceProps, type Value } from '../../../dsl/index.js';
import type { HttpNamespaceRef } from '../../discovery/types.js';
import type { ClusterRef, Task } from '../types.js';
import { serviceConnectPort, type ContainerPort } from './containers.js';

export interface ServiceConnectAlias {
  /** Port clients call, 1..65535. */
  port: number;
  /** Name clients call. Default: the discovery name. */
  dnsName?: string;
}

export interface ServiceConnectEndpoint {
  /** The task's port mapping: its name, or its container port number (the mapping must then be named). */
  port: string | number;
  /** Cloud Map service name. Default: the port name. Lower-case letters, digits and hyphens, up to 64. */
  discoveryName?: string;
  /** Names and ports clients use. Default: `<discoveryName>:<containerPort>`. At most one (ECS allows one per port). */
  clientAliases?: ServiceConnectAlias[];
  /** Port the proxy listens on when it must differ from the container port. */
  ingressPortOverride?: number;
  /** Proxy timeouts in seconds. `perRequestSeconds` only applies to HTTP-family app protocols. */
  timeout?: { idleSeconds?: number; perRequestSeconds?: number };
  /** TLS between proxies, certificates from an AWS Private CA (short-lived certificate mode). */
  tls?: { awsPcaAuthorityArn: Value<string>; kmsKeyArn?: Value<string>; roleArn: Value<string> };
}

export interface ServiceConnectProps {
  /** Namespace to join. Default: the cluster's default Service Connect namespace (error when it has none). */
  namespace?: HttpNamespaceRef;
  /** Ports this service offers to others. Omitted or empty: client only. */
  services?: ServiceConnectEndpoint[];
  /** Where the proxy logs (awslogs driver). Default: no proxy logs. */
  proxyLogs?: { logGroupName: Value<string>; streamPrefix?: string };
  /** Proxy access logs in the proxy log stream. Default: off. */
  accessLogs?: { format: 'TEXT' | 'JSON'; includeQueryParameters?: boolean };
}

type ServiceConnectConfiguration = NonNullable<ResourceProps<'AWS::ECS::Service'>['ServiceConnectConfiguration']>;
type ServiceConnectService = Extract<NonNullable<ServiceConnectConfiguration['Services']>, readonly unknown[]>[number];

/** A port served through Service Connect: callers reach the proxy on `listenPort`. */
export interface ServedPort extends ContainerPort {
  /** The ingress port override when set, else the container port. */
  listenPort: number;
}

export interface ServiceConnectResult {
  configuration: ServiceConnectConfiguration;
  /** The ports served, for the security group. */
  served: ServedPort[];
}

const DISCOVERY_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

export function serviceConnectConfiguration(path: string, props: ServiceConnectProps, task: Task, cluster: ClusterRef): ServiceConnectResult {
  const namespace = props.namespace?.namespace ?? cluster.serviceConnectNamespaceArn;
  if (namespace === undefined) {
    throw new InputError(`${path}.namespace`, undefined, 'is missing and the cluster has no default Service Connect namespace');
  }
  const served: ServedPort[] = [];
  const services: ServiceConnectService[] = (props.services ?? []).map((endpoint, index) => {
    const at = `${path}.services[${index}]`;
    const found = serviceConnectPort(task, `${at}.port`, endpoint.port);
    const portName = found.port.name!;
    const discoveryName = check.matches(`${at}.discoveryName`, endpoint.discoveryName ?? portName, DISCOVERY_NAME, 'a discovery name (lower-case letters, digits, inner hyphens; at most 64)');
    const aliases = endpoint.clientAliases ?? [{ port: found.port.containerPort }];
    check.countInRange(`${at}.clientAliases`, aliases, 1, 1, 'client aliases');
    const clientAliases = aliases.map((alias, i) => {
      check.integerInRange(`${at}.clientAliases[${i}].port`, alias.port, 1, 65535);
      const dnsName = check.matches(`${at}.clientAliases[${i}].dnsName`, alias.dnsName ?? discoveryName, DNS_NAME, 'a DNS name');
      return { Port: alias.port, DnsName: dnsName };
    });
    const service: ServiceConnectService = { PortName: portName, DiscoveryName: discoveryName, ClientAliases: clientAliases };
    if (endpoint.ingressPortOverride !== undefined) {
      service.IngressPortOverride = check.integerInRange(`${at}.ingressPortOverride`, endpoint.ingressPortOverride, 1, 65535);
    }
    served.push({ ...found, listenPort: endpoint.ingressPortOverride ?? found.port.containerPort });
    if (endpoint.timeout) {
      const timeout: { IdleTimeoutSeconds?: number; PerRequestTimeoutSeconds?: number } = {};
      if (endpoint.timeout.idleSeconds !== undefined) {
        timeout.IdleTimeoutSeconds = check.integerInRange(`${at}.timeout.idleSeconds`, endpoint.timeout.idleSeconds, 0, 2147483647);
      }
      if (endpoint.timeout.perRequestSeconds !== undefined) {
        if (!found.port.appProtocol) {
          throw new InputError(`${at}.timeout.perRequestSeconds`, endpoint.timeout.perRequestSeconds, `needs an app protocol (http, http2, grpc) on port ${portName}; it has none`);
        }
        timeout.PerRequestTimeoutSeconds = check.integerInRange(`${at}.timeout.perRequestSeconds`, endpoint.timeout.perRequestSeconds, 0, 2147483647);
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
  check.unique(`${path}.services`, served, (s) => s.port.name!, 'port name');

  const configuration: ServiceConnectConfiguration = { Enabled: true, Namespace: namespace };
  if (services.length) configuration.Services = services;
  if (props.proxyLogs) {
    configuration.LogConfiguration = {
      LogDriver: 'awslogs',
      Options: {
        'awslogs-group': props.proxyLogs.logGroupName,
        'awslogs-region': Aws.region,
        'awslogs-stream-prefix': props.proxyLogs.streamPrefix ?? 'service-connect',
      },
    };
  }
  if (props.accessLogs) {
    if (!props.proxyLogs) throw new InputError(`${path}.accessLogs`, props.accessLogs, 'needs proxyLogs: access logs go to the proxy log stream');
    configuration.AccessLogConfiguration = {
      Format: check.oneOf(`${path}.accessLogs.format`, props.accessLogs.format, ['TEXT', 'JSON'] as const),
      IncludeQueryParameters: props.accessLogs.includeQueryParameters ? 'ENABLED' : 'DISABLED',
    };
  }
  return { configuration, served };
}
