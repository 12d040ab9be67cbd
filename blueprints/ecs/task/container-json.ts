/**
 * Container definitions kept in a JSON file (seed 004: `task-definitions/<env>.json`), in ECS's own
 * format: the `containerDefinitions` array of RegisterTaskDefinition in camelCase, as `aws ecs
 * describe-task-definition` prints it. Every field of that shape is known (the generated table,
 * container-fields.ts): an unknown field is named with the closest known one, a field Fargate cannot
 * run (or that the blueprint owns, like logConfiguration) with the reason, and values are checked by
 * the container schema. `environment` and `secrets` lists become the blueprint's maps: a name given
 * twice is an error, and a secret's `valueFrom` must be a full ARN so the execution role can be scoped
 * to it. Errors name the file, the container and the field:
 * `task-definitions/prod.json: [0].portMappings[0].containerPort: "80x" is not an integer from 1 to 65535`.
 */
import { readFileSync } from 'node:fs';
import { InputError, s } from '../../../dsl/index.js';
import { ContainerInput, SECRET_ARN, SSM_PARAMETER_ARN, environmentName, type ContainerProps, type SecretSource } from './container.js';
import { checkContainer } from './container-definition.js';
import { checkFieldNames } from './container-shape.js';

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
  if (!Array.isArray(data)) throw new InputError(`${source}: (top level)`, typeof data, 'is not an array of container definitions');
  // A task holds 1 to 10 containers (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
  if (data.length < 1 || data.length > 10) throw new InputError(`${source}: (top level)`, `${data.length} container definitions`, 'is outside the allowed range (1 to 10)');
  const firstByName = new Map<unknown, number>();
  return data.map((item: unknown, i) => {
    const at = `${source}: [${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(at, item, 'is not an object (a container definition)');
    const fields = checkFieldNames(item, at) as Record<string, unknown>;
    const first = firstByName.get(fields['name']);
    if (first !== undefined) throw new InputError(`${at}.name`, fields['name'], `is a duplicate container name (already used at [${first}].name)`);
    firstByName.set(fields['name'], i);
    const container: Record<string, unknown> = { ...fields };
    if (fields['environment'] !== undefined) container['environment'] = environmentMap(fields['environment'], `${at}.environment`);
    if (fields['secrets'] !== undefined) container['secrets'] = secretMap(fields['secrets'], `${at}.secrets`);
    checkContainer(at, s.parse(ContainerInput, container, at));
    return container as ContainerProps;
  });
}

/** `[{ name, value }]` -> `{ name: value }`, each name once. */
function environmentMap(list: unknown, at: string): Record<string, string> {
  return Object.fromEntries(
    namedEntries(list, at, 'environment variable').map(({ name, entry, here }) => {
      const value = entry['value'];
      if (typeof value !== 'string') throw new InputError(`${here}.value`, value, 'is not a string (the variable\'s value)');
      return [name, value];
    }),
  );
}

const SECRETS_MANAGER_VALUE_FROM = new RegExp(`^(${SECRET_ARN.source.slice(1, -1)})(?::([^:]*):([^:]*):([^:]*))?$`);

/**
 * `[{ name, valueFrom }]` -> `{ name: source }`: an SSM parameter ARN, or a Secrets Manager secret
 * ARN with an optional `:json-key:version-stage:version-id` suffix
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 */
function secretMap(list: unknown, at: string): Record<string, SecretSource> {
  return Object.fromEntries(
    namedEntries(list, at, 'secret').map(({ name, entry, here }) => {
      const valueFrom = entry['valueFrom'];
      if (typeof valueFrom === 'string' && SSM_PARAMETER_ARN.test(valueFrom)) return [name, { ssmParameterArn: valueFrom }];
      const secret = typeof valueFrom === 'string' ? SECRETS_MANAGER_VALUE_FROM.exec(valueFrom) : null;
      if (!secret) {
        throw new InputError(
          `${here}.valueFrom`,
          valueFrom,
          'is not an SSM parameter ARN or a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[:json-key:version-stage:version-id]): give the full ARN, so that the execution role may read exactly it',
        );
      }
      const [, secretArn, jsonKey, versionStage, versionId] = secret;
      const source: SecretSource = { secretArn: secretArn! };
      if (jsonKey) source.jsonKey = jsonKey;
      if (versionStage) source.versionStage = versionStage;
      if (versionId) source.versionId = versionId;
      return [name, source];
    }),
  );
}

/** The entries of a `[{ name, ... }]` list with checked, distinct names. */
function namedEntries(list: unknown, at: string, what: string): { name: string; entry: Record<string, unknown>; here: string }[] {
  if (!Array.isArray(list)) throw new InputError(at, list, `is not a list of ${what}s ([{ "name": ... }])`);
  const firstByName = new Map<string, string>();
  return list.map((entry: unknown, j) => {
    const here = `${at}[${j}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new InputError(here, entry, `is not an object (a ${what})`);
    const fields = entry as Record<string, unknown>;
    const name = s.parse(environmentName(), fields['name'], `${here}.name`);
    const first = firstByName.get(name);
    if (first) throw new InputError(`${here}.name`, name, `is a duplicate ${what} name (already set at ${first})`);
    firstByName.set(name, here.slice(here.lastIndexOf(': ') + 2));
    return { name, entry: fields, here };
  });
}
