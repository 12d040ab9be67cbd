/**
 * Intrinsic values as runtime objects. Blueprints never build `{ Ref: ... }` by hand: they hold
 * tokens, and the compiler turns each into CloudFormation in the stack that uses it, wiring it
 * across nested stacks when producer and consumer differ.
 *
 * At the type level a token is cloudform-types' `IntrinsicFunction`, so it is assignable wherever
 * a `Value<T>` or `List<T>` property is typed; at run time it is one of the classes below.
 */
import type { IntrinsicFunction } from 'cloudform-types/types/dataTypes.js';
import type { Entity } from './entities.js';

/** A CloudFormation intrinsic value, assignable to any cloudform-types `Value<T>` / `List<T>`. */
export type Tok = IntrinsicFunction;

export abstract class Token {
  /** Seen as the cloudform-types intrinsic type by property typings. */
  asValue(): Tok {
    return this as unknown as Tok;
  }
}

/** `Ref` of a parameter or resource (or the `Condition` of a condition used in Fn::If/And/...). */
export class RefToken extends Token {
  constructor(readonly target: Entity) {
    super();
  }
}

/** `Fn::GetAtt` of a resource attribute. */
export class AttrToken extends Token {
  constructor(
    readonly target: Entity,
    readonly attribute: string,
  ) {
    super();
  }
}

/** `AWS::Region`, `AWS::AccountId`, ...: the same expression in every stack. */
export class PseudoToken extends Token {
  constructor(readonly name: string) {
    super();
  }
}

/** Any other intrinsic: `{ [name]: args }` with tokens allowed anywhere inside args. */
export class FnToken extends Token {
  constructor(
    readonly name: string,
    readonly args: unknown,
  ) {
    super();
  }
}

/** `Fn::Sub` assembled from literal text and tokens (see `Fn.sub`). */
export class SubToken extends Token {
  constructor(readonly parts: readonly (string | Token)[]) {
    super();
  }
}

/** A raw logical-id reference by name: the escape hatch for ids not made by this DSL. Checked for dangling. */
export class RawRefToken extends Token {
  constructor(readonly logicalId: string) {
    super();
  }
}

export function isToken(value: unknown): value is Token {
  return value instanceof Token;
}

/** Runtime view of a value typed as `Tok`. */
export function tokenOf(value: unknown): Token | undefined {
  return value instanceof Token ? value : undefined;
}
