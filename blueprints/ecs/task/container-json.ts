/**
 * Container definitions kept in a JSON file (seed: `task-definitions/<env>.json`, ECS's own
 * container-definition format in camelCase), checked field by field. Errors name the file and the
 * field: `task-definitions/prod.json: [0].portMappings[0].containerPort: "80x" is not an integer from 1 to 65535`.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../../dsl/index.js';
import type { ContainerProps, PortMappingProps } from './container.js';

const CONTAINER_KEYS = ['name', 'image', 'cpu', 'memory', 'memoryReservation', 'essential', 'portMappings', 'environment', 'command', 'entryPoint'];
const PORT_KEYS = ['containerPort', 'hostPort', 'protocol', 'name', 'appProtocol'];

/** Reads and checks a container definitions file; `label` (default: the file path) prefixes errors. */
export function readContainerDefinitions(file: string, label = file): ContainerProps[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(label, file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseContainerDefinitions(text, label);
}

export function parseContainerDefinitions(text: string, source: string): ContainerProps[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(source, 'file', `is not valid JSON (${(error as Error).message})`);
  }
  const at = (field: string) => `${source}: ${field}`;
  if (!Array.isArray(data)) throw new InputError(at('(top level)'), typeof data, 'is not an array of container definitions');
  return data.map((item: unknown, i) => {
    const p = `[${i}]`;
    const obj = object(at(p), item);
    unknownKeys(at(p), obj, CONTAINER_KEYS);
    const props: ContainerProps = {
      name: string(at(`${p}.name`), obj['name'], true)!,
      image: string(at(`${p}.image`), obj['image'], true)!,
    };
    const cpu = integer(at(`${p}.cpu`), obj['cpu'], 0, 16384);
    if (cpu !== undefined) props.cpu = cpu;
    const memory = integer(at(`${p}.memory`), obj['memory'], 6, 122880);
    if (memory !== undefined) props.memory = memory;
    const reservation = integer(at(`${p}.memoryReservation`), obj['memoryReservation'], 6, 122880);
    if (reservation !== undefined) props.memoryReservation = reservation;
    if (obj['essential'] !== undefined) {
      if (typeof obj['essential'] !== 'boolean') throw new InputError(at(`${p}.essential`), obj['essential'], 'is not true or false');
      props.essential = obj['essential'];
    }
    if (obj['portMappings'] !== undefined) {
      props.portMappings = array(at(`${p}.portMappings`), obj['portMappings']).map((raw, j) => port(at, `${p}.portMappings[${j}]`, raw));
    }
    if (obj['environment'] !== undefined) {
      props.environment = Object.fromEntries(
        array(at(`${p}.environment`), obj['environment']).map((raw, j) => {
          const e = object(at(`${p}.environment[${j}]`), raw);
          unknownKeys(at(`${p}.environment[${j}]`), e, ['name', 'value']);
          return [string(at(`${p}.environment[${j}].name`), e['name'], true)!, string(at(`${p}.environment[${j}].value`), e['value'], true)!];
        }),
      );
    }
    for (const key of ['command', 'entryPoint'] as const) {
      if (obj[key] !== undefined) props[key] = array(at(`${p}.${key}`), obj[key]).map((v, j) => string(at(`${p}.${key}[${j}]`), v, true)!);
    }
    return props;
  });
}

function port(at: (field: string) => string, p: string, raw: unknown): PortMappingProps {
  const obj = object(at(p), raw);
  unknownKeys(at(p), obj, PORT_KEYS);
  const containerPort = integer(at(`${p}.containerPort`), obj['containerPort'], 1, 65535, true)!;
  const hostPort = integer(at(`${p}.hostPort`), obj['hostPort'], 1, 65535);
  if (hostPort !== undefined && hostPort !== containerPort) {
    throw new InputError(at(`${p}.hostPort`), hostPort, `must equal containerPort (${containerPort}) in awsvpc network mode`);
  }
  const mapping: PortMappingProps = { containerPort, ...(hostPort !== undefined ? { hostPort } : {}) };
  const protocol = string(at(`${p}.protocol`), obj['protocol']);
  if (protocol !== undefined) {
    if (protocol !== 'tcp' && protocol !== 'udp') throw new InputError(at(`${p}.protocol`), protocol, 'is not one of the allowed values (tcp, udp)');
    mapping.protocol = protocol;
  }
  const name = string(at(`${p}.name`), obj['name']);
  if (name !== undefined) mapping.name = name;
  const appProtocol = string(at(`${p}.appProtocol`), obj['appProtocol']);
  if (appProtocol !== undefined) {
    if (appProtocol !== 'http' && appProtocol !== 'http2' && appProtocol !== 'grpc') {
      throw new InputError(at(`${p}.appProtocol`), appProtocol, 'is not one of the allowed values (http, http2, grpc)');
    }
    mapping.appProtocol = appProtocol;
  }
  return mapping;
}

function object(path: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(path, value, 'is not an object');
  return value as Record<string, unknown>;
}

function array(path: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new InputError(path, value, 'is not an array');
  return value;
}

function string(path: string, value: unknown, required = false): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !value) throw new InputError(path, value, 'is not a non-empty string');
  return value;
}

function integer(path: string, value: unknown, min: number, max: number, required = false): number | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(path, value, `is not an integer from ${min} to ${max}`);
  }
  return value;
}

function unknownKeys(path: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(obj).find((key) => !allowed.includes(key));
  if (extra !== undefined) throw new InputError(`${path}.${extra}`, obj[extra], `is not a supported field (${allowed.join(', ')})`);
}
