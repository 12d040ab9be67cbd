/**
 * A small builder for IAM policy statements, shared by every blueprint that writes a policy, with
 * the project's least-privilege guard: no `*` action, and a `*` resource only for actions that
 * AWS does not let you scope (listed in UNSCOPABLE_ACTIONS).
 */
import { InputError, isToken, s, type CfnValue } from '../../dsl/index.js';

export type ConditionBlock = Record<string, Record<string, CfnValue>>;

export type Principal = { Service: CfnValue } | { AWS: CfnValue } | { Federated: CfnValue };

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  Action: string[];
  /** Absent only in trust policies. */
  Resource?: CfnValue[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Actions whose IAM authorisation takes no resource (AWS documents `Resource: "*"` for them).
 * The only actions a `*` resource is accepted for.
 */
export const UNSCOPABLE_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'cloudwatch:PutMetricData',
  's3:ListAllMyBuckets',
  'logs:DescribeLogGroups',
];

export interface StatementOptions {
  sid?: string;
  condition?: ConditionBlock;
  principal?: Principal;
}

/** An Allow statement on named resources. */
export function allow(actions: readonly string[], resources: readonly CfnValue[], options: StatementOptions = {}): PolicyStatement {
  return statement('Allow', actions, resources, options);
}

/** A Deny statement on named resources. */
export function deny(actions: readonly string[], resources: readonly CfnValue[], options: StatementOptions = {}): PolicyStatement {
  return statement('Deny', actions, resources, options);
}

/**
 * An Allow on `*` for actions that cannot be scoped to a resource; any other action is a
 * programming error (throws).
 */
export function allowUnscopable(actions: readonly string[], options: StatementOptions = {}): PolicyStatement {
  const scopable = actions.filter((action) => !UNSCOPABLE_ACTIONS.includes(action));
  if (scopable.length) throw new Error(`allowUnscopable: ${scopable.join(', ')} can be scoped to a resource; name it`);
  return statement('Allow', actions, ['*'], options);
}

/** A role trust statement for an AWS service, scoped to this account when `sourceAccount` is given. */
export function serviceTrust(service: string, condition?: ConditionBlock): PolicyStatement {
  return {
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sts:AssumeRole'],
    ...(condition ? { Condition: condition } : {}),
  };
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: [...statements] };
}

/** A value of a policy: text, a number, a boolean, an intrinsic, or a list of those. */
function isPolicyValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => !Array.isArray(item) && isPolicyValue(item));
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || isToken(value);
}

/**
 * An identity-policy statement a caller adds to a role (the grammar of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): no Principal
 * (identity policies refuse one), one or more `service:Action` actions (wildcards inside the name,
 * never a bare `*`), one or more resources, an optional Condition block.
 */
export const IdentityStatementInput = s.object({
  /** Statement id: letters and digits only. */
  Sid: s.optional(s.text(/^[A-Za-z0-9]+$/, 'a statement id of letters and digits', { max: 128 })),
  Effect: s.oneOf(['Allow', 'Deny']),
  /** `service:Action`, e.g. `s3:GetObject` or `s3:Get*`; a bare `*` is not allowed. */
  Action: s.list(s.text(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, 'an IAM action of the form service:Action (a bare "*" is not allowed)', { max: 128 }), { min: 1, max: 100 }, 'actions'),
  /** ARNs (or deploy-time values); `*` only for actions in UNSCOPABLE_ACTIONS. */
  Resource: s.list(s.either([s.string({ max: 2048 }), s.token()], 'an ARN or a deploy-time value'), { min: 1, max: 100 }, 'resources'),
  /** `{ operator: { key: value } }`, e.g. `{ StringEquals: { "aws:PrincipalTag/team": "web" } }`. */
  Condition: s.optional(
    s.record(
      s.text(/^[A-Za-z]+(:[A-Za-z]+)?$/, 'a condition operator such as StringEquals or ForAnyValue:StringLike'),
      s.record(s.string({ max: 256 }), s.made<CfnValue>(isPolicyValue, 'a condition value (text, number, boolean or a list of them)')),
    ),
  ),
});
export type IdentityStatement = s.Input<typeof IdentityStatementInput>;

/**
 * Checks caller-supplied identity-policy statements (IdentityStatementInput), then that a `*`
 * resource is only used when every action is in UNSCOPABLE_ACTIONS. Returns them as parsed.
 */
export function checkStatements(path: string, statements: readonly PolicyStatement[]): PolicyStatement[] {
  const parsed = s.parse(s.list(IdentityStatementInput, { max: 100 }, 'statements'), statements, path);
  parsed.forEach((statement, index) => {
    if (statement.Effect === 'Allow' && statement.Resource.includes('*')) {
      const scopable = statement.Action.filter((action) => !UNSCOPABLE_ACTIONS.includes(action));
      if (scopable.length) {
        throw new InputError(
          `${path}[${index}].Resource`,
          '*',
          `is a wildcard resource for actions that can be scoped (${scopable.join(', ')}); name the resources (only ${UNSCOPABLE_ACTIONS.join(', ')} may use "*")`,
        );
      }
    }
  });
  return parsed as PolicyStatement[];
}

function statement(
  effect: 'Allow' | 'Deny',
  actions: readonly string[],
  resources: readonly CfnValue[],
  options: StatementOptions,
): PolicyStatement {
  if (!actions.length) throw new Error('a policy statement needs at least one action');
  if (!resources.length) throw new Error(`a policy statement for ${actions.join(', ')} needs at least one resource`);
  if (actions.includes('*') && resources.includes('*')) throw new Error('Action "*" on Resource "*" is never allowed');
  return {
    ...(options.sid ? { Sid: options.sid } : {}),
    Effect: effect,
    ...(options.principal ? { Principal: options.principal } : {}),
    Action: [...actions],
    Resource: [...resources],
    ...(options.condition ? { Condition: options.condition } : {}),
  };
}
