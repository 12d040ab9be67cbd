/** The key that encrypts CloudWatch Logs log groups (container logs, ECS Exec sessions, flow logs). */
import { Aws, Fn, type Stack } from '../../dsl/index.js';
import { allow } from '../iam/index.js';
import { encryptionKey, type KeyHandle } from './key.js';

export interface LogsKeyProps {
  /** Input path prefix for errors. Default: `logsKey`. */
  path?: string;
  /** Alias name (`alias/...`). Default: `alias/<id>/<stack name>`. */
  alias?: string;
}

/**
 * CloudWatch Logs of this region may use the key only for log groups of this account and region
 * (the `aws:logs:arn` encryption context), as the CloudWatch Logs documentation prescribes.
 */
export function logsKey(stack: Stack, id: string, props: LogsKeyProps = {}): KeyHandle {
  return encryptionKey(stack, id, {
    path: props.path ?? 'logsKey',
    description: 'Encrypts CloudWatch Logs log groups of this stack',
    ...(props.alias ? { alias: props.alias } : {}),
    statements: [
      allow(['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], ['*'], {
        sid: 'CloudWatchLogsUsesKey',
        principal: { Service: Fn.sub`logs.${Aws.region}.amazonaws.com` },
        condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': Fn.sub`arn:${Aws.partition}:logs:${Aws.region}:${Aws.accountId}:log-group:*`,
          },
        },
      }),
    ],
  });
}
