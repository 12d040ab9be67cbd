/** What a container of a task is made of: the input a task definition takes for each container. */
import type { Value } from '../../../dsl/index.js';
import type { ImageRef } from '../../ecr/index.js';
import type { LoggingProps } from './logging.js';

export interface PortMappingProps {
  /** Port mapping name, needed for Service Connect (lower-case letters, digits and `-`, up to 64). */
  name?: string;
  /** 1..65535. */
  containerPort: number;
  /** In awsvpc mode (Fargate) it must equal containerPort when given. */
  hostPort?: number;
  /** Default `tcp`. */
  protocol?: 'tcp' | 'udp';
  /** Service Connect application protocol. */
  appProtocol?: 'http' | 'http2' | 'grpc';
}

/** A secret injected as an environment variable; its ARN drives the execution role's permissions. */
export type SecretSource =
  | { ssmParameterArn: Value<string>; /** Key of a SecureString not under aws/ssm. */ kmsKeyArn?: Value<string> }
  | {
      secretArn: Value<string>;
      /** A key of a JSON secret. */
      jsonKey?: string;
      /** Customer-managed key of the secret. */
      kmsKeyArn?: Value<string>;
    };

export interface HealthCheckProps {
  /** e.g. `['CMD-SHELL', 'curl -f http://localhost/ || exit 1']`. */
  command: string[];
  /** Seconds, 5..300. Default 30. */
  interval?: number;
  /** Seconds, 2..60. Default 5. */
  timeout?: number;
  /** 1..10. Default 3. */
  retries?: number;
  /** Seconds, 0..300. Default 0. */
  startPeriod?: number;
}

export interface ContainerDependency {
  container: string;
  condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
}

export interface UlimitProps {
  name: string;
  softLimit: number;
  hardLimit: number;
}

export interface MountPointProps {
  sourceVolume: string;
  containerPath: string;
  /** Default false. */
  readOnly?: boolean;
}

export interface ContainerProps {
  /** Unique in the task: letters, digits, `_` and `-`, up to 255. */
  name: string;
  /** Image URI (text or token), or an ImageRef from blueprints/ecr (ECR repository, pull-through cache). */
  image: Value<string> | ImageRef;
  /** CPU units reserved for the container; the containers' sum must fit the task. */
  cpu?: number;
  /** Hard memory limit in MiB; the containers' sum must fit the task. */
  memory?: number;
  /** Soft memory limit in MiB (counted when `memory` is not set). */
  memoryReservation?: number;
  /** Default true. */
  essential?: boolean;
  portMappings?: PortMappingProps[];
  environment?: Record<string, Value<string>>;
  secrets?: Record<string, SecretSource>;
  healthCheck?: HealthCheckProps;
  dependsOn?: ContainerDependency[];
  /** Default true: containers write only to volumes. */
  readonlyRootFilesystem?: boolean;
  /** `uid`, `uid:gid`, `user`, ... */
  user?: string;
  /** Run an init process (needed by ECS Exec). Default: true when the task has ECS Exec on. */
  initProcessEnabled?: boolean;
  command?: string[];
  entryPoint?: string[];
  workingDirectory?: string;
  ulimits?: UlimitProps[];
  /** Seconds between SIGTERM and SIGKILL, 2..120. */
  stopTimeout?: number;
  mountPoints?: MountPointProps[];
  /** Per-container logging; default: the task's logging. */
  logging?: LoggingProps;
  /** Makes this container the FireLens log router (a router you bring, instead of the managed one). */
  firelensConfiguration?: { type: 'fluentbit' | 'fluentd'; options?: Record<string, string> };
}

/** Typed identity: lets a container be declared on its own and checked by the task it joins. */
export function container(props: ContainerProps): ContainerProps {
  return props;
}
