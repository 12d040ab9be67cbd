/**
 * What a deploy-time parameter must satisfy for the input it feeds, in CloudFormation's own terms
 * (AllowedValues, AllowedPattern, MinValue/MaxValue, MinLength/MaxLength). Every leaf schema of
 * dsl/schema carries one, so the same definition checks a literal now and a parameter at deploy time.
 */

export interface ParameterConstraint {
  kind: 'number' | 'string' | 'boolean';
  /** What is allowed, in words: `an integer from 1 to 65535`. */
  description: string;
  allowedValues?: readonly (string | number)[];
  minValue?: number;
  maxValue?: number;
  /** Whole numbers only (a Number parameter cannot say so: noted, not enforced at deploy time). */
  integer?: boolean;
  /** A regular expression the whole value must match (CloudFormation matches AllowedPattern in full). */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}

const CONSTRAINT = Symbol('parameter constraint');

/** Attaches `constraint` to a schema object (returned as is, for chaining); a later call replaces it. */
export function withConstraint<S extends object>(schema: S, constraint: ParameterConstraint): S {
  Object.defineProperty(schema, CONSTRAINT, { value: constraint, enumerable: false, configurable: true });
  return schema;
}

/** The constraint a schema (or the schema it wraps: optional, nullable, lazy literal branch) carries. */
export function constraintOf(schema: unknown): ParameterConstraint | undefined {
  let current = schema as { [CONSTRAINT]?: ParameterConstraint; type?: string; wrapped?: unknown; literal?: unknown } | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current[CONSTRAINT]) return current[CONSTRAINT];
    current = (current.wrapped ?? current.literal) as typeof current;
  }
  return undefined;
}
