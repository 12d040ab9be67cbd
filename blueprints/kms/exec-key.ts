/** The key that encrypts ECS Exec sessions (the data channel between the client and the task). */
import type { Stack } from '../../dsl/index.js';
import { encryptionKey, type KeyHandle } from './key.js';

export interface ExecKeyProps {
  /** Input path prefix for errors. Default: `execKey`. */
  path?: string;
  /** Alias name (`alias/...`). Default: `alias/<id>/<stack name>`. */
  alias?: string;
}

/**
 * No service statement: the task role (kms:Decrypt) and the operator starting the session
 * (kms:GenerateDataKey, through their IAM policy) use it under the root admin statement.
 */
export function execKey(stack: Stack, id: string, props: ExecKeyProps = {}): KeyHandle {
  return encryptionKey(stack, id, {
    path: props.path ?? 'execKey',
    description: 'Encrypts ECS Exec sessions of this cluster',
    ...(props.alias ? { alias: props.alias } : {}),
    statements: [],
  });
}
