/** Where a Fargate service's tasks run: the FARGATE launch type, or a capacity provider strategy. */
import { InputError, s, type ResourceProps } from '../../../dsl/index.js';
import type { ClusterRef } from '../types.js';

export const CapacityProviderShareInput = s.object({
  /** `FARGATE` or `FARGATE_SPOT` (the cluster must have it, when its providers are known). */
  capacityProvider: s.oneOf(['FARGATE', 'FARGATE_SPOT'], 'a Fargate capacity provider'),
  /** Relative share of tasks, 0..1000 (or a deploy-time value). Default 1. At least one share needs a weight above 0 (checked for literals). */
  weight: s.optional(s.deployTime(s.integer(0, 1000)), 1),
  /** Tasks placed here first, 0..100000 (or a deploy-time value). Default 0; at most one provider has a base (checked for literals). */
  base: s.optional(s.deployTime(s.integer(0, 100000)), 0),
});
export type CapacityProviderShare = s.Input<typeof CapacityProviderShareInput>;

/** 1 to 20 shares, one per provider. */
export const CapacityStrategyInput = s.list(CapacityProviderShareInput, { min: 1, max: 20 }, 'capacity providers');

/** Fargate Linux platform versions a service may pin (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html). */
export const PlatformVersionInput = s.deployTime(s.oneOf(['LATEST', '1.4.0'], 'a Fargate Linux platform version'));

export type Launch = Pick<ResourceProps<'AWS::ECS::Service'>, 'LaunchType' | 'CapacityProviderStrategy' | 'PlatformVersion'>;

export function launchSettings(
  path: string,
  cluster: ClusterRef,
  strategy: s.Output<typeof CapacityStrategyInput> | undefined,
  platformVersion: s.Output<typeof PlatformVersionInput>,
): Launch {
  if (strategy === undefined) return { LaunchType: 'FARGATE', PlatformVersion: platformVersion };
  const at = `${path}.capacityProviderStrategy`;
  const seen = new Map<string, number>();
  const items = strategy.map((share, i) => {
    const provider = share.capacityProvider;
    const first = seen.get(provider);
    if (first !== undefined) throw new InputError(`${at}[${i}]`, provider, `is a duplicate capacity provider (already used at ${at}[${first}])`);
    seen.set(provider, i);
    if (cluster.capacityProviders && !cluster.capacityProviders.includes(provider)) {
      throw new InputError(`${at}[${i}].capacityProvider`, provider, `is not a capacity provider of the cluster (${cluster.capacityProviders.join(', ') || 'none'})`);
    }
    return { CapacityProvider: provider, Weight: share.weight, Base: share.base };
  });
  if (items.filter((item) => typeof item.Base === 'number' && item.Base > 0).length > 1) throw new InputError(at, 'several bases', 'may give a base to one provider only');
  if (items.every((item) => item.Weight === 0)) throw new InputError(at, 'all weights 0', 'needs a provider with a weight above 0');
  return { CapacityProviderStrategy: items, PlatformVersion: platformVersion };
}
