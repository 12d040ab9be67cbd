/**
 * Task volumes: bind mounts on the task's own storage, Amazon EFS file systems, and volumes configured
 * at launch (an Amazon EBS volume per task that the service describes, `service.ebsVolumes`).
 *
 * EFS decisions (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html):
 * - Transit encryption is always on: IAM authorisation and access points need it, and the mount carries
 *   application data across the VPC. There is no input to turn it off.
 * - IAM authorisation is on by default: the file system's policy can then tell tasks apart by role, and
 *   the task role is granted `elasticfilesystem:ClientMount` (and `ClientWrite` when a container mounts
 *   the volume writable, `ClientRootAccess` on request) on the file system's ARN only, narrowed to the
 *   access point by the `elasticfilesystem:AccessPointArn` condition key when one is given
 *   (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html).
 * - With an access point, the root directory is the access point's: `rootDirectory` must then be left
 *   out (ECS: "If an EFS access point is specified in the authorizationConfig, the root directory
 *   parameter must either be omitted or set to /").
 * - The mount target's security group must admit the tasks on NFS (TCP 2049). The task does not know the
 *   service's security group, so it hands the group on (`Task.efsVolumes`) and the service adds the two
 *   rules (ingress on the mount target group, egress on its own).
 */
import { Aws, Fn, InputError, s, type CfnValue, type ResourceProps, type Value } from '../../../dsl/index.js';
import { allow, type PolicyStatement } from '../../iam/index.js';
import type { EfsAccess } from '../types.js';
import { containerName } from './container.js';

const FILE_SYSTEM_ID = /^fs-[0-9a-f]{8,40}$/;
const ACCESS_POINT_ID = /^fsap-[0-9a-f]{8,40}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

export const EfsVolumeInput = s.object({
  /** File system id, `fs-...` (or a deploy-time value). */
  fileSystemId: s.deployTime(s.text(FILE_SYSTEM_ID, 'an EFS file system id (fs-...)')),
  /** Access point id, `fsap-...` (or a deploy-time value): the POSIX user and root directory the tasks get. Default: none. */
  accessPointId: s.optional(s.deployTime(s.text(ACCESS_POINT_ID, 'an EFS access point id (fsap-...)'))),
  /** Directory of the file system mounted as the volume's root, absolute. Not with an access point. Default: `/`. */
  rootDirectory: s.optional(s.text(/^\/.*$/, 'an absolute path (starting with /)', { max: 4096 })),
  /** Authorise the mount with the task role (IAM): true (default) or false (the file system policy alone decides). */
  iamAuthorization: s.optional(s.boolean(), true),
  /** With IAM authorisation: let the task act as root on the file system (`elasticfilesystem:ClientRootAccess`). Default false. */
  rootAccess: s.optional(s.boolean(), false),
  /** Port between the ECS host and the EFS server for the encrypted mount, 1..65535. Default: the mount helper's. */
  transitEncryptionPort: s.optional(s.integer(1, 65535)),
  /**
   * Security group of the file system's mount targets (or a deploy-time value): the service that runs
   * this task adds ingress on it from its tasks on NFS (TCP 2049), and the matching egress. Default: none
   * (the mount targets must already admit the tasks).
   */
  mountTargetSecurityGroupId: s.optional(s.deployTime(s.text(SECURITY_GROUP_ID, 'a security group id (sg-...)'))),
});
export type EfsVolumeProps = s.Input<typeof EfsVolumeInput>;

export const VolumeInput = s.object({
  /** Volume name, unique in the task (1-255 letters, digits, `_` and `-`). */
  name: containerName('a volume name'),
  /** An Amazon EFS file system. Default: none (a bind mount on the task's storage). */
  efs: s.optional(EfsVolumeInput),
  /**
   * `true`: the volume is configured when a task launches: an Amazon EBS volume per task, described by
   * the service (`service.ebsVolumes.<name>`). Default false.
   */
  configuredAtLaunch: s.optional(s.boolean(), false),
});
export type VolumeProps = s.Input<typeof VolumeInput>;
export type Volume = s.Output<typeof VolumeInput>;

type TaskVolume = Extract<NonNullable<ResourceProps<'AWS::ECS::TaskDefinition'>['Volumes']>, readonly unknown[]>[number];

/** Cross-field rules of one volume. */
export function checkVolume(path: string, volume: Volume): void {
  if (volume.efs && volume.configuredAtLaunch) {
    throw new InputError(`${path}.configuredAtLaunch`, true, 'cannot be combined with efs: a volume is an EFS file system or an EBS volume configured at launch, not both');
  }
  const efs = volume.efs;
  if (!efs) return;
  if (efs.accessPointId !== undefined && efs.rootDirectory !== undefined && efs.rootDirectory !== '/') {
    throw new InputError(`${path}.efs.rootDirectory`, efs.rootDirectory, 'must be left out with an access point: the access point sets the root directory (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html)');
  }
  if (efs.rootAccess && !efs.iamAuthorization) {
    throw new InputError(`${path}.efs.rootAccess`, true, 'needs iamAuthorization: root access is granted to the task role');
  }
}

export function renderVolume(volume: Volume): TaskVolume {
  const efs = volume.efs;
  if (volume.configuredAtLaunch) return { Name: volume.name, ConfiguredAtLaunch: true };
  if (!efs) return { Name: volume.name };
  const useAccessPoint = efs.accessPointId !== undefined;
  return {
    Name: volume.name,
    EFSVolumeConfiguration: {
      FilesystemId: efs.fileSystemId,
      TransitEncryption: 'ENABLED',
      ...(efs.transitEncryptionPort !== undefined ? { TransitEncryptionPort: efs.transitEncryptionPort } : {}),
      ...(efs.rootDirectory !== undefined && !useAccessPoint ? { RootDirectory: efs.rootDirectory } : {}),
      AuthorizationConfig: {
        IAM: efs.iamAuthorization ? 'ENABLED' : 'DISABLED',
        ...(useAccessPoint ? { AccessPointId: efs.accessPointId } : {}),
      },
    },
  };
}

const fileSystemArn = (id: Value<string>) => Fn.sub`arn:${Aws.partition}:elasticfilesystem:${Aws.region}:${Aws.accountId}:file-system/${id}`;
const accessPointArn = (id: Value<string>) => Fn.sub`arn:${Aws.partition}:elasticfilesystem:${Aws.region}:${Aws.accountId}:access-point/${id}`;

/**
 * The task-role statements of the EFS volumes with IAM authorisation: mount (and write, root access)
 * on the file system, through the access point when there is one. `writable` names the volumes some
 * container mounts without `readOnly`.
 */
export function efsStatements(volumes: readonly Volume[], writable: ReadonlySet<string>): PolicyStatement[] {
  return volumes.flatMap((volume) => {
    const efs = volume.efs;
    if (!efs || !efs.iamAuthorization) return [];
    const actions = ['elasticfilesystem:ClientMount', ...(writable.has(volume.name) ? ['elasticfilesystem:ClientWrite'] : []), ...(efs.rootAccess ? ['elasticfilesystem:ClientRootAccess'] : [])];
    const condition: Record<string, Record<string, CfnValue>> | undefined =
      efs.accessPointId !== undefined ? { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPointArn(efs.accessPointId) } } : undefined;
    const sid = `Efs${volume.name.replace(/[^A-Za-z0-9]/g, '')}`;
    return [allow(actions, [fileSystemArn(efs.fileSystemId)], { sid, ...(condition ? { condition } : {}) })];
  });
}

/** What a service needs to let its tasks reach the EFS mount targets. */
export function efsAccess(volumes: readonly Volume[]): EfsAccess[] {
  return volumes.flatMap((volume) =>
    volume.efs
      ? [{ volume: volume.name, fileSystemId: volume.efs.fileSystemId, ...(volume.efs.mountTargetSecurityGroupId !== undefined ? { mountTargetSecurityGroupId: volume.efs.mountTargetSecurityGroupId } : {}) }]
      : [],
  );
}
