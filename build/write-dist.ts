/**
 * Writes built environments under dist/ so that a failed build leaves the previous dist/ as it
 * was: everything is written to a staging folder first, then each environment folder is swapped
 * in by rename (an environment folder that already holds exactly this build is left alone).
 *
 * The staging folder is named for the process that owns it (`.staging-<pid>-XXXXXX`), and the
 * environment folders a build replaces are moved into it (`.previous/<product>/<environment>`),
 * so everything a build leaves behind when it is killed is in one folder whose owner can be
 * checked. Each build first removes the staging folders of processes that are gone (putting
 * back an environment folder a killed swap had moved away), and never touches one whose owner
 * still runs: two builds in one dist/ leave each other alone.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuiltEnvironment } from './compile-product.js';

const STAGING_PREFIX = '.staging-';
/** `.staging-<pid>-XXXXXX`, and `.staging-XXXXXX` as builds named it before they recorded their owner. */
const OWNED_STAGING = /^\.staging-(\d+)-[A-Za-z0-9]{6}$/;
const UNOWNED_STAGING = /^\.staging-[A-Za-z0-9]{6}$/;
const PREVIOUS = '.previous';

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function subfolders(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
}

/** Moves an environment folder that a killed swap had set aside back in place, if nothing replaced it. */
function restore(previous: string, target: string): void {
  if (existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  renameSync(previous, target);
}

/**
 * Removes what killed builds left in `distDir`: staging folders whose owner process is gone (and
 * unowned ones from earlier builds), and `<environment>.previous` folders beside their
 * environment, the layout earlier builds used.
 */
export function removeStaleStaging(distDir: string): string[] {
  const removed: string[] = [];
  for (const name of subfolders(distDir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const owner = OWNED_STAGING.exec(name)?.[1];
    const stale = owner ? Number(owner) !== process.pid && !processRuns(Number(owner)) : UNOWNED_STAGING.test(name);
    if (!stale) continue;
    const staging = join(distDir, name);
    for (const product of subfolders(join(staging, PREVIOUS))) {
      for (const environment of subfolders(join(staging, PREVIOUS, product))) restore(join(staging, PREVIOUS, product, environment), join(distDir, product, environment));
    }
    rmSync(staging, { recursive: true, force: true });
    removed.push(name);
  }
  for (const product of subfolders(distDir)) {
    if (product.startsWith('.')) continue;
    for (const name of subfolders(join(distDir, product))) {
      if (!name.endsWith(PREVIOUS)) continue;
      const previous = join(distDir, product, name);
      restore(previous, join(distDir, product, name.slice(0, -PREVIOUS.length)));
      rmSync(previous, { recursive: true, force: true });
      removed.push(join(product, name));
    }
  }
  return removed;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Renames `ready` to `target`, first moving what is there to `previous`. Another build swapping the
 * same environment at the same moment can take the target between the two renames; what it put
 * there is then set aside in our staging folder too, and the rename is tried again.
 */
function swapIn(ready: string, target: string, previous: string, staging: string): void {
  for (let attempt = 0; ; attempt++) {
    const aside = attempt === 0 ? previous : join(staging, `.replaced-${attempt}`);
    mkdirSync(dirname(aside), { recursive: true });
    try {
      renameSync(target, aside);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    try {
      renameSync(ready, target);
      return;
    } catch (error) {
      if (attempt === 20 || !['ENOTEMPTY', 'EEXIST'].includes(errorCode(error) ?? '')) throw error;
    }
  }
}

/**
 * Returns the environments whose folder already held this build: those are left as they were (a
 * rebuild with no change writes, renames and deletes nothing, and what `make publish` added to the
 * folder for that same build stays valid).
 */
export function writeDist(
  distDir: string,
  built: readonly BuiltEnvironment[],
  extraFiles: (b: BuiltEnvironment) => Record<string, string> = () => ({}),
): ReadonlySet<BuiltEnvironment> {
  mkdirSync(distDir, { recursive: true });
  removeStaleStaging(distDir);
  const planned = built.map((env) => ({ env, target: join(distDir, env.product, env.environment), files: filesOf(env, extraFiles(env)) }));
  const changed = planned.filter(({ target, files }) => !holdsExactly(target, files));
  const unchanged = new Set(built.filter((env) => !changed.some((c) => c.env === env)));
  if (!changed.length) return unchanged;
  const staging = mkdtempSync(join(distDir, `${STAGING_PREFIX}${process.pid}-`));
  try {
    for (const { env, files } of changed) {
      const folder = join(staging, env.product, env.environment);
      mkdirSync(folder, { recursive: true });
      for (const [name, content] of files) writeFileSync(join(folder, name), content);
    }
    for (const { env, target } of changed) {
      mkdirSync(join(distDir, env.product), { recursive: true });
      swapIn(join(staging, env.product, env.environment), target, join(staging, PREVIOUS, env.product, env.environment), staging);
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
