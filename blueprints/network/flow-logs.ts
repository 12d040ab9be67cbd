/**
 * VPC flow logs to a KMS-encrypted CloudWatch log group with retention. The delivery role may
 * write to that log group only, and only the flow logs service of this account may assume it.
 */
import { Aws, Fn, check, type Res, type Stack, type Tok, type Value } from '../../dsl/index.js';
import { allow, policyDocument, serviceTrust } from '../iam/index.js';
import { logsKey, type KeyHandle } from '../kms/index.js';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface FlowLogsOptions {
  /** Default true. */
  enabled?: boolean;
  /** Days to keep records; one of LOG_RETENTION_DAYS. Default 365. */
  retentionDays?: number;
  /** `ALL` | `ACCEPT` | `REJECT`. Default `ALL`. */
  trafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  /** Seconds per aggregation window: 60 or 600. Default 600. */
  maxAggregationIntervalSeconds?: 60 | 600;
  /**
   * ARN of an existing KMS key for the log group (its policy must let CloudWatch Logs use it).
   * Default: a new key (blueprints/kms logsKey).
   */
  kmsKeyArn?: Value<string>;
}

export interface FlowLogs {
  logGroup: Res<'AWS::Logs::LogGroup'>;
  role: Res<'AWS::IAM::Role'>;
  flowLog: Res<'AWS::EC2::FlowLog'>;
  /** The key made for the log group; undefined when an existing key was given. */
  key: KeyHandle | undefined;
}

export function flowLogs(stack: Stack, path: string, vpcId: Value<string>, options: FlowLogsOptions): FlowLogs {
  const retention = check.oneOf(`${path}.retentionDays`, options.retentionDays ?? 365, LOG_RETENTION_DAYS as readonly number[]);
  const trafficType = check.oneOf(`${path}.trafficType`, options.trafficType ?? 'ALL', ['ALL', 'ACCEPT', 'REJECT'] as const);
  const interval = check.oneOf(`${path}.maxAggregationIntervalSeconds`, options.maxAggregationIntervalSeconds ?? 600, [60, 600] as const);
  const key = options.kmsKeyArn === undefined ? logsKey(stack, 'FlowLogKey', { path: `${path}.key` }) : undefined;
  const logGroup = stack.add('FlowLogGroup', {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: {
      RetentionInDays: retention,
      KmsKeyId: key ? key.arn : (options.kmsKeyArn as Value<string>),
    },
  });
  // The log group's Arn attribute ends in `:*`, so it covers the group's log streams too.
  const logGroupArn: Tok = logGroup.attr('Arn');
  const role = stack.add('FlowLogRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'Delivers VPC flow logs to their log group',
      AssumeRolePolicyDocument: policyDocument([
        serviceTrust('vpc-flow-logs.amazonaws.com', {
          StringEquals: { 'aws:SourceAccount': Aws.accountId },
          ArnLike: { 'aws:SourceArn': Fn.sub`arn:${Aws.partition}:ec2:${Aws.region}:${Aws.accountId}:vpc-flow-log/*` },
        }),
      ]),
      Policies: [
        {
          PolicyName: 'DeliverFlowLogs',
          PolicyDocument: policyDocument([
            allow(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], [logGroupArn]),
          ]),
        },
      ],
    },
  });
  const flowLog = stack.add('FlowLog', {
    Type: 'AWS::EC2::FlowLog',
    Properties: {
      ResourceId: vpcId,
      ResourceType: 'VPC',
      TrafficType: trafficType,
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: logGroup.ref,
      DeliverLogsPermissionArn: role.attr('Arn'),
      MaxAggregationInterval: interval,
    },
  });
  return { logGroup, role, flowLog, key };
}
