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
}
