/**
 * VPC flow logs to a KMS-encrypted CloudWatch log group with retention. The delivery role may
 * write to that log group only, and only the flow logs service of this account may assume it.
 */
import { Aws, Fn, s, type Res, type Stack, type Tok, type Value } from '../../dsl/index.js';
import { allow, policyDocument, serviceTrust } from '../iam/index.js';
import { logsKey, type KeyHandle } from '../kms/index.js';

/** Retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy, retentionInDays). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** A KMS key ARN (key id a UUID or a multi-Region `mrk-` id): CloudWatch Logs takes no alias (AssociateKmsKey). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const FlowLogsInput = s.object({
  /** Flow logs on. Default true. */
  enabled: s.optional(s.boolean(), true),
  /** Days to keep records, one of LOG_RETENTION_DAYS (or a deploy-time value). Default 365. */
  retentionDays: s.optional(s.deployTime(s.oneOf(LOG_RETENTION_DAYS)), 365),
  /** `ALL` (default), `ACCEPT` or `REJECT` (or a deploy-time value). */
  trafficType: s.optional(s.deployTime(s.oneOf(['ALL', 'ACCEPT', 'REJECT'])), 'ALL'),
  /** Seconds per aggregation window: 60 or 600 (default; or a deploy-time value). */
  maxAggregationIntervalSeconds: s.optional(s.deployTime(s.oneOf([60, 600])), 600),
  /**
   * ARN of an existing KMS key for the log group (its policy must let CloudWatch Logs use it), or a
   * deploy-time value. Default: a new key (blueprints/kms logsKey).
   */
  kmsKeyArn: s.optional(s.deployTime(s.text(KMS_KEY_ARN, 'a KMS key ARN (arn:...:kms:<region>:<account>:key/<key id>)'))),
});
export type FlowLogsOptions = s.Input<typeof FlowLogsInput>;

export interface FlowLogs {
  logGroup: Res<'AWS::Logs::LogGroup'>;
  role: Res<'AWS::IAM::Role'>;
  flowLog: Res<'AWS::EC2::FlowLog'>;
  /** The key made for the log group; undefined when an existing key was given. */
  key: KeyHandle | undefined;
}

/** Flow logs of the VPC `vpcId`; `path` names the inputs in errors (e.g. `network.flowLogs`). */
export function flowLogs(stack: Stack, path: string, vpcId: Value<string>, options: FlowLogsOptions): FlowLogs {
  return makeFlowLogs(stack, path, vpcId, s.parse(FlowLogsInput, options, path));
}

/** Makes the flow logs of parsed inputs (network() parses them as part of its own). */
export function makeFlowLogs(stack: Stack, path: string, vpcId: Value<string>, p: s.Output<typeof FlowLogsInput>): FlowLogs {
  const key = p.kmsKeyArn === undefined ? logsKey(stack, 'FlowLogKey', { path: `${path}.key` }) : undefined;
  const logGroup = stack.add('FlowLogGroup', {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: {
      RetentionInDays: p.retentionDays as Value<number>,
      KmsKeyId: key ? key.arn : (p.kmsKeyArn as Value<string>),
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
      TrafficType: p.trafficType,
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: logGroup.ref,
      DeliverLogsPermissionArn: role.attr('Arn'),
      MaxAggregationInterval: p.maxAggregationIntervalSeconds as Value<number>,
    },
  });
  return { logGroup, role, flowLog, key };
}
