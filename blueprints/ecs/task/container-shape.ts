/**
 * Container definitions in ECS's API shape (camelCase) and CloudFormation's, through the generated
 * field table (container-fields.ts): renaming for the renderer, and the field check a
 * container-definitions file gets (a field ECS does not know, or one Fargate cannot run, named
 * with its place). Nothing here names a field by hand except the reasons Fargate refuses some.
 */
import { InputError, isToken, s } from '../../../dsl/index.js';
import { CONTAINER_DEFINITION_FIELDS, type FieldShape, type ValueShape } from './container-fields.js';

type Json = unknown;
type Fields = Readonly<Record<string, FieldShape>>;

/** A container definition in API shape -> CloudFormation's property names (map keys and values kept). */
export function toCloudFormation(definition: Record<string, unknown>): Record<string, unknown> {
  return convertFields(definition, CONTAINER_DEFINITION_FIELDS, 'containerDefinition');
}

function convertFields(value: Record<string, unknown>, fields: Fields, at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const field = fields[key];
    // A programming error (the renderer wrote a field the API does not have), not an input error.
    if (!field) throw new Error(`${at}.${key} is not a field of an ECS container definition (container-fields.ts)`);
    out[field.cfn] = convertValue(item, field, `${at}.${key}`);
  }
  return out;
}

function convertValue(value: unknown, shape: ValueShape, at: string): unknown {
  if (isToken(value)) return value;
  switch (shape.type) {
    case 'object':
      return convertFields(value as Record<string, unknown>, shape.fields!, at);
    case 'list':
      return (value as unknown[]).map((item, i) => convertValue(item, shape.of!, `${at}[${i}]`));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, convertValue(item, shape.of!, `${at}.${key}`)]));
    default:
      return value;
  }
}

const FARGATE_PARAMETERS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html';
const notOnFargate = `is not valid in Fargate tasks (${FARGATE_PARAMETERS})`;

/**
 * Fields of the API that this blueprint does not take, with the reason, by dotted path (list
 * indices left out). A value that asks for nothing (false, an empty list or object) is let through.
 */
export const REFUSED_FIELDS: Readonly<Record<string, string>> = {
  links: 'is not supported in the awsvpc network mode Fargate uses: containers of a task reach each other on localhost',
  hostname: 'is not supported in the awsvpc network mode Fargate uses (RegisterTaskDefinition: hostname)',
  disableNetworking: notOnFargate,
  dnsServers: notOnFargate,
  dnsSearchDomains: notOnFargate,
  extraHosts: notOnFargate,
  dockerSecurityOptions: notOnFargate,
  privileged: notOnFargate,
  resourceRequirements: `${notOnFargate}: Fargate has no GPUs or inference accelerators`,
  'linuxParameters.devices': notOnFargate,
  'linuxParameters.sharedMemorySize': notOnFargate,
  'linuxParameters.tmpfs': notOnFargate,
  'linuxParameters.maxSwap': notOnFargate,
  'linuxParameters.swappiness': notOnFargate,
  credentialSpecs:
    'is not taken by this blueprint: an Active Directory credential spec needs read permissions (its S3 object or SSM parameter, the domain secret) the blueprint does not derive',
  logConfiguration:
    "is the blueprint's: the task's `logging` input decides where containers log (by default a log group of the stack, KMS-encrypted, with a retention); remove it from the file",
  'portMappings.containerPortRange': 'is not taken by this blueprint: a port range cannot be named, load-balanced or reached through Service Connect; list the ports one by one',
};

/** `false`, `[]` or `{}` where the field is a boolean, a list or an object: what describe-task-definition prints for "unset". */
function asksForNothing(value: Json, shape: ValueShape): boolean {
  if (shape.type === 'boolean') return value === false;
  if (shape.type === 'list') return Array.isArray(value) && value.length === 0;
  if (shape.type === 'object' || shape.type === 'map') return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
  return false;
}

/**
 * Checks the field names of one container definition from a file against the API's: the first
 * field that ECS does not know (with the closest known name), or that this blueprint refuses
 * (with the reason), fails at `at.<field>`. Returns the definition without the refused fields that
 * ask for nothing. Values are the schema's business (container.ts).
 */
export function checkFieldNames(value: Json, at: string): Json {
  return walk(value, { type: 'object', fields: CONTAINER_DEFINITION_FIELDS }, at, '');
}

function walk(value: Json, shape: ValueShape, at: string, dotted: string): Json {
  if (value === null || typeof value !== 'object') return value;
  if (shape.type === 'list' && Array.isArray(value)) return value.map((item, i) => walk(item, shape.of!, `${at}[${i}]`, dotted));
  if (shape.type !== 'object' || Array.isArray(value)) return value;
  const fields = shape.fields!;
  const kept: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    const path = dotted ? `${dotted}.${key}` : key;
    const field = fields[key];
    if (!field) {
      const suggestion = s.closestKey(key, Object.keys(fields));
      throw new InputError(`${at}.${key}`, item, `is not a field of an ECS container definition${suggestion ? ` (did you mean ${suggestion}?)` : ''}; known: ${Object.keys(fields).join(', ')}`);
    }
    const refused = REFUSED_FIELDS[path];
    if (refused) {
      if (!asksForNothing(item, field)) throw new InputError(`${at}.${key}`, item, refused);
      continue;
    }
    kept[key] = walk(item, field, `${at}.${key}`, path);
  }
  return kept;
}
