/**
 * A small builder for IAM policy statements, shared by every blueprint that writes a policy, with
 * the project's least-privilege guard: no `*` action, and a `*` resource only for actions that
 * AWS does not let you scope (listed in UNSCOPABLE_ACTIONS).
 */
import { InputError, type CfnValue } from '../../dsl/index.js';

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

/**
 * Checks caller-supplied identity-policy statements: an action is `service:Action` (wildcards
 * inside the name are allowed, a bare `*` or `service:*` on `*` is not), and a `*` resource is
 * only accepted when every action is in UNSCOPABLE_ACTIONS.
 */
export function checkStatements(path: string, statements: readonly PolicyStatement[]): void {
  statements.forEach((s, index) => {
    const at = `${path}[${index}]`;
    if (!s.Action.length) throw new InputError(`${at}.Action`, s.Action, 'is empty; name at least one action');
    s.Action.forEach((action, i) => {
      if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) {
        throw new InputError(`${at}.Action[${i}]`, action, 'is not an IAM action of the form service:Action (a bare "*" is not allowed)');
      }
    });
    const resources = s.Resource ?? [];
    if (!resources.length) throw new InputError(`${at}.Resource`, resources, 'is empty; name the resources the statement applies to');
    if (s.Effect === 'Allow' && resources.includes('*')) {
      const scopable = s.Action.filter((action) => !UNSCOPABLE_ACTIONS.includes(action));
      if (scopable.length) {
        throw new InputError(
          `${at}.Resource`,
          '*',
          `is a wildcard resource for actions that can be scoped (${scopable.join(', ')}); name the resources (only ${UNSCOPABLE_ACTIONS.join(', ')} may use "*")`,
        );
      }
    }
  });
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
