/**
 * One checked container -> its CloudFormation container definition: the definition is written in
 * ECS's API shape and renamed to CloudFormation's properties through the generated field table.
 */
import { Fn, InputError, type CfnValue, type ResourceProps, type Value } from '../../../dsl/index.js';
import type { Container } from './container.js';
import { toCloudFormation } from './container-shape.js';
import type { ExecutionNeeds } from './execution-role.js';

type ContainerDefinitions = NonNullable<ResourceProps<'AWS::ECS::TaskDefinition'>['ContainerDefinitions']>;
export type ECSContainerDefinition = Extract<ContainerDefinitions, readonly unknown[]>[number];
type Secret = Container['secrets'][string];

/** Cross-field rules of one container that its schema cannot state. */
export function checkContainer(path: string, c: Container): void {
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory) {
    throw new InputError(`${path}.memoryReservation`, c.memoryReservation, `is more than the container's memory limit (${c.memory} MiB)`);
  }
  c.portMappings.forEach((port, i) => {
    if (port.hostPort === undefined) return;
    if (typeof port.containerPort !== 'number') {
      throw new InputError(`${path}.portMappings[${i}].hostPort`, port.hostPort, 'must be left out when containerPort is a deploy-time value (awsvpc sets it to containerPort)');
    }
    // awsvpc: "the hostPort can either be left blank or set to the same value as the containerPort"
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
    if (port.hostPort !== port.containerPort) {
      throw new InputError(`${path}.portMappings[${i}].hostPort`, port.hostPort, `must equal containerPort (${port.containerPort}) in awsvpc network mode`);
    }
  });
  const both = Object.keys(c.secrets).filter((name) => name in c.environment);
  if (both.length) throw new InputError(`${path}.secrets`, both[0], 'is also set in environment; a variable comes from one place');
}

/**
 * `valueFrom` of a secret, and what the execution role needs to read it: the parameter or secret
 * ARN, with a Secrets Manager JSON key, version stage and id appended as ECS takes them
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 */
export function secretValueFrom(secret: Secret, needs: ExecutionNeeds): CfnValue {
  if (secret.kmsKeyArn) needs.kmsKeyArns.push(secret.kmsKeyArn);
  if (secret.ssmParameterArn !== undefined) {
    needs.ssmParameterArns.push(secret.ssmParameterArn);
    return secret.ssmParameterArn;
  }
  const arn = secret.secretArn!;
  needs.secretArns.push(arn);
  const suffix = [secret.jsonKey ?? '', secret.versionStage ?? '', secret.versionId ?? ''];
  if (suffix.every((part) => part === '')) return arn;
  return typeof arn === 'string' ? `${arn}:${suffix.join(':')}` : Fn.join(':', [arn, ...suffix]);
}

/** What the task decides for a container: its image URI, logging, extra dependencies, init process and root filesystem. */
export interface RenderContext {
  imageUri: Value<string>;
  logConfiguration: { logDriver: string; options?: Record<string, CfnValue> } | undefined;
  extraDependsOn: { containerName: string; condition: string }[];
  /** Run an init process unless the container says otherwise (ECS Exec wants one). */
  initProcess: boolean;
  readonlyRootFilesystem: boolean;
  needs: ExecutionNeeds;
}

const nonEmpty = <T>(items: readonly T[]): readonly T[] | undefined => (items.length ? items : undefined);

export function renderContainer(c: Container, ctx: RenderContext): ECSContainerDefinition {
  const init = c.linuxParameters?.initProcessEnabled ?? (ctx.initProcess ? true : undefined);
  const linuxParameters = {
    ...(c.linuxParameters?.capabilities ? { capabilities: c.linuxParameters.capabilities } : {}),
    ...(init !== undefined ? { initProcessEnabled: init } : {}),
    ...(c.linuxParameters?.sharedMemorySize !== undefined ? { sharedMemorySize: c.linuxParameters.sharedMemorySize } : {}),
    ...(c.linuxParameters?.tmpfs?.length ? { tmpfs: c.linuxParameters.tmpfs } : {}),
  };
  for (const file of c.environmentFiles) ctx.needs.environmentFileArns.push(file.value);
  if (c.repositoryCredentials) {
    ctx.needs.secretArns.push(c.repositoryCredentials.credentialsParameter);
    if (c.repositoryCredentials.kmsKeyArn) ctx.needs.kmsKeyArns.push(c.repositoryCredentials.kmsKeyArn);
  }
  const definition = {
    name: c.name,
    image: ctx.imageUri,
    essential: c.essential,
    readonlyRootFilesystem: ctx.readonlyRootFilesystem,
    cpu: c.cpu,
    memory: c.memory,
    memoryReservation: c.memoryReservation,
    portMappings: nonEmpty(
      c.portMappings.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        containerPort: p.containerPort,
        hostPort: p.containerPort,
        protocol: p.protocol,
        ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
      })),
    ),
    environment: nonEmpty(Object.entries(c.environment).map(([name, value]) => ({ name, value }))),
    environmentFiles: nonEmpty(c.environmentFiles),
    secrets: nonEmpty(Object.entries(c.secrets).map(([name, secret]) => ({ name, valueFrom: secretValueFrom(secret, ctx.needs) }))),
    healthCheck: c.healthCheck,
    dependsOn: nonEmpty([...ctx.extraDependsOn, ...c.dependsOn]),
    user: c.user,
    linuxParameters: Object.keys(linuxParameters).length ? linuxParameters : undefined,
    command: c.command,
    entryPoint: c.entryPoint,
    workingDirectory: c.workingDirectory,
    ulimits: nonEmpty(c.ulimits),
    startTimeout: c.startTimeout,
    stopTimeout: c.stopTimeout,
    mountPoints: nonEmpty(c.mountPoints),
    volumesFrom: nonEmpty(c.volumesFrom),
    logConfiguration: ctx.logConfiguration,
    firelensConfiguration: c.firelensConfiguration,
    repositoryCredentials: c.repositoryCredentials ? { credentialsParameter: c.repositoryCredentials.credentialsParameter } : undefined,
    restartPolicy: c.restartPolicy,
    versionConsistency: c.versionConsistency,
    interactive: c.interactive,
    pseudoTerminal: c.pseudoTerminal,
    dockerLabels: c.dockerLabels,
    systemControls: nonEmpty(c.systemControls),
  };
  return toCloudFormation(definition) as unknown as ECSContainerDefinition;
}
