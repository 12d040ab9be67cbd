/**
 * The task execution role: what ECS itself needs to start a task (pull images, write logs, read
 * secrets). Two patterns (seed: the ECS module design): one role shared by the cluster's services,
 * or one role per service so that each service reads only its own secrets.
 *
 * Decision: no AmazonECSTaskExecutionRolePolicy (it grants logs and ECR pulls on `*`). The role
 * carries inline least-privilege statements built from what the task declares:
 * - logs:CreateLogStream/PutLogEvents on the task's log groups (and CreateLogGroup for groups ECS creates);
 * - ecr:GetAuthorizationToken on `*` (it takes no resource), the pull actions on the repositories
 *   the images name, or on the account's repositories when an image is only known as a token;
 * - ecr:CreateRepository/BatchImportUpstreamImage under a pull-through cache prefix;
 * - ssm:GetParameters / secretsmanager:GetSecretValue on the named ARNs (secrets, private-registry
 *   credentials), kms:Decrypt on their keys;
 * - s3:GetObject on the environment files and s3:GetBucketLocation on their buckets
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html).
 * A shared role starts with no policy; each task attaches its own policy to it (AWS::IAM::Policy in
 * the task's stack), so the shared role holds the union of its tasks' needs and no more.
 */
import { Aws, Fn, type CfnValue, type Res, type Stack, type Tok, type Value } from '../../../dsl/index.js';
import { allow, allowUnscopable, ecsTasksTrustPolicy, policyDocument, type PolicyStatement } from '../../iam/index.js';

export interface ExecutionNeeds {
  /** Log groups the awslogs driver writes to, by ARN (`...:log-group:<name>:*`). */
  logGroupArns: CfnValue[];
  /** Log groups ECS creates (awslogs-create-group), by ARN. */
  createdLogGroupArns: CfnValue[];
  repositoryArns: CfnValue[];
  pullThroughPrefixes: string[];
  ssmParameterArns: CfnValue[];
  secretArns: CfnValue[];
  kmsKeyArns: CfnValue[];
  /** S3 object ARNs of environment files. */
  environmentFileArns: CfnValue[];
}

export function emptyNeeds(): ExecutionNeeds {
  return {
    logGroupArns: [],
    createdLogGroupArns: [],
    repositoryArns: [],
    pullThroughPrefixes: [],
    ssmParameterArns: [],
    secretArns: [],
    kmsKeyArns: [],
    environmentFileArns: [],
  };
}

export function executionStatements(needs: ExecutionNeeds): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const logs = distinct(needs.logGroupArns);
  const created = distinct(needs.createdLogGroupArns);
  if (created.length) statements.push(allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], created, { sid: 'WriteLogsToGroupsEcsCreates' }));
  if (logs.length) statements.push(allow(['logs:CreateLogStream', 'logs:PutLogEvents'], logs, { sid: 'WriteLogs' }));
  const repositories = distinct(needs.repositoryArns);
  if (repositories.length) {
    statements.push(allowUnscopable(['ecr:GetAuthorizationToken'], { sid: 'AuthenticateToEcr' }));
    statements.push(
      allow(['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], repositories, { sid: 'PullImages' }),
    );
  }
  const prefixes = [...new Set(needs.pullThroughPrefixes)];
  if (prefixes.length) {
    statements.push(
      allow(
        ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
        prefixes.map((prefix) => Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/${prefix}/*`),
        { sid: 'PullThroughCache' },
      ),
    );
  }
  const parameters = distinct(needs.ssmParameterArns);
  if (parameters.length) statements.push(allow(['ssm:GetParameters'], parameters, { sid: 'ReadSsmParameters' }));
  const secrets = distinct(needs.secretArns);
  if (secrets.length) statements.push(allow(['secretsmanager:GetSecretValue'], secrets, { sid: 'ReadSecrets' }));
  const keys = distinct(needs.kmsKeyArns);
  if (keys.length) statements.push(allow(['kms:Decrypt'], keys, { sid: 'DecryptSecrets' }));
  const files = distinct(needs.environmentFileArns);
  if (files.length) {
    statements.push(allow(['s3:GetObject'], files, { sid: 'ReadEnvironmentFiles' }));
    statements.push(allow(['s3:GetBucketLocation'], distinct(files.map(bucketArnOf)), { sid: 'LocateEnvironmentFileBuckets' }));
  }
  return statements;
}

export interface ExecutionRoleProps {
  /** Statements of the role's inline policy (a per-service role); none for a shared role. */
  statements?: PolicyStatement[];
  permissionsBoundaryArn?: Value<string>;
}

/** A task execution role trusted by ECS tasks of this account and region only. */
export function executionRole(stack: Stack, id: string, props: ExecutionRoleProps = {}): Res<'AWS::IAM::Role'> {
  return stack.add(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'ECS task execution role: pulls images, writes container logs, reads the secrets of its tasks',
      AssumeRolePolicyDocument: ecsTasksTrustPolicy(),
      ...(props.statements?.length
        ? { Policies: [{ PolicyName: 'TaskExecution', PolicyDocument: policyDocument(props.statements) }] }
        : {}),
      ...(props.permissionsBoundaryArn ? { PermissionsBoundary: props.permissionsBoundaryArn } : {}),
    },
  });
}

/** `arn:aws:s3:::bucket/key.env` -> `arn:aws:s3:::bucket` (for a token, the same cut made by CloudFormation). */
function bucketArnOf(objectArn: CfnValue): CfnValue {
  if (typeof objectArn === 'string') return objectArn.slice(0, objectArn.indexOf('/'));
  return Fn.select(0, Fn.split('/', objectArn as Tok));
}

/** Keeps the first of equal values (compared as JSON, so equal tokens count once). */
function distinct(values: readonly CfnValue[]): CfnValue[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && 'stack' in v && 'id' in v ? `entity:${(v as unknown as { path: string }).path}` : v,
    );
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
