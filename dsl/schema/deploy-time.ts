/**
 * Inputs that may be given at deploy time. `deployTime(schema)` accepts a literal, checked now by
 * `schema`, or a token: a parameter's Ref then receives `schema`'s constraint (AllowedValues,
 * AllowedPattern, MinValue/MaxValue...) so CloudFormation checks the value the launching team types;
 * other tokens (attributes, Fn::If...) are values CloudFormation computes and pass as they are.
 * Also: schemas for handles and tokens that blueprints hand to each other.
 */
import * as v from 'valibot';
import { ResourceHandle, type Res } from '../entities.js';
import { isToken, type Tok } from '../tokens.js';
import type { ResourceType } from '../types.js';

const DEPLOY_TIME = Symbol('deploy-time input');

/** Any intrinsic value (a Ref, GetAtt, Sub, ...). */
export function token(what = 'a deploy-time value (a parameter Ref or an intrinsic function)') {
  return v.custom<Tok>(isToken, `is not ${what}`);
}

export type DeployTimeSchema<S extends v.GenericSchema> = v.LazySchema<S | ReturnType<typeof token>> & { readonly literal: S };

/** A literal checked by `literalSchema` now, or a deploy-time token (see the module comment). */
export function deployTime<S extends v.GenericSchema>(literalSchema: S): DeployTimeSchema<S> {
  const tokenSchema = token();
  const schema = v.lazy((input: unknown) => (isToken(input) ? tokenSchema : literalSchema));
  Object.defineProperty(schema, DEPLOY_TIME, { value: true, enumerable: false });
  return Object.assign(schema, { literal: literalSchema });
}

export function isDeployTime(schema: unknown): schema is DeployTimeSchema<v.GenericSchema> {
  return typeof schema === 'object' && schema !== null && DEPLOY_TIME in schema;
}

/** A resource handle of the given type (made by `stack.add`). */
export function handle<T extends ResourceType>(type: T) {
  return v.custom<Res<T>>((value) => value instanceof ResourceHandle && value.type === type, `is not a handle to an ${type} (made by stack.add)`);
}

/** A value this blueprint cannot describe as a schema (what another blueprint returns), checked by `guard`. */
export function made<T>(guard: (value: unknown) => boolean, what: string) {
  return v.custom<T>(guard, `is not ${what}`);
}
