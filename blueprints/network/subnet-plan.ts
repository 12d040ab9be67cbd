/**
 * Chooses every subnet's CIDR block at compile time: explicit blocks are checked (inside the VPC,
 * no overlaps), the rest are carved from the VPC range, largest tier first so blocks pack
 * without gaps. Too little room is an input error that says how much is needed.
 */
import { InputError, check } from '../../dsl/index.js';
import { contains, firstFree, formatCidr, overlaps, parseCidr, size, type Cidr } from './cidr.js';

export type SubnetTier = 'public' | 'private' | 'isolated';

export interface TierRequest {
  tier: SubnetTier;
  /** Prefix length of each subnet of the tier (when its blocks are computed). */
  prefix: number;
  /** Explicit blocks, one per AZ, instead of computed ones. */
  cidrs?: readonly string[];
}

export interface SubnetPlan {
  vpc: Cidr;
  /** Per tier, one CIDR per availability zone, in AZ order. */
  tiers: Partial<Record<SubnetTier, string[]>>;
}

/** AWS subnets are /16 to /28. */
export const SUBNET_PREFIX_MIN = 16;
export const SUBNET_PREFIX_MAX = 28;

/**
 * The smallest subnet a load balancer may use: /27, with at least 8 free addresses
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
 */
export const LOAD_BALANCER_SUBNET_PREFIX_MAX = 27;

/**
 * Default subnet prefix: private subnets get half the VPC, public and isolated a quarter each.
 * Public subnets hold the load balancer, so they are never smaller than a load balancer needs.
 */
export function defaultPrefix(vpc: Cidr, azCount: number, tier: SubnetTier): number {
  const azBits = Math.ceil(Math.log2(azCount));
  const share = tier === 'private' ? 1 : 2;
  return Math.min(tier === 'public' ? LOAD_BALANCER_SUBNET_PREFIX_MAX : SUBNET_PREFIX_MAX, vpc.prefix + azBits + share);
}

export function planSubnets(path: string, vpcCidr: string, azCount: number, requests: readonly TierRequest[]): SubnetPlan {
  const vpc = parseCidr(`${path}.cidr`, vpcCidr);
  if (vpc.prefix < 16 || vpc.prefix > 24) {
    throw new InputError(`${path}.cidr`, vpcCidr, 'is not a /16 to /24 block (the VPC sizes this blueprint accepts)');
  }
  const taken: { cidr: Cidr; where: string }[] = [];
  const tiers: Partial<Record<SubnetTier, string[]>> = {};

  for (const request of requests) {
    if (!request.cidrs) continue;
    const at = `${path}.subnetCidrs.${request.tier}`;
    if (request.cidrs.length !== azCount) {
      throw new InputError(at, request.cidrs, `has ${request.cidrs.length} blocks; give one per availability zone (${azCount})`);
    }
    tiers[request.tier] = request.cidrs.map((text, index) => {
      const where = `${at}[${index}]`;
      const cidr = parseCidr(where, text);
      if (cidr.prefix < SUBNET_PREFIX_MIN || cidr.prefix > SUBNET_PREFIX_MAX) {
        throw new InputError(where, text, `is not a /${SUBNET_PREFIX_MIN} to /${SUBNET_PREFIX_MAX} block (the subnet sizes AWS allows)`);
      }
      if (!contains(vpc, cidr)) throw new InputError(where, text, `is not inside the VPC block ${formatCidr(vpc)}`);
      const clash = taken.find((t) => overlaps(t.cidr, cidr));
      if (clash) throw new InputError(where, text, `overlaps ${formatCidr(clash.cidr)} (${clash.where})`);
      taken.push({ cidr, where });
      return formatCidr(cidr);
    });
  }

  const computed = requests.filter((r) => !r.cidrs).sort((a, b) => a.prefix - b.prefix);
  for (const request of computed) {
    const at = `${path}.subnetPrefixes.${request.tier}`;
    check.integerInRange(at, request.prefix, Math.max(SUBNET_PREFIX_MIN, vpc.prefix), SUBNET_PREFIX_MAX);
  }
  const needed = computed.reduce((sum, r) => sum + azCount * 2 ** (32 - r.prefix), 0) + taken.reduce((sum, t) => sum + size(t.cidr), 0);
  for (const request of computed) {
    const blocks: string[] = [];
    for (let az = 0; az < azCount; az++) {
      const block = firstFree(vpc, request.prefix, taken.map((t) => t.cidr));
      if (!block) {
        const layout = requests.map((r) => (r.cidrs ? `${r.tier} ${r.cidrs.join(' ')}` : `${r.tier} /${r.prefix}`)).join(', ');
        throw new InputError(
          `${path}.cidr`,
          vpcCidr,
          `is too small for ${azCount} availability zones with ${layout} subnets: they need ${needed} addresses ` +
            `(and aligned room), the VPC has ${size(vpc)}; use a larger VPC, fewer zones or smaller subnets`,
        );
      }
      taken.push({ cidr: block, where: `${request.tier} subnet ${az + 1}` });
      blocks.push(formatCidr(block));
    }
    tiers[request.tier] = blocks;
  }
  return { vpc, tiers };
}
