/** Compiles one product environment into artifacts and its manifest; errors name the product. */
import { existsSync, readFileSync } from 'node:fs';
import { CompileErrors, InputError, Stack, compile, formatOfFile, parseTemplate, s, type CompileResult, type CompileWarning, type TemplateFormat } from '../dsl/index.js';
import { milliseconds } from './clock.js';
import { isEnvironmentFile, SELF_SERVICE_ENVIRONMENT, type Product, type SelfService } from './product.js';

export interface ManifestArtifact {
  /** File name inside the product environment folder. */
  path: string;
  /** Stack path in the tree, e.g. `Root/Network`. */
  stack: string;
  sha256: string;
  /** Bytes of the file. */
  bytes: number;
  /** Bytes CloudFormation receives when it is sent minified; the size quotas are checked on these. */
  sentBytes: number;
  resources: number;
  parameters: string[];
  outputs: string[];
  /** Nested stacks of this template: logical id and file. */
  children: { logicalId: string; path: string }[];
}

export interface Manifest {
  product: string;
  environment: string;
  format: TemplateFormat;
  /** File of the root template. */
  root: string;
  /** Children before their parents; the root last (the order to publish in). */
  artifacts: ManifestArtifact[];
}

export interface BuiltEnvironment {
  product: string;
  environment: string;
  result: CompileResult;
  manifest: Manifest;
  milliseconds: number;
  warnings: CompileWarning[];
}

/** Thrown for any failure while building one product environment; the message starts with it. */
export class ProductBuildError extends Error {
  constructor(
    readonly product: string,
    readonly environment: string,
    cause: Error,
  ) {
    const detail = cause instanceof CompileErrors ? cause.errors.map((e) => `\n  - ${e.message}`).join('') : ` ${cause.message}`;
    super(`${product}/${environment}:${detail}`, { cause });
    this.name = 'ProductBuildError';
  }
}

export function buildEnvironment(product: Product, environment: string, format: TemplateFormat): BuiltEnvironment {
  const selfService = environment === SELF_SERVICE_ENVIRONMENT && typeof product.selfService === 'object' ? product.selfService : undefined;
  const inputs = product.environments[selfService ? selfService.environment : environment];
  if (inputs === undefined) {
    throw new Error(`${product.name} has no environment ${JSON.stringify(environment)} (has ${environmentNames(product).join(', ')})`);
  }
  const started = milliseconds();
  let result: CompileResult;
  try {
    const given = environmentInputs(inputs);
    const problems = s.problems(product.inputs, given.inputs, given.path);
    if (problems.length) throw problems.length === 1 ? problems[0]! : new CompileErrors(problems);
    const root = Stack.root(product.description);
    const composed = selfService ? launchInputs(root, product, selfService, given.inputs) : given.inputs;
    product.compose(root, composed as s.Input<typeof product.inputs>, { environment });
    result = compile(root, { format, partition: product.partition });
  } catch (error) {
    throw new ProductBuildError(product.name, environment, error as Error);
  }
  const elapsed = milliseconds() - started;
  const manifest: Manifest = {
    product: product.name,
    environment,
    format,
    root: result.root.file,
    artifacts: result.stacks.map((s) => ({
      path: s.file,
      stack: s.path,
      sha256: s.sha256,
      bytes: s.bytes,
      sentBytes: s.sentBytes,
      resources: s.resourceCount,
      parameters: s.parameters,
      outputs: s.outputs,
      children: s.children.map((c) => ({ logicalId: c.logicalId, path: c.file })),
    })),
  };
  return { product: product.name, environment, result, manifest, milliseconds: elapsed, warnings: result.warnings };
}

/** An environment's inputs as written in the product, or read from its JSON/YAML file. */
function environmentInputs(entry: unknown): { inputs: unknown; path: string } {
  if (!isEnvironmentFile(entry)) return { inputs: entry, path: '' };
  const { file } = entry;
  if (!existsSync(file)) throw new InputError(file, file, 'does not exist (environment files are named from the project root)');
  let data: unknown;
  try {
    data = parseTemplate(readFileSync(file, 'utf8'), formatOfFile(file));
  } catch (error) {
    throw new InputError(file, 'file', `is not valid ${formatOfFile(file).toUpperCase()} (${(error as Error).message.split('\n')[0]})`);
  }
  // `$schema` points editors at the product's JSON Schema; it is not an input.
  if (data && typeof data === 'object' && !Array.isArray(data) && '$schema' in data) {
    const { $schema: _schema, ...inputs } = data as Record<string, unknown>;
    data = inputs;
  }
  return { inputs: data, path: `${file}:` };
}

/** Every environment a product builds: its own, and `self-service` when it declares launch parameters. */
export function environmentNames(product: Product): string[] {
  const names = Object.keys(product.environments);
  return typeof product.selfService === 'object' ? [...names, SELF_SERVICE_ENVIRONMENT] : names;
}

/**
 * The base environment's inputs with each launch parameter's input replaced by the Ref of a root
 * parameter (typed from the input's schema, default from the base environment, in its console group):
 * the system then checks literals as before and gives each parameter its input's constraints.
 */
function launchInputs(root: Stack, product: Product, selfService: SelfService, base: unknown): unknown {
  const inputs = JSON.parse(JSON.stringify(base ?? {})) as Record<string, unknown>;
  const groups = new Map<string, ReturnType<Stack['parameter']>[]>();
  selfService.parameters.forEach((launch, index) => {
    const at = `selfService.parameters[${index}]`;
    const schema = s.schemaAt(product.inputs, launch.input);
    if (!schema) throw new InputError(`${at}.input`, launch.input, `is not an input of ${product.name}`);
    if (!s.isDeployTime(schema)) {
      throw new InputError(`${at}.input`, launch.input, `takes literal values only (the system decides with it at compile time): it cannot be chosen at launch`);
    }
    const constraint = s.constraintOf(schema.literal);
    const kind = (schema.literal as { type?: string }).type === 'array' ? 'list' : constraint?.kind ?? 'string';
    const given = launch.input.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], inputs);
    const fallback = launch.default ?? given ?? s.defaultOf(product.inputs, launch.input);
    const parameter = root.parameter(launch.name, {
      Type: kind === 'number' ? 'Number' : kind === 'list' ? 'CommaDelimitedList' : 'String',
      Description: launch.description,
      Label: launch.label,
      ...(launch.constraintDescription !== undefined ? { ConstraintDescription: launch.constraintDescription } : {}),
      ...(fallback !== undefined ? { Default: Array.isArray(fallback) ? fallback.join(',') : typeof fallback === 'number' ? fallback : String(fallback) } : {}),
    });
    setPath(inputs, launch.input, parameter.ref);
    groups.set(launch.group, [...(groups.get(launch.group) ?? []), parameter]);
  });
  for (const [label, parameters] of groups) root.parameterGroup(label, parameters);
  return inputs;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

