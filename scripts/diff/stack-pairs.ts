/**
 * Pairs the stacks of two builds of one environment by path, and finds the stacks that moved:
 * a stack gone from one path and a stack new at another with the same template, or with at
 * least half of their resources alike (same logical id and type), is one stack moved, not one
 * deleted and one added.
 */
import { deepEqual } from './json.js';
import type { StackSource } from './model.js';

export interface StackPair {
  old?: StackSource;
  new?: StackSource;
  /** Set when the stack changed path. */
  moved?: { likeness: string };
}

const MOVE_THRESHOLD = 0.5;

function resourceKeys(stack: StackSource): Set<string> {
  return new Set(Object.entries(stack.template.Resources ?? {}).map(([id, resource]) => `${id}\u0000${resource.Type}`));
}

function likeness(a: StackSource, b: StackSource): { score: number; text: string } {
  if ((a.sha256 && a.sha256 === b.sha256) || deepEqual(a.template as never, b.template as never)) return { score: 2, text: 'same template' };
  const keysA = resourceKeys(a);
  const keysB = resourceKeys(b);
  const total = Math.max(keysA.size, keysB.size);
  if (!total) return { score: 0, text: '' };
  let common = 0;
  for (const key of keysA) if (keysB.has(key)) common++;
  return { score: common / total, text: `${common} of ${total} resources alike` };
}

/** Pairs in a stable order: the new build's stacks by path, then what only the old build has. */
export function pairStacks(oldStacks: ReadonlyMap<string, StackSource>, newStacks: ReadonlyMap<string, StackSource>): StackPair[] {
  const goneOld = [...oldStacks.values()].filter((s) => !newStacks.has(s.path));
  const freshNew = [...newStacks.values()].filter((s) => !oldStacks.has(s.path));
  const movedTo = new Map<string, { from: StackSource; likeness: string }>();
  const candidates: { from: StackSource; to: StackSource; score: number; text: string }[] = [];
  for (const from of goneOld) {
    for (const to of freshNew) {
      const like = likeness(from, to);
      if (like.score >= MOVE_THRESHOLD) candidates.push({ from, to, score: like.score, text: like.text });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.to.path.localeCompare(b.to.path));
  const usedOld = new Set<string>();
  for (const c of candidates) {
    if (usedOld.has(c.from.path) || movedTo.has(c.to.path)) continue;
    usedOld.add(c.from.path);
    movedTo.set(c.to.path, { from: c.from, likeness: c.text });
  }
  const pairs: StackPair[] = [];
  for (const stack of newStacks.values()) {
    const move = movedTo.get(stack.path);
    if (move) pairs.push({ old: move.from, new: stack, moved: { likeness: move.likeness } });
    else pairs.push({ ...(oldStacks.has(stack.path) ? { old: oldStacks.get(stack.path)! } : {}), new: stack });
  }
  for (const stack of goneOld) if (!usedOld.has(stack.path)) pairs.push({ old: stack });
  return pairs;
}
