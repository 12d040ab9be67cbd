/**
 * Values that change although their text does not. A replaced resource gets a new physical id
 * (what `!Ref` returns) and, usually, new attributes; that value flows through outputs to the
 * parent stack, through nested-stack parameters to the children, and into every property that
 * references it, where a create-only property replaces its resource in turn. A parameter whose
 * default or wired value changed flows the same way (its value is only known at deploy time:
 * may replace). Runs to a fixed point over the whole tree of one environment.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 */
import { classifyReference } from './effects.js';
import { deepEqual, formatPath, valueAt } from './json.js';
import { itemLabel } from './json-diff.js';
import { EFFECT_RANK, worse, type Json, type StackSource, type Template } from './model.js';
import { referencesIn, tokensIn, type Reference } from './references.js';
import { STACK_TYPE, type ResourceState } from './resources.js';
import { shortForm } from './short-form.js';
import type { StackPair } from './stack-pairs.js';

interface ChangedValue {
  /** Certainly a new value (a replaced resource's id), rather than possibly. */
  definite: boolean;
  cause: string;
}

export class ChangedValues {
  private readonly values = new Map<string, ChangedValue>();
  private readonly stacks = new Set<string>();

  /** Whether any value of this stack changes (most stacks of most diffs: none). */
  touches(stack: string): boolean {
    return this.stacks.has(stack);
  }

  /** True when this is news: a value not known to change, or now known to change for sure. */
  mark(stack: string, token: string, definite: boolean, cause: string): boolean {
    const key = `${stack}|${token}`;
    const known = this.values.get(key);
    if (known && (known.definite || !definite)) return false;
    this.values.set(key, { definite, cause });
    this.stacks.add(stack);
    return true;
  }

  lookup(stack: string, token: string): ChangedValue | undefined {
    const exact = this.values.get(`${stack}|${token}`);
    if (exact || !token.startsWith('GetAtt:')) return exact;
    return this.values.get(`${stack}|${token.slice(0, token.indexOf('.') + 1)}*`);
  }

  /** The strongest change among the tokens a value uses. */
  strongest(stack: string, value: Json | undefined): (ChangedValue & { token: string }) | undefined {
    if (!this.stacks.has(stack)) return undefined;
    let best: (ChangedValue & { token: string }) | undefined;
    for (const token of tokensIn(value)) {
      const found = this.lookup(stack, token);
      if (found && (!best || (found.definite && !best.definite))) best = { ...found, token };
    }
    return best;
  }
}

const tokenText = (token: string) => (token.startsWith('Ref:') ? `!Ref ${token.slice(4)}` : `!GetAtt ${token.slice(7)}`);
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const leafOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function seed(values: ChangedValues, state: ResourceState): boolean {
  const where = `${state.stack}/${state.id}`;
  if (state.effect === 'replacement') {
    const cause = state.moved ? `${where} is recreated with its moved stack` : `${where} is replaced`;
    const ref = values.mark(state.stack, `Ref:${state.id}`, true, cause);
    return values.mark(state.stack, `GetAtt:${state.id}.*`, false, cause) || ref;
  }
  if (state.effect === 'may-replace') {
    const cause = `${where} may be replaced`;
    const ref = values.mark(state.stack, `Ref:${state.id}`, false, cause);
    return values.mark(state.stack, `GetAtt:${state.id}.*`, false, cause) || ref;
  }
  return false;
}

/** Parameters of nested stack `child` as its parent passes them, on the new or the old side. */
function wiredParameters(template: Template | undefined, logicalId: string): Record<string, Json> {
  const resource = template?.Resources?.[logicalId];
  const parameters = resource?.Type === STACK_TYPE ? resource.Properties?.['Parameters'] : undefined;
  return parameters && typeof parameters === 'object' && !Array.isArray(parameters) ? (parameters as Record<string, Json>) : {};
}

export function propagate(pairs: readonly StackPair[], states: readonly ResourceState[], oldStacks: ReadonlyMap<string, StackSource>): ChangedValues {
  const values = new ChangedValues();
  const present = states.filter((s) => s.change === 'modified' || s.change === 'unchanged');
  const references = new Map<ResourceState, Reference[]>();
  const referencesOf = (state: ResourceState) => {
    let found = references.get(state);
    if (!found) references.set(state, (found = state.after!.Type === STACK_TYPE ? [] : referencesIn(state.after!.Properties ?? {})));
    return found;
  };
  for (const state of states) {
    if (state.typeChangedTo) values.mark(state.stack, `Ref:${state.id}`, true, `${state.stack}/${state.id} changed type`);
  }
  const bothSides = pairs.filter((p) => p.old && p.new);
  const byNewPath = new Map(bothSides.map((p) => [p.new!.path, p]));
  let progress = true;
  for (const state of present) seed(values, state);
  while (progress) {
    progress = false;
    for (const pair of bothSides) {
      const path = pair.new!.path;
      const before = pair.old!.template;
      const after = pair.new!.template;
      for (const [name, definition] of Object.entries(after.Parameters ?? {})) {
        const old = before.Parameters?.[name];
        if (old && !deepEqual(old['Default'], definition['Default'])) progress = values.mark(path, `Ref:${name}`, false, `the default of parameter ${name} of ${path} changed`) || progress;
      }
      if (path !== 'Root') {
        for (const [name, output] of Object.entries(after.Outputs ?? {})) {
          const old = before.Outputs?.[name];
          const via = values.strongest(path, output['Value']);
          const textChanged = old !== undefined && !deepEqual(old['Value'], output['Value']);
          if (via) progress = values.mark(parentOf(path), `GetAtt:${leafOf(path)}.Outputs.${name}`, via.definite, via.cause) || progress;
          else if (textChanged) progress = values.mark(parentOf(path), `GetAtt:${leafOf(path)}.Outputs.${name}`, false, `output ${name} of ${path} changed`) || progress;
        }
      }
      for (const [id, resource] of Object.entries(after.Resources ?? {})) {
        if (resource.Type !== STACK_TYPE) continue;
        const child = byNewPath.get(`${path}/${id}`);
        if (!child) continue;
        const passedBefore = wiredParameters(oldStacks.get(parentOf(child.old!.path))?.template, leafOf(child.old!.path));
        for (const [name, value] of Object.entries(wiredParameters(after, id))) {
          const via = values.strongest(path, value);
          if (via) progress = values.mark(child.new!.path, `Ref:${name}`, via.definite, via.cause) || progress;
          else if (Object.hasOwn(passedBefore, name) && !deepEqual(passedBefore[name], value)) {
            progress = values.mark(child.new!.path, `Ref:${name}`, false, `the value ${path} passes to ${name} changed`) || progress;
          }
        }
      }
    }
    for (const state of present) {
      if (state.moved || !values.touches(state.stack)) continue;
      for (const reference of referencesOf(state)) {
        const found = values.lookup(state.stack, reference.token);
        if (!found) continue;
        const path = formatPath(reference.path);
        const direct = [...state.properties].some(([key, p]) => !p.viaReference && (key === path || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)));
        if (direct) continue;
        const cause = `${tokenText(reference.token)} changes: ${found.cause}`;
        const { effect, reason } = classifyReference(state.type, reference.path, found.definite, cause);
        const known = state.properties.get(path);
        if (known && EFFECT_RANK[known.effect] >= EFFECT_RANK[effect]) continue;
        const text = shortForm(valueAt(state.after!.Properties, reference.path));
        state.properties.set(path, { path: labelled(state.after!.Properties, reference.path), old: text, new: text, effect, reason, viaReference: true });
        const before = state.effect;
        state.effect = state.change === 'unchanged' ? effect : worse(state.effect, effect);
        state.change = 'modified';
        if (EFFECT_RANK[state.effect] > EFFECT_RANK[before]) progress = seed(values, state) || progress;
      }
    }
  }
  return values;
}


/** A reference's path as shown, list items by their identity where they have one (as json-diff shows them). */
function labelled(properties: Json | undefined, path: readonly (string | number)[]): string {
  let shown = '';
  let current = properties;
  for (const segment of path) {
    current = valueAt(current, [segment]);
    shown = typeof segment === 'number' ? shown + itemLabel(current, segment) : shown ? `${shown}.${segment}` : segment;
  }
  return shown;
}
