/**
 * Generator for blueprints/ecs/task/container-fields.ts: every field of an ECS container definition as the
 * RegisterTaskDefinition API takes it (camelCase, the shape `aws ecs describe-task-definition` prints and teams
 * keep in their repositories), with the CloudFormation property name and type of each, nested fields included.
 * The task blueprint reads container-definition files and renders container definitions through this table, so
 * no field name is translated by hand.
 *
 * The output is committed; this script is NOT part of the build or the tests.
 *
 *   npx tsx scripts/generate-container-fields.ts            regenerate the table
 *   npx tsx scripts/generate-container-fields.ts --check    exit 1 if the committed table differs from what would be generated
 *
 * Sources of truth, both installed in .venv by `make venv` at the versions requirements.txt pins (the script refuses
 * to run on other versions):
 *   - the API shape: botocore's ECS service model (`botocore/data/ecs/2014-11-13/service-2.json.gz`, shipped with the
 *     pinned awscli), shape `ContainerDefinition` and the shapes it holds: member names, types, enums, required members.
 *     https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
 *   - the CloudFormation names: the registry schema of AWS::ECS::TaskDefinition as cfn-lint bundles it
 *     (`cfnlint/data/schemas/providers/us-east-1.json` -> `resources/<hash>.json`), definition `ContainerDefinition`
 *     and the definitions it references. https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
 * A member is matched to the property of the same name ignoring case (the two name the same field); a member with no
 * property, or a property of another type, stops the generator: the table is never guessed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'blueprints/ecs/task/container-fields.ts');
const SCHEMA_REGION = 'us-east-1';
const RESOURCE_TYPE = 'AWS::ECS::TaskDefinition';

// ---------------------------------------------------------------------------------------------------------------
// botocore service model: only what is read is typed.

interface BotoMember { shape: string }
interface BotoShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'double' | 'float' | 'timestamp' | 'blob';
  members?: Record<string, BotoMember>;
  required?: string[];
  member?: BotoMember;
  value?: BotoMember;
  enum?: string[];
  min?: number;
  max?: number;
}

// Registry schema: only what is read is typed.
interface SchemaNode {
  type?: string | string[];
  $ref?: string;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  required?: string[];
}

/** What the generated table says of one value (kept in step with ValueShape in the output's header). */
interface ValueShape {
  type: 'string' | 'integer' | 'boolean' | 'object' | 'list' | 'map';
  enum?: string[];
  fields?: [string, FieldShape][];
  of?: ValueShape;
}
interface FieldShape extends ValueShape {
  cfn: string;
  required?: boolean;
}

function pinned(name: string): string {
  const pin = new RegExp(`^${name}==(\\S+)$`, 'm').exec(readFileSync(join(ROOT, 'requirements.txt'), 'utf8'))?.[1];
  if (!pin) throw new Error(`requirements.txt pins no ${name} version`);
  return pin;
}

interface Sources {
  schemaFile: string;
  modelFile: string;
  label: string;
}

function locateSources(): Sources {
  const python = join(ROOT, '.venv/bin/python');
  if (!existsSync(python)) throw new Error('no .venv: run `make venv` first (it installs the pinned cfn-lint and awscli)');
  const script = [
    'import os, cfnlint, cfnlint.version, botocore, awscli',
    'print(cfnlint.version.__version__); print(os.path.dirname(cfnlint.__file__))',
    'print(awscli.__version__); print(botocore.__version__); print(os.path.dirname(botocore.__file__))',
  ].join('\n');
  const [cfnLint = '', cfnLintDir = '', awscli = '', botocore = '', botocoreDir = ''] = execFileSync(python, ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  for (const [name, installed] of [['cfn-lint', cfnLint], ['awscli', awscli]] as const) {
    if (installed !== pinned(name)) throw new Error(`.venv has ${name} ${installed}, requirements.txt pins ${pinned(name)}: run \`make venv\``);
  }
  const schemas = join(cfnLintDir, 'data/schemas');
  const providers = JSON.parse(readFileSync(join(schemas, 'providers', `${SCHEMA_REGION}.json`), 'utf8')) as Record<string, string>;
  const hash = providers[RESOURCE_TYPE];
  if (!hash) throw new Error(`the ${SCHEMA_REGION} schemas have no ${RESOURCE_TYPE}`);
  const { schema_date: date } = JSON.parse(readFileSync(join(schemas, 'version.json'), 'utf8')) as { schema_date: string };
  return {
    schemaFile: join(schemas, 'resources', `${hash}.json`),
    modelFile: join(botocoreDir, 'data/ecs/2014-11-13/service-2.json.gz'),
    label: `botocore ${botocore} (awscli ${awscli}) ECS model; cfn-lint ${cfnLint} registry schema of ${RESOURCE_TYPE} (${SCHEMA_REGION}, ${date.slice(0, 10)})`,
  };
}

class Joiner {
  constructor(
    private readonly shapes: Record<string, BotoShape>,
    private readonly definitions: Record<string, SchemaNode>,
  ) {}

  private resolve(node: SchemaNode, at: string): SchemaNode {
    if (!node.$ref) return node;
    const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
    const found = name ? this.definitions[name] : undefined;
    if (!found) throw new Error(`${at}: unresolvable $ref ${node.$ref}`);
    return found;
  }

  private schemaType(node: SchemaNode): string {
    const type = Array.isArray(node.type) ? node.type.filter((t) => t !== 'null')[0] : node.type;
    return type ?? (node.properties ? 'object' : 'unknown');
  }

  /** The value shape of botocore shape `name`, checked against the schema node it corresponds to. */
  value(name: string, node: SchemaNode, at: string): ValueShape {
    const shape = this.shapes[name];
    if (!shape) throw new Error(`${at}: no botocore shape ${name}`);
    const schema = this.resolve(node, at);
    const schemaType = this.schemaType(schema);
    const expect = (wanted: string) => {
      if (schemaType !== wanted) throw new Error(`${at}: the API says ${shape.type}, the registry schema ${schemaType}`);
    };
    switch (shape.type) {
      case 'string':
        expect('string');
        return { type: 'string', ...(shape.enum ? { enum: [...shape.enum] } : {}) };
      case 'integer':
      case 'long':
        expect('integer');
        return { type: 'integer' };
      case 'boolean':
        expect('boolean');
        return { type: 'boolean' };
      case 'list':
        expect('array');
        return { type: 'list', of: this.value(shape.member!.shape, schema.items ?? {}, `${at}[]`) };
      case 'map': {
        expect('object');
        const values = Object.values(schema.patternProperties ?? {})[0];
        if (!values) throw new Error(`${at}: the API says map, the registry schema has no patternProperties`);
        return { type: 'map', of: this.value(shape.value!.shape, values, `${at}{}`) };
      }
      case 'structure': {
        expect('object');
        return { type: 'object', fields: this.fields(shape, schema, at) };
      }
      default:
        throw new Error(`${at}: botocore type ${shape.type} is not handled`);
    }
  }

  fields(shape: BotoShape, schema: SchemaNode, at: string): [string, FieldShape][] {
    const properties = schema.properties ?? {};
    const byLowerName = new Map(Object.keys(properties).map((p) => [p.toLowerCase(), p]));
    const required = new Set(shape.required ?? []);
    return Object.entries(shape.members ?? {}).map(([member, { shape: memberShape }]) => {
      const cfn = byLowerName.get(member.toLowerCase());
      if (!cfn) throw new Error(`${at}.${member}: the registry schema has no property for this API member`);
      const field: FieldShape = { cfn, ...this.value(memberShape, properties[cfn]!, `${at}.${member}`) };
      if (required.has(member)) field.required = true;
      return [member, field];
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output: one field per line, nested fields indented under their parent.

function renderValue(value: ValueShape, indent: string): string {
  const parts = [`type: '${value.type}'`];
  if (value.enum) parts.push(`enum: [${value.enum.map((e) => `'${e}'`).join(', ')}]`);
  if (value.of) parts.push(`of: ${renderValue(value.of, indent)}`);
  if (value.fields) parts.push(`fields: ${renderFields(value.fields, `${indent}  `)}`);
  return `{ ${parts.join(', ')} }`;
}

function renderFields(fields: [string, FieldShape][], indent: string): string {
  const lines = fields.map(([name, field]) => {
    const { cfn, required, ...value } = field;
    const body = renderValue(value, indent).slice(2);
    return `${indent}  ${name}: { cfn: '${cfn}', ${required ? 'required: true, ' : ''}${body},`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function render(label: string, fields: [string, FieldShape][]): string {
  return [
    '/**',
    ' * GENERATED by scripts/generate-container-fields.ts: do not edit (rerun it after bumping cfn-lint or awscli).',
    ` * Sources: ${label}.`,
    ' *',
    ' * Every field of an ECS container definition as RegisterTaskDefinition takes it (camelCase), with the',
    ' * CloudFormation property name (`cfn`) and the type of each, nested fields included.',
    ' */',
    '',
    '/** One value of a container definition field. */',
    'export interface ValueShape {',
    "  readonly type: 'string' | 'integer' | 'boolean' | 'object' | 'list' | 'map';",
    '  /** The values the API accepts, when it lists them. */',
    '  readonly enum?: readonly string[];',
    '  /** An object: its fields by API name. */',
    '  readonly fields?: Readonly<Record<string, FieldShape>>;',
    '  /** A list: its items; a map: its values (keys are kept as written). */',
    '  readonly of?: ValueShape;',
    '}',
    '',
    '/** A field: its CloudFormation property name, whether the API requires it, and its value. */',
    'export interface FieldShape extends ValueShape {',
    '  readonly cfn: string;',
    '  readonly required?: boolean;',
    '}',
    '',
    `export const CONTAINER_DEFINITION_FIELDS: Readonly<Record<string, FieldShape>> = ${renderFields(fields, '')};`,
    '',
  ].join('\n');
}

function main(): void {
  const sources = locateSources();
  const model = JSON.parse(gunzipSync(readFileSync(sources.modelFile)).toString('utf8')) as { shapes: Record<string, BotoShape> };
  const schema = JSON.parse(readFileSync(sources.schemaFile, 'utf8')) as { definitions: Record<string, SchemaNode> };
  const joiner = new Joiner(model.shapes, schema.definitions);
  const container = model.shapes['ContainerDefinition'];
  const definition = schema.definitions['ContainerDefinition'];
  if (!container || !definition) throw new Error('ContainerDefinition is missing from the API model or the registry schema');
  const fields = joiner.fields(container, definition, 'ContainerDefinition');
  const text = render(sources.label, fields);

  if (process.argv.includes('--check')) {
    const stale = !existsSync(OUT) || readFileSync(OUT, 'utf8') !== text;
    if (stale) console.error(`stale: ${relative(ROOT, OUT)} (rerun npx tsx scripts/generate-container-fields.ts)`);
    process.exitCode = stale ? 1 : 0;
    return;
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${relative(ROOT, OUT)} (${(text.length / 1024).toFixed(1)} KB): ${fields.length} container definition fields`);
  console.log(`sources: ${sources.label}`);
}

main();
