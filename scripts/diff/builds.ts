/**
 * Builds to compare, made by each version's own `make build` into a temporary DIST: the working
 * tree in place, a git ref in a temporary `git worktree`. The worktree gets node_modules by
 * linking each package of the current node_modules when its package-lock.json is the same
 * (milliseconds), else by `npm ci` (seconds to minutes). Links are per package, never the folder:
 * make keeps its bundle and install stamp under node_modules/, and those must stay the worktree's own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Selection } from './diff-builds.js';
import { DiffInputError } from './errors.js';


export interface TemporaryBuild {
  dist: string;
  /** What was built: `working tree`, `HEAD~1 (0d96163)`. */
  label: string;
  /** How the worktree got its node_modules, and how long that took. */
  nodeModules?: NodeModulesChoice;
  cleanup(): void;
}

/** What make keeps under node_modules for itself (install stamp, build bundle): never shared. */
const OWN_ENTRIES = new Set(['.cache', '.installed']);

function git(repo: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  return { status: run.status ?? 1, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(repo: string, ref: string): string | undefined {
  if (ref.startsWith('-')) return undefined;
  const run = git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return run.status === 0 ? run.stdout.trim() : undefined;
}

export function linkNodeModules(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) if (!OWN_ENTRIES.has(entry)) symlinkSync(join(from, entry), join(to, entry));
  // make's install stamp, newer than the checked-out package.json: make will not run npm ci here.
  writeFileSync(join(to, '.installed'), '');
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ status: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ status: 127, output: `${output}${error.message}` }));
    child.on('close', (status) => done({ status: status ?? 1, output }));
  });
}

const makeArgs = (dist: string, selection: Selection, extra: string[] = []) => ['-s', ...extra, 'build', `DIST=${dist}`, 'FORMAT=json', 'TYPECHECK=0', `PRODUCT=${selection.product ?? ''}`, `ENV=${selection.environment ?? ''}`];

/** Environment of the child make: no FORMAT/PRODUCT/ENV leaking from the diff's own make call. */
function buildEnv(): NodeJS.ProcessEnv {
  const { FORMAT: _f, PRODUCT: _p, ENV: _e, DIST: _d, MAKEFLAGS: _m, MFLAGS: _mf, MAKELEVEL: _l, ...rest } = process.env;
  return rest;
}

async function makeBuild(tree: string, dist: string, selection: Selection, what: string, extra: string[] = []): Promise<void> {
  let result = await run('make', makeArgs(dist, selection, extra), tree, buildEnv());
  // The selection may name a product or environment this version does not have: build it all, the diff says "added".
  if (result.status !== 0 && (selection.product || selection.environment)) result = await run('make', makeArgs(dist, {}, extra), tree, buildEnv());
  if (result.status !== 0) throw new DiffInputError(`the build of ${what} failed (make build in ${tree}):\n${result.output.trim()}`);
}

/** The working tree, built as `make build` would, into a temporary DIST. */
export async function buildWorkingTree(repo: string, selection: Selection): Promise<TemporaryBuild> {
  const dist = mkdtempSync(join(tmpdir(), 'diff-new-'));
  const cleanup = () => rmSync(dist, { recursive: true, force: true });
  try {
    await makeBuild(repo, dist, selection, 'the working tree');
  } catch (error) {
    cleanup();
    throw error;
  }
  return { dist, label: 'working tree', cleanup };
}

export interface NodeModulesChoice {
  how: 'linked' | 'npm ci';
  milliseconds: number;
}

/** A git ref built by its own `make build` in a temporary worktree. */
export async function buildGitRef(repo: string, ref: string, selection: Selection): Promise<TemporaryBuild> {
  const commit = resolveCommit(repo, ref);
  if (!commit) throw new DiffInputError(`${ref} names no commit of ${repo}`);
  const root = mkdtempSync(join(tmpdir(), 'diff-base-'));
  const tree = join(root, 'tree');
  const dist = join(root, 'dist');
  let nodeModules: NodeModulesChoice | undefined;
  const cleanup = () => {
    git(repo, ['worktree', 'remove', '--force', tree]);
    rmSync(root, { recursive: true, force: true });
    git(repo, ['worktree', 'prune']);
  };
  try {
    const added = git(repo, ['worktree', 'add', '--detach', '--quiet', tree, commit]);
    if (added.status !== 0) throw new DiffInputError(`git worktree add ${tree} ${commit} failed: ${added.stderr.trim()}`);
    const started = performance.now();
    const lock = git(repo, ['show', `${commit}:package-lock.json`]);
    const ours = join(repo, 'package-lock.json');
    const sameLock = lock.status === 0 && existsSync(ours) && readFileSync(ours, 'utf8') === lock.stdout && existsSync(join(repo, 'node_modules'));
    if (sameLock) linkNodeModules(resolve(repo, 'node_modules'), join(tree, 'node_modules'));
    else {
      const installed = await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], tree);
      if (installed.status !== 0) throw new DiffInputError(`npm ci for ${ref} failed:\n${installed.output.trim()}`);
    }
    nodeModules = { how: sameLock ? 'linked' : 'npm ci', milliseconds: performance.now() - started };
    // -o: the install stamp is up to date whatever make thinks of its dates (never npm ci through links).
    await makeBuild(tree, dist, selection, `${ref} (${commit.slice(0, 7)})`, sameLock ? ['-o', 'node_modules/.installed'] : []);
  } catch (error) {
    cleanup();
    throw error;
  }
  const short = commit.slice(0, 7);
  return { dist, label: commit.startsWith(ref) ? short : `${ref} (${short})`, ...(nodeModules ? { nodeModules } : {}), cleanup };
}
