/** Compiles one product environment into artifacts and its manifest; errors name the product. */
import { CompileErrors, Stack, compile, type CompileResult, type CompileWarning, type TemplateFormat } from '../dsl/index.js';
import { milliseconds } from './clock.js';
import type { Product } from './product.js';

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
    super(`${product}/${environment}:${detail}`);
    this.name = 'ProductBuildError';
  }
}

export function buildEnvironment(product: Product, environment: string, format: TemplateFormat): BuiltEnvironment {
  const inputs = product.environments[environment];
  if (inputs === undefined) {
    throw new Error(`${product.name} has no environment ${JSON.stringify(environment)} (has ${Object.keys(product.environments).join(', ')})`);
  }
  const started = milliseconds();
  let result: CompileResult;
  try {
    const root = Stack.root(product.description);
    product.compose(root, inputs);
    result = compile(root, { format });
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
