/** Small tools over template JSON: paths, equality, intrinsic detection, the values at a registry path. */
import type { Json, JsonObject } from './model.js';

export type Segment = string | number;

/** `ContainerDefinitions[0].Image` */
export function formatPath(segments: readonly Segment[]): string {
  let text = '';
  for (const segment of segments) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{Ref: X}`, `{"Fn::Sub": ...}`, `{Condition: X}`: one key naming a CloudFormation function. */
export function intrinsicName(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
  return true;
}

/** A stable text of a value (object keys sorted): equal texts, equal values. */
export function canonical(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
    .join(',')}}`;
}

/** The value at `segments` under `value`, or undefined. */
export function valueAt(value: Json | undefined, segments: readonly Segment[]): Json | undefined {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isObject(current) ? current[segment] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * Every value a registry path (`LoadBalancers/*\/TargetGroupArn`, split on `/`) selects under
 * `value`, `*` standing for every item of a list; as one canonical text, to compare two sides.
 */
export function selectCanonical(value: Json | undefined, pattern: readonly string[]): string {
  const found: string[] = [];
  const walk = (current: Json | undefined, index: number) => {
    if (current === undefined) return;
    if (index === pattern.length) {
      found.push(canonical(current));
      return;
    }
    const part = pattern[index]!;
    if (part === '*') {
      if (Array.isArray(current)) current.forEach((item) => walk(item, index + 1));
    } else if (isObject(current)) walk(current[part], index + 1);
  };
  walk(value, 0);
  return found.join('|');
}
