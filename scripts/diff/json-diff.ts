/**
 * The changed leaves between two JSON values. An intrinsic (`!Ref`, `!Sub`, ...) is one leaf. List
 * items are paired before they are compared: equal items first, then items that share an identity
 * (a `Sid`, `PolicyName`, `Name`, `Key`...), then the rest in order, so that inserting one
 * statement or container reports that item, not every item after it.
 */
import { canonical, deepEqual, formatPath, intrinsicName, isObject, type Segment } from './json.js';
import type { Json } from './model.js';

export interface LeafChange {
  path: Segment[];
  /** The path as shown: a list item by its identity where it has one (`Policies[TaskExecution]`), else its index. */
  shown: string;
  old: Json | undefined;
  new: Json | undefined;
}

/** Keys that name a list item in CloudFormation properties and policy documents. */
const IDENTITY_KEYS = ['Sid', 'PolicyName', 'Name', 'Key', 'ContainerName', 'Id', 'Field'];

const member = (shown: string, key: string) => (shown ? `${shown}.${key}` : key);

/** `[TaskExecution]` for an item with an identity, else `[2]`. */
export function itemLabel(item: Json | undefined, index: number): string {
  if (isObject(item)) {
    for (const key of IDENTITY_KEYS) if (typeof item[key] === 'string') return `[${item[key]}]`;
  }
  return `[${index}]`;
}

export function diffJson(old: Json | undefined, next: Json | undefined, path: Segment[] = [], out: LeafChange[] = [], shown = formatPath(path)): LeafChange[] {
  if (deepEqual(old, next)) return out;
  if (Array.isArray(old) && Array.isArray(next)) return diffLists(old, next, path, out, shown);
  if (isObject(old) && isObject(next) && !intrinsicName(old) && !intrinsicName(next)) {
    for (const key of Object.keys(old)) diffJson(old[key], next[key], [...path, key], out, member(shown, key));
    for (const key of Object.keys(next)) if (!Object.hasOwn(old, key)) out.push({ path: [...path, key], shown: member(shown, key), old: undefined, new: next[key] });
    return out;
  }
  out.push({ path, shown, old, new: next });
  return out;
}

/** The first identity key every item on both sides has, unique on each side. */
function sharedIdentityKey(a: readonly Json[], b: readonly Json[]): string | undefined {
  const unique = (items: readonly Json[], key: string) => {
    const seen = new Set<string>();
    for (const item of items) {
      const id = isObject(item) ? item[key] : undefined;
      if (typeof id !== 'string' || seen.has(id)) return false;
      seen.add(id);
    }
    return true;
  };
  return IDENTITY_KEYS.find((key) => unique(a, key) && unique(b, key));
}

function diffLists(old: readonly Json[], next: readonly Json[], path: Segment[], out: LeafChange[], shown: string): LeafChange[] {
  // Equal items, whatever their position.
  const unmatchedOld = new Map<string, number[]>();
  old.forEach((item, index) => {
    const key = canonical(item);
    unmatchedOld.set(key, [...(unmatchedOld.get(key) ?? []), index]);
  });
  const leftNew: number[] = [];
  next.forEach((item, index) => {
    const same = unmatchedOld.get(canonical(item));
    if (same?.length) same.shift();
    else leftNew.push(index);
  });
  const leftOld = [...unmatchedOld.values()].flat().sort((a, b) => a - b);
  if (!leftOld.length && !leftNew.length) {
    out.push({ path, shown, old: [...old], new: [...next] }); // same items, another order
    return out;
  }
  // Items that keep their identity are the same item changed; without identities, pair in order.
  const pairs: [number, number][] = [];
  const key = sharedIdentityKey(
    leftOld.map((i) => old[i]!),
    leftNew.map((i) => next[i]!),
  );
  if (key) {
    const idOf = (item: Json) => (item as Record<string, Json>)[key];
    for (const o of [...leftOld]) {
      const n = leftNew.find((i) => idOf(next[i]!) === idOf(old[o]!));
      if (n === undefined) continue;
      pairs.push([o, n]);
      leftOld.splice(leftOld.indexOf(o), 1);
      leftNew.splice(leftNew.indexOf(n), 1);
    }
  } else {
    while (leftOld.length && leftNew.length) pairs.push([leftOld.shift()!, leftNew.shift()!]);
  }
  for (const [o, n] of pairs) diffJson(old[o], next[n], [...path, n], out, shown + itemLabel(next[n], n));
  for (const o of leftOld) out.push({ path: [...path, o], shown: shown + itemLabel(old[o], o), old: old[o], new: undefined });
  for (const n of leftNew) out.push({ path: [...path, n], shown: shown + itemLabel(next[n], n), old: undefined, new: next[n] });
  return out;
}
