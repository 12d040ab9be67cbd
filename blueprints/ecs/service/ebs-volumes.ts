/**
 * Amazon EBS volumes that ECS creates for each task of a service and attaches to the task's volume
 * configured at launch (task `volumes[].configuredAtLaunch`): `VolumeConfigurations[].ManagedEBSVolume`
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ebs-volumes.html).
 *
 * - Always encrypted: with the key given, else the account's default EBS key (`aws/ebs`).
 * - ECS manages the volumes with an infrastructure role (see infrastructure-role.ts). Given a customer
 *   managed key, that role is also allowed to use it as EBS needs (kms:CreateGrant for AWS resources,
 *   GenerateDataKeyWithoutPlaintext, ReEncrypt, Decrypt, DescribeKey,
 *   https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html); the key's own key
 *   policy must admit the account's IAM policies (the default key policy does).
 * - The service's tags reach the volumes (TagSpecifications, PropagateTags SERVICE).
 * - Only the ECS deployment controller: a task set (EXTERNAL) has no volume configurations (the registry
 *   schema of AWS::ECS::TaskSet), and CodeDeploy's task sets neither.
 */
import { Aws, Fn, InputError, s, type CfnValue, type ResourceProps, type Value } from '../../../dsl/index.js';
import { allow, type PolicyStatement } from '../../iam/index.js';
import type { Task } from '../types.js';
import type { DeploymentController } from '../deployment/deployment-configuration.js';

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;
const SNAPSHOT_ID = /^snap-[0-9a-f]{8,17}$/;

/**
 * Sizes, IOPS and throughput per volume type, as the ECS API documents them for
 * ServiceManagedEBSVolumeConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceManagedEBSVolumeConfiguration.html).
 */
export const EBS_VOLUME_TYPES = {
  gp3: { size: [1, 16384], iops: [3000, 16000], throughput: true },
  gp2: { size: [1, 16384] },
  io1: { size: [4, 16384], iops: [100, 64000], iopsRequired: true },
  io2: { size: [4, 16384], iops: [100, 256000], iopsRequired: true },
  st1: { size: [125, 16384] },
  sc1: { size: [125, 16384] },
  standard: { size: [1, 1024] },
} as const satisfies Record<string, { size: readonly [number, number]; iops?: readonly [number, number]; iopsRequired?: boolean; throughput?: boolean }>;
type VolumeType = keyof typeof EBS_VOLUME_TYPES;
const VOLUME_TYPES = Object.keys(EBS_VOLUME_TYPES) as VolumeType[];

export const EbsVolumeInput = s.object({
  /** `gp3` (default), `gp2`, `io1`, `io2`, `st1`, `sc1` or `standard`. */
  volumeType: s.optional(s.oneOf(VOLUME_TYPES, 'an EBS volume type'), 'gp3'),
  /** Size in GiB, within the type's range (gp2/gp3 1..16384, io1/io2 4..16384, st1/sc1 125..16384, standard 1..1024), or a deploy-time value. Required unless a snapshot is given. */
  sizeGiB: s.optional(s.deployTime(s.integer(1, 16384))),
  /** Provisioned IOPS: gp3 3000..16000, io1 100..64000, io2 100..256000 (required for io1 and io2; others take none). Default: the type's baseline. */
  iops: s.optional(s.deployTime(s.integer(100, 256000))),
  /** Throughput in MiB/s, gp3 only, 125..1000. Default: gp3's baseline. */
  throughputMiBps: s.optional(s.deployTime(s.integer(125, 1000))),
  /** KMS key ARN the volumes are encrypted with (or a deploy-time value). Default: the account's default EBS key. */
  kmsKeyArn: s.optional(s.deployTime(s.text(KMS_KEY_ARN, 'a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)'))),
  /** Snapshot the volumes start from, `snap-...` (or a deploy-time value). Default: empty volumes. */
  snapshotId: s.optional(s.deployTime(s.text(SNAPSHOT_ID, 'an EBS snapshot id (snap-...)'))),
  /** With a snapshot: MiB/s at which its data is fetched, 100..300. Default: EBS's lazy loading. */
  volumeInitializationRate: s.optional(s.integer(100, 300)),
  /** `ext3`, `ext4` (default: ECS's, ext4) or `xfs`; a snapshot's volumes need the snapshot's file system. */
  filesystemType: s.optional(s.oneOf(['ext3', 'ext4', 'xfs'], 'a Linux file system type')),
});
export type EbsVolumeProps = s.Input<typeof EbsVolumeInput>;
type EbsVolume = s.Output<typeof EbsVolumeInput>;

type VolumeConfigurations = NonNullable<ResourceProps<'AWS::ECS::Service'>['VolumeConfigurations']>;

/** Checks the service's EBS volumes against the task's volumes configured at launch and the controller. */
export function checkEbsVolumes(path: string, volumes: Readonly<Record<string, EbsVolume>>, task: Task, controller: DeploymentController): void {
  const launchVolumes = task.launchVolumes ?? [];
  const names = Object.keys(volumes);
  for (const name of names) {
    if (!launchVolumes.includes(name)) {
      throw new InputError(`${path}.${name}`, name, `is not a volume of the task configured at launch (${launchVolumes.join(', ') || 'the task has none: set configuredAtLaunch on a task volume'})`);
    }
  }
  const missing = launchVolumes.find((name) => !names.includes(name));
  if (missing !== undefined) {
    throw new InputError(`${path}.${missing}`, undefined, `is missing: the task's volume ${missing} is configured at launch, so the service must describe its EBS volume`);
  }
  if (names.length && controller !== 'ECS') {
    throw new InputError(path, names.join(', '), `needs the ECS deployment controller, not ${controller}: task sets take no volume configurations`);
  }
  for (const [name, volume] of Object.entries(volumes)) {
    const at = `${path}.${name}`;
    const type = EBS_VOLUME_TYPES[volume.volumeType] as { size: readonly [number, number]; iops?: readonly [number, number]; iopsRequired?: boolean; throughput?: boolean };
    if (volume.sizeGiB === undefined && volume.snapshotId === undefined) {
      throw new InputError(`${at}.sizeGiB`, undefined, 'is missing: a volume without a snapshot needs a size');
    }
    if (typeof volume.sizeGiB === 'number' && (volume.sizeGiB < type.size[0] || volume.sizeGiB > type.size[1])) {
      throw new InputError(`${at}.sizeGiB`, volume.sizeGiB, `is not an integer from ${type.size[0]} to ${type.size[1]} (the ${volume.volumeType} range)`);
    }
    if (volume.iops !== undefined && !type.iops) throw new InputError(`${at}.iops`, volume.iops, `is not taken by ${volume.volumeType} volumes (only gp3, io1 and io2)`);
    if (volume.iops === undefined && type.iopsRequired) throw new InputError(`${at}.iops`, undefined, `is missing: ${volume.volumeType} volumes need provisioned IOPS`);
    if (typeof volume.iops === 'number' && type.iops && (volume.iops < type.iops[0] || volume.iops > type.iops[1])) {
      throw new InputError(`${at}.iops`, volume.iops, `is not an integer from ${type.iops[0]} to ${type.iops[1]} (the ${volume.volumeType} range)`);
    }
    if (volume.throughputMiBps !== undefined && !type.throughput) throw new InputError(`${at}.throughputMiBps`, volume.throughputMiBps, `is not taken by ${volume.volumeType} volumes (gp3 only)`);
    if (volume.volumeInitializationRate !== undefined && volume.snapshotId === undefined) {
      throw new InputError(`${at}.volumeInitializationRate`, volume.volumeInitializationRate, 'needs a snapshotId: it is the rate at which the snapshot is fetched');
    }
  }
}

export function volumeConfigurations(volumes: Readonly<Record<string, EbsVolume>>, roleArn: Value<string>): VolumeConfigurations {
  return Object.entries(volumes).map(([name, volume]) => ({
    Name: name,
    ManagedEBSVolume: {
      RoleArn: roleArn,
      Encrypted: true,
      ...(volume.kmsKeyArn !== undefined ? { KmsKeyId: volume.kmsKeyArn } : {}),
      VolumeType: volume.volumeType,
      ...(volume.sizeGiB !== undefined ? { SizeInGiB: volume.sizeGiB } : {}),
      ...(volume.iops !== undefined ? { Iops: volume.iops } : {}),
      ...(volume.throughputMiBps !== undefined ? { Throughput: volume.throughputMiBps } : {}),
      ...(volume.snapshotId !== undefined ? { SnapshotId: volume.snapshotId } : {}),
      ...(volume.volumeInitializationRate !== undefined ? { VolumeInitializationRate: volume.volumeInitializationRate } : {}),
      ...(volume.filesystemType !== undefined ? { FilesystemType: volume.filesystemType } : {}),
      TagSpecifications: [{ ResourceType: 'volume', PropagateTags: 'SERVICE' }],
    },
  }));
}

/** What the infrastructure role needs on the volumes' customer managed keys (none for the default key). */
export function ebsKeyStatements(volumes: Readonly<Record<string, EbsVolume>>): PolicyStatement[] {
  const keys: CfnValue[] = [];
  const seen = new Set<string>();
  for (const volume of Object.values(volumes)) {
    if (volume.kmsKeyArn === undefined) continue;
    const key = JSON.stringify(volume.kmsKeyArn);
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push(volume.kmsKeyArn);
  }
  if (!keys.length) return [];
  return [
    allow(['kms:CreateGrant'], keys, { sid: 'GrantVolumeKeyToEbs', condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
    allow(['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'], keys, { sid: 'UseVolumeKey' }),
  ];
}

/** The AWS managed policy ECS documents for the volumes role. */
export const VOLUMES_POLICY_ARN = Fn.sub`arn:${Aws.partition}:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForVolumes`;
