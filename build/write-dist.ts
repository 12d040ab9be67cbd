/**
 * Writes built environments under dist/ so that a failed build leaves the previous dist/ as it
 * was: everything is written to a staging folder first, then each environment folder is swapped
 * in by rename. An environment folder that already holds exactly the files a build would write is
 * left alone: a rebuild with no change writes, renames and deletes nothing (it was a fifth of a
 * catalogue build), and what `make publish` added to the folder for that same build stays valid.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltEnvironment } from './compile-product.js';

/** Returns the environments whose folder already held this build, left as they were. */
export function writeDist(
  distDir: string,
  built: readonly BuiltEnvironment[],
  extraFiles: (b: BuiltEnvironment) => Record<string, string> = () => ({}),
): ReadonlySet<BuiltEnvironment> {
  const planned = built.map((env) => ({ env, target: join(distDir, env.product, env.environment), files: filesOf(env, extraFiles(env)) }));
  const changed = planned.filter(({ target, files }) => !holdsExactly(target, files));
  const unchanged = new Set(built.filter((env) => !changed.some((c) => c.env === env)));
  if (!changed.length) return unchanged;
  mkdirSync(distDir, { recursive: true });
  const staging = mkdtempSync(join(distDir, '.staging-'));
  try {
    for (const { env, files } of changed) {
      const folder = join(staging, env.product, env.environment);
      mkdirSync(folder, { recursive: true });
      for (const [name, content] of files) writeFileSync(join(folder, name), content);
    }
    for (const { env, target } of changed) {
      mkdirSync(join(distDir, env.product), { recursive: true });
      const previous = `${target}.previous`;
      rmSync(previous, { recursive: true, force: true });
      if (existsSync(target)) renameSync(target, previous);
      renameSync(join(staging, env.product, env.environment), target);
      rmSync(previous, { recursive: true, force: true });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return unchanged;
}

function filesOf(env: BuiltEnvironment, extra: Record<string, string>): Map<string, string> {
  const files = new Map<string, string>();
  for (const stack of env.result.stacks) files.set(stack.file, stack.body);
  files.set('manifest.json', JSON.stringify(env.manifest, null, 2) + '\n');
  for (const [name, content] of Object.entries(extra)) files.set(name, content);
  return files;
}

/**
 * Whether `folder` has every file with the content given. Another file can only be one the build
 * never writes (publish's packaged/ and published.json, for these same artifacts): a change to the
 * set of artifacts changes manifest.json, which sends the folder through the swap.
 */
function holdsExactly(folder: string, files: ReadonlyMap<string, string>): boolean {
  for (const [name, content] of files) {
    let existing: string;
    try {
      existing = readFileSync(join(folder, name), 'utf8');
    } catch {
      return false;
    }
    if (existing !== content) return false;
  }
  return true;
}
