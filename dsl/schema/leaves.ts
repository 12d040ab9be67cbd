/**
 * The leaf schemas blueprint inputs are made of (valibot schemas with the project's messages), each
 * carrying its ParameterConstraint: one definition checks a literal at compile time, a deploy-time
 * parameter through the template (see deploy-time.ts), and documents the input (JSON Schema).
 * Messages are the "problem" part of an InputError: `<path>: <value> <problem>`.
 */
import * as v from 'valibot';
import { constraintOf, withConstraint } from './constraint.js';

type LengthMessage = (issue: v.BaseIssue<unknown>) => string;

/** A whole number from `min` to `max`. NaN, Infinity and numeric strings are rejected. */
export function integer(min: number, max: number, what = `an integer from ${min} to ${max}`) {
  const message = `is not ${what}`;
  return withConstraint(v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message)), {
    kind: 'number',
    description: what,
    minValue: min,
    maxValue: max,
    integer: true,
  });
}

/** A finite number from `min` to `max` (fractions allowed). */
export function decimal(min: number, max: number, what = `a number from ${min} to ${max}`) {
  const message = `is not ${what}`;
  return withConstraint(v.pipe(v.number(message), v.finite(message), v.minValue(min, message), v.maxValue(max, message)), {
    kind: 'number',
    description: what,
    minValue: min,
    maxValue: max,
  });
}

/** One of a fixed list of strings or numbers (compared strictly: `"512"` is not `512`). */
export function oneOf<const T extends readonly (string | number)[]>(values: T, what = 'one of the allowed values') {
  const numeric = values.every((value) => typeof value === 'number');
  return withConstraint(v.picklist(values, `is not ${what} (${values.join(', ')})`), {
    kind: numeric ? 'number' : 'string',
    description: `${what} (${values.join(', ')})`,
    allowedValues: values,
  });
}

/**
 * A string matching `pattern` in full (anchor it with ^...$), described as `what` in errors. No
 * flags: the same pattern becomes a CloudFormation AllowedPattern (a Java regular expression).
 */
export function text(pattern: RegExp, what: string, lengths: { min?: number; max?: number } = {}) {
  if (pattern.flags) throw new Error(`text(): pattern /${pattern.source}/${pattern.flags} takes no flags (spell out [A-Za-z])`);
  const message = `is not ${what}`;
  // Lengths first: "longer than 32 characters (38)" says more than "not a name".
  const checks = [
    ...(lengths.min !== undefined ? [v.minLength<string, number, LengthMessage>(lengths.min, (i) => `is shorter than ${lengths.min} characters (${i.received})`)] : []),
    ...(lengths.max !== undefined ? [v.maxLength<string, number, LengthMessage>(lengths.max, (i) => `is longer than ${lengths.max} characters (${i.received})`)] : []),
  ];
  return withConstraint(v.pipe(v.string(message), ...checks, v.regex(pattern, message)), {
    kind: 'string',
    description: what,
    pattern: pattern.source,
    ...(lengths.min !== undefined ? { minLength: lengths.min } : {}),
    ...(lengths.max !== undefined ? { maxLength: lengths.max } : {}),
  });
}

/** Any string of `min` to `max` characters (default: 1 to 4096). */
export function string(lengths: { min?: number; max?: number } = {}, what?: string) {
  const min = lengths.min ?? 1;
  const max = lengths.max ?? 4096;
  const description = what ?? (min === 0 ? `a string of at most ${max} characters` : `a string of ${min} to ${max} characters`);
  const message = `is not ${description}`;
  return withConstraint(v.pipe(v.string(message), v.minLength(min, message), v.maxLength(max, message)), {
    kind: 'string',
    description,
    minLength: min,
    maxLength: max,
  });
}

/** `true` or `false` (not the strings "true"/"false": those come through deploy-time parameters). */
export function boolean() {
  return withConstraint(v.boolean('is not true or false'), { kind: 'boolean', description: 'true or false', allowedValues: ['true', 'false'] });
}

/** One exact value. */
export function literal<const T extends string | number | boolean>(value: T) {
  return v.literal(value, `is not ${JSON.stringify(value)}`);
}

/** A list of `min` to `max` items (default 0 to 1000); `null` items are rejected by the item schema. */
export function list<S extends v.GenericSchema>(item: S, counts: { min?: number; max?: number } = {}, what = 'items') {
  const min = counts.min ?? 0;
  const max = counts.max ?? 1000;
  const allowed = min === max ? `exactly ${min}` : `${min} to ${max}`;
  const count = (issue: v.BaseIssue<unknown>) => `has ${issue.received} ${what}; allowed: ${allowed}`;
  return v.pipe(v.array(item, `is not a list of ${what}`), v.minLength(min, count), v.maxLength(max, count));
}

/**
 * `schema`, then a check a pattern cannot express (a real calendar date, a known time zone):
 * `problem(value)` returns what is wrong (`is not a date that exists`) or undefined.
 */
export function refine<S extends v.GenericSchema>(schema: S, problem: (value: v.InferOutput<S>) => string | undefined) {
  const refined = v.pipe(
    schema,
    v.rawCheck<v.InferOutput<S>>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const found = problem(dataset.value);
      if (found) addIssue({ message: found });
    }),
  );
  // A pipe is a copy of its first schema: keep the deploy-time constraint it carried.
  const constraint = constraintOf(schema);
  return constraint ? withConstraint(refined, constraint) : refined;
}
