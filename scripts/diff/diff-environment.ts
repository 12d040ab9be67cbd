/** One environment's diff: stacks paired (moves found), resources compared, values propagated, then what it all means. */
import { findingsOf } from './findings.js';
import { interfaceChanges } from './interface.js';
import type { EnvironmentDiff, EnvironmentSource, ResourceDiff, SecurityChange, StackDiff } from './model.js';
import { propagate } from './propagate.js';
import { compareStackResources, type ResourceState } from './resources.js';
import { securityChanges } from './security/index.js';
import { pairStacks, type StackPair } from './stack-pairs.js';

const MOVE_NOTE =
  'a deploy creates the stack anew under its new logical id and deletes the old one with everything in it; stack refactoring can move the resources instead (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-refactoring.html)';

function resourceDiff(state: ResourceState): ResourceDiff {
  const properties = [...state.properties.values()];
  const notes = [...state.notes];
  if (state.moved) notes.push('recreated with its moved stack');
  return {
    logicalId: state.id,
    type: state.type,
    change: state.change === 'unchanged' ? 'modified' : state.change,
    ...(state.change === 'modified' ? { effect: state.effect } : {}),
    properties,
    notes,
  };
}

function stackDiff(pair: StackPair, states: readonly ResourceState[]): StackDiff | undefined {
  const path = (pair.new ?? pair.old)!.path;
  const resources = states.filter((s) => s.change !== 'unchanged').map(resourceDiff);
  if (pair.moved) return { path, change: 'moved', from: pair.old!.path, likeness: `${pair.moved.likeness}; ${MOVE_NOTE}`, resources };
  if (!pair.old) return { path, change: 'added', resources };
  if (!pair.new) return { path, change: 'removed', resources };
  return resources.length ? { path, change: 'modified', resources } : undefined;
}

export function diffEnvironment(before: EnvironmentSource | undefined, after: EnvironmentSource | undefined): EnvironmentDiff {
  const product = (after ?? before)!.product;
  const environment = (after ?? before)!.environment;
  const empty = { stacks: [], security: [], interface: [], findings: [] };
  if (!before) return { product, environment, status: 'added', ...empty };
  if (!after) return { product, environment, status: 'removed', ...empty };

  const pairs = pairStacks(before.stacks, after.stacks);
  const statesByPair = new Map<StackPair, ResourceState[]>(pairs.map((pair) => [pair, compareStackResources(pair)]));
  const states = [...statesByPair.values()].flat();
  const values = propagate(pairs, states, before.stacks);

  const stacks: StackDiff[] = [];
  const security: SecurityChange[] = [];
  for (const pair of pairs) {
    const diff = stackDiff(pair, statesByPair.get(pair)!);
    if (diff) stacks.push(diff);
    security.push(...securityChanges((pair.new ?? pair.old)!.path, pair.old?.template, pair.new?.template));
  }
  const interfaceList = interfaceChanges(pairs, before.stacks, after.stacks, values);
  const findings = findingsOf(states, values);
  const changed = stacks.length > 0 || security.length > 0 || interfaceList.length > 0 || findings.length > 0;
  return { product, environment, status: changed ? 'modified' : 'unchanged', stacks, security, interface: interfaceList, findings };
}
