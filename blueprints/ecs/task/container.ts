/**
 * What a container of a task is made of: the input a task definition takes for each container, as
 * a schema. Field names and shapes are ECS's own (RegisterTaskDefinition's containerDefinitions, in
 * camelCase), so that a container-definitions file and a TypeScript caller give the same thing and
 * the renderer converts both to CloudFormation through the generated table (container-fields.ts).
 * Three fields are the blueprint's own shape, because the blueprint derives permissions or
 * resources from them: `image` (an ImageRef names the ECR repository to pull from), `environment`
 * and `secrets` (maps by variable name: a name given twice is impossible, and each secret says
 * where it lives so the execution role may read exactly it), and `logging` (a mode, instead of a
 * logConfiguration: the blueprint owns the log group).
 *
 * Fields Fargate does not run (links, hostname, dnsServers, privileged, devices, ...) are not
 * inputs; container-json.ts names each with the reason when a file holds one.
 */
import { s } from '../../../dsl/index.js';
import { containerImage, isImageRef, type ImageRef } from '../../ecr/index.js';
import { CONTAINER_DEFINITION_FIELDS } from './container-fields.js';
import { LoggingInput } from './logging.js';

/** Container, volume and task-family names: letters, digits, `_` and `-`, 1 to 255 (RegisterTaskDefinition). */
export const NAME = /^[a-zA-Z0-9_-]+$/;
export const containerName = (what = 'a container name') => s.text(NAME, `${what} (1-255 letters, digits, _ or -)`, { min: 1, max: 255 });
export const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
export const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * An environment value: any text up to 32 KiB, or a deploy-time value. Any text is a valid value,
 * so a parameter fed to it gets no constraint.
 */
const environmentValue = () =>
  s.deployTime(s.made<string>((value) => typeof value === 'string' && value.length <= 32768, 'a string of at most 32768 characters'));
export const environmentName = () => s.text(ENVIRONMENT_NAME, 'an environment variable name (letters, digits and _, not starting with a digit)', { max: 255 });

const ARN_PREFIX = 'arn:aws[a-z-]*';
export const SSM_PARAMETER_ARN = new RegExp(`^${ARN_PREFIX}:ssm:[a-z0-9-]+:[0-9]{12}:parameter/.+$`);
export const SECRET_ARN = new RegExp(`^${ARN_PREFIX}:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^:]+$`);
export const KMS_KEY_ARN = new RegExp(`^${ARN_PREFIX}:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`);
/** An S3 object ARN of a `.env` file (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html). */
export const ENV_FILE_ARN = new RegExp(`^${ARN_PREFIX}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\\.env$`);

export const kmsKeyArn = () => s.deployTime(s.text(KMS_KEY_ARN, 'a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)'));
const secretArn = () => s.deployTime(s.text(SECRET_ARN, 'a Secrets Manager secret ARN (without a JSON key: use jsonKey)'));

/**
 * Linux capabilities the API knows (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html).
 * Fargate adds only SYS_PTRACE (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
 */
export const KERNEL_CAPABILITIES = [
  'ALL', 'AUDIT_CONTROL', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER',
  'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD',
  'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
] as const;

const enumOf = (value: { readonly enum?: readonly string[] } | undefined): readonly string[] => {
  if (!value?.enum) throw new Error('container-fields.ts lost an enum the container schema reads: regenerate it');
  return value.enum;
};
/** The ulimit names of the API model (generated table). */
export const ULIMIT_NAMES = enumOf(CONTAINER_DEFINITION_FIELDS['ulimits']?.of?.fields?.['name']);
/**
 * tmpfs mount options ECS takes (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tmpfs.html,
 * mountOptions: the model types them as strings, the reference lists these).
 */
export const TMPFS_MOUNT_OPTIONS = [
  'defaults', 'ro', 'rw', 'suid', 'nosuid', 'dev', 'nodev', 'exec', 'noexec', 'sync', 'async', 'dirsync', 'remount',
  'mand', 'nomand', 'atime', 'noatime', 'diratime', 'nodiratime', 'bind', 'rbind', 'unbindable', 'runbindable',
  'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'relatime', 'norelatime', 'strictatime',
  'nostrictatime', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol',
] as const;
/** Container dependency conditions of the API model (generated table). */
export const DEPENDENCY_CONDITIONS = enumOf(CONTAINER_DEFINITION_FIELDS['dependsOn']?.of?.fields?.['condition']);

export const PortMappingInput = s.object({
  /** Port mapping name, needed for Service Connect: 1-64 lower-case letters, digits and `-`, not starting or ending with `-`. */
  name: s.optional(s.text(PORT_NAME, 'a port name (1-64 lower-case letters, digits or -, not starting or ending with -)')),
  /**
   * Port the container listens on, 1..65535, or a deploy-time value. A deploy-time port is rendered
   * but not offered to the service blueprints (their security-group rules, target groups and
   * Service Connect need the number).
   */
  containerPort: s.deployTime(s.integer(1, 65535)),
  /** In awsvpc mode (Fargate) it equals containerPort when given. Default: containerPort. */
  hostPort: s.optional(s.integer(1, 65535)),
  /** `tcp` (default) or `udp`. */
  protocol: s.optional(s.oneOf(['tcp', 'udp']), 'tcp'),
  /** Service Connect application protocol: `http`, `http2` or `grpc`. Default: none. */
  appProtocol: s.optional(s.oneOf(['http', 'http2', 'grpc'])),
});
export type PortMappingProps = s.Input<typeof PortMappingInput>;

/**
 * A secret injected as an environment variable: exactly one of `ssmParameterArn` and `secretArn`.
 * Its ARN scopes the execution role's read permission
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html).
 */
export const SecretSourceInput = s.refine(
  s.object({
    /** SSM parameter ARN (a name is not enough: the execution role is scoped to the ARN). */
    ssmParameterArn: s.optional(s.deployTime(s.text(SSM_PARAMETER_ARN, 'an SSM parameter ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name>)'))),
    /** Secrets Manager secret ARN, without the JSON key or version (those are the fields below). */
    secretArn: s.optional(secretArn()),
    /** A key of a JSON secret (Secrets Manager only). Default: the whole secret. */
    jsonKey: s.optional(s.string({ max: 255 })),
    /** Version stage of the secret (Secrets Manager only), e.g. `AWSPREVIOUS`. Default: `AWSCURRENT`. */
    versionStage: s.optional(s.string({ max: 256 })),
    /** Version id of the secret (Secrets Manager only). Default: the current version. */
    versionId: s.optional(s.string({ max: 64 })),
    /** Customer-managed KMS key that encrypts the parameter or secret: the execution role may decrypt with it. */
    kmsKeyArn: s.optional(kmsKeyArn()),
  }),
  (secret) => {
    const sources = [secret.ssmParameterArn, secret.secretArn].filter((arn) => arn !== undefined).length;
    if (sources !== 1) return 'needs exactly one of ssmParameterArn and secretArn';
    if (secret.ssmParameterArn !== undefined && (secret.jsonKey ?? secret.versionStage ?? secret.versionId) !== undefined) {
      return 'sets jsonKey, versionStage or versionId, which only a Secrets Manager secret (secretArn) has';
    }
    return undefined;
  },
);
export type SecretSource = s.Input<typeof SecretSourceInput>;

export const HealthCheckInput = s.object({
  /** `['CMD', ...]`, `['CMD-SHELL', '<shell command>']` or `['NONE']`. */
  command: s.refine(s.list(s.string({ max: 4096 }), { min: 1 }, 'command words'), (command) =>
    ['CMD', 'CMD-SHELL', 'NONE'].includes(command[0]!) ? undefined : 'does not start with CMD, CMD-SHELL or NONE',
  ),
  /** Seconds between checks, 5..300 (or a deploy-time value). Default 30. */
  interval: s.optional(s.deployTime(s.integer(5, 300)), 30),
  /** Seconds before a check fails, 2..60 (or a deploy-time value). Default 5. */
  timeout: s.optional(s.deployTime(s.integer(2, 60)), 5),
  /** Failures before the container is unhealthy, 1..10 (or a deploy-time value). Default 3. */
  retries: s.optional(s.deployTime(s.integer(1, 10)), 3),
  /** Seconds of grace after start, 0..300 (or a deploy-time value). Default 0. */
  startPeriod: s.optional(s.deployTime(s.integer(0, 300)), 0),
});
export type HealthCheckProps = s.Input<typeof HealthCheckInput>;

export const ContainerDependencyInput = s.object({
  /** A container of the same task. */
  containerName: containerName(),
  /** `START`, `COMPLETE`, `SUCCESS` or `HEALTHY` (the latter needs a health check on that container). */
  condition: s.oneOf(DEPENDENCY_CONDITIONS),
});
export type ContainerDependency = s.Input<typeof ContainerDependencyInput>;

export const UlimitInput = s.refine(
  s.object({
    /** A ulimit name of the API (`nofile`, `nproc`, ...). */
    name: s.oneOf(ULIMIT_NAMES, 'a ulimit name'),
    /** 0..2147483647, at most hardLimit. */
    softLimit: s.integer(0, 2147483647),
    /** 0..2147483647. */
    hardLimit: s.integer(0, 2147483647),
  }),
  (u) => (u.softLimit > u.hardLimit ? `has softLimit ${u.softLimit} above hardLimit ${u.hardLimit}` : undefined),
);
export type UlimitProps = s.Input<typeof UlimitInput>;

export const MountPointInput = s.object({
  /** A volume of the task. */
  sourceVolume: containerName('a volume name'),
  /** Absolute path in the container. */
  containerPath: s.text(/^\/.*$/, 'an absolute path (starting with /)', { max: 4096 }),
  /** Default false. */
  readOnly: s.optional(s.boolean(), false),
});
export type MountPointProps = s.Input<typeof MountPointInput>;

export const VolumeFromInput = s.object({
  /** Another container of the task whose volumes this one mounts. */
  sourceContainer: containerName(),
  /** Default false. */
  readOnly: s.optional(s.boolean()),
});

export const EnvironmentFileInput = s.object({
  /** S3 object ARN of a `.env` file: the execution role may read exactly it (and locate its bucket). */
  value: s.deployTime(s.text(ENV_FILE_ARN, 'an S3 object ARN of a .env file (arn:<partition>:s3:::<bucket>/<key>.env)', { max: 2048 })),
  /** `s3`, the only type. */
  type: s.oneOf(['s3']),
});

export const TmpfsInput = s.object({
  /** Absolute path in the container. */
  containerPath: s.text(/^\/.*$/, 'an absolute path (starting with /)', { max: 4096 }),
  /** Size in MiB, 1..2147483647. */
  size: s.integer(1, 2147483647),
  /** Mount options, e.g. `noexec`, `nosuid` (the API's list). Default: none. */
  mountOptions: s.optional(s.list(s.oneOf(TMPFS_MOUNT_OPTIONS, 'a tmpfs mount option'), {}, 'mount options')),
});

export const LinuxParametersInput = s.object({
  /**
   * Capabilities to add and to drop. On Fargate a container may add SYS_PTRACE only
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html); an EC2-only
   * task may add any (checked by the task, which knows its launch types).
   */
  capabilities: s.optional(
    s.object({
      add: s.optional(s.list(s.oneOf(KERNEL_CAPABILITIES, 'a Linux capability'), {}, 'capabilities')),
      drop: s.optional(s.list(s.oneOf(KERNEL_CAPABILITIES, 'a Linux capability'), {}, 'capabilities')),
    }),
  ),
  /** Run an init process (PID 1 that reaps zombies). Default: true when the task has ECS Exec on, else unset. */
  initProcessEnabled: s.optional(s.boolean()),
  /** Size of /dev/shm in MiB, 1..2147483647. EC2-only tasks (Fargate does not take it). Default: Docker's. */
  sharedMemorySize: s.optional(s.integer(1, 2147483647)),
  /** tmpfs mounts. EC2-only tasks (Fargate does not take them). Default: none. */
  tmpfs: s.optional(s.list(TmpfsInput, {}, 'tmpfs mounts')),
});

export const RestartPolicyInput = s.object({
  /** Whether ECS restarts the container in place when it exits. */
  enabled: s.boolean(),
  /** Exit codes that do not restart it, at most 50. */
  ignoredExitCodes: s.optional(s.list(s.integer(-2147483648, 2147483647, 'an exit code'), { max: 50 }, 'exit codes')),
  /** Seconds the container must run before a restart is attempted, 60..1800 (ECS default 300). */
  restartAttemptPeriod: s.optional(s.integer(60, 1800)),
});

export const SystemControlInput = s.object({
  /** A namespaced kernel parameter, e.g. `net.ipv4.tcp_keepalive_time`. */
  namespace: s.text(/^[a-z0-9_]+(\.[a-z0-9_-]+)+$/, 'a namespaced kernel parameter (e.g. net.core.somaxconn)', { max: 255 }),
  /** Its value. */
  value: s.string({ max: 255 }),
});

export const FirelensConfigurationInput = s.object({
  /** `fluentbit` or `fluentd`. */
  type: s.oneOf(['fluentbit', 'fluentd']),
  /** Router options, e.g. `{ 'enable-ecs-log-metadata': 'true' }`. */
  options: s.optional(s.record(s.string({ max: 255 }), s.string({ min: 0 }))),
});

/** An image: a reference as text or a deploy-time value, or an ImageRef from blueprints/ecr. */
const ImageInput = s.select((input) => (isImageRef(input) ? s.made<ImageRef>(isImageRef, 'an image made by blueprints/ecr') : containerImage()));

export const ContainerInput = s.object({
  /** Unique in the task: 1-255 letters, digits, `_` and `-`. */
  name: containerName(),
  /**
   * Image reference (`[registry/]repository[:tag]` or `...@sha256:<digest>`, or a deploy-time value),
   * or an ImageRef from blueprints/ecr (an ECR repository, a pull-through cache).
   */
  image: ImageInput,
  /** Private-registry credentials: a Secrets Manager secret the execution role may read. Default: none. */
  repositoryCredentials: s.optional(
    s.object({
      /** Secret ARN holding `{"username": ..., "password": ...}`. */
      credentialsParameter: secretArn(),
      /** Customer-managed KMS key of the secret, when it has one. */
      kmsKeyArn: s.optional(kmsKeyArn()),
    }),
  ),
  /** CPU units reserved for the container, 0..16384; the containers' sum must fit the task. Default: none. */
  cpu: s.optional(s.integer(0, 16384)),
  /** Hard memory limit in MiB, 6..122880; the containers' sum must fit the task. Default: none. */
  memory: s.optional(s.integer(6, 122880)),
  /** Soft memory limit in MiB, 6..122880 (counted when `memory` is not set), at most `memory`. Default: none. */
  memoryReservation: s.optional(s.integer(6, 122880)),
  portMappings: s.optional(s.list(PortMappingInput, { max: 100 }, 'port mappings'), []),
  /** Default true. */
  essential: s.optional(s.boolean(), true),
  /** Restart in place on exit (Fargate platform 1.4.0+). Default: off. */
  restartPolicy: s.optional(RestartPolicyInput),
  entryPoint: s.optional(s.list(s.string({ min: 0 }), {}, 'words')),
  command: s.optional(s.list(s.string({ min: 0 }), {}, 'words')),
  /** Variables by name (values may be deploy-time values). Default: none. */
  environment: s.optional(s.record(environmentName(), environmentValue()), {}),
  /** Up to 10 `.env` files in S3. Default: none. */
  environmentFiles: s.optional(s.list(EnvironmentFileInput, { max: 10 }, 'environment files'), []),
  mountPoints: s.optional(s.list(MountPointInput, {}, 'mount points'), []),
  volumesFrom: s.optional(s.list(VolumeFromInput, {}, 'containers'), []),
  linuxParameters: s.optional(LinuxParametersInput),
  /** Secrets by variable name. Default: none. */
  secrets: s.optional(s.record(environmentName(), SecretSourceInput), {}),
  dependsOn: s.optional(s.list(ContainerDependencyInput, {}, 'dependencies'), []),
  /** Seconds to wait for dependencies before giving up, 2..120 on Fargate (or a deploy-time value). Default: ECS's. */
  startTimeout: s.optional(s.deployTime(s.integer(2, 120))),
  /** Seconds between SIGTERM and SIGKILL, 2..120 on Fargate (or a deploy-time value). Default: ECS's 30. */
  stopTimeout: s.optional(s.deployTime(s.integer(2, 120))),
  /** `enabled` (ECS default: the tag is resolved to a digest at deployment) or `disabled` (or a deploy-time value). */
  versionConsistency: s.optional(s.deployTime(s.oneOf(['enabled', 'disabled']))),
  /** `user`, `user:group`, `uid`, `uid:gid`, ... (or a deploy-time value). Default: the image's. */
  user: s.optional(s.deployTime(s.string({ max: 255 }))),
  /** Working directory of the command (or a deploy-time value). Default: the image's. */
  workingDirectory: s.optional(s.deployTime(s.string({ max: 4096 }))),
  /**
   * Default: true (the container writes only to volumes), except in a task with ECS Exec on, where
   * it is false: ECS Exec does not work with a read-only root filesystem.
   */
  readonlyRootFilesystem: s.optional(s.boolean()),
  interactive: s.optional(s.boolean()),
  pseudoTerminal: s.optional(s.boolean()),
  dockerLabels: s.optional(s.record(s.string({ max: 255 }), s.string({ min: 0 }))),
  ulimits: s.optional(s.list(UlimitInput, {}, 'ulimits'), []),
  /** Per-container logging. Default: the task's logging. */
  logging: s.optional(LoggingInput),
  /** Health check run by ECS in the container. Default: none. */
  healthCheck: s.optional(HealthCheckInput),
  /** Namespaced kernel parameters (Fargate platform 1.4.0+). Default: none. */
  systemControls: s.optional(s.list(SystemControlInput, {}, 'system controls'), []),
  /** Makes this container the FireLens log router (a router you bring, instead of the managed one). */
  firelensConfiguration: s.optional(FirelensConfigurationInput),
});
export type ContainerProps = s.Input<typeof ContainerInput>;
/** A container as the task blueprint holds it once checked (defaults filled). */
export type Container = s.Output<typeof ContainerInput>;

/** Typed identity: lets a container be declared on its own and checked by the task it joins. */
export function container(props: ContainerProps): ContainerProps {
  return props;
}
