/**
 * The SNS topic alarms notify, encrypted with a customer managed KMS key: CloudWatch cannot publish
 * to a topic under the AWS managed `alias/aws/sns` key, so a key whose policy admits CloudWatch is
 * made when none is given
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/US_SetupSNS.html, "Encrypted SNS topics").
 */
import { Aws, Fn, s, type ConditionHandle, type Res, type Stack, type Value } from '../../../dsl/index.js';

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;

export const AlarmTopicInput = s.object({
  /**
   * Whether the alarms notify at all: true or false, or a deploy-time value (the topic and its key are
   * then made under a Condition, and the alarms name the topic only when it holds). Default true.
   */
  enabled: s.optional(s.deployTime(s.boolean()), true),
  /** An existing topic's ARN (or a deploy-time value): nothing is created. Default: a new topic. */
  topicArn: s.optional(s.deployTime(s.text(SNS_TOPIC_ARN, 'an SNS topic ARN'))),
  /** Key of a new topic (its policy must let cloudwatch.amazonaws.com use it). Default: a new key. */
  kmsKeyArn: s.optional(s.deployTime(s.text(KMS_KEY_ARN, 'a KMS key or alias ARN'))),
});
export type AlarmTopicProps = s.Input<typeof AlarmTopicInput>;

export interface AlarmTopic {
  topicArn: Value<string>;
  topic: Res<'AWS::SNS::Topic'> | undefined;
  key: Res<'AWS::KMS::Key'> | undefined;
}

/** The topic (and key) to notify; with `condition`, what is made exists only when it holds. */
export function alarmTopic(stack: Stack, id: string, props: AlarmTopicProps, path = 'alarmTopic', condition?: ConditionHandle): AlarmTopic {
  const p = s.parse(AlarmTopicInput, props, path);
  if (p.topicArn !== undefined) return { topicArn: p.topicArn, topic: undefined, key: undefined };
  const key = p.kmsKeyArn === undefined
    ? stack.add(`${id}Key`, {
        Type: 'AWS::KMS::Key',
        ...(condition ? { Condition: condition } : {}),
        Properties: {
          Description: 'Encrypts the alarm notification topic',
          EnableKeyRotation: true,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AccountAdministers',
                Effect: 'Allow',
                Principal: { AWS: Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:root` },
                Action: 'kms:*',
                Resource: '*',
              },
              {
                Sid: 'CloudWatchPublishes',
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceAccount': Aws.accountId } },
              },
            ],
          },
        },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      })
    : undefined;
  const topic = stack.add(id, {
    Type: 'AWS::SNS::Topic',
    ...(condition ? { Condition: condition } : {}),
    Properties: { KmsMasterKeyId: key ? key.attr('Arn') : p.kmsKeyArn! },
  });
  return { topicArn: topic.ref, topic, key };
}
