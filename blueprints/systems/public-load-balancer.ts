/**
 * The LoadBalancer nested stack the seed systems share: an internet-facing ALB in the network's
 * public subnets, with its outputs declared (other stacks then read the DNS name and security
 * group from those outputs).
 */
import type { Stack } from '../../dsl/index.js';
import { loadBalancer, loadBalancerOutputs, type LoadBalancer, type LoadBalancerProps } from '../loadbalancer/index.js';
import type { NetworkRef } from '../network/index.js';

export type PublicLoadBalancerOptions = Omit<LoadBalancerProps, 'vpcId' | 'subnetIds' | 'scheme'>;

export function publicLoadBalancerStack(root: Stack, network: NetworkRef, options: PublicLoadBalancerOptions): LoadBalancer {
  const stack = root.nested('LoadBalancer');
  const lb = loadBalancer(stack, { ...options, vpcId: network.vpcId, subnetIds: network.publicSubnetIds, scheme: 'internet-facing' });
  loadBalancerOutputs(stack, lb);
  return lb;
}
