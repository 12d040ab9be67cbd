/**
 * A seeded fuzzer over product inputs: each mutation changes one place of an environment's inputs
 * (a misspelt or unknown key, a value of another JSON type, NaN/Infinity/-0, null in a list, an array
 * where an object belongs, a 2,000-character string, a removed key, an edge number), builds the
 * environment in-process and classifies the outcome:
 * - rejected: the build failed with the project's own error (an input or compile error);
 * - crash: any other exception (a TypeError from deep inside is a crash, whatever it says);
 * - wrong acceptance: the build succeeded although the mutation is invalid by construction (an
 *   unknown key, or a JSON type the product's JSON Schema does not allow at that place, or a
 *   non-finite number).
 */
import { CompileError, CompileErrors, InputError } from '../../dsl/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small, fast, good enough to pick mutations; the same seed replays the same run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = string | number;

export interface Mutation {
  kind: string;
  path: Step[];
  /** The new value (undefined when a key is removed). */
  value: unknown;
  /** Invalid whatever the schema says (an unknown key, a non-finite number). */
  invalidByConstruction: boolean;
  /** The mutated inputs. */
  inputs: unknown;
}

function places(value: Json, path: Step[] = []): Step[][] {
  const found: Step[][] = [path];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...places(item, [...path, i])));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) found.push(...places(item, [...path, key]));
  return found;
}

function at(value: Json, path: Step[]): Json {
  return path.reduce<Json>((node, step) => (node as Record<string, Json>)[step as string]!, value);
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

function typo(key: string, pick: () => number): string {
  const variants = [
    key + key.at(-1),
    key.slice(0, -1),
    key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase(),
    key.length > 2 ? key.slice(0, 1) + key.slice(2) : key + 'x',
    `${key}_`,
  ].filter((v) => v !== key && v.length > 0);
  return variants[Math.floor(pick() * variants.length)]!;
}

/** A value of another JSON kind than `value`, or an edge value of the same kind. */
function otherValue(value: Json, pick: () => number): { value: unknown; kind: string; nonFinite?: boolean } {
  const choices: { value: unknown; kind: string; nonFinite?: boolean }[] = [
    { value: null, kind: 'null' },
    { value: 'x'.repeat(2000), kind: 'long string' },
    { value: [], kind: 'empty list' },
    { value: {}, kind: 'empty object' },
    { value: true, kind: 'boolean' },
    { value: Number.NaN, kind: 'NaN', nonFinite: true },
    { value: Number.POSITIVE_INFINITY, kind: 'Infinity', nonFinite: true },
    { value: -0, kind: '-0' },
  ];
  if (typeof value === 'number') choices.push({ value: String(value), kind: 'number as string' }, { value: -1, kind: '-1' }, { value: 1e12, kind: 'huge' }, { value: value + 0.5, kind: 'fraction' });
  if (typeof value === 'boolean') choices.push({ value: String(value), kind: 'boolean as string' }, { value: value ? 1 : 0, kind: 'boolean as number' });
  if (typeof value === 'string') choices.push({ value: '', kind: 'empty string' }, { value: 3, kind: 'number' }, { value: `${value} `, kind: 'trailing space' });
  if (Array.isArray(value)) choices.push({ value: [...value, null], kind: 'null in list' }, { value: value[0] ?? 'x', kind: 'item instead of list' });
  if (value && typeof value === 'object' && !Array.isArray(value)) choices.push({ value: [value], kind: 'object wrapped in a list' });
  return choices[Math.floor(pick() * choices.length)]!;
}

export function mutate(inputs: Json, pick: () => number): Mutation {
  const all = places(inputs);
  const path = all[Math.floor(pick() * all.length)]!;
  const copy = clone(inputs);
  const parentPath = path.slice(0, -1);
  const key = path.at(-1);
  const parent = path.length ? (at(copy, parentPath) as Record<string, Json> | Json[]) : undefined;
  const node = at(copy, path);
  const roll = pick();
  if (roll < 0.25 && parent && !Array.isArray(parent) && typeof key === 'string') {
    const misspelt = typo(key, pick);
    const moved = (parent as Record<string, Json>)[key];
    delete (parent as Record<string, Json>)[key];
    (parent as Record<string, Json>)[misspelt] = moved!;
    return { kind: 'misspelt key', path: [...parentPath, misspelt], value: moved, invalidByConstruction: true, inputs: copy };
  }
  if (roll < 0.32 && node && typeof node === 'object' && !Array.isArray(node)) {
    (node as Record<string, unknown>)['unknownSetting'] = 1;
    return { kind: 'unknown key', path: [...path, 'unknownSetting'], value: 1, invalidByConstruction: true, inputs: copy };
  }
  if (roll < 0.4 && parent && !Array.isArray(parent) && typeof key === 'string') {
    delete (parent as Record<string, Json>)[key];
    return { kind: 'removed key', path, value: undefined, invalidByConstruction: false, inputs: copy };
  }
  const replacement = otherValue(node, pick);
  if (!parent) return { kind: replacement.kind, path, value: replacement.value, invalidByConstruction: !!replacement.nonFinite, inputs: replacement.value };
  (parent as Record<string, unknown>)[key as string] = replacement.value;
  return { kind: replacement.kind, path, value: replacement.value, invalidByConstruction: !!replacement.nonFinite, inputs: copy };
}

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
}

/** The schema nodes that describe the value at `path` (through anyOf, items and additionalProperties); none when no node does. */
function nodesAt(schema: JsonSchemaNode, path: Step[]): JsonSchemaNode[] {
  let nodes: JsonSchemaNode[] = [schema];
  for (const step of path) {
    nodes = nodes.flatMap((node) => [node, ...(node.anyOf ?? [])]).flatMap((node) => {
      if (typeof step === 'number') return node.items ? [node.items] : [];
      const property = node.properties?.[step];
      if (property) return [property];
      return typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [];
    });
    if (!nodes.length) return [];
  }
  return nodes;
}

/** The JSON types a JSON Schema allows at `path` (undefined: the schema does not say). */
export function allowedTypes(schema: JsonSchemaNode, path: Step[]): Set<string> | undefined {
  const nodes = nodesAt(schema, path);
  if (!nodes.length) return undefined;
  const types = new Set<string>();
  for (const node of nodes.flatMap((n) => [n, ...(n.anyOf ?? [])])) {
    for (const type of [node.type ?? []].flat()) types.add(type === 'integer' ? 'number' : type);
    for (const value of node.enum ?? []) types.add(jsonType(value));
  }
  return types.size ? types : undefined;
}

/** Whether the object at `path` takes keys of its own choosing (a map such as tag options). */
export function takesAnyKey(schema: JsonSchemaNode, path: Step[]): boolean {
  return nodesAt(schema, path).flatMap((n) => [n, ...(n.anyOf ?? [])]).some((node) => typeof node.additionalProperties === 'object' || (node.additionalProperties === undefined && !node.properties));
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

export type Outcome = 'rejected' | 'accepted' | 'crash';

/** The project's own errors: anything else escaping a build is a crash. */
export function isProjectError(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return cause instanceof InputError || cause instanceof CompileError || cause instanceof CompileErrors;
}
