/**
 * What the ECS building blocks hand to a service: the task definition with what a service needs
 * to know of its containers, and the cluster.
 */
import type { Res, Tok, Value } from '../../dsl/index.js';

export interface PortInfo {
  /** Port mapping name: Service Connect needs one. */
  name?: string;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  appProtocol?: 'http' | 'http2' | 'grpc';
}

export interface ContainerInfo {
  name: string;
  essential: boolean;
  /**
   * The container's ports known at compile time. A port given as a deploy-time value is in the task
   * definition but not here: security-group rules, target groups and Service Connect need the number.
   */
  ports: PortInfo[];
}

/** Launch types a task definition may be valid for (RequiresCompatibilities). */
export type Compatibility = 'FARGATE' | 'EC2';

/** An EFS volume of a task, as a service needs it: to let the tasks reach the file system's mount targets. */
export interface EfsAccess {
  volume: string;
  fileSystemId: Value<string>;
  /** Security group of the mount targets; the service admits its tasks on it (NFS, TCP 2049). */
  mountTargetSecurityGroupId?: Value<string>;
}

export interface Task {
  taskDefinition: Res<'AWS::ECS::TaskDefinition'>;
  /** Role the containers run as (absent when the task needs none). */
  taskRole: Res<'AWS::IAM::Role'> | undefined;
  /** Role ECS uses to pull images, write logs and read secrets: one of this task's or a shared one. */
  executionRoleArn: Value<string>;
  containers: ContainerInfo[];
  /** Whether the task role carries the ECS Exec statements (ssmmessages, exec KMS key, exec logs). */
  execEnabled: boolean;
  /** CPU units, or a deploy-time token (a parameter's Ref) checked by the template's Rules; absent for an EC2 task without a task size. */
  cpu: number | Tok | undefined;
  /** Memory in MiB, or a deploy-time token. */
  memory: number | Tok | undefined;
  /** Launch types the definition is valid for. Default (absent): FARGATE only. */
  compatibilities?: readonly Compatibility[];
  /** The task family, when given: a service that leaves the revision to a release tool names the family. */
  family?: Value<string>;
  /** EFS volumes whose mount targets the tasks reach. Default: none. */
  efsVolumes?: readonly EfsAccess[];
  /** Volumes configured at launch (an EBS volume per task, described by the service). Default: none. */
  launchVolumes?: readonly string[];
}

export interface ClusterRef {
  /** Cluster name or ARN (Ref of AWS::ECS::Cluster is its name). */
  cluster: Value<string>;
  /** Capacity providers registered on the cluster, to check a service's strategy against. */
  capacityProviders?: readonly string[];
  /** KMS key ARN that encrypts ECS Exec sessions on this cluster, when set. */
  execKmsKeyArn?: Value<string>;
  /** Default Service Connect namespace ARN of the cluster, when set. */
  serviceConnectNamespaceArn?: Value<string>;
  /** Name of the EC2 capacity provider (listed as `EC2` in capacityProviders), when registered. */
  ec2CapacityProviderName?: Value<string>;
  /** Log group (name) that ECS Exec session transcripts go to, when exec logging is on. */
  execLogGroupName?: Value<string>;
  /** The cluster's log group (name), when it has one (exec on, or logGroup asked for). */
  logGroupName?: Value<string>;
  /** KMS key ARN for CloudWatch Logs log groups (the cluster's logs key), when the cluster has one. */
  logsKeyArn?: Value<string>;
}
