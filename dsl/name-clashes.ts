/**
 * Physical-name clashes: two resources of one type that would get the same AWS name (table in
 * physical-names.ts) are a compile error naming both, instead of a deployment that fails half-way
 * (or a create-or-update API that silently takes over the first resource).
 *
 * Names are compared as declared, by what they evaluate to:
 * - literals, pseudo parameters of the account and Region, and references to one parameter or
 *   resource of the tree are the same value wherever they are used: equal names clash across the
 *   whole tree;
 * - `${AWS::StackName}`, `${AWS::StackId}` and raw logical-id references depend on the stack that
 *   evaluates them (every nested stack has its own name): such names clash only within one stack;
 * - a scoped name (an ECS service in its cluster) is compared together with its scope's value.
 * Resources that exist under different conditions may never coexist, so two resources are compared
 * only when the conditions of one (its own and its nested stacks') include all of the other's.
 */
import { CompileError } from './errors.js';
import { ConditionHandle, Entity, ResourceHandle } from './entities.js';
import { PHYSICAL_NAMES, describeScope, type PhysicalName } from './physical-names.js';
import type { Stack } from './stack.js';
import { AttrToken, FnToken, PseudoToken, RawRefToken, RefToken, SubToken, Token } from './tokens.js';

/** Pseudo parameters whose value differs from one stack of a tree to another. */
const STACK_BOUND_PSEUDO = new Set(['AWS::StackName', 'AWS::StackId']);

interface Named {
  resource: ResourceHandle;
  name: PhysicalName;
  /** The name as a reader would write it, e.g. `alias/${AWS::StackName}/logs`. */
  shown: string;
  /** Paths of the conditions the resource exists under. */
  guards: Set<string>;
}

export function nameClashes(stacks: readonly Stack[]): CompileError[] {
  const errors: CompileError[] = [];
  const seen = new Map<string, Named[]>();
  for (const stack of stacks) {
    for (const resource of stack.resources.values()) {
      const names = PHYSICAL_NAMES[resource.type];
      if (!names) continue;
      for (const name of names) {
        const value = propertyAt(resource.def.Properties, name.property);
        if (value === undefined || isNoValue(value)) continue;
        const canonical = new Canonical(name.caseInsensitive ?? false);
        const nameKey = canonical.of(value);
        const scopeKey = (name.within ?? []).map((scope) => {
          const found = scope.properties.map((p) => propertyAt(resource.def.Properties, p)).find((v) => v !== undefined);
          return found === undefined ? JSON.stringify(scope.default ?? null) : canonical.of(found);
        });
        // A name that depends on its stack can only meet an equal one in that same stack.
        const place = canonical.stackBound ? stack.path : '';
        const key = [resource.type, name.property, place, ...scopeKey, nameKey].join('\u0000');
        const entry: Named = { resource, name, shown: show(value), guards: guardsOf(resource) };
        const earlier = seen.get(key);
        if (!earlier) {
          seen.set(key, [entry]);
          continue;
        }
        const other = earlier.find((e) => includes(e.guards, entry.guards) || includes(entry.guards, e.guards));
        if (other) errors.push(clash(other, entry, place));
        earlier.push(entry);
      }
    }
  }
  return errors;
}

function clash(first: Named, second: Named, place: string): CompileError {
  const { resource, name } = second;
  const where = place ? ` in stack ${place}` : '';
  return new CompileError(
    `physical name clash: ${first.resource.path} and ${resource.path} are both ${resource.type} with ${name.property} ` +
      `${second.shown}${where}; ${resource.type} ${name.property} must be ${describeScope(name)} (${name.source}). ` +
      'Give one of them another name (or, where the name is optional, none: CloudFormation then generates one)',
    { stack: resource.stack.path, logicalId: resource.id },
  );
}

/** A deterministic key for a declared value, noting whether it depends on the stack evaluating it. */
class Canonical {
  stackBound = false;

  constructor(private readonly caseInsensitive: boolean) {}

  of(value: unknown): string {
    return JSON.stringify(this.walk(value));
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.caseInsensitive ? value.toLowerCase() : value;
    if (value instanceof PseudoToken) {
      if (STACK_BOUND_PSEUDO.has(value.name)) this.stackBound = true;
      return { pseudo: value.name };
    }
    if (value instanceof RawRefToken) {
      this.stackBound = true;
      return { rawRef: value.logicalId };
    }
    if (value instanceof RefToken) return { ref: value.target.path };
    if (value instanceof AttrToken) return { attr: value.target.path, name: value.attribute };
    if (value instanceof ConditionHandle) return { condition: value.path };
    if (value instanceof SubToken) {
      // Adjacent literal text merges, so Fn.sub`a${x}` and Fn.sub`a${x}` built differently compare equal.
      const parts: unknown[] = [];
      for (const part of value.parts) {
        const walked = this.walk(part);
        const last = parts[parts.length - 1];
        if (typeof walked === 'string' && typeof last === 'string') parts[parts.length - 1] = last + walked;
        else parts.push(walked);
      }
      return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : { sub: parts };
    }
    if (value instanceof FnToken) return { fn: value.name, args: this.walk(value.args) };
    if (value instanceof Token || value instanceof Entity) return { unknown: String(value) };
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object') {
      // A raw intrinsic written by hand (`{ Ref: 'X' }`) names ids of the stack that holds it.
      if (Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'))) this.stackBound = true;
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.walk(item)]));
    }
    return value;
  }
}

/** A name as a reader would write it: literal text, `${...}` for what CloudFormation fills in. */
function show(value: unknown): string {
  const inline = (part: unknown): string => {
    if (typeof part === 'string') return part;
    if (part instanceof PseudoToken) return `\${${part.name}}`;
    if (part instanceof RawRefToken) return `\${${part.logicalId}}`;
    if (part instanceof RefToken) return `\${${part.target.path}}`;
    if (part instanceof AttrToken) return `\${${part.target.path}.${part.attribute}}`;
    if (part instanceof SubToken) return part.parts.map(inline).join('');
    if (part instanceof FnToken) return `${part.name}(${JSON.stringify(part.args, (_key, v: unknown) => (v instanceof Token || v instanceof Entity ? inline(v) : v))})`;
    if (part instanceof ConditionHandle) return part.path;
    return JSON.stringify(part);
  };
  return JSON.stringify(inline(value));
}

function propertyAt(properties: unknown, path: string): unknown {
  let value = properties;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || value instanceof Token) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isNoValue(value: unknown): boolean {
  return value instanceof PseudoToken && value.name === 'AWS::NoValue';
}

/** The conditions a resource exists under: its own, and those of the nested stacks holding it. */
function guardsOf(resource: ResourceHandle): Set<string> {
  const guards = new Set<string>();
  if (resource.def.Condition) guards.add(resource.def.Condition.path);
  for (const stack of resource.stack.lineage) {
    const condition = stack.stackResource?.def.Condition;
    if (condition) guards.add(condition.path);
  }
  return guards;
}

function includes(outer: Set<string>, inner: Set<string>): boolean {
  for (const guard of inner) if (!outer.has(guard)) return false;
  return true;
}
