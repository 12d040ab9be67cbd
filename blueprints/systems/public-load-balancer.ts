/**
 * The LoadBalancer nested stack the seed systems share: an internet-facing ALB in the network's
 * public subnets (dual-stack when the network has IPv6), with its outputs declared (other stacks
 * then read the DNS name and security group from those outputs).
 */
import { InputError, type Stack } from '../../dsl/index.js';
import { loadBalancer, loadBalancerOutputs, type LoadBalancer, type LoadBalancerProps } from '../loadbalancer/index.js';
import type { NetworkRef } from '../network/index.js';

export type PublicLoadBalancerOptions = Omit<LoadBalancerProps, 'vpcId' | 'subnetIds' | 'subnetPrefixLengths' | 'scheme'>;

export function publicLoadBalancerStack(root: Stack, network: NetworkRef, options: PublicLoadBalancerOptions): LoadBalancer {
  const path = options?.path ?? 'loadBalancer';
  if (options.ipAddressType === 'dualstack' && !network.ipv6) {
    throw new InputError(`${path}.ipAddressType`, 'dualstack', 'needs subnets with IPv6 blocks: turn on ipv6 in the network');
  }
  const stack = root.nested('LoadBalancer');
  const lb = loadBalancer(stack, {
    ipAddressType: network.ipv6 ? 'dualstack' : 'ipv4',
    ...options,
    vpcId: network.vpcId,
    subnetIds: network.publicSubnetIds,
    ...(network.publicSubnetPrefixLengths ? { subnetPrefixLengths: [...network.publicSubnetPrefixLengths] } : {}),
    scheme: 'internet-facing',
  });
  loadBalancerOutputs(stack, lb);
  return lb;
}
