/**
 * A network this stack does not own (a team deploying into a shared VPC): its ids, which may be
 * deploy-time parameter values, as a NetworkRef.
 */
import { check, type List, type Value } from '../../dsl/index.js';
import { checkEndpointServices } from './endpoints.js';
import type { NatMode, NetworkRef } from './types.js';

export interface ExistingNetworkProps {
  /** Input path prefix for errors. Default 'network'. */
  path?: string;
  vpcId: Value<string>;
  /** The VPC's IPv4 CIDR (scopes endpoint-style ingress rules). */
  vpcCidr: Value<string>;
  /** Default: none (a network without public subnets, for internal services). */
  publicSubnetIds?: List<Value<string>>;
  privateSubnetIds: List<Value<string>>;
  /** Default: none known. */
  privateRouteTableIds?: List<Value<string>>;
  /** How private subnets reach the internet, when known. Default: unknown (checks that need it are skipped). */
  nat?: NatMode;
  /** Short names of the interface endpoints the VPC has, when known. Default: unknown. */
  interfaceEndpoints?: readonly string[];
}

export function existingNetwork(props: ExistingNetworkProps): NetworkRef {
  const path = props.path ?? 'network';
  const nat = props.nat === undefined ? undefined : check.oneOf(`${path}.nat`, props.nat, ['none', 'single', 'perAz'] as const);
  const endpoints = props.interfaceEndpoints === undefined ? undefined : new Set(checkEndpointServices(`${path}.interfaceEndpoints`, props.interfaceEndpoints));
  if (Array.isArray(props.privateSubnetIds)) check.countInRange(`${path}.privateSubnetIds`, props.privateSubnetIds, 1, 16, 'subnets');
  return {
    vpcId: props.vpcId,
    vpcCidr: props.vpcCidr,
    publicSubnetIds: props.publicSubnetIds ?? [],
    privateSubnetIds: props.privateSubnetIds,
    privateRouteTableIds: props.privateRouteTableIds ?? [],
    nat,
    interfaceEndpoints: endpoints,
  };
}
