/**
 * Where a service's tasks run: the FARGATE launch type, or a capacity provider strategy over Fargate,
 * Fargate Spot or the cluster's EC2 Auto Scaling group capacity provider (seed 003), with the placement
 * strategies and constraints the EC2 scheduler takes.
 *
 * On EC2 the tasks keep the awsvpc network mode (an interface and security group per task), with two
 * differences ECS imposes: no public IP ("The awsvpc network mode doesn't provide task ENIs with public IP
 * addresses for tasks that use the EC2 launch type",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html), and no platform
 * version (a Fargate setting). EC2 and Fargate providers cannot share one strategy
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html).
 */
import { InputError, s, type ResourceProps, type Value } from '../../../dsl/index.js';
import type { ClusterRef, Compatibility, Task } from '../types.js';

export const CapacityProviderShareInput = s.object({
  /**
   * `FARGATE`, `FARGATE_SPOT`, or `EC2`: the cluster's EC2 Auto Scaling group capacity provider (the cluster
   * must have it, when its providers are known). EC2 cannot be mixed with the Fargate providers.
   */
  capacityProvider: s.oneOf(['FARGATE', 'FARGATE_SPOT', 'EC2'], 'a capacity provider (FARGATE, FARGATE_SPOT or EC2)'),
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

/** Task placement field: `instanceId`, `host`, or an attribute (`attribute:ecs.availability-zone`, a custom one). */
const SPREAD_FIELD = /^(instanceId|host|attribute:[A-Za-z0-9_.\-/:]{1,128})$/;

/** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementStrategy.html */
export const PlacementStrategyInput = s.object({
  /** `spread` (evenly over `field`), `binpack` (fewest instances, by `cpu` or `memory`) or `random`. */
  type: s.oneOf(['spread', 'binpack', 'random'], 'a placement strategy type'),
  /**
   * spread: `instanceId`, `host` or `attribute:<name>` (default `attribute:ecs.availability-zone`); binpack:
   * `cpu` or `memory` (required); random: none.
   */
  field: s.optional(s.string({ max: 255 })),
});
export type PlacementStrategy = s.Input<typeof PlacementStrategyInput>;

/** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html */
export const PlacementConstraintInput = s.object({
  /** `distinctInstance` (one task per instance) or `memberOf` (instances the expression selects). */
  type: s.oneOf(['distinctInstance', 'memberOf'], 'a placement constraint type'),
  /** memberOf: a cluster query language expression, at most 2000 characters (e.g. `attribute:ecs.instance-type =~ m6i.*`); distinctInstance: none. */
  expression: s.optional(s.string({ max: 2000 })),
});
export type PlacementConstraint = s.Input<typeof PlacementConstraintInput>;

type ServiceProps = ResourceProps<'AWS::ECS::Service'>;
export type Launch = Pick<ServiceProps, 'LaunchType' | 'CapacityProviderStrategy' | 'PlatformVersion'>;

export interface LaunchSettings {
  launch: Launch;
  /** Where the tasks run: EC2 instances of the cluster, or Fargate. */
  runsOn: Compatibility;
}

export function launchSettings(
  path: string,
  cluster: ClusterRef,
  task: Task,
  strategy: s.Output<typeof CapacityStrategyInput> | undefined,
  platformVersion: { value: s.Output<typeof PlatformVersionInput>; given: boolean },
): LaunchSettings {
  const at = `${path}.capacityProviderStrategy`;
  const onEc2 = strategy?.some((share) => share.capacityProvider === 'EC2') ?? false;
  const runsOn: Compatibility = onEc2 ? 'EC2' : 'FARGATE';
  const compatible = task.compatibilities ?? ['FARGATE'];
  if (!compatible.includes(runsOn)) {
    throw new InputError(
      onEc2 ? at : `${path}.task`,
      onEc2 ? 'EC2' : 'FARGATE',
      `needs a task definition compatible with ${runsOn} (the task is ${compatible.join(' and ')}-compatible: set the task's compatibilities)`,
    );
  }
  if (onEc2 && platformVersion.given) {
    throw new InputError(`${path}.platformVersion`, platformVersion.value, 'is a Fargate setting: a service on the EC2 capacity provider takes none');
  }
  if (strategy === undefined) return { launch: { LaunchType: 'FARGATE', PlatformVersion: platformVersion.value }, runsOn };
  const seen = new Map<string, number>();
  const items = strategy.map((share, i) => {
    const provider = share.capacityProvider;
    const first = seen.get(provider);
    if (first !== undefined) throw new InputError(`${at}[${i}]`, provider, `is a duplicate capacity provider (already used at ${at}[${first}])`);
    seen.set(provider, i);
    if (cluster.capacityProviders && !cluster.capacityProviders.includes(provider)) {
      throw new InputError(`${at}[${i}].capacityProvider`, provider, `is not a capacity provider of the cluster (${cluster.capacityProviders.join(', ') || 'none'})`);
    }
    if (onEc2 && provider !== 'EC2') {
      throw new InputError(`${at}[${i}].capacityProvider`, provider, 'cannot be mixed with the EC2 capacity provider in one strategy');
    }
    let name: Value<string> = provider;
    if (provider === 'EC2') {
      if (cluster.ec2CapacityProviderName === undefined) {
        throw new InputError(`${at}[${i}].capacityProvider`, provider, 'needs a cluster with an EC2 capacity provider (cluster capacity.ec2; its ref names the provider)');
      }
      name = cluster.ec2CapacityProviderName;
    }
    return { CapacityProvider: name, Weight: share.weight, Base: share.base };
  });
  if (items.filter((item) => typeof item.Base === 'number' && item.Base > 0).length > 1) throw new InputError(at, 'several bases', 'may give a base to one provider only');
  if (items.every((item) => item.Weight === 0)) throw new InputError(at, 'all weights 0', 'needs a provider with a weight above 0');
  return { launch: { CapacityProviderStrategy: items, ...(onEc2 ? {} : { PlatformVersion: platformVersion.value }) }, runsOn };
}

/** Placement strategies and constraints: EC2 only (Fargate places tasks itself), each checked against the API's rules. */
export function placement(
  path: string,
  runsOn: Compatibility,
  strategies: readonly s.Output<typeof PlacementStrategyInput>[] | undefined,
  constraints: readonly s.Output<typeof PlacementConstraintInput>[] | undefined,
): Pick<ServiceProps, 'PlacementStrategies' | 'PlacementConstraints'> {
  const fargateRefuses = (key: string) =>
    new InputError(`${path}.${key}`, 'given', 'only applies on EC2 capacity (capacityProviderStrategy: EC2): Fargate places tasks itself and refuses placement settings');
  if (strategies?.length && runsOn !== 'EC2') throw fargateRefuses('placementStrategies');
  if (constraints?.length && runsOn !== 'EC2') throw fargateRefuses('placementConstraints');
  const out: Pick<ServiceProps, 'PlacementStrategies' | 'PlacementConstraints'> = {};
  if (strategies?.length) {
    out.PlacementStrategies = strategies.map((strategy, i) => {
      const at = `${path}.placementStrategies[${i}].field`;
      if (strategy.type === 'random') {
        if (strategy.field !== undefined) throw new InputError(at, strategy.field, 'must be left out: the random strategy takes no field');
        return { Type: 'random' };
      }
      if (strategy.type === 'binpack') {
        if (strategy.field !== 'cpu' && strategy.field !== 'memory') throw new InputError(at, strategy.field, 'is not cpu or memory (what binpack packs by)');
        return { Type: 'binpack', Field: strategy.field };
      }
      const field = strategy.field ?? 'attribute:ecs.availability-zone';
      if (!SPREAD_FIELD.test(field)) throw new InputError(at, field, 'is not instanceId, host or attribute:<name> (what spread spreads over)');
      return { Type: 'spread', Field: field };
    });
  }
  if (constraints?.length) {
    out.PlacementConstraints = constraints.map((constraint, i) => {
      const at = `${path}.placementConstraints[${i}].expression`;
      if (constraint.type === 'distinctInstance') {
        if (constraint.expression !== undefined) throw new InputError(at, constraint.expression, 'must be left out: distinctInstance takes no expression');
        return { Type: 'distinctInstance' };
      }
      if (!constraint.expression) throw new InputError(at, constraint.expression, 'is missing: memberOf selects instances with a cluster query language expression');
      return { Type: 'memberOf', Expression: constraint.expression };
    });
  }
  return out;
}
