/**
 * NFS from a service's tasks to the mount targets of the EFS file systems its task mounts: ingress on each
 * mount target security group from the tasks' group, and the matching egress on the tasks' group (which
 * allows only the egress it is given), TCP 2049
 * (https://docs.aws.amazon.com/efs/latest/ug/network-access.html). Separate rule resources, so the mount
 * target group (often another stack's, or given by id) never references the service.
 */
import type { Res, Stack, Value } from '../../../dsl/index.js';
import type { Task } from '../types.js';

const NFS_PORT = 2049;

export function efsMountTargetRules(
  stack: Stack,
  id: string,
  path: string,
  task: Task,
  tasksGroupId: Value<string>,
): (Res<'AWS::EC2::SecurityGroupIngress'> | Res<'AWS::EC2::SecurityGroupEgress'>)[] {
  const rules: (Res<'AWS::EC2::SecurityGroupIngress'> | Res<'AWS::EC2::SecurityGroupEgress'>)[] = [];
  const unreachable: string[] = [];
  const done = new Set<string>();
  (task.efsVolumes ?? []).forEach((volume) => {
    const group = volume.mountTargetSecurityGroupId;
    if (group === undefined) {
      unreachable.push(volume.volume);
      return;
    }
    // Two volumes on one file system (two access points) share the mount targets: one pair of rules.
    const key = JSON.stringify(group);
    if (done.has(key)) return;
    done.add(key);
    const name = `${id}Efs${volume.volume.replace(/[^A-Za-z0-9]/g, '')}`;
    const description = `NFS from the tasks of this service to the EFS mount targets (volume ${volume.volume})`;
    rules.push(
      stack.add(`${name}Ingress`, {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: group, SourceSecurityGroupId: tasksGroupId, IpProtocol: 'tcp', FromPort: NFS_PORT, ToPort: NFS_PORT, Description: description },
      }),
      stack.add(`${name}Egress`, {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: { GroupId: tasksGroupId, DestinationSecurityGroupId: group, IpProtocol: 'tcp', FromPort: NFS_PORT, ToPort: NFS_PORT, Description: description },
      }),
    );
  });
  if (unreachable.length) {
    stack.warn(
      `${path}: the task's EFS volumes ${unreachable.join(', ')} give no mountTargetSecurityGroupId: the tasks' security group allows no NFS (TCP 2049) egress to them; give it, or add the rule with ${path}.egress`,
    );
  }
  return rules;
}
