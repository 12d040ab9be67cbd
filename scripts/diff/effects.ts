/**
 * What CloudFormation does when a property changes, from the registry schemas
 * (dsl/spec/registry.json, generated from the schemas cfn-lint bundles): a change under a
 * `createOnlyProperties` path replaces the resource, one under `conditionalCreateOnlyProperties`
 * may (the service decides), anything else is updated in place.
 * https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
 * A change to the property that names the resource (NAME_RULES) replaces it too: a new physical
 * name is a new resource.
 */
import { NAME_RULES } from '../../dsl/preflight/checks/names.js';
import { conditionalCreateOnlyProperties, createOnlyProperties, hasRegistryType } from '../../dsl/spec/registry-lookup.js';
import { selectCanonical, type Segment } from './json.js';
import type { Effect, Json } from './model.js';

interface TypeFacts {
  known: boolean;
  createOnly: string[][];
  conditional: string[][];
  /** The name-bearing property, when the type has one. */
  name?: string;
}

const facts = new Map<string, TypeFacts>();

export function typeFacts(type: string): TypeFacts {
  let found = facts.get(type);
  if (!found) {
    const known = hasRegistryType(type);
    const split = (paths: readonly string[]) => paths.map((path) => path.split('/'));
    found = {
      known,
      createOnly: known ? split(createOnlyProperties(type)) : [],
      conditional: known ? split(conditionalCreateOnlyProperties(type)) : [],
      ...(NAME_RULES[type] ? { name: NAME_RULES[type].property } : {}),
    };
    facts.set(type, found);
  }
  return found;
}

export const UNKNOWN_TYPE = 'unknown type: not in the registry table (dsl/spec/registry.json), treated as may replace';

/** `at`: the change is at or below the registry path; `above`: the registry path lies inside what changed. */
function meets(pattern: readonly string[], path: readonly Segment[]): 'none' | 'at' | 'above' {
  const shared = Math.min(pattern.length, path.length);
  for (let i = 0; i < shared; i++) {
    const part = pattern[i]!;
    const segment = path[i]!;
    if (part === '*' ? typeof segment !== 'number' : part !== segment) return 'none';
  }
  return path.length >= pattern.length ? 'at' : 'above';
}

/** Whether a change at `path` touches registry path `pattern`, comparing what it selects when the change is above it. */
function touches(pattern: readonly string[], path: readonly Segment[], oldProps: Json | undefined, newProps: Json | undefined): boolean {
  const how = meets(pattern, path);
  return how === 'at' || (how === 'above' && selectCanonical(oldProps, pattern) !== selectCanonical(newProps, pattern));
}

export interface Classified {
  effect: Effect;
  reason: string;
}

/**
 * A property whose text changed. `deployTime`: the old or new value is only known at deploy time
 * (a parameter, an attribute, a condition), so the resolved value may be the same: may replace.
 */
export function classifyChange(type: string, path: readonly Segment[], oldProps: Json | undefined, newProps: Json | undefined, deployTime: boolean): Classified {
  const f = typeFacts(type);
  if (!f.known) return { effect: 'may-replace', reason: UNKNOWN_TYPE };
  const replaces = (reason: string): Classified =>
    deployTime ? { effect: 'may-replace', reason: `${reason}; the value is only known at deploy time` } : { effect: 'replacement', reason };
  if (f.createOnly.some((pattern) => touches(pattern, path, oldProps, newProps))) return replaces('create-only');
  if (f.name !== undefined && path[0] === f.name) return replaces('names the resource');
  if (f.conditional.some((pattern) => touches(pattern, path, oldProps, newProps))) return { effect: 'may-replace', reason: 'conditionally create-only: the service decides' };
  return { effect: 'in-place', reason: 'updatable' };
}

/**
 * A property whose text is the same but whose value changes because what it references does:
 * `definite` when the referenced resource is replaced (its physical id changes for sure).
 */
export function classifyReference(type: string, path: readonly Segment[], definite: boolean, cause: string): Classified {
  const f = typeFacts(type);
  if (!f.known) return { effect: 'may-replace', reason: `${cause}; ${UNKNOWN_TYPE}` };
  const createOnly = f.createOnly.some((pattern) => meets(pattern, path) !== 'none') || (f.name !== undefined && path[0] === f.name);
  if (createOnly) return { effect: definite ? 'replacement' : 'may-replace', reason: `create-only; ${cause}` };
  if (f.conditional.some((pattern) => meets(pattern, path) !== 'none')) return { effect: 'may-replace', reason: `conditionally create-only; ${cause}` };
  return { effect: 'in-place', reason: cause };
}
