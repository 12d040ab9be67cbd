/** The build as a function: select, compile everything, and only then write dist/. */
import { TEMPLATE_FORMATS, isTemplateFormat, type TemplateFormat } from '../dsl/index.js';
import { buildEnvironment, type BuiltEnvironment } from './compile-product.js';
import { architectureDiagram } from './diagram.js';
import type { Product } from './product.js';
import { selectTargets } from './select.js';
import { writeDist } from './write-dist.js';

export interface BuildOptions {
  catalogue: readonly Product[];
  distDir: string;
  product?: string;
  environment?: string;
  format?: TemplateFormat;
}

export interface BuildResult {
  built: BuiltEnvironment[];
  /** Environments whose folder already held exactly this build (nothing was written for them). */
  unchanged: ReadonlySet<BuiltEnvironment>;
}

/** Throws on the first failing environment, before anything is written. */
export function runBuild(options: BuildOptions): BuiltEnvironment[] {
  return build(options).built;
}

/** runBuild, also saying which environments needed no write. */
export function build(options: BuildOptions): BuildResult {
  const format = options.format ?? 'json';
  if (!isTemplateFormat(format)) throw new Error(`FORMAT=${String(format)} is not a template format (${TEMPLATE_FORMATS.join(', ')})`);
  const targets = selectTargets(options.catalogue, options.product, options.environment);
  const built = targets.map(({ product, environment }) => buildEnvironment(product, environment, format));
  const unchanged = writeDist(options.distDir, built, (b) => ({ 'architecture.mmd': architectureDiagram(b.result.stacks) }));
  return { built, unchanged };
}
