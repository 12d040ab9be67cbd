/**
 * What BASE and NEW name, resolved to a build to read: a dist folder (a dist root or one
 * environment folder), a released catalogue version (BASE only), a git ref (built in a temporary
 * worktree), or, for NEW by default, the working tree (built into a temporary folder).
 */
import { existsSync, statSync } from 'node:fs';
import { buildGitRef, buildWorkingTree, resolveCommit, type TemporaryBuild } from './builds.js';
import type { Selection } from './diff-builds.js';
import { DiffInputError } from './errors.js';
import { readDist } from './load-dist.js';
import type { BuildSource } from './model.js';
import { matchingReleases, releaseSource } from './release-source.js';

export interface Side {
  source: BuildSource;
  /** Seconds spent building it (0 when read from a folder or S3). */
  buildSeconds: number;
  /** How a git ref's worktree got node_modules: `linked` (same package-lock.json) or `npm ci`. */
  nodeModules?: string;
  cleanup(): void;
}

const ALLOWED = 'a git ref (HEAD, HEAD~1, main, a commit), a dist folder (dist/ or dist/<product>/<env>), or, for BASE, a released version from the releases file (1.2.0, or 1.2.0+<hash>)';

async function fromBuild(build: Promise<TemporaryBuild>): Promise<Side> {
  const started = performance.now();
  const built = await build;
  try {
    const seconds = built.nodeModules && (built.nodeModules.milliseconds / 1000).toFixed(1);
    const nodeModules = built.nodeModules && (built.nodeModules.how === 'linked' ? `node_modules linked in ${seconds} s` : `npm ci in ${seconds} s: another package-lock.json`);
    return { source: readDist(built.dist, built.label), buildSeconds: (performance.now() - started) / 1000, ...(nodeModules ? { nodeModules } : {}), cleanup: built.cleanup };
  } catch (error) {
    built.cleanup();
    throw error;
  }
}

export async function resolveSide(role: 'BASE' | 'NEW', spec: string | undefined, repo: string, selection: Selection, env: NodeJS.ProcessEnv = process.env): Promise<Side> {
  const none = () => undefined;
  if (spec === undefined && role === 'NEW') return fromBuild(buildWorkingTree(repo, selection));
  const given = spec ?? 'HEAD';
  if (existsSync(given) && statSync(given).isDirectory()) return { source: readDist(given), buildSeconds: 0, cleanup: none };
  if (role === 'BASE') {
    const { file, releases } = matchingReleases(given, env);
    const chosen = releases.filter((r) => (!selection.product || r.source.product === selection.product) && (!selection.environment || r.source.environment === selection.environment));
    if (releases.length && !chosen.length) throw new DiffInputError(`BASE=${given}: the releases of that version in ${file} are of ${releases.map((r) => `${r.source.product}/${r.source.environment}`).join(', ')}, not the PRODUCT/ENV asked for`);
    if (chosen.length) return { source: await releaseSource(given, chosen, file, env), buildSeconds: 0, cleanup: none };
  }
  if (resolveCommit(repo, given)) return fromBuild(buildGitRef(repo, given, selection));
  throw new DiffInputError(`${role}=${given} is neither ${ALLOWED}`);
}
