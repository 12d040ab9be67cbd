/** A dist folder read back: every environment's manifest and templates (no build code involved). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatOfFile, parseTemplate } from '../../dsl/serialize.js';
import { DiffInputError } from './errors.js';
import type { BuildSource, EnvironmentSource, StackSource, Template } from './model.js';

/** The manifest fields the diff reads (build/compile-product.ts writes them). */
interface ManifestShape {
  product: string;
  environment: string;
  artifacts: { path: string; stack: string; sha256?: string }[];
}

export function readEnvironmentFolder(folder: string): EnvironmentSource {
  const file = join(folder, 'manifest.json');
  let manifest: ManifestShape;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as ManifestShape;
  } catch (error) {
    throw new DiffInputError(`${file}: cannot read the manifest (${(error as Error).message})`);
  }
  if (typeof manifest.product !== 'string' || typeof manifest.environment !== 'string' || !Array.isArray(manifest.artifacts)) {
    throw new DiffInputError(`${file}: not a build manifest (needs product, environment and artifacts)`);
  }
  const stacks = new Map<string, StackSource>();
  for (const artifact of manifest.artifacts) {
    const path = join(folder, artifact.path);
    if (!existsSync(path)) throw new DiffInputError(`${path} is listed in ${file} but missing: build again`);
    const template = parseTemplate(readFileSync(path, 'utf8'), formatOfFile(path)) as Template;
    stacks.set(artifact.stack, { path: artifact.stack, template, ...(artifact.sha256 ? { sha256: artifact.sha256 } : {}) });
  }
  return { product: manifest.product, environment: manifest.environment, stacks };
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** Environment folders under a dist root (`<product>/<env>/manifest.json`), or the folder itself when it is one. */
export function readDist(folder: string, label = folder): BuildSource {
  if (!isDir(folder)) throw new DiffInputError(`${folder} is not a folder`);
  if (existsSync(join(folder, 'manifest.json'))) return { label, environments: [readEnvironmentFolder(folder)] };
  const environments: EnvironmentSource[] = [];
  for (const product of readdirSync(folder).sort()) {
    if (product.startsWith('.') || !isDir(join(folder, product))) continue;
    for (const environment of readdirSync(join(folder, product)).sort()) {
      const envFolder = join(folder, product, environment);
      if (isDir(envFolder) && existsSync(join(envFolder, 'manifest.json'))) environments.push(readEnvironmentFolder(envFolder));
    }
  }
  if (!environments.length) throw new DiffInputError(`${folder} holds no built environment (no <product>/<environment>/manifest.json): run make build, or give a dist folder`);
  return { label, environments };
}
