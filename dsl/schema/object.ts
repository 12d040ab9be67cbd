/**
 * Objects of blueprint inputs: unknown keys (typos) are rejected with the closest known key
 * suggested, arrays are not objects, and a missing required key is named.
 */
import * as v from 'valibot';

/** The known key closest to `key` (case-insensitive equality, then edit distance), if close enough. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function objectMessage(known: readonly string[]) {
  return (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === 'never') {
      const key = String(issue.input);
      const suggestion = closestKey(key, known);
      return `is not a known input${suggestion ? ` (did you mean ${suggestion}?)` : ''}; known: ${known.join(', ') || 'none'}`;
    }
    if (issue.received === 'undefined' && issue.expected?.startsWith('"')) return 'is missing: it is required';
    return 'is not an object';
  };
}

/** Rejects arrays before `schema` runs (valibot's object schemas accept them as objects). */
function refuseArrays<S extends v.GenericSchema>(schema: S): S {
  const run = schema['~run'].bind(schema);
  return Object.assign(schema, {
    '~run'(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      if (Array.isArray(dataset.value)) {
        v._addIssue(schema as unknown as Parameters<typeof v._addIssue>[0], 'type', dataset, config);
        return dataset as unknown as v.OutputDataset<v.InferOutput<S>, v.InferIssue<S>>;
      }
      return run(dataset, config);
    },
  });
}

/** An object with exactly these entries (optional ones wrapped in `v.optional`). */
export function object<const E extends v.ObjectEntries>(entries: E) {
  return refuseArrays(v.strictObject(entries, objectMessage(Object.keys(entries))));
}

/** A map from keys matching `key` to values of `value` (e.g. environment variables by name). */
export function record<K extends v.GenericSchema<string, string>, S extends v.GenericSchema>(key: K, value: S) {
  return refuseArrays(v.record(key, value, 'is not an object of name: value'));
}
