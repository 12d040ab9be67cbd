/**
 * The least-privilege IAM policy that deploying, updating and deleting a set of templates needs, derived from
 * the CloudFormation registry (the actions each resource type's create, read, update and delete handlers call)
 * and the Service Authorization Reference (which of those actions take a resource ARN, and its format), through
 * the committed table of dsl/spec/registry.json. Pure CloudFormation/IAM knowledge: the caller says which
 * resource types, roles and published templates are involved (templates-footprint.ts reads them from templates).
 *
 * How each action is scoped:
 * - no resource type in the reference: `*` (IAM authorises it against nothing else);
 * - IAM: roles, instance profiles, policies, users and groups whose names start with the stack name (the names
 *   CloudFormation generates: `<stack>-<logical id>-<random>`; nested stacks are `<stack>-<logical id>-<random>`
 *   too), under the IAM paths the templates use; service-linked roles under `role/aws-service-role/`;
 * - S3 buckets: those whose (lower-case, generated) names start with the stack name;
 * - CloudFormation stacks: those whose names start with the stack name; other CloudFormation resources by kind;
 * - everything else: the ARN of any resource of that service in this account and region
 *   (`arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:*`, region and account left empty where
 *   the ARN format has none, e.g. Route 53 hosted zones).
 * `iam:PassRole` is granted on the roles the caller names only, `s3:GetObject` on the published templates only.
 * https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html (handlers.permissions)
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html (generated names)
 */
import { PseudoToken, SubToken, type Token } from './tokens.js';
import type { CfnValue } from './intrinsics.js';
import { actionScope, DEPLOY_OPERATIONS, handlerPermissions, hasHandlerPermissions, hasRegistryType } from './spec/registry-lookup.js';

/** What the deployment involves. Resource ARNs may hold `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`. */
export interface DeploymentFootprint {
  /** CloudFormation resource types the templates declare (nested stacks: `AWS::CloudFormation::Stack`). */
  resourceTypes: readonly string[];
  /** ARNs (or ARN patterns) of the IAM roles the templates hand to services. */
  passedRoles: readonly string[];
  /** ARN patterns of the published templates CloudFormation reads (nested stacks' `TemplateURL`s). */
  templateObjects: readonly string[];
  /** IAM paths the templates create roles, instance profiles and policies under. Default `['/']`. */
  iamPaths?: readonly string[];
}

export interface DeploymentScope {
  /**
   * What the stacks' names, and the names CloudFormation generates after them, start with: the stack name
   * (`my-app-prod`) or a prefix every stack name has (`SC-` for Service Catalog).
   */
  stackNamePrefix: string;
}

export interface DerivedStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  /** ARNs with `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}` placeholders (Fn::Sub syntax), or `*`. */
  Resource: string[];
}

export interface DerivedPermissions {
  statements: DerivedStatement[];
  /** Handler actions left out because the Service Authorization Reference does not know them (no IAM action). */
  unknownActions: string[];
}

const PARTITION = '${AWS::Partition}';
const REGION = '${AWS::Region}';
const ACCOUNT = '${AWS::AccountId}';

/** Resource types the permissions cannot be derived for, with why; empty when all can. */
export function uncoveredResourceTypes(types: readonly string[]): { type: string; problem: string }[] {
  return [...new Set(types)].sort().flatMap((type) => {
    if (!hasRegistryType(type)) return [{ type, problem: 'is not in the registry table (dsl/spec/registry.json); add it to WATCHLIST in scripts/generate-registry.ts and regenerate' }];
    if (!hasHandlerPermissions(type)) return [{ type, problem: 'has no handler permissions in its CloudFormation registry schema' }];
    return [];
  });
}

/** The statements, one per service and resource scope, sorted by Sid; throws when a type is not covered. */
export function derivePermissions(footprint: DeploymentFootprint, scope: DeploymentScope): DerivedPermissions {
  const uncovered = uncoveredResourceTypes(footprint.resourceTypes);
  if (uncovered.length) throw new Error(`cannot derive permissions: ${uncovered.map((u) => `${u.type} ${u.problem}`).join('; ')}`);
  checkPrefix(scope.stackNamePrefix);
  const iamPaths = [...new Set(footprint.iamPaths?.length ? footprint.iamPaths : ['/'])].sort();

  const actions = new Set<string>();
  for (const type of footprint.resourceTypes) for (const action of handlerPermissions(type, DEPLOY_OPERATIONS)) actions.add(action);
  // Passing a role is granted on the roles the templates pass, not on whatever the handlers could pass.
  actions.delete('iam:PassRole');

  // A wildcard some of whose matches take no resource: those matches by name on `*`, the wildcard on the rest.
  for (const action of [...actions]) for (const match of actionScope(action).unscopedMatches) actions.add(match);

  const unknownActions: string[] = [];
  const groups = new Map<string, { namespace: string; resources: string[]; actions: string[] }>();
  for (const action of [...actions].sort()) {
    const resources = resourcesFor(action, scope.stackNamePrefix, iamPaths);
    if (!resources) {
      unknownActions.push(action);
      continue;
    }
    const namespace = action.slice(0, action.indexOf(':'));
    const key = `${namespace} ${resources.join(' ')}`;
    const group = groups.get(key) ?? { namespace, resources, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }

  // Actions scoped to "any resource of the service" (in this account and region, or where the ARN format has
  // no account or region) share one statement per service: a pattern can only match ARNs of the resource types
  // IAM evaluates the action against, so the union grants nothing an action's own patterns do not.
  const merged = new Map<string, { namespace: string; resources: Set<string>; actions: string[] }>();
  for (const g of groups.values()) {
    const shape = g.resources.length === 1 && g.resources[0] === '*' ? '*' : g.resources.every(isServiceWide) ? 'service' : g.resources.join(' ');
    const key = `${g.namespace} ${shape}`;
    const m = merged.get(key) ?? { namespace: g.namespace, resources: new Set<string>(), actions: [] };
    for (const r of g.resources) m.resources.add(r);
    m.actions.push(...g.actions);
    merged.set(key, m);
  }
  const statements: DerivedStatement[] = [];
  const sids = new Set<string>();
  for (const m of [...merged.values()].sort((a, b) => compare(a.namespace, b.namespace))) {
    const resources = [...m.resources].sort();
    const base = pascal(m.namespace) + (resources[0] === '*' ? 'AnyResource' : resources.map(kindWord).filter((w, i, all) => w && all.indexOf(w) === i).join(''));
    let sid = base;
    for (let n = 2; sids.has(sid); n++) sid = `${base}Group${n}`;
    sids.add(sid);
    statements.push({ Sid: sid, Effect: 'Allow', Action: m.actions.sort(), Resource: resources });
  }
  const passedRoles = [...new Set(footprint.passedRoles)].sort();
  if (passedRoles.length) statements.push({ Sid: 'PassRolesToServices', Effect: 'Allow', Action: ['iam:PassRole'], Resource: passedRoles });
  const templates = [...new Set(footprint.templateObjects)].sort();
  if (templates.length) statements.push({ Sid: 'ReadPublishedTemplates', Effect: 'Allow', Action: ['s3:GetObject'], Resource: templates });
  statements.sort((a, b) => compare(a.Sid, b.Sid));
  return { statements, unknownActions };
}

/** The ARN's fields, placeholders (which hold `::`) taken as one word. */
function arnFields(resource: string): string[] {
  return resource.replace(/\$\{AWS::(\w+)\}/g, '{$1}').split(':');
}

/** `arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*` and its region- or account-less forms. */
function isServiceWide(resource: string): boolean {
  const fields = arnFields(resource);
  return fields.length === 6 && fields[5] === '*';
}

/** A word for the kind of resources a narrowed pattern grants (`role/my-app*` -> `Roles`), for Sids. */
function kindWord(resource: string): string {
  if (isServiceWide(resource)) return '';
  const fields = arnFields(resource);
  const rest = fields.slice(5).join(':');
  if (rest.startsWith('role/aws-service-role/')) return 'ServiceLinkedRoles';
  const kind = /^([a-z-]+)\//.exec(rest)?.[1];
  if (!kind) return fields[2] === 's3' ? 'Buckets' : '';
  return `${pascal(kind)}s`;
}

/** Names CloudFormation generates start with the stack name; a prefix with IAM or ARN syntax would widen the grant. */
function checkPrefix(prefix: string): void {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(prefix)) throw new Error(`stack name prefix ${JSON.stringify(prefix)} is not the start of a stack name (a letter, then letters, digits or hyphens)`);
}

/** The resources an action is granted on, or undefined when the reference does not know it. */
function resourcesFor(action: string, prefix: string, iamPaths: readonly string[]): string[] | undefined {
  const scope = actionScope(action);
  if (!scope.known) return undefined;
  if (scope.needsStar) return ['*'];
  const resources = new Set<string>();
  for (const format of scope.arnFormats) for (const r of narrow(action, format, prefix, iamPaths)) resources.add(r);
  return [...resources].sort();
}

/** The pattern an ARN format is granted as (see the module comment). */
function narrow(action: string, format: string, prefix: string, iamPaths: readonly string[]): string[] {
  const match = /^arn:\$\{Partition\}:([a-z0-9-]+):([^:]*):([^:]*):(.*)$/.exec(format);
  if (!match) throw new Error(`${action}: unexpected ARN format ${format}`);
  const [, service = '', regionField = '', accountField = '', resource = ''] = match;
  const region = regionField === '${Region}' ? REGION : regionField;
  const account = accountField === '${Account}' ? ACCOUNT : accountField;
  const arn = (rest: string) => `arn:${PARTITION}:${service}:${region}:${account}:${rest}`;
  const kind = resource.slice(0, resource.indexOf('${') < 0 ? resource.length : resource.indexOf('${'));
  if (service === 'iam') {
    if (kind === 'role/' && /ServiceLinkedRole/.test(action)) return [arn('role/aws-service-role/*')];
    if (['role/', 'instance-profile/', 'policy/', 'user/', 'group/'].includes(kind)) return iamPaths.map((path) => arn(`${kind}${path.slice(1)}${prefix}*`));
    return [arn(`${kind}*`)];
  }
  if (service === 's3' && !region && !account) return [arn(`${prefix.toLowerCase()}*`)];
  if (service === 'cloudformation') return [arn(kind === 'stack/' ? `stack/${prefix}*` : `${kind}*`)];
  return [arn('*')];
}

// ---------------------------------------------------------------------------------------------------------------
// Policies within IAM's size quotas
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html

/** Managed policy size, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;
/** Managed policies attached to one role (the default quota; raising it is a quota request). */
export const MANAGED_POLICIES_PER_ROLE = 10;

/** The longest values the placeholders take (`aws-us-gov`, a 14-letter region name, 12 digits), with room. */
const WORST_CASE: Record<string, string> = { [PARTITION]: 'aws-us-gov', [REGION]: 'xx-xxxxxxxxx-16', [ACCOUNT]: '123456789012' };

export interface PolicyDocumentJson {
  Version: '2012-10-17';
  Statement: DerivedStatement[];
}

/** Characters IAM counts for a document once CloudFormation has substituted the placeholders (worst case). */
export function policySize(statements: readonly DerivedStatement[]): number {
  const json = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  return Object.entries(WORST_CASE).reduce((text, [placeholder, value]) => text.split(placeholder).join(value), json).length;
}

/**
 * Statements packed, in order, into as few documents as keep each within `maxChars`; a statement too large for
 * one document is cut by actions (its parts keep the Sid with `Part2`, `Part3`...). Throws past `maxPolicies`.
 */
export function splitIntoPolicies(statements: readonly DerivedStatement[], maxChars = MANAGED_POLICY_MAX_CHARS, maxPolicies = MANAGED_POLICIES_PER_ROLE): PolicyDocumentJson[] {
  const fits = (list: readonly DerivedStatement[]) => policySize(list) <= maxChars;
  const pieces: DerivedStatement[] = [];
  for (const s of statements) {
    if (fits([s])) {
      pieces.push(s);
      continue;
    }
    let part = 1;
    let current: string[] = [];
    const flush = () => {
      pieces.push({ ...s, Sid: part === 1 ? s.Sid : `${s.Sid}Part${part}`, Action: current });
      part++;
      current = [];
    };
    for (const action of s.Action) {
      if (current.length && !fits([{ ...s, Action: [...current, action] }])) flush();
      current.push(action);
      if (!fits([{ ...s, Action: current }])) throw new Error(`statement ${s.Sid}: its resources alone exceed ${maxChars} characters`);
    }
    if (current.length) flush();
  }
  const documents: DerivedStatement[][] = [];
  for (const piece of pieces) {
    const last = documents.at(-1);
    if (last && fits([...last, piece])) last.push(piece);
    else documents.push([piece]);
  }
  if (documents.length > maxPolicies) throw new Error(`the permissions need ${documents.length} managed policies of ${maxChars} characters; a role takes ${maxPolicies}`);
  return documents.map((Statement) => ({ Version: '2012-10-17', Statement }));
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/** A resource as a CloudFormation value: `Fn::Sub` (through the DSL) when it holds placeholders. */
export function resourceValue(resource: string): CfnValue {
  const parts: (string | Token)[] = [];
  for (const piece of resource.split(/(\$\{AWS::(?:Partition|Region|AccountId)\})/)) {
    if (!piece) continue;
    const pseudo = /^\$\{(AWS::[A-Za-z]+)\}$/.exec(piece)?.[1];
    parts.push(pseudo ? new PseudoToken(pseudo) : piece);
  }
  return parts.some((p) => typeof p !== 'string') ? new SubToken(parts).asValue() : resource;
}

/** A resource with its placeholders replaced, for a policy created outside CloudFormation. */
export function resolveResource(resource: string, values: { partition: string; region: string; accountId: string }): string {
  return resource.split(PARTITION).join(values.partition).split(REGION).join(values.region).split(ACCOUNT).join(values.accountId);
}

/** `aws` partition of a region name (`cn-north-1` -> `aws-cn`). https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

function pascal(namespace: string): string {
  return namespace.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
