/**
 * The resources of one stack pair compared: added, removed, or present on both sides with the
 * property paths whose text changed, each classified (effects.ts). Nested-stack resources are
 * compared without TemplateURL (a file name here, a URL in a release) and Parameters (the wiring,
 * reported on its own); their coming and going is the child stack's own entry.
 */
import { classifyChange } from './effects.js';
import { formatPath } from './json.js';
import { diffJson } from './json-diff.js';
import { worse, type Effect, type PropertyChange, type ResourceDefinition, type Template } from './model.js';
import { isDeployTime } from './references.js';
import { shortForm } from './short-form.js';
import type { StackPair } from './stack-pairs.js';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

export interface ResourceState {
  /** The stack path it lives at (the new one, or the old one when removed). */
  stack: string;
  id: string;
  type: string;
  change: 'added' | 'removed' | 'modified' | 'unchanged';
  before?: ResourceDefinition;
  after?: ResourceDefinition;
  beforeTemplate?: Template;
  afterTemplate?: Template;
  effect: Effect;
  /** Keyed by the numeric path (`Policies[0].PolicyName`), which references are matched against. */
  properties: Map<string, PropertyChange>;
  notes: string[];
  /** Recreated because its stack moved. */
  moved: boolean;
  /** Removed because a resource of this type takes its logical id. */
  typeChangedTo?: string;
}

/** Resource attributes: a change to them alone updates no physical resource, except Condition. */
const ATTRIBUTES = ['DeletionPolicy', 'UpdateReplacePolicy', 'DependsOn', 'Metadata', 'Condition'] as const;

function comparable(resource: ResourceDefinition): ResourceDefinition['Properties'] {
  if (resource.Type !== STACK_TYPE || !resource.Properties) return resource.Properties ?? {};
  const { TemplateURL: _url, Parameters: _parameters, ...rest } = resource.Properties;
  return rest;
}

function compareOne(stack: string, id: string, before: ResourceDefinition, after: ResourceDefinition, beforeTemplate: Template, afterTemplate: Template, moved: boolean): ResourceState {
  const properties = new Map<string, PropertyChange>();
  const oldProps = comparable(before);
  const newProps = comparable(after);
  let effect: Effect = 'in-place';
  for (const leaf of diffJson(oldProps, newProps)) {
    const deployTime = isDeployTime(leaf.old, beforeTemplate) || isDeployTime(leaf.new, afterTemplate);
    const { effect: e, reason } = classifyChange(after.Type, leaf.path, oldProps, newProps, deployTime);
    properties.set(formatPath(leaf.path), { path: leaf.shown, ...(leaf.old !== undefined ? { old: shortForm(leaf.old) } : {}), ...(leaf.new !== undefined ? { new: shortForm(leaf.new) } : {}), effect: e, reason });
    effect = worse(effect, e);
  }
  for (const attribute of ATTRIBUTES) {
    for (const leaf of diffJson(before[attribute] as never, after[attribute] as never, [attribute])) {
      const condition = attribute === 'Condition';
      const e: Effect = condition ? 'may-replace' : 'in-place';
      effect = worse(effect, e);
      properties.set(formatPath(leaf.path), {
        path: leaf.shown,
        ...(leaf.old !== undefined ? { old: shortForm(leaf.old) } : {}),
        ...(leaf.new !== undefined ? { new: shortForm(leaf.new) } : {}),
        effect: e,
        reason: condition ? 'its Condition changed: it may be created or deleted' : 'attribute only',
      });
    }
  }
  const change = moved || properties.size ? 'modified' : 'unchanged';
  return { stack, id, type: after.Type, change, before, after, beforeTemplate, afterTemplate, effect: moved ? 'replacement' : effect, properties, notes: [], moved };
}

export function compareStackResources(pair: StackPair): ResourceState[] {
  const states: ResourceState[] = [];
  const oldResources = pair.old?.template.Resources ?? {};
  const newResources = pair.new?.template.Resources ?? {};
  const moved = pair.moved !== undefined;
  const added = (id: string, r: ResourceDefinition): ResourceState => ({ stack: pair.new!.path, id, type: r.Type, change: 'added', after: r, afterTemplate: pair.new!.template, effect: 'in-place', properties: new Map(), notes: [], moved: false });
  const removed = (id: string, r: ResourceDefinition): ResourceState => ({ stack: (pair.new ?? pair.old)!.path, id, type: r.Type, change: 'removed', before: r, beforeTemplate: pair.old!.template, effect: 'in-place', properties: new Map(), notes: [], moved: false });
  for (const [id, after] of Object.entries(newResources)) {
    const before = oldResources[id];
    if (before && before.Type === after.Type) {
      states.push(compareOne(pair.new!.path, id, before, after, pair.old!.template, pair.new!.template, moved));
      continue;
    }
    if (after.Type !== STACK_TYPE) states.push(added(id, after));
    if (before && before.Type !== STACK_TYPE) {
      states.push({ ...removed(id, before), typeChangedTo: after.Type });
    }
  }
  for (const [id, before] of Object.entries(oldResources)) if (!newResources[id] && before.Type !== STACK_TYPE) states.push(removed(id, before));
  return states;
}
