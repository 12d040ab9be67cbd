/** The build as a function: select, compile everything, and only then write dist/. */
import { join } from 'node:path';
import { TEMPLATE_FORMATS, isTemplateFormat, type TemplateFormat } from '../dsl/index.js';
import { buildEnvironment, type BuiltEnvironment } from './compile-product.js';
import { architectureDiagram } from './diagram.js';
import type { Product } from './product.js';
import { selectTargets } from './select.js';
import { inputHashes, recordBuild, upToDate, watchReads, type CurrentEnvironment, type UpToDateOptions } from './up-to-date.js';
import { writeDist } from './write-dist.js';

export interface BuildOptions {
  catalogue: readonly Product[];
  distDir: string;
  product?: string;
  environment?: string;
  format?: TemplateFormat;
  /** Skip environments whose code, inputs and dist folder are as their last build recorded (build/up-to-date.ts). */
  upToDate?: UpToDateOptions;
}

export interface BuildResult {
  built: BuiltEnvironment[];
  /** Environments whose folder already held exactly this build (nothing was written for them). */
  unchanged: ReadonlySet<BuiltEnvironment>;
  /** Environments not compiled: as their last build left them (with `upToDate` only). */
  current: CurrentEnvironment[];
  /** Both, in the order of the selection (for the summary). */
  all: (BuiltEnvironment | CurrentEnvironment)[];
}

/** Files the build writes beside the artifacts. */
const EXTRA_FILES = ['architecture.mmd'];
const extraFiles = (b: BuiltEnvironment) => ({ 'architecture.mmd': architectureDiagram(b.result.stacks) });

/** Throws on the first failing environment, before anything is written. */
export function runBuild(options: BuildOptions): BuiltEnvironment[] {
  return build(options).built;
}

/** runBuild, also saying which environments needed no write, and which no compilation. */
export function build(options: BuildOptions): BuildResult {
  const format = options.format ?? 'json';
  if (!isTemplateFormat(format)) throw new Error(`FORMAT=${String(format)} is not a template format (${TEMPLATE_FORMATS.join(', ')})`);
  const targets = selectTargets(options.catalogue, options.product, options.environment);
  const record = options.upToDate;
  const folderOf = (product: string, environment: string) => join(options.distDir, product, environment);
  const built: BuiltEnvironment[] = [];
  const current: CurrentEnvironment[] = [];
  const all: (BuiltEnvironment | CurrentEnvironment)[] = [];
  const inputs = new Map<BuiltEnvironment, Record<string, string | null>>();
  for (const { product, environment } of targets) {
    const done = record ? upToDate(record, folderOf(product.name, environment), format) : undefined;
    if (done) {
      current.push(done);
      all.push(done);
      continue;
    }
    const compileIt = () => buildEnvironment(product, environment, format);
    if (!record) {
      const made = compileIt();
      built.push(made);
      all.push(made);
      continue;
    }
    const watched = watchReads(compileIt);
    built.push(watched.value);
    all.push(watched.value);
    if (!watched.unnamed) inputs.set(watched.value, inputHashes(watched.paths));
  }
  const unchanged = writeDist(options.distDir, built, extraFiles);
  if (record) {
    for (const b of built) {
      const read = inputs.get(b);
      if (read) recordBuild(record, folderOf(b.product, b.environment), format, read, b.manifest, b.warnings, EXTRA_FILES);
    }
  }
  return { built, unchanged, current, all };
}
