/**
 * What stops a deploy or loses data:
 * - a resource replaced while its name stays the same: CloudFormation creates the replacement
 *   first, and the name is still taken ("You can't perform an update that causes a custom-named
 *   resource to be replaced", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html);
 * - a resource whose type changed under the same logical id (CloudFormation refuses to update a
 *   resource's type: "Update of resource type is not permitted");
 * - a stateful resource deleted (removed, or in a removed or moved stack) without a DeletionPolicy
 *   that keeps it, or replaced without such an UpdateReplacePolicy: the old one and what it holds
 *   are deleted. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatereplacepolicy.html
 */
import { NAME_RULES } from '../../dsl/preflight/checks/names.js';
import { canonical, deepEqual } from './json.js';
import type { Finding, Json, ResourceDefinition } from './model.js';
import type { ChangedValues } from './propagate.js';
import type { ResourceState } from './resources.js';
import { shortForm } from './short-form.js';

/** What deleting one loses. Target groups only when named: see `isStateful`. */
const STATEFUL: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'its log events',
  'AWS::KMS::Key': 'the key (scheduled for deletion): data encrypted under it becomes unreadable',
  'AWS::S3::Bucket': 'its objects (a non-empty bucket also fails the delete)',
  'AWS::ServiceDiscovery::HttpNamespace': 'the namespace and every service registered in it',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'the namespace, its hosted zone and every service registered in it',
  'AWS::ServiceDiscovery::PublicDnsNamespace': 'the namespace, its hosted zone and every service registered in it',
  'AWS::EFS::FileSystem': 'the file system and its files',
  'AWS::ECR::Repository': 'the repository and its images',
  'AWS::SecretsManager::Secret': 'the secret value',
  'AWS::DynamoDB::Table': 'the table and its items',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'the named target group: its registered targets, and the name that alarms and dashboards use',
};

const KEEPS = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

export function isStateful(resource: ResourceDefinition): boolean {
  if (resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup') return resource.Properties?.['Name'] !== undefined;
  return Object.hasOwn(STATEFUL, resource.Type);
}

/**
 * What must be unique among live resources of a type: the name property of NAME_RULES, except a
 * task definition's family (a replacement registers another revision of the same family:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html), and
 * keys that are not names: a listener rule's priority on its listener ("A listener can't have
 * multiple rules with the same priority", PriorityInUse:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html), a Cloud
 * Map service's name in its namespace (ServiceAlreadyExists:
 * https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html).
 */
const UNIQUE_KEYS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(Object.entries(NAME_RULES).filter(([type]) => type !== 'AWS::ECS::TaskDefinition').map(([type, rule]) => [type, [rule.property]])),
  'AWS::ElasticLoadBalancingV2::ListenerRule': ['ListenerArn', 'Priority'],
  'AWS::ServiceDiscovery::Service': ['NamespaceId', 'Name'],
};

/** The resource's unique key (its name, or the properties that together must be unique), if it sets every part. */
function nameOf(resource: ResourceDefinition | undefined): Json | undefined {
  const keys = resource ? UNIQUE_KEYS[resource.Type] : undefined;
  if (!keys) return undefined;
  const values = keys.map((key) => resource?.Properties?.[key]);
  if (values.some((v) => v === undefined)) return undefined;
  return keys.length === 1 ? values[0] : (Object.fromEntries(keys.map((key, i) => [key, values[i]!])) as Json);
}

/** How a message names the key: "its name X", or "its ListenerArn and Priority {…}". */
function describeKey(resource: ResourceDefinition | undefined): string {
  const keys = resource ? UNIQUE_KEYS[resource.Type] ?? [] : [];
  const key = shortForm(nameOf(resource));
  return keys.length > 1 ? `${keys.join(' and ')} ${key}` : `name ${key}`;
}

/** The name stays what it was across this update: same text, nothing in it changing. */
function nameStays(state: ResourceState, values: ChangedValues): boolean {
  const before = nameOf(state.before);
  const after = nameOf(state.after);
  if (after === undefined || !deepEqual(before, after)) return false;
  // A moved stack is a new nested stack: a name made from its stack name or id is a new name.
  if (state.moved && JSON.stringify(after).includes('AWS::Stack')) return false;
  return values.strongest(state.stack, after) === undefined;
}

/**
 * Where a name can clash: names built from values (a parameter, a pseudo parameter such as the
 * stack name) only within their stack, literal names anywhere.
 */
function nameKey(state: ResourceState, resource: ResourceDefinition | undefined): string | undefined {
  const name = nameOf(resource);
  if (name === undefined) return undefined;
  return `${typeof name === 'string' ? '' : state.stack}|${state.type}|${canonical(name)}`;
}

export function findingsOf(states: readonly ResourceState[], values: ChangedValues): Finding[] {
  const findings: Finding[] = [];
  // A resource added under a new logical id with the name of one removed: created first, so the name is still taken.
  const removedNames = new Map<string, ResourceState>();
  for (const state of states) {
    const key = state.change === 'removed' ? nameKey(state, state.before) : undefined;
    if (key) removedNames.set(key, state);
  }
  for (const state of states) {
    const key = state.change === 'added' ? nameKey(state, state.after) : undefined;
    const previous = key ? removedNames.get(key) : undefined;
    if (previous) {
      findings.push({ severity: 'error', stack: state.stack, resource: state.id, type: state.type, message: `added with the ${describeKey(state.after)} of ${previous.stack}/${previous.id}, which is removed only after it is created: it is taken (keep the logical id, or change it)` });
    }
  }
  for (const state of states) {
    const at = { stack: state.stack, resource: state.id, type: state.type };
    if (state.typeChangedTo) {
      findings.push({ severity: 'error', ...at, message: `its type changes to ${state.typeChangedTo} under the same logical id: CloudFormation refuses to change a resource's type in place (give the new resource another logical id)` });
    }
    if (state.change === 'modified' && state.effect !== 'in-place' && nameStays(state, values)) {
      const name = describeKey(state.after);
      findings.push(
        state.effect === 'replacement'
          ? { severity: 'error', ...at, message: `${state.moved ? 'recreated with its moved stack' : 'replaced'} while its ${name} stays: CloudFormation cannot create the replacement while the old resource holds it (change it, or leave it out)` }
          : { severity: 'warning', ...at, message: `may be replaced while its ${name} stays: if it is, the update fails (the old resource holds it)` },
      );
    }
    const old = state.before;
    if (!old || !isStateful(old)) continue;
    const loses = STATEFUL[old.Type]!;
    if (state.change === 'removed' || (state.moved && state.change === 'modified')) {
      if (!KEEPS.has(old.DeletionPolicy ?? 'Delete')) {
        const why = state.moved ? 'deleted with the old copy of its moved stack' : 'removed';
        findings.push({ severity: 'data-loss', ...at, message: `${why} with DeletionPolicy ${old.DeletionPolicy ?? 'Delete (the default)'}: deletes ${loses}` });
      }
    } else if (state.change === 'modified' && state.effect !== 'in-place') {
      const policy = state.after?.UpdateReplacePolicy;
      if (!KEEPS.has(policy ?? 'Delete')) {
        const what = state.effect === 'replacement' ? 'replaced' : 'may be replaced';
        findings.push({ severity: state.effect === 'replacement' ? 'data-loss' : 'warning', ...at, message: `${what} with UpdateReplacePolicy ${policy ?? 'Delete (the default)'}: the old one is deleted with ${loses}` });
      }
    }
  }
  return findings;
}
