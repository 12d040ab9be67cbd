/**
 * A network this stack does not own (a team deploying into a shared VPC): its ids, which may be
 * deploy-time parameter values, as a NetworkRef.
 */
import { s, type List, type Value } from '../../dsl/index.js';
import { ipv4Cidr } from './cidr.js';
import { checkUniqueServices, endpointServiceList } from './endpoints.js';
import { listOrToken, routeTableId, subnetId, vpcId } from './ids.js';
import type { NetworkRef } from './types.js';

export const ExistingNetworkInput = s.object({
  /** Input path prefix for errors. Default `network`. */
  path: s.optional(s.string(), 'network'),
  vpcId: vpcId(),
  /** The VPC's IPv4 CIDR, without host bits (scopes endpoint-style ingress rules), or a deploy-time value. */
  vpcCidr: s.deployTime(ipv4Cidr()),
  /** Public subnets (ids or a deploy-time list). Default: none (a network without public subnets, for internal services). */
  publicSubnetIds: s.optional(listOrToken(subnetId(), { max: 16 }, 'subnets'), []),
  /** Private subnets, 1 to 16 (ids or a deploy-time list). */
  privateSubnetIds: listOrToken(subnetId(), { min: 1, max: 16 }, 'subnets'),
  /** Route tables of the private subnets. Default: none known. */
  privateRouteTableIds: s.optional(listOrToken(routeTableId(), { max: 200 }, 'route tables'), []),
  /** How private subnets reach the internet (`none`, `single`, `perAz`), when known. Default: unknown (checks that need it are skipped). */
  nat: s.optional(s.oneOf(['none', 'single', 'perAz'])),
  /** Short names of the interface endpoints the VPC has, when known. Default: unknown. */
  interfaceEndpoints: s.optional(endpointServiceList()),
  /** The VPC and the given subnets have IPv6 blocks (dual-stack load balancers may use them). Default false. */
  ipv6: s.optional(s.boolean(), false),
});
export type ExistingNetworkProps = s.Input<typeof ExistingNetworkInput>;

export function existingNetwork(props: ExistingNetworkProps): NetworkRef {
  const p = s.parse(ExistingNetworkInput, props, props?.path ?? 'network');
  if (p.interfaceEndpoints) checkUniqueServices(`${p.path}.interfaceEndpoints`, p.interfaceEndpoints);
  return {
    vpcId: p.vpcId,
    vpcCidr: p.vpcCidr,
    publicSubnetIds: p.publicSubnetIds as List<Value<string>>,
    privateSubnetIds: p.privateSubnetIds as List<Value<string>>,
    privateRouteTableIds: p.privateRouteTableIds as List<Value<string>>,
    nat: p.nat,
    interfaceEndpoints: p.interfaceEndpoints ? new Set(p.interfaceEndpoints) : undefined,
    ipv6: p.ipv6,
  };
}
