/**
 * Builds already done: an environment whose code, inputs and dist/ folder are what its last build
 * recorded is not compiled again (what make does for files, done for what a product reads). A second
 * `make build` with nothing changed then costs loading the build, not compiling the catalogue.
 *
 * One record per dist folder, product, environment and format (a JSON file in `dir`) holds:
 * - the code: the build's own bundle, by size and modification time (make rebuilds it whenever a
 *   source changes, and everything a product composes is in it);
 * - every file the environment's compilation read or looked for, by absolute path, with the SHA-256
 *   of its content, or null when it did not exist: recorded by watching node:fs while it compiled
 *   (compilation reads nothing else: no clock, no environment variable, no network);
 * - the SHA-256 of each file the build left in the environment's dist folder, read again on the next
 *   build (a folder edited or removed since is rebuilt);
 * - the manifest and warnings, to print the summary and the warnings as the compilation did.
 * Anything that does not match, cannot be read, or was read in a way the watch cannot name compiles
 * the environment.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join, resolve } from 'node:path';
import type { CompileWarning } from '../dsl/index.js';
import { milliseconds } from './clock.js';
import type { Manifest } from './compile-product.js';

export interface UpToDateOptions {
  /** Folder of the records. */
  dir: string;
  /** The build's code as one file (the bundle): its size and modification time identify it. */
  code: string;
}

interface Record_ {
  code: string;
  /** Absolute path -> SHA-256 of the content, or null: it did not exist. */
  inputs: Record<string, string | null>;
  /** File in the environment's dist folder -> SHA-256. */
  files: Record<string, string>;
  manifest: Manifest;
  warnings: CompileWarning[];
}

/** An environment left as its last build made it: what the summary needs. */
export interface CurrentEnvironment {
  product: string;
  environment: string;
  manifest: Manifest;
  warnings: CompileWarning[];
  milliseconds: number;
}

const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

function codeOf(options: UpToDateOptions): string | undefined {
  try {
    const stat = fs.statSync(options.code);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function recordFile(options: UpToDateOptions, folder: string, format: string): string {
  return join(options.dir, `${sha256(`${resolve(folder)}\n${format}`).slice(0, 32)}.json`);
}

function hashOrNull(path: string): string | null {
  try {
    return sha256(fs.readFileSync(path));
  } catch {
    return null;
  }
}

/** The environment as its last build left it, when nothing it depends on changed; else undefined. */
export function upToDate(options: UpToDateOptions, folder: string, format: string): CurrentEnvironment | undefined {
  const started = milliseconds();
  let record: Record_;
  try {
    record = JSON.parse(fs.readFileSync(recordFile(options, folder, format), 'utf8')) as Record_;
  } catch {
    return undefined;
  }
  if (record.code !== codeOf(options)) return undefined;
  for (const [path, hash] of Object.entries(record.inputs)) if (hashOrNull(path) !== hash) return undefined;
  for (const [name, hash] of Object.entries(record.files)) if (hashOrNull(join(folder, name)) !== hash) return undefined;
  const { manifest, warnings } = record;
  return { product: manifest.product, environment: manifest.environment, manifest, warnings, milliseconds: milliseconds() - started };
}

const WATCHED = ['readFileSync', 'existsSync', 'statSync', 'lstatSync', 'readdirSync', 'accessSync'] as const;
type Watched = (typeof WATCHED)[number];

/**
 * Runs `work` while recording the paths node:fs is asked about; `unnamed` is set when a call names a
 * path the record cannot hold (a descriptor, a buffer), which makes the result not recordable.
 */
export function watchReads<T>(work: () => T): { value: T; paths: Set<string>; unnamed: boolean } {
  const paths = new Set<string>();
  let unnamed = false;
  const module = fs as unknown as Record<Watched, (...args: unknown[]) => unknown>;
  const originals = WATCHED.map((name) => [name, module[name]] as const);
  for (const [name, original] of originals) {
    module[name] = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') paths.add(resolve(args[0]));
      else unnamed = true;
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
  try {
    return { value: work(), paths, unnamed };
  } finally {
    for (const [name, original] of originals) module[name] = original;
    syncBuiltinESMExports();
  }
}

/** What the files a compilation read hold now (hashed right after it, before anything is written). */
export function inputHashes(reads: ReadonlySet<string>): Record<string, string | null> {
  const inputs: Record<string, string | null> = {};
  for (const path of [...reads].sort()) inputs[path] = hashOrNull(path);
  return inputs;
}

/** Records a written environment: its code, the inputs its compilation read, and the files now in its folder. */
export function recordBuild(options: UpToDateOptions, folder: string, format: string, inputs: Record<string, string | null>, manifest: Manifest, warnings: CompileWarning[], extraFiles: readonly string[]): void {
  const code = codeOf(options);
  if (!code) return;
  const files: Record<string, string> = {};
  for (const name of ['manifest.json', ...extraFiles, ...manifest.artifacts.map((a) => a.path)]) {
    const hash = hashOrNull(join(folder, name));
    if (hash === null) return; // not all there: nothing to record
    files[name] = hash;
  }
  const record: Record_ = { code, inputs, files, manifest, warnings };
  try {
    fs.mkdirSync(options.dir, { recursive: true });
    const file = recordFile(options, folder, format);
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, JSON.stringify(record));
    fs.renameSync(temporary, file);
  } catch {
    // a record that cannot be written only costs the next build its shortcut
  }
}
