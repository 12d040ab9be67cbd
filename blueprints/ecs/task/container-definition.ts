/** Checks one container's input and turns it into its CloudFormation container definition. */
import { Fn, InputError, check, type CfnValue, type ResourceProps, type Value } from '../../../dsl/index.js';
import type { ContainerProps, SecretSource } from './container.js';
import type { ExecutionNeeds } from './execution-role.js';

type Tok = Exclude<Value<string>, string>;
type ContainerDefinitions = NonNullable<ResourceProps<'AWS::ECS::TaskDefinition'>['ContainerDefinitions']>;
export type ECSContainerDefinition = Extract<ContainerDefinitions, readonly unknown[]>[number];

export const CONTAINER_NAME = /^[a-zA-Z0-9_-]{1,255}$/;
export const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

export function checkContainer(path: string, c: ContainerProps): void {
  check.matches(`${path}.name`, c.name, CONTAINER_NAME, 'a container name (1-255 letters, digits, _ or -)');
  if (c.cpu !== undefined) check.integerInRange(`${path}.cpu`, c.cpu, 0, 16384);
  if (c.memory !== undefined) check.integerInRange(`${path}.memory`, c.memory, 6, 122880);
  if (c.memoryReservation !== undefined) check.integerInRange(`${path}.memoryReservation`, c.memoryReservation, 6, 122880);
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory) {
    throw new InputError(`${path}.memoryReservation`, c.memoryReservation, `is more than the container's memory limit (${c.memory} MiB)`);
  }
  (c.portMappings ?? []).forEach((port, i) => {
    const at = `${path}.portMappings[${i}]`;
    check.integerInRange(`${at}.containerPort`, port.containerPort, 1, 65535);
    if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
      throw new InputError(`${at}.hostPort`, port.hostPort, `must equal containerPort (${port.containerPort}) in awsvpc network mode`);
    }
    if (port.name !== undefined) check.matches(`${at}.name`, port.name, PORT_NAME, 'a port name (1-64 lower-case letters, digits or -, not starting or ending with -)');
    if (port.protocol !== undefined) check.oneOf(`${at}.protocol`, port.protocol, ['tcp', 'udp'] as const);
    if (port.appProtocol !== undefined) check.oneOf(`${at}.appProtocol`, port.appProtocol, ['http', 'http2', 'grpc'] as const);
  });
  for (const name of Object.keys(c.environment ?? {})) check.matches(`${path}.environment`, name, /^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
  for (const name of Object.keys(c.secrets ?? {})) check.matches(`${path}.secrets`, name, /^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
  for (const [name, source] of Object.entries(c.secrets ?? {})) {
    if ('ssmParameterArn' in source && typeof source.ssmParameterArn === 'string') {
      check.matches(`${path}.secrets.${name}.ssmParameterArn`, source.ssmParameterArn, /^arn:[a-z-]+:ssm:[a-z0-9-]+:\d{12}:parameter\/.+$/, 'an SSM parameter ARN');
    }
    if ('secretArn' in source && typeof source.secretArn === 'string') {
      check.matches(`${path}.secrets.${name}.secretArn`, source.secretArn, /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+$/, 'a Secrets Manager secret ARN (without a JSON key: use jsonKey)');
    }
  }
  const both = Object.keys(c.secrets ?? {}).filter((name) => name in (c.environment ?? {}));
  if (both.length) throw new InputError(`${path}.secrets`, both[0], 'is also set in environment; a variable comes from one place');
  if (c.healthCheck) {
    const h = c.healthCheck;
    if (!h.command.length || !['CMD', 'CMD-SHELL', 'NONE'].includes(h.command[0]!)) {
      throw new InputError(`${path}.healthCheck.command`, h.command, 'does not start with CMD, CMD-SHELL or NONE');
    }
    if (h.interval !== undefined) check.integerInRange(`${path}.healthCheck.interval`, h.interval, 5, 300);
    if (h.timeout !== undefined) check.integerInRange(`${path}.healthCheck.timeout`, h.timeout, 2, 60);
    if (h.retries !== undefined) check.integerInRange(`${path}.healthCheck.retries`, h.retries, 1, 10);
    if (h.startPeriod !== undefined) check.integerInRange(`${path}.healthCheck.startPeriod`, h.startPeriod, 0, 300);
  }
  if (c.stopTimeout !== undefined) check.integerInRange(`${path}.stopTimeout`, c.stopTimeout, 2, 120);
  (c.ulimits ?? []).forEach((u, i) => {
    if (u.softLimit > u.hardLimit) throw new InputError(`${path}.ulimits[${i}].softLimit`, u.softLimit, `is more than hardLimit (${u.hardLimit})`);
  });
}

/** `valueFrom` of a secret, and what the execution role needs to read it. */
export function secretValueFrom(secret: SecretSource, needs: ExecutionNeeds): CfnValue {
  if (secret.kmsKeyArn) needs.kmsKeyArns.push(secret.kmsKeyArn);
  if ('ssmParameterArn' in secret) {
    needs.ssmParameterArns.push(secret.ssmParameterArn);
    return secret.ssmParameterArn;
  }
  needs.secretArns.push(secret.secretArn);
  if (!secret.jsonKey) return secret.secretArn;
  return typeof secret.secretArn === 'string'
    ? `${secret.secretArn}:${secret.jsonKey}::`
    : Fn.join(':', [secret.secretArn as Tok, secret.jsonKey, '', '']);
}

export interface RenderContext {
  imageUri: Value<string>;
  logConfiguration: ECSContainerDefinition['LogConfiguration'] | undefined;
  extraDependsOn: { ContainerName: string; Condition: string }[];
  initProcess: boolean;
  extraMountPoints: { SourceVolume: string; ContainerPath: string; ReadOnly: boolean }[];
  needs: ExecutionNeeds;
}

export function renderContainer(c: ContainerProps, ctx: RenderContext): ECSContainerDefinition {
  const env = Object.entries(c.environment ?? {});
  const secrets = Object.entries(c.secrets ?? {});
  const dependsOn = [
    ...ctx.extraDependsOn,
    ...(c.dependsOn ?? []).map((d) => ({ ContainerName: d.container, Condition: d.condition })),
  ];
  const mounts = [
    ...(c.mountPoints ?? []).map((m) => ({ SourceVolume: m.sourceVolume, ContainerPath: m.containerPath, ReadOnly: m.readOnly ?? false })),
    ...ctx.extraMountPoints,
  ];
  const def: ECSContainerDefinition = {
    Name: c.name,
    Image: ctx.imageUri,
    Essential: c.essential ?? true,
    ReadonlyRootFilesystem: c.readonlyRootFilesystem ?? true,
  };
  if (c.cpu !== undefined) def.Cpu = c.cpu;
  if (c.memory !== undefined) def.Memory = c.memory;
  if (c.memoryReservation !== undefined) def.MemoryReservation = c.memoryReservation;
  if (c.portMappings?.length) {
    def.PortMappings = c.portMappings.map((p) => ({
      ...(p.name ? { Name: p.name } : {}),
      ContainerPort: p.containerPort,
      HostPort: p.hostPort ?? p.containerPort,
      Protocol: p.protocol ?? 'tcp',
      ...(p.appProtocol ? { AppProtocol: p.appProtocol } : {}),
    }));
  }
  if (env.length) def.Environment = env.map(([Name, Value]) => ({ Name, Value }));
  if (secrets.length) def.Secrets = secrets.map(([Name, source]) => ({ Name, ValueFrom: secretValueFrom(source, ctx.needs) as Value<string> }));
  if (c.healthCheck) {
    const h = c.healthCheck;
    def.HealthCheck = { Command: h.command, Interval: h.interval ?? 30, Timeout: h.timeout ?? 5, Retries: h.retries ?? 3, StartPeriod: h.startPeriod ?? 0 };
  }
  if (dependsOn.length) def.DependsOn = dependsOn;
  if (c.user !== undefined) def.User = c.user;
  if (c.initProcessEnabled ?? ctx.initProcess) def.LinuxParameters = { InitProcessEnabled: true };
  if (c.command) def.Command = c.command;
  if (c.entryPoint) def.EntryPoint = c.entryPoint;
  if (c.workingDirectory) def.WorkingDirectory = c.workingDirectory;
  if (c.ulimits?.length) def.Ulimits = c.ulimits.map((u) => ({ Name: u.name, SoftLimit: u.softLimit, HardLimit: u.hardLimit }));
  if (c.stopTimeout !== undefined) def.StopTimeout = c.stopTimeout;
  if (mounts.length) def.MountPoints = mounts;
  if (ctx.logConfiguration) def.LogConfiguration = ctx.logConfiguration;
  if (c.firelensConfiguration) {
    def.FirelensConfiguration = { Type: c.firelensConfiguration.type, ...(c.firelensConfiguration.options ? { Options: c.firelensConfiguration.options } : {}) };
  }
  return def;
}
