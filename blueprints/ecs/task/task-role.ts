/**
 * The task role: what the application in the containers may do at run time (seed: managed
 * policies, a task role policy, S3 bucket access), plus the ECS Exec statements when exec is on.
 */
import { Aws, Fn, InputError, check, s, type Res, type Stack } from '../../../dsl/index.js';
import {
  allow,
  allowUnscopable,
  checkStatements,
  ecsTasksTrustPolicy,
  policyDocument,
  type PolicyStatement,
} from '../../iam/index.js';
import { roleArn } from '../inputs.js';
import { kmsKeyArn } from './container.js';
import { logGroupName } from './logging.js';

const ARN_PREFIX = 'arn:aws[a-z-]*';
const POLICY_ARN = new RegExp(`^${ARN_PREFIX}:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$`);
const policyArn = () => s.deployTime(s.text(POLICY_ARN, 'an IAM policy ARN (arn:<partition>:iam::<account or aws>:policy/<path and name>)', { max: 2048 }));
/** S3 bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_PREFIX = /^[^/*][^*]*$/;

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'Resource', 'Condition'];
/** An identity-policy statement in shape; its actions and resources are checked by blueprints/iam's checkStatements. */
function isIdentityStatement(value: unknown): value is PolicyStatement {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const statement = value as Record<string, unknown>;
  return (
    Object.keys(statement).every((key) => STATEMENT_KEYS.includes(key)) &&
    (statement['Effect'] === 'Allow' || statement['Effect'] === 'Deny') &&
    Array.isArray(statement['Action']) &&
    statement['Action'].every((action) => typeof action === 'string') &&
    (statement['Resource'] === undefined || Array.isArray(statement['Resource']))
  );
}
const policyStatement = () => s.made<PolicyStatement>(isIdentityStatement, 'an IAM identity-policy statement ({ Sid?, Effect, Action: [...], Resource: [...], Condition? })');

export const S3BucketAccessInput = s.object({
  /** Bucket name (or a deploy-time value). */
  bucketName: s.deployTime(s.text(BUCKET_NAME, 'an S3 bucket name (3-63 lower-case letters, digits, . and -)')),
  /** `read`: list and get; `readwrite`: also put and delete objects. */
  access: s.oneOf(['read', 'readwrite']),
  /** Key prefix the objects are limited to (no leading `/`, no `*`). Default: the whole bucket. */
  prefix: s.optional(s.text(S3_PREFIX, 'an S3 key prefix (no leading "/", no "*")', { max: 1024 })),
});
export type S3BucketAccess = s.Input<typeof S3BucketAccessInput>;

export const TaskRoleInput = s.object({
  /**
   * An existing role's ARN (or a deploy-time value), used instead of a role made here: nothing is added to
   * it, so it must already allow what the task needs (the build warns with the list when the task asks for
   * exec or EFS statements). The deploying principal needs `iam:PassRole` on it. Not with the other inputs.
   * Default: a role made here when the task needs one.
   */
  arn: s.optional(roleArn()),
  /** Identity-policy statements (no `*` action; `*` resource only for actions that cannot be scoped). Default: none. */
  statements: s.optional(s.list(policyStatement(), {}, 'statements'), []),
  /**
   * Managed policy ARNs to attach (up to 20), or one deploy-time list (a list parameter's Ref, or an
   * `Fn.if` that may yield `Aws.noValue`): the role is then always made, the count not checked. Default: none.
   */
  managedPolicyArns: s.optional(s.deployTime(s.list(policyArn(), { max: 20 }, 'managed policies'))),
  /** Buckets the application reads or writes. Default: none. */
  s3Buckets: s.optional(s.list(S3BucketAccessInput, {}, 'buckets'), []),
  /** Permissions boundary policy ARN. Default: none. */
  permissionsBoundaryArn: s.optional(policyArn()),
});
export type TaskRoleProps = s.Input<typeof TaskRoleInput>;

export const ExecAccessInput = s.object({
  /** Key that encrypts the exec sessions (the cluster's exec key). Default: the cluster's, if any. */
  kmsKeyArn: s.optional(kmsKeyArn()),
  /** Log group the exec session transcripts go to, by name. Default: the cluster's, if any. */
  logGroupName: s.optional(s.deployTime(logGroupName())),
});
export type ExecAccess = s.Input<typeof ExecAccessInput>;

/**
 * ECS Exec runs the SSM agent in the task: the ssmmessages channel actions take no resource (AWS
 * documents `*`); the session key and the transcript log group are named.
 */
export function execStatements(exec: ExecAccess): PolicyStatement[] {
  const statements = [
    allowUnscopable(
      ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      { sid: 'EcsExecChannels' },
    ),
  ];
  if (exec.kmsKeyArn) statements.push(allow(['kms:Decrypt'], [exec.kmsKeyArn], { sid: 'EcsExecSessionKey' }));
  if (exec.logGroupName) {
    statements.push(allowUnscopable(['logs:DescribeLogGroups'], { sid: 'EcsExecFindLogGroup' }));
    statements.push(
      allow(
        ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        [Fn.sub`arn:${Aws.partition}:logs:${Aws.region}:${Aws.accountId}:log-group:${exec.logGroupName}:*`],
        { sid: 'EcsExecTranscripts' },
      ),
    );
  }
  return statements;
}

export function s3Statements(path: string, buckets: readonly S3BucketAccess[]): PolicyStatement[] {
  return buckets.flatMap((bucket, index) => {
    const prefix = bucket.prefix ?? '';
    if (prefix) check.matches(`${path}[${index}].prefix`, prefix, S3_PREFIX, 'an S3 key prefix (no leading "/", no "*")');
    const bucketArn = Fn.sub`arn:${Aws.partition}:s3:::${bucket.bucketName}`;
    const objects = Fn.sub`arn:${Aws.partition}:s3:::${bucket.bucketName}/${prefix}*`;
    const objectActions = bucket.access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    return [
      allow(['s3:ListBucket'], [bucketArn], prefix ? { condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      allow(objectActions, [objects]),
    ];
  });
}

/**
 * The role, or undefined when the task asks for no permission at all. `input` is checked by
 * TaskRoleInput; `path` names it in errors.
 */
export function taskRole(
  stack: Stack,
  id: string,
  input: TaskRoleProps & { path: string; exec?: ExecAccess; also?: readonly PolicyStatement[] },
): Res<'AWS::IAM::Role'> | undefined {
  const { path, exec, also = [], ...props } = input;
  const p = s.parse(TaskRoleInput, props, path);
  if (p.arn !== undefined) {
    const other = (['statements', 'managedPolicyArns', 's3Buckets', 'permissionsBoundaryArn'] as const).find((key) => {
      const value = props[key];
      return value !== undefined && !(Array.isArray(value) && value.length === 0);
    });
    if (other) throw new InputError(`${path}.${other}`, 'given', 'cannot be combined with arn: the blueprint adds nothing to a role it does not own; put these permissions on that role');
    return undefined;
  }
  const own = p.statements;
  checkStatements(`${path}.statements`, own);
  const managed = p.managedPolicyArns ?? [];
  const statements = [
    ...own,
    ...s3Statements(`${path}.s3Buckets`, p.s3Buckets),
    ...(exec ? execStatements(exec) : []),
    ...also,
  ];
  const hasManaged = !Array.isArray(managed) || managed.length > 0;
  if (!statements.length && !hasManaged) return undefined;
  return stack.add(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'ECS task role: what the containers may do at run time',
      AssumeRolePolicyDocument: ecsTasksTrustPolicy(),
      ...(statements.length ? { Policies: [{ PolicyName: 'Task', PolicyDocument: policyDocument(statements) }] } : {}),
      ...(hasManaged ? { ManagedPolicyArns: managed } : {}),
      ...(p.permissionsBoundaryArn ? { PermissionsBoundary: p.permissionsBoundaryArn } : {}),
    },
  });
}
