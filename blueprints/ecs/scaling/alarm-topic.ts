/**
 * The SNS topic alarms notify, encrypted with a customer managed KMS key: CloudWatch cannot publish
 * to a topic under the AWS managed `alias/aws/sns` key, so a key whose policy admits CloudWatch is
 * made when none is given.
 */
import { Aws, Fn, type Res, type Stack, type Value } from '../../../dsl/index.js';

export interface AlarmTopicProps {
  /** An existing topic's ARN: nothing is created. */
  topicArn?: Value<string>;
  /** Key for a new topic (its policy must let cloudwatch.amazonaws.com use it). Default: a new key. */
  kmsKeyArn?: Value<string>;
}

export interface AlarmTopic {
  topicArn: Value<string>;
  topic: Res<'AWS::SNS::Topic'> | undefined;
  key: Res<'AWS::KMS::Key'> | undefined;
}

export function alarmTopic(stack: Stack, id: string, props: AlarmTopicProps): AlarmTopic {
  if (props.topicArn !== undefined) return { topicArn: props.topicArn, topic: undefined, key: undefined };
  const key = props.kmsKeyArn === undefined
    ? stack.add(`${id}Key`, {
        Type: 'AWS::KMS::Key',
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
    Properties: { KmsMasterKeyId: key ? key.attr('Arn') : props.kmsKeyArn! },
  });
  return { topicArn: topic.ref, topic, key };
}
