/**
 * Schema leaves for the ids of network resources (literal ids are checked by shape; deploy-time
 * values pass, and a parameter feeding one gets the shape as its AllowedPattern), and lists of them.
 */
import { s } from '../../dsl/index.js';

/** A VPC id (`vpc-...`), or a deploy-time value. */
export const vpcId = () => s.deployTime(s.text(/^vpc-[0-9a-f]+$/, 'a VPC id (vpc-...)'));
/** A subnet id (`subnet-...`), or a deploy-time value. */
export const subnetId = () => s.deployTime(s.text(/^subnet-[0-9a-f]+$/, 'a subnet id (subnet-...)'));
/** A route table id (`rtb-...`), or a deploy-time value. */
export const routeTableId = () => s.deployTime(s.text(/^rtb-[0-9a-f]+$/, 'a route table id (rtb-...)'));
/** A security group id (`sg-...`), or a deploy-time value. */
export const securityGroupId = () => s.deployTime(s.text(/^sg-[0-9a-f]+$/, 'a security group id (sg-...)'));
/** A managed prefix list id (`pl-...`), or a deploy-time value. */
export const prefixListId = () => s.deployTime(s.text(/^pl-[0-9a-f]+$/, 'a managed prefix list id (pl-...)'));

/**
 * A list of `item`s, or one deploy-time value that is a whole list (a `List<...>` parameter, a
 * joined output). Not `s.deployTime(s.list(...))`: that would not reach the parameters inside a
 * literal list to give them the item's constraint.
 */
export function listOrToken<S extends s.Schema>(item: S, counts: { min?: number; max?: number }, what: string) {
  return s.either([s.list(item, counts, what), s.token()], `a list of ${what} or a deploy-time list`);
}
