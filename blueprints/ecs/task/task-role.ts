/**
 * The task role: what the application in the containers may do at run time (seed: managed
 * policies, a task role policy, S3 bucket access), plus the ECS Exec statements when exec is on.
 */
import { Aws, Fn, check, type Res, type Stack, type Tok, type Value } from '../../../dsl/index.js';
import {
  allow,
  allowUnscopable,
  checkStatements,
  ecsTasksTrustPolicy,
  policyDocument,
  type PolicyStatement,
} from '../../iam/index.js';

export interface S3BucketAccess {
  /** Bucket name (text or token). */
  bucketName: Value<string>;
  /** `read`: list and get; `readwrite`: also put and delete objects. */
  access: 'read' | 'readwrite';
  /** Key prefix the objects are limited to (no leading `/`). Default: the whole bucket. */
  prefix?: string;
}

export interface TaskRoleProps {
  /** Identity-policy statements (no `*` action; `*` resource only for actions that cannot be scoped). */
  statements?: PolicyStatement[];
  /**
   * Managed policy ARNs to attach (up to 20), or one deploy-time list token (a list parameter's Ref,
   * or an `Fn.if` that may yield `Aws.noValue`): the role is then always made, the count not checked.
   */
  managedPolicyArns?: Value<string>[] | Tok;
  s3Buckets?: S3BucketAccess[];
  permissionsBoundaryArn?: Value<string>;
}

export interface ExecAccess {
  /** Key that encrypts the exec sessions (the cluster's exec key). */
  kmsKeyArn?: Value<string>;
  /** Log group the exec session transcripts go to, by name. */
  logGroupName?: Value<string>;
}

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
    if (prefix) check.matches(`${path}[${index}].prefix`, prefix, /^[^/*][^*]*$/, 'an S3 key prefix (no leading "/", no "*")');
    const bucketArn = Fn.sub`arn:${Aws.partition}:s3:::${bucket.bucketName}`;
    const objects = Fn.sub`arn:${Aws.partition}:s3:::${bucket.bucketName}/${prefix}*`;
    const objectActions = bucket.access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    return [
      allow(['s3:ListBucket'], [bucketArn], prefix ? { condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      allow(objectActions, [objects]),
    ];
  });
}

export interface TaskRoleInput extends TaskRoleProps {
  path: string;
  exec?: ExecAccess;
}

/** The role, or undefined when the task asks for no permission at all. */
export function taskRole(stack: Stack, id: string, input: TaskRoleInput): Res<'AWS::IAM::Role'> | undefined {
  const own = input.statements ?? [];
  checkStatements(`${input.path}.statements`, own);
  const managed = input.managedPolicyArns ?? [];
  const managedToken = !Array.isArray(managed);
  if (Array.isArray(managed)) check.countInRange(`${input.path}.managedPolicyArns`, managed, 0, 20, 'managed policies');
  const statements = [
    ...own,
    ...s3Statements(`${input.path}.s3Buckets`, input.s3Buckets ?? []),
    ...(input.exec ? execStatements(input.exec) : []),
  ];
  const hasManaged = managedToken || (managed as Value<string>[]).length > 0;
  if (!statements.length && !hasManaged) return undefined;
  return stack.add(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'ECS task role: what the containers may do at run time',
      AssumeRolePolicyDocument: ecsTasksTrustPolicy(),
      ...(statements.length ? { Policies: [{ PolicyName: 'Task', PolicyDocument: policyDocument(statements) }] } : {}),
      ...(hasManaged ? { ManagedPolicyArns: managed } : {}),
      ...(input.permissionsBoundaryArn ? { PermissionsBoundary: input.permissionsBoundaryArn } : {}),
    },
  });
}
