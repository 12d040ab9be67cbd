/**
 * Validation at a blueprint boundary: the first problem becomes an InputError naming the input
 * path, the value and what is allowed; every parameter token that reached a `deployTime` input
 * receives that input's constraint.
 */
import * as v from 'valibot';
import { ParameterHandle } from '../entities.js';
import { InputError } from '../errors.js';
import { RefToken } from '../tokens.js';
import { constraintOf } from './constraint.js';
import { isDeployTime } from './deploy-time.js';

export type Input<S extends v.GenericSchema> = v.InferInput<S>;
export type Output<S extends v.GenericSchema> = v.InferOutput<S>;

/** Parses `input` against `schema`; throws InputError at `path` (e.g. `service`) for the first problem. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown, path: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  // A misspelt key also leaves the real one missing: the typo is the problem to report.
  if (!result.success) throw issueError(result.issues.find((issue) => issue.expected === 'never') ?? result.issues[0], path);
  constrainParameters(schema, input, path);
  return result.output;
}

/** Every problem of `input`, for inputs read from files (a user fixes them all in one go). */
export function problems(schema: v.GenericSchema, input: unknown, path: string): InputError[] {
  const result = v.safeParse(schema, input);
  return result.success ? [] : result.issues.map((issue) => issueError(issue, path));
}

export function issueError(issue: v.BaseIssue<unknown>, root: string): InputError {
  const items = issue.path ?? [];
  const at = items.reduce((text, item) => (typeof item.key === 'number' ? `${text}[${item.key}]` : `${text}${text ? '.' : ''}${String(item.key)}`), root);
  // A union without a message of ours: its first option's problem says more than valibot's summary.
  if (issue.type === 'union' && issue.issues?.length && !/^(is|has) /.test(issue.message)) return issueError(issue.issues[0]!, root);
  const last = items[items.length - 1];
  // An unknown key's issue carries the key as its input; show the value the user gave it.
  const value = issue.expected === 'never' && last ? last.value : issue.input;
  return new InputError(at, value, issue.message);
}

/** Walks `input` along `schema`, giving each parameter Ref found at a deploy-time input its constraint. */
function constrainParameters(schema: v.GenericSchema, input: unknown, path: string): void {
  if (input === undefined || input === null) return;
  if (isDeployTime(schema)) {
    if (input instanceof RefToken && input.target instanceof ParameterHandle) {
      const constraint = constraintOf(schema.literal);
      if (constraint) input.target.constrain(constraint, path);
    }
    return;
  }
  const s = schema as v.GenericSchema & {
    wrapped?: v.GenericSchema;
    entries?: Record<string, v.GenericSchema>;
    item?: v.GenericSchema;
    value?: v.GenericSchema;
    options?: readonly v.GenericSchema[];
    getter?: (input: unknown) => v.GenericSchema;
  };
  switch (s.type) {
    case 'optional':
    case 'nullable':
    case 'nullish':
    case 'exact_optional':
    case 'undefinedable':
      if (s.wrapped) constrainParameters(s.wrapped, input, path);
      return;
    case 'strict_object':
    case 'object':
    case 'loose_object':
      for (const [key, entry] of Object.entries(s.entries ?? {})) {
        constrainParameters(entry, (input as Record<string, unknown>)[key], `${path}.${key}`);
      }
      return;
    case 'array':
      if (Array.isArray(input) && s.item) input.forEach((item, index) => constrainParameters(s.item!, item, `${path}[${index}]`));
      return;
    case 'record':
      if (s.value) for (const [key, item] of Object.entries(input as object)) constrainParameters(s.value, item, `${path}.${key}`);
      return;
    case 'union':
    case 'variant': {
      const matched = s.options?.find((option) => v.is(option, input));
      if (matched) constrainParameters(matched, input, path);
      return;
    }
    case 'lazy':
      if (s.getter) constrainParameters(s.getter(input), input, path);
      return;
    default:
      return;
  }
}

/**
 * The schema of the input at `path` (`image`, `scaling.minCapacity`) inside an object schema, seen
 * through optional wrappers; undefined when the path names no input.
 */
export function schemaAt(schema: v.GenericSchema, path: string): v.GenericSchema | undefined {
  let current: v.GenericSchema | undefined = schema;
  for (const key of path.split('.')) {
    current = unwrapOptional(current);
    const entries = (current as { entries?: Record<string, v.GenericSchema> } | undefined)?.entries;
    current = entries?.[key];
    if (!current) return undefined;
  }
  return unwrapOptional(current);
}

function unwrapOptional(schema: v.GenericSchema | undefined): v.GenericSchema | undefined {
  let current = schema as (v.GenericSchema & { wrapped?: v.GenericSchema }) | undefined;
  while (current && ['optional', 'nullable', 'nullish', 'exact_optional', 'undefinedable'].includes(current.type) && current.wrapped) current = current.wrapped;
  return current;
}

/** The default an optional schema fills in, if any. */
export function defaultOf(schema: v.GenericSchema, path: string): unknown {
  let current: v.GenericSchema | undefined = schema;
  let fallback: unknown;
  for (const key of path.split('.')) {
    current = unwrapOptional(current);
    current = (current as { entries?: Record<string, v.GenericSchema> } | undefined)?.entries?.[key];
    fallback = current ? v.getDefault(current as never) : undefined;
  }
  return fallback;
}
