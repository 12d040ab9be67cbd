/**
 * ECS Exec preconditions. The task role must carry the exec statements (the task blueprint sets
 * `execEnabled`), and tasks without a NAT route reach SSM messages (and KMS, when the cluster
 * encrypts sessions with a key) only through interface endpoints.
 */
import { InputError } from '../../../dsl/index.js';
import type { NetworkRef } from '../../network/types.js';
import type { ClusterRef, Task } from '../types.js';

export function checkExec(path: string, task: Task, network: NetworkRef, cluster: ClusterRef): void {
  if (!task.execEnabled) {
    throw new InputError(path, true, 'needs a task whose role carries the ECS Exec statements (task.execEnabled is false): enable exec on the task definition');
  }
  if (network.nat !== 'none' || network.interfaceEndpoints === undefined) return;
  const needed = ['ssmmessages', ...(cluster.execKmsKeyArn !== undefined ? ['kms'] : [])];
  const missing = needed.filter((name) => !network.interfaceEndpoints!.has(name));
  if (missing.length) {
    throw new InputError(
      path,
      true,
      `needs the interface endpoints ${needed.join(', ')} in a network without NAT; missing: ${missing.join(', ')} (add them to the network's interface endpoints)`,
    );
  }
}
