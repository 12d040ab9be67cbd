/**
 * Blueprint inputs as schemas (valibot): the TypeScript type is derived from the schema
 * (`s.Input<typeof X>`), `s.parse` checks it at the blueprint boundary, and the same leaves give
 * deploy-time parameters their constraints and environment files their JSON Schema.
 */
import * as v from 'valibot';

export { integer, decimal, oneOf, text, string, boolean, literal, list, refine } from './leaves.js';
export { object, record, closestKey } from './object.js';
export { deployTime, isDeployTime, token, handle, made, type DeployTimeSchema } from './deploy-time.js';
export { parse, problems, issueError, schemaAt, defaultOf, type Input, type Output } from './parse.js';
export { constraintOf, withConstraint, type ParameterConstraint } from './constraint.js';

/** An optional input; with `fallback`, the parsed value is `fallback` when the input is left out. */
export function optional<S extends v.GenericSchema>(schema: S): v.OptionalSchema<S, undefined>;
export function optional<S extends v.GenericSchema, const D extends v.InferInput<S>>(schema: S, fallback: D): v.OptionalSchema<S, D>;
export function optional<S extends v.GenericSchema>(schema: S, fallback?: v.InferInput<S>) {
  return fallback === undefined ? v.optional(schema) : v.optional(schema, fallback as never);
}

/**
 * A value whose schema depends on its shape (a string or an object; an object's `mode`): `pick`
 * returns the schema to check it with, so a problem is reported by that schema, in its own words
 * (a union can only say that no option matched).
 */
export function select<S extends v.GenericSchema>(pick: (input: unknown) => S) {
  return v.lazy(pick);
}

/** One of several shapes; `what` names them all in the error (`is not <what>`). */
export function either<const O extends readonly [v.GenericSchema, ...v.GenericSchema[]]>(options: O, what: string) {
  return v.union(options, `is not ${what}`);
}

export type Schema = v.GenericSchema;
