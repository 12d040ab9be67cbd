/** Where a Fargate service's tasks run: the FARGATE launch type, or a capacity provider strategy. */
import { check, InputError, type ResourceProps } from '../../../dsl/index.js';
import type { ClusterRef } from '../types.js';

export interface CapacityProviderShare {
  /** `FARGATE` or `FARGATE_SPOT` (the cluster must have it, when its providers are known). */
  capacityProvider: 'FARGATE' | 'FARGATE_SPOT';
  /** Relative share of tasks, 0..1000. Default 1. */
  weight?: number;
  /** Tasks placed here first, 0..100000. Default 0; at most one provider has a base. */
  base?: number;
}

export type Launch = Pick<ResourceProps<'AWS::ECS::Service'>, 'LaunchType' | 'CapacityProviderStrategy' | 'PlatformVersion'>;

export function launchSettings(path: string, cluster: ClusterRef, strategy: CapacityProviderShare[] | undefined, platformVersion: string | undefined): Launch {
  const version = check.oneOf(`${path}.platformVersion`, platformVersion ?? 'LATEST', ['LATEST', '1.4.0'] as const, 'a Fargate Linux platform version');
  if (strategy === undefined) return { LaunchType: 'FARGATE', PlatformVersion: version };
  const at = `${path}.capacityProviderStrategy`;
  check.countInRange(at, strategy, 1, 20, 'capacity providers');
  check.unique(at, strategy, (s) => s.capacityProvider, 'capacity provider');
  const items = strategy.map((share, i) => {
    const provider = check.oneOf(`${at}[${i}].capacityProvider`, share.capacityProvider, ['FARGATE', 'FARGATE_SPOT'] as const, 'a Fargate capacity provider');
    if (cluster.capacityProviders && !cluster.capacityProviders.includes(provider)) {
      throw new InputError(`${at}[${i}].capacityProvider`, provider, `is not a capacity provider of the cluster (${cluster.capacityProviders.join(', ') || 'none'})`);
    }
    return {
      CapacityProvider: provider,
      Weight: check.integerInRange(`${at}[${i}].weight`, share.weight ?? 1, 0, 1000),
      Base: check.integerInRange(`${at}[${i}].base`, share.base ?? 0, 0, 100000),
    };
  });
  if (items.filter((item) => item.Base > 0).length > 1) throw new InputError(at, 'several bases', 'may give a base to one provider only');
  if (!items.some((item) => item.Weight > 0)) throw new InputError(at, 'all weights 0', 'needs a provider with a weight above 0');
  return { CapacityProviderStrategy: items, PlatformVersion: version };
}
