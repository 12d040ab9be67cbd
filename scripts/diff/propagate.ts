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
  /** Keys marked (or made definite), in order; propagate() follows each to the properties that reference it. */
  readonly pending: string[] = [];

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
    this.pending.push(key);
    return true;
  }

  /** The change of a token: its own, or (for an attribute) that of every attribute of its resource, whichever is surer. */
  lookup(stack: string, token: string): ChangedValue | undefined {
    const exact = this.values.get(`${stack}|${token}`);
    if (exact?.definite || !token.startsWith('GetAtt:')) return exact;
    return this.values.get(`${stack}|${wildcardOf(token)}`) ?? exact;
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

/** `GetAtt:X.Arn` -> `GetAtt:X.*` (every attribute of X). */
const wildcardOf = (token: string) => `${token.slice(0, token.indexOf('.') + 1)}*`;

const tokenText = (token: string) => (token.startsWith('Ref:') ? `!Ref ${token.slice(4)}` : `!GetAtt ${token.slice(7)}`);
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const leafOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function seed(values: ChangedValues, state: ResourceState): void {
  const where = `${state.stack}/${state.id}`;
  if (state.effect === 'replacement') {
    const cause = state.moved ? `${where} is recreated with its moved stack` : `${where} is replaced`;
    values.mark(state.stack, `Ref:${state.id}`, true, cause);
    values.mark(state.stack, `GetAtt:${state.id}.*`, false, cause);
  }
  if (state.effect === 'may-replace') {
    const cause = `${where} may be replaced`;
    values.mark(state.stack, `Ref:${state.id}`, false, cause);
    values.mark(state.stack, `GetAtt:${state.id}.*`, false, cause);
  }
}

/** Parameters of nested stack `child` as its parent passes them, on the new or the old side. */
function wiredParameters(template: Template | undefined, logicalId: string): Record<string, Json> {
  const resource = template?.Resources?.[logicalId];
  const parameters = resource?.Type === STACK_TYPE ? resource.Properties?.['Parameters'] : undefined;
  return parameters && typeof parameters === 'object' && !Array.isArray(parameters) ? (parameters as Record<string, Json>) : {};
}

/** References of the resources present on both sides, indexed by the value key they read (built per stack, on first need). */
class ReferenceIndex {
  private readonly byKey = new Map<string, { state: ResourceState; reference: Reference }[]>();
  private readonly indexed = new Set<string>();

  constructor(private readonly byStack: ReadonlyMap<string, ResourceState[]>) {}

  readersOf(key: string): readonly { state: ResourceState; reference: Reference }[] {
    const stack = key.slice(0, key.indexOf('|'));
    if (!this.indexed.has(stack)) {
      this.indexed.add(stack);
      for (const state of this.byStack.get(stack) ?? []) {
        if (state.moved || state.after!.Type === STACK_TYPE) continue;
        for (const reference of referencesIn(state.after!.Properties ?? {})) {
          const keys = [`${stack}|${reference.token}`];
          if (reference.token.startsWith('GetAtt:')) keys.push(`${stack}|${wildcardOf(reference.token)}`);
          for (const k of keys) {
            const readers = this.byKey.get(k);
            if (readers) readers.push({ state, reference });
            else this.byKey.set(k, [{ state, reference }]);
          }
        }
      }
    }
    return this.byKey.get(key) ?? [];
  }
}

/** A property that reads a changed value: recorded on its resource, and the resource's own change followed in turn. */
function follow(values: ChangedValues, state: ResourceState, reference: Reference): void {
  const found = values.lookup(state.stack, reference.token);
  if (!found) return;
  const path = formatPath(reference.path);
  for (const key of state.properties.keys()) {
    const direct = !state.properties.get(key)!.viaReference && (key === path || path.startsWith(`${key}.`) || path.startsWith(`${key}[`));
    if (direct) return;
  }
  const cause = `${tokenText(reference.token)} changes: ${found.cause}`;
  const { effect, reason } = classifyReference(state.type, reference.path, found.definite, cause);
  const known = state.properties.get(path);
  if (known && EFFECT_RANK[known.effect] >= EFFECT_RANK[effect]) return;
  const text = shortForm(valueAt(state.after!.Properties, reference.path));
  state.properties.set(path, { path: labelled(state.after!.Properties, reference.path), old: text, new: text, effect, reason, viaReference: true });
  const before = state.effect;
  state.effect = worse(state.effect, effect);
  state.change = 'modified';
  if (EFFECT_RANK[state.effect] > EFFECT_RANK[before]) seed(values, state);
}

export function propagate(pairs: readonly StackPair[], states: readonly ResourceState[], oldStacks: ReadonlyMap<string, StackSource>): ChangedValues {
  const values = new ChangedValues();
  const present = states.filter((s) => s.change === 'modified' || s.change === 'unchanged');
  const byStack = new Map<string, ResourceState[]>();
  for (const state of present) {
    const list = byStack.get(state.stack);
    if (list) list.push(state);
    else byStack.set(state.stack, [state]);
  }
  const index = new ReferenceIndex(byStack);
  for (const state of states) {
    if (state.typeChangedTo) values.mark(state.stack, `Ref:${state.id}`, true, `${state.stack}/${state.id} changed type`);
  }
  for (const state of present) seed(values, state);
  const bothSides = pairs.filter((p) => p.old && p.new);
  const byNewPath = new Map(bothSides.map((p) => [p.new!.path, p]));
  for (const pair of bothSides) {
    const path = pair.new!.path;
    for (const [name, definition] of Object.entries(pair.new!.template.Parameters ?? {})) {
      const old = pair.old!.template.Parameters?.[name];
      if (old && !deepEqual(old['Default'], definition['Default'])) values.mark(path, `Ref:${name}`, false, `the default of parameter ${name} of ${path} changed`);
    }
  }
  // Until nothing new: follow each changed value to what reads it, then carry changes across stack boundaries.
  let followed = 0;
  do {
    while (followed < values.pending.length) {
      for (const { state, reference } of index.readersOf(values.pending[followed++]!)) follow(values, state, reference);
    }
    for (const pair of bothSides) {
      const path = pair.new!.path;
      const after = pair.new!.template;
      if (path !== 'Root') {
        for (const [name, output] of Object.entries(after.Outputs ?? {})) {
          const old = pair.old!.template.Outputs?.[name];
          const via = values.strongest(path, output['Value']);
          const target = `GetAtt:${leafOf(path)}.Outputs.${name}`;
          if (via) values.mark(parentOf(path), target, via.definite, via.cause);
          else if (old !== undefined && !deepEqual(old['Value'], output['Value'])) values.mark(parentOf(path), target, false, `output ${name} of ${path} changed`);
        }
      }
      for (const [id, resource] of Object.entries(after.Resources ?? {})) {
        const child = resource.Type === STACK_TYPE ? byNewPath.get(`${path}/${id}`) : undefined;
        if (!child) continue;
        const passedBefore = wiredParameters(oldStacks.get(parentOf(child.old!.path))?.template, leafOf(child.old!.path));
        for (const [name, value] of Object.entries(wiredParameters(after, id))) {
          const via = values.strongest(path, value);
          if (via) values.mark(child.new!.path, `Ref:${name}`, via.definite, via.cause);
          else if (Object.hasOwn(passedBefore, name) && !deepEqual(passedBefore[name], value)) values.mark(child.new!.path, `Ref:${name}`, false, `the value ${path} passes to ${name} changed`);
        }
      }
    }
  } while (followed < values.pending.length);
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
