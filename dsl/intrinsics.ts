/**
 * Typed intrinsic functions. Each returns a token that is assignable to cloudform-types'
 * `Value<T>` / `List<T>` and that the compiler resolves per stack (see tokens.ts).
 */
import type { ConditionHandle } from './entities.js';
import { FnToken, PseudoToken, RawRefToken, SubToken, Token, type Tok } from './tokens.js';

/** Anything that may stand where CloudFormation takes a value: literals, tokens, lists and maps of them. */
export type CfnValue = string | number | boolean | Tok | readonly CfnValue[] | { readonly [key: string]: CfnValue };

/** A condition expression: the result of `Fn.equals/and/or/not` or a condition handle. */
export type ConditionExpr = Tok | ConditionHandle;

const fn = (name: string, args: unknown): Tok => new FnToken(name, args).asValue();

/** Pseudo parameters. */
export const Aws = {
  accountId: new PseudoToken('AWS::AccountId').asValue(),
  region: new PseudoToken('AWS::Region').asValue(),
  partition: new PseudoToken('AWS::Partition').asValue(),
  stackName: new PseudoToken('AWS::StackName').asValue(),
  stackId: new PseudoToken('AWS::StackId').asValue(),
  urlSuffix: new PseudoToken('AWS::URLSuffix').asValue(),
  notificationArns: new PseudoToken('AWS::NotificationARNs').asValue(),
  /** Removes the property where it stands (use inside `Fn.if`). */
  noValue: new PseudoToken('AWS::NoValue').asValue(),
} as const;

export const Fn = {
  /**
   * `Fn::Sub` as a tagged template: handles, parameters and pseudo parameters interpolate directly.
   *   Fn.sub`arn:${Aws.partition}:s3:::${bucket.ref}/*`
   * Literal `${` in the text is escaped for CloudFormation.
   */
  sub(strings: TemplateStringsArray, ...values: readonly (Tok | string | number)[]): Tok {
    const parts: (string | Token)[] = [];
    strings.forEach((text, index) => {
      if (text) parts.push(text);
      if (index < values.length) {
        const value = values[index];
        parts.push(value instanceof Token ? value : String(value));
      }
    });
    return new SubToken(parts).asValue();
  },
  join(separator: string, items: CfnValue): Tok {
    return fn('Fn::Join', [separator, items]);
  },
  select(index: number | Tok, list: CfnValue): Tok {
    return fn('Fn::Select', [index, list]);
  },
  split(separator: string, text: CfnValue): Tok {
    return fn('Fn::Split', [separator, text]);
  },
  /** The availability zones of a region (this stack's region when omitted). */
  getAZs(region: string | Tok = ''): Tok {
    return fn('Fn::GetAZs', region);
  },
  /** `count` CIDR blocks of `2^cidrBits` addresses carved from `ipBlock`. */
  cidr(ipBlock: string | Tok, count: number, cidrBits: number): Tok {
    return fn('Fn::Cidr', [ipBlock, count, cidrBits]);
  },
  base64(text: CfnValue): Tok {
    return fn('Fn::Base64', text);
  },
  /** Needs the AWS::LanguageExtensions transform, which the compiler adds when this is used. */
  length(list: CfnValue): Tok {
    return fn('Fn::Length', list);
  },
  /** Needs the AWS::LanguageExtensions transform, which the compiler adds when this is used. */
  toJsonString(value: CfnValue): Tok {
    return fn('Fn::ToJsonString', value);
  },
  if(condition: ConditionHandle, whenTrue: CfnValue, whenFalse: CfnValue): Tok {
    return fn('Fn::If', [condition, whenTrue, whenFalse]);
  },
  equals(left: CfnValue, right: CfnValue): Tok {
    return fn('Fn::Equals', [left, right]);
  },
  and(...conditions: ConditionExpr[]): Tok {
    return fn('Fn::And', conditions);
  },
  or(...conditions: ConditionExpr[]): Tok {
    return fn('Fn::Or', conditions);
  },
  not(condition: ConditionExpr): Tok {
    return fn('Fn::Not', [condition]);
  },
  /** Rule-only functions (Rules section assertions). */
  contains(list: CfnValue, value: CfnValue): Tok {
    return fn('Fn::Contains', [list, value]);
  },
  eachMemberIn(list: CfnValue, allowed: CfnValue): Tok {
    return fn('Fn::EachMemberIn', [list, allowed]);
  },
  refAll(parameterType: string): Tok {
    return fn('Fn::RefAll', parameterType);
  },
  valueOf(parameterId: string, attribute: string): Tok {
    return fn('Fn::ValueOf', [parameterId, attribute]);
  },
  /**
   * Escape hatch: a `Ref` to a logical id by name, for ids this DSL did not make. The compiler
   * still checks that the id exists in the stack where it is used.
   */
  refByName(logicalId: string): Tok {
    return new RawRefToken(logicalId).asValue();
  },
} as const;
