/**
 * Numeric inputs that must stay in order (minCapacity <= desiredCount <= maxCapacity, minSize <=
 * maxSize, a scale-in threshold below the scale-out one) when either side may be a deploy-time token.
 *
 * - Two literals are compared now.
 * - A literal and a parameter's Ref: the parameter is narrowed by the literal (MinValue/MaxValue in
 *   the template, through the same ParameterConstraint the schemas use), so CloudFormation refuses an
 *   out-of-order value before it creates anything.
 * - Two tokens are not compared: CloudFormation Rules have no numeric comparison (their functions are
 *   Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::And/Or/Not, Fn::RefAll,
 *   Fn::ValueOf/ValueOfAll; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html),
 *   and a token that is not a parameter's Ref (an Fn::If, an attribute) has no definition to narrow.
 *   Blueprints say so in the doc comment of each such input.
 */
import { InputError, isToken, ParameterHandle, type Tok } from '../../dsl/index.js';

export interface OrderedInput {
  /** Input path, e.g. `service.autoScaling.minCapacity`. */
  path: string;
  /** How the other side's error names it: `maxCapacity`. */
  name: string;
  value: number | Tok;
}

/** The parameter whose Ref `value` is, if it is one. */
export function parameterBehind(value: unknown): ParameterHandle | undefined {
  const target = isToken(value) ? (value as { target?: unknown }).target : undefined;
  return target instanceof ParameterHandle ? target : undefined;
}

/**
 * Requires `lower <= upper` (`lower < upper` when `strict`). Two literals out of order throw
 * `problem()`; a literal narrows the other side's parameter (see the module comment).
 */
export function requireOrder(lower: OrderedInput, upper: OrderedInput, options: { strict?: boolean; problem: () => InputError }): void {
  const gap = options.strict ? 1 : 0;
  const relation = options.strict ? 'above' : 'at least';
  if (typeof lower.value === 'number' && typeof upper.value === 'number') {
    if (lower.value + gap > upper.value) throw options.problem();
    return;
  }
  if (typeof lower.value === 'number') {
    parameterBehind(upper.value)?.constrain(
      { kind: 'number', description: `${relation} ${lower.name} (${lower.value})`, minValue: lower.value + gap, integer: true },
      upper.path,
    );
  } else if (typeof upper.value === 'number') {
    parameterBehind(lower.value)?.constrain(
      { kind: 'number', description: `${options.strict ? 'below' : 'at most'} ${upper.name} (${upper.value})`, maxValue: upper.value - gap, integer: true },
      lower.path,
    );
  }
}
