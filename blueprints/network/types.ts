/**
 * What every network consumer takes: made by `network()` or given as existing ids (a team that
 * deploys into a VPC it does not own, as the self-service microservice does).
 */
import type { List, Value } from '../../dsl/index.js';

export type NatMode = 'none' | 'single' | 'perAz';

export interface NetworkRef {
  vpcId: Value<string>;
  /** The VPC's IPv4 CIDR; used to scope endpoint ingress. */
  vpcCidr: Value<string>;
  publicSubnetIds: List<Value<string>>;
  privateSubnetIds: List<Value<string>>;
  privateRouteTableIds: List<Value<string>>;
  /**
   * How private subnets reach the internet. `undefined` for an existing network whose egress is
   * not known: checks that depend on it (ECS Exec needs endpoints without NAT) are skipped.
   */
  nat: NatMode | undefined;
  /** Short names of the interface endpoints present (`ssmmessages`, `kms`, ...); undefined when unknown. */
  interfaceEndpoints: ReadonlySet<string> | undefined;
  /** Prefix length of each public subnet, in AZ order, when known (a load balancer needs /27 or larger). */
  publicSubnetPrefixLengths?: readonly number[];
  /** Prefix length of each private subnet, in AZ order, when known. */
  privateSubnetPrefixLengths?: readonly number[];
  /** True when the VPC and its public and private subnets have IPv6 blocks (dual-stack). Absent: IPv4 only. */
  ipv6?: boolean;
}
