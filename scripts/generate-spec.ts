/**
 * Generator for the committed type/spec tables under dsl/spec/.
 *
 *   dsl/spec/resource-types.ts  ResourcePropsMap: CloudFormation type name -> cloudform-types Properties interface
 *   dsl/spec/attributes.ts      ResourceAttributes (a type) / ATTRIBUTES / LIST_ATTRIBUTES (a compact string table,
 *                               read by dsl/spec/attribute-table.ts): Fn::GetAtt names per resource type
 *
 * The outputs are committed; this script is NOT part of the build or the tests.
 * (dsl/spec/patches.ts is hand-written and is never touched by this script.)
 *
 * How to rerun (from the repository root):
 *
 *   npx tsx scripts/generate-spec.ts            regenerate both files
 *   npx tsx scripts/generate-spec.ts --check    exit 1 if the committed files differ from what would be generated
 *   npx tsx scripts/generate-spec.ts --drift    also print where cloudform-types lags the current spec for the
 *                                               resource types this project uses (input for dsl/spec/patches.ts)
 *   ... --db /path/to/db.json.gz               use that spec database instead of locating/installing one
 *
 * Sources of truth:
 *   - cloudform-types (node_modules, version pinned in package.json): resource classes (`super('AWS::X::Y', ...)` in
 *     types/<service>/<resource>.js) and their `extends ResourceBase<XProperties>` interface (the .d.ts next to it).
 *   - The CloudFormation spec as compiled by the AWS CDK team: db.json.gz of the npm package
 *     `@aws-cdk/aws-service-spec` (merges the CloudFormation registry schemas with the legacy resource
 *     specification's GetAtt attributes; refreshed weekly). Version pinned in SPEC_VERSION below; bump it to
 *     refresh the attribute table. Located, in order, from: --db <path>, $AWS_SERVICE_SPEC_DB, a copy resolvable from
 *     this repository's node_modules, a previous download in $TMPDIR, or else installed on the fly with
 *       npm install --no-save --no-package-lock --prefix $TMPDIR/fargate-cfn-aws-service-spec-<SPEC_VERSION> \
 *         @aws-cdk/aws-service-spec@<SPEC_VERSION>
 *     (needs the npm registry; never touches this repository's package.json or node_modules).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const SPEC_PACKAGE = '@aws-cdk/aws-service-spec';
const SPEC_VERSION = '0.1.216';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_RESOURCE_TYPES = join(ROOT, 'dsl/spec/resource-types.ts');
const OUT_ATTRIBUTES = join(ROOT, 'dsl/spec/attributes.ts');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/** Resource types this project uses; `--drift` compares them (nested) against the spec. `*` = whole namespace. */
const DRIFT_WATCHLIST = [
  'AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::ECS::Cluster', 'AWS::ECS::CapacityProvider',
  'AWS::ECS::ClusterCapacityProviderAssociations', 'AWS::ECS::TaskSet',
  'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::FlowLog', 'AWS::EC2::NatGateway',
  'AWS::EC2::EIP', 'AWS::EC2::LaunchTemplate', 'AWS::Logs::LogGroup', 'AWS::KMS::Key',
  'AWS::ECR::PullThroughCacheRule', 'AWS::IAM::Role', 'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::CloudWatch::Alarm', 'AWS::SNS::Topic',
  'AWS::ServiceDiscovery::HttpNamespace', 'AWS::ServiceDiscovery::PrivateDnsNamespace',
  'AWS::CodeDeploy::DeploymentGroup', 'AWS::S3::Bucket', 'AWS::ServiceCatalog::*',
  'AWS::AutoScaling::AutoScalingGroup',
];

// ---------------------------------------------------------------------------------------------------------------
// Spec database (@aws-cdk/aws-service-spec db.json.gz): only the fields we read are typed.

interface SpecType {
  type: string; // string | integer | number | boolean | json | date-time | tag | array | map | ref | union | null
  element?: SpecType;
  types?: SpecType[];
  reference?: { $ref: string };
}
interface SpecProperty { type: SpecType; required?: boolean }
interface SpecResource {
  $id: string;
  cloudFormationType: string;
  attributes?: Record<string, SpecProperty>;
  properties?: Record<string, SpecProperty>;
}
interface SpecTypeDefinition { $id: string; name: string; properties?: Record<string, SpecProperty> }
interface SpecDb {
  schema: {
    resource: { entities: SpecResource[] };
    typeDefinition: { entities: SpecTypeDefinition[] };
  };
}

function locateSpecDb(argv: string[]): { path: string; label: string } {
  const flag = argv.indexOf('--db');
  const explicit = flag >= 0 ? argv[flag + 1] : process.env['AWS_SERVICE_SPEC_DB'];
  if (explicit) return { path: resolve(explicit), label: relative(ROOT, resolve(explicit)) };

  const fromPackageDir = (dir: string): { path: string; label: string } | undefined => {
    const pkgJson = join(dir, 'package.json');
    const db = join(dir, 'db.json.gz');
    if (!existsSync(pkgJson) || !existsSync(db)) return undefined;
    const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
    return { path: db, label: `${SPEC_PACKAGE}@${version}` };
  };
  try {
    const found = fromPackageDir(dirname(requireFromRoot.resolve(`${SPEC_PACKAGE}/package.json`)));
    if (found) return found;
  } catch {
    // not installed in this repository: fall through
  }
  const prefix = join(tmpdir(), `fargate-cfn-aws-service-spec-${SPEC_VERSION}`);
  const pkgDir = join(prefix, 'node_modules', ...SPEC_PACKAGE.split('/'));
  const cached = fromPackageDir(pkgDir);
  if (cached) return cached;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  console.error(`installing ${SPEC_PACKAGE}@${SPEC_VERSION} into ${prefix} ...`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix,
    `${SPEC_PACKAGE}@${SPEC_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = fromPackageDir(pkgDir);
  if (!installed) throw new Error(`could not install ${SPEC_PACKAGE}@${SPEC_VERSION}`);
  return installed;
}

function loadSpecDb(path: string): SpecDb {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as SpecDb;
}

// ---------------------------------------------------------------------------------------------------------------
// cloudform-types scan

interface CfResource { type: string; propsInterface: string; module: string }

function cloudformTypesVersion(): string {
  const pkg = requireFromRoot.resolve('cloudform-types/package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

function scanCloudformTypes(): { resources: CfResource[]; skipped: string[] } {
  const typesDir = join(dirname(requireFromRoot.resolve('cloudform-types/package.json')), 'types');
  const resources: CfResource[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const service of readdirSync(typesDir, { withFileTypes: true })) {
    if (!service.isDirectory()) continue;
    for (const file of readdirSync(join(typesDir, service.name)).sort()) {
      if (!file.endsWith('.js') || file.startsWith('index')) continue;
      const js = readFileSync(join(typesDir, service.name, file), 'utf8');
      const typeMatch = /super\('([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)'/.exec(js);
      if (!typeMatch?.[1]) continue;
      const type = typeMatch[1];
      const dtsPath = join(typesDir, service.name, file.replace(/\.js$/, '.d.ts'));
      const dts = existsSync(dtsPath) ? readFileSync(dtsPath, 'utf8') : '';
      const propsMatch = /class \w+ extends ResourceBase<(\w+)>/.exec(dts);
      const propsInterface = propsMatch?.[1];
      if (!propsInterface || !new RegExp(`export (interface|declare class) ${propsInterface}\\b`).test(dts)) {
        skipped.push(type);
        continue;
      }
      if (seen.has(type)) {
        skipped.push(`${type} (duplicate in ${service.name}/${file})`);
        continue;
      }
      seen.add(type);
      resources.push({ type, propsInterface, module: `cloudform-types/types/${service.name}/${file}` });
    }
  }
  resources.sort((a, b) => compare(a.type, b.type));
  return { resources, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// Generated files

const HEADER = (sources: string[]) =>
  [
    '// GENERATED by scripts/generate-spec.ts -- do not edit by hand; rerun `npx tsx scripts/generate-spec.ts`.',
    ...sources.map((s) => `// Source: ${s}`),
    '/* eslint-disable */',
    '',
  ].join('\n');

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function quote(s: string): string {
  if (!/^[A-Za-z0-9:._\-/]+$/.test(s)) throw new Error(`unexpected characters in ${JSON.stringify(s)}`);
  return `'${s}'`;
}

function renderResourceTypes(cf: CfResource[], cfVersion: string): string {
  const byName = new Map<string, number>();
  for (const r of cf) byName.set(r.propsInterface, (byName.get(r.propsInterface) ?? 0) + 1);
  const local = new Map<CfResource, string>();
  const used = new Set<string>();
  for (const r of cf) {
    const [, svc = '', res = ''] = r.type.split('::');
    let name = (byName.get(r.propsInterface) ?? 0) > 1 ? `${svc}_${r.propsInterface}` : r.propsInterface;
    if (used.has(name)) name = `${svc}_${res}_${r.propsInterface}`;
    if (used.has(name)) throw new Error(`cannot find a unique local name for ${r.type}`);
    used.add(name);
    local.set(r, name);
  }
  const imports = [...cf]
    .sort((a, b) => compare(a.module, b.module))
    .map((r) => {
      const name = local.get(r) ?? r.propsInterface;
      const spec = name === r.propsInterface ? name : `${r.propsInterface} as ${name}`;
      return `import type { ${spec} } from '${r.module}';`;
    });
  const entries = cf.map((r) => `  ${quote(r.type)}: ${local.get(r) ?? r.propsInterface};`);
  return [
    HEADER([`cloudform-types@${cfVersion} (type-only imports: nothing from cloudform-types is loaded at runtime)`]),
    ...imports,
    '',
    `/** CloudFormation resource type -> cloudform-types@${cfVersion} Properties interface (${cf.length} types). */`,
    'export interface ResourcePropsMap {',
    ...entries,
    '}',
    '',
  ].join('\n');
}

const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean', 'json', 'date-time']);

interface AttributeTable { type: string; attrs: string[]; lists: string[] }

/**
 * Fn::GetAtt names from the spec. Kept: attributes of a primitive type or a list of primitives (names with dots,
 * e.g. `Endpoint.Address`, verbatim). An object-typed attribute is replaced by its primitive members
 * (`SourceSecurityGroup` -> `SourceSecurityGroup.GroupName`, ...). Dropped: lists/maps of objects (GetAtt cannot index
 * into them; e.g. `AWS::CloudFormation::Stack` `Outputs`, whose members are reached dynamically as `Outputs.<Name>`).
 * SAM transform types (`AWS::Serverless::*`) are not CloudFormation resource types and are left out.
 */
function buildAttributes(db: SpecDb): AttributeTable[] {
  const typeDefs = new Map(db.schema.typeDefinition.entities.map((t) => [t.$id, t]));
  const isList = (t: SpecType) => t.type === 'array' && !!t.element && PRIMITIVES.has(t.element.type);
  const out: AttributeTable[] = [];
  const seen = new Set<string>();
  for (const r of db.schema.resource.entities) {
    if (r.cloudFormationType.startsWith('AWS::Serverless::') || seen.has(r.cloudFormationType)) continue;
    seen.add(r.cloudFormationType);
    const attrs = new Set<string>();
    const lists = new Set<string>();
    const add = (name: string, t: SpecType) => {
      if (PRIMITIVES.has(t.type)) attrs.add(name);
      else if (isList(t)) (attrs.add(name), lists.add(name));
    };
    for (const [name, { type }] of Object.entries(r.attributes ?? {})) {
      if (type.type === 'ref' && type.reference) {
        for (const [member, p] of Object.entries(typeDefs.get(type.reference.$ref)?.properties ?? {})) {
          add(`${name}.${member}`, p.type);
        }
      } else {
        add(name, type);
      }
    }
    out.push({ type: r.cloudFormationType, attrs: [...attrs].sort(compare), lists: [...lists].sort(compare) });
  }
  return out.sort((a, b) => compare(a.type, b.type));
}

const DYNAMIC_ATTRIBUTE_NOTES: Record<string, string> = {
  'AWS::CloudFormation::Stack': 'plus dynamic `Outputs.<OutputName>` (any output of the nested stack)',
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct': 'plus dynamic `Outputs.<OutputName>`',
};

/** Names that the table's separators (space, `:`, `,`, `*`, newline) cannot be confused with. */
function tableName(s: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(s)) throw new Error(`unexpected characters in ${JSON.stringify(s)} for the attribute table`);
  return s;
}

/**
 * Two forms of the same names: `ResourceAttributes`, an interface the type checker reads and the
 * bundle never holds, and `TABLE`, one string with a line per namespace (`AWS::ECS Cluster:Arn
 * Service:Name,ServiceArn`, list-valued attributes marked `*`) that dsl/spec/attribute-table.ts
 * parses a type at a time. As an object literal the data was a third of the build bundle.
 */
function renderAttributes(table: AttributeTable[], specLabel: string): string {
  const withAttrs = table.filter((t) => t.attrs.length > 0);
  const lines: string[] = [
    HEADER([`${specLabel} (CloudFormation registry schemas + legacy resource specification, via db.json.gz)`]),
    "import { attributeTables } from './attribute-table.js';",
    '',
    '/**',
    ` * Fn::GetAtt attribute names per resource type (${table.length} types, ${withAttrs.length} with attributes).`,
    ' * Kept: primitive and list-of-primitive attributes, dotted names verbatim (`Endpoint.Address`); object-valued',
    ' * attributes appear as their dotted members; lists of objects are left out. Types without attributes map to `never`.',
    " * `ResourceAttributes['AWS::EC2::VPC']` is the union of the GetAtt names of AWS::EC2::VPC.",
    ' * An interface so that it can be augmented (declaration merging) for types the spec does not know yet.',
    ' */',
    'export interface ResourceAttributes {',
  ];
  for (const t of table) {
    const note = DYNAMIC_ATTRIBUTE_NOTES[t.type];
    if (note) lines.push(`  // ${t.type}: ${note}`);
    lines.push(`  ${quote(t.type)}: ${t.attrs.length ? t.attrs.map(quote).join(' | ') : 'never'};`);
  }
  const namespaces = new Map<string, string[]>();
  for (const t of table) {
    const split = t.type.lastIndexOf('::');
    const namespace = t.type.slice(0, split);
    const lists = new Set(t.lists);
    const attrs = t.attrs.map((a) => tableName(a) + (lists.has(a) ? '*' : ''));
    const item = tableName(t.type.slice(split + 2)) + (attrs.length ? `:${attrs.join(',')}` : '');
    namespaces.set(namespace, [...(namespaces.get(namespace) ?? []), item]);
  }
  lines.push(
    '}',
    '',
    '/** The same names for the run-time check: a line per namespace, `<namespace> <Type>:<attr>,<list attr>*,...`. */',
    'const TABLE = `',
    ...[...namespaces].map(([namespace, items]) => `${namespace} ${items.join(' ')}`),
    '`;',
    '',
    'const tables = attributeTables(TABLE);',
    '',
    '/** Runtime table used to validate attribute names for types outside ResourceAttributes typing (e.g. raw strings). */',
    'export const ATTRIBUTES: Readonly<Record<string, readonly string[]>> = tables.attributes;',
    '',
    '/** Attributes whose value is a list (they need Fn::Join to cross a stack boundary). Keyed by type, only types that have any. */',
    'export const LIST_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = tables.lists;',
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// --drift: nested property-name comparison cloudform-types vs spec for DRIFT_WATCHLIST (uses the TypeScript API).

async function printDrift(db: SpecDb, cf: CfResource[]): Promise<void> {
  const ts = (await import('typescript')).default;
  const typeDefs = new Map(db.schema.typeDefinition.entities.map((t) => [t.$id, t]));
  const specTypes = db.schema.resource.entities.map((r) => r.cloudFormationType);
  const watch = DRIFT_WATCHLIST.flatMap((w) =>
    w.endsWith('::*') ? specTypes.filter((t) => t.startsWith(w.slice(0, -1))) : [w]);

  const program = ts.createProgram([OUT_RESOURCE_TYPES], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true,
    skipLibCheck: true, noEmit: true, types: [],
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(OUT_RESOURCE_TYPES);
  const mapSymbol = sf && checker.getSymbolAtLocation(sf)?.exports?.get(ts.escapeLeadingUnderscores('ResourcePropsMap'));
  if (!mapSymbol) throw new Error('ResourcePropsMap not found; generate first');
  const mapType = checker.getDeclaredTypeOfSymbol(mapSymbol);

  type Shape = Map<string, Node>;
  interface Node { kind: 'leaf' | 'object' | 'map' | 'tag'; required?: boolean; children?: () => Shape }

  const cfNode = (type: import('typescript').Type): Node => {
    let parts = type.isUnion() ? type.types : [type];
    parts = parts.filter((p) => !/IntrinsicFunction$/.test(p.getSymbol()?.getName() ?? '') && !(p.flags & ts.TypeFlags.Undefined));
    const first = parts[0];
    if (!first) return { kind: 'leaf' };
    if (checker.isArrayType(first)) return cfNode(checker.getTypeArguments(first as import('typescript').TypeReference)[0] ?? first);
    if (first.flags & ts.TypeFlags.Object) {
      if (first.getStringIndexType()) return { kind: 'map' };
      return {
        kind: 'object',
        children: () => new Map(first.getProperties().map((p) => [p.getName(),
          { ...cfNode(checker.getTypeOfSymbol(p)), required: !(p.flags & ts.SymbolFlags.Optional) }])),
      };
    }
    return { kind: 'leaf' };
  };
  const specNode = (t: SpecType): Node => {
    if (t.type === 'array' && t.element) return specNode(t.element);
    if (t.type === 'map') return { kind: 'map' };
    if (t.type === 'tag') return { kind: 'tag' }; // cloudform-types' ResourceTag
    if (t.type === 'union') {
      const ref = t.types?.find((x) => x.type === 'ref' || (x.type === 'array' && x.element?.type === 'ref'));
      return ref ? specNode(ref) : { kind: 'leaf' };
    }
    if (t.type === 'ref' && t.reference) {
      const def = typeDefs.get(t.reference.$ref);
      return { kind: 'object', children: () => specShape(def?.properties ?? {}) };
    }
    return { kind: 'leaf' };
  };
  const specShape = (props: Record<string, SpecProperty>): Shape =>
    new Map(Object.entries(props).map(([k, v]) => [k, { ...specNode(v.type), required: !!v.required }]));

  const diff = (spec: Shape, have: Shape, path: string, depth: number, out: string[]) => {
    for (const [name, s] of spec) {
      const h = have.get(name);
      const p = path ? `${path}.${name}` : name;
      if (!h) {
        out.push(`  + ${p}${s.kind === 'object' ? ' {…}' : ''}${s.required ? ' (required)' : ''}`);
        continue;
      }
      if (h.required && !s.required) out.push(`  ! ${p}: required in cloudform-types, optional in spec`);
      if (s.kind === 'object' && h.kind === 'object' && depth > 0) diff(s.children!(), h.children!(), p, depth - 1, out);
      else if (s.kind !== h.kind && ![s.kind, h.kind].some((k) => k === 'map' || k === 'tag')) out.push(`  ~ ${p}: spec ${s.kind}, cloudform-types ${h.kind}`);
    }
    for (const name of have.keys()) if (!spec.has(name) && name !== 'constructor') out.push(`  - ${path ? `${path}.` : ''}${name} (not in spec)`);
  };

  for (const type of watch) {
    const res = db.schema.resource.entities.find((r) => r.cloudFormationType === type);
    const prop = mapType.getProperty(type);
    if (!res) { console.log(`${type}: not in spec`); continue; }
    if (!prop || !cf.some((r) => r.type === type)) { console.log(`${type}: MISSING from cloudform-types`); continue; }
    const have = cfNode(checker.getTypeOfSymbol(prop));
    const out: string[] = [];
    diff(specShape(res.properties ?? {}), have.children?.() ?? new Map(), '', 4, out);
    console.log(out.length ? `${type}:\n${out.join('\n')}` : `${type}: in sync`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const specDb = locateSpecDb(argv);
  const db = loadSpecDb(specDb.path);
  const cfVersion = cloudformTypesVersion();
  const { resources, skipped } = scanCloudformTypes();
  const attributes = buildAttributes(db);

  const outputs: [string, string][] = [
    [OUT_RESOURCE_TYPES, renderResourceTypes(resources, cfVersion)],
    [OUT_ATTRIBUTES, renderAttributes(attributes, specDb.label)],
  ];
  if (argv.includes('--check')) {
    const stale = outputs.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
    for (const [file] of stale) console.error(`stale: ${relative(ROOT, file)}`);
    process.exitCode = stale.length ? 1 : 0;
  } else {
    for (const [file, text] of outputs) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      console.log(`wrote ${relative(ROOT, file)} (${(text.length / 1024).toFixed(1)} KB)`);
    }
    console.log(`resource-types: ${resources.length} types from cloudform-types@${cfVersion}` +
      (skipped.length ? `; skipped (no Properties interface): ${skipped.join(', ')}` : ''));
    console.log(`attributes: ${attributes.length} types (${attributes.filter((t) => t.attrs.length).length} with attributes) from ${specDb.label}`);
  }
  if (argv.includes('--drift')) await printDrift(db, resources);
}

await main();
