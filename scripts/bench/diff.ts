/**
 * `make bench`, the diff's part: the whole catalogue compared with the previous commit. The base
 * is built once beforehand by its own `make build` in a temporary worktree (timed, and reported
 * apart: the figure that counts excludes it); then the comparison is timed in-process (read both
 * dist folders, diff, render the text table) and as the process `make diff` runs (the bundle, on
 * the two folders). The previous commit may change nothing, so a worst case is timed too: a base
 * in which every resource of the catalogue differs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { linkNodeModules, resolveCommit } from '../diff/builds.js';
import { diffBuilds } from '../diff/diff-builds.js';
import { isObject } from '../diff/json.js';
import { readDist } from '../diff/load-dist.js';
import type { BuildSource, Json } from '../diff/model.js';
import { renderText } from '../diff/render-text.js';

const DIFF_BUNDLE = 'node_modules/.cache/fargate-cfn/diff/cli.mjs';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

/** The catalogue at `ref`, built by its own make into a temporary folder (node_modules linked: same lock). */
function buildRef(ref: string, root: string): { dist: string; linkMs: number; buildMs: number; cleanup: () => void } {
  const tree = join(root, 'tree');
  const dist = join(root, 'base');
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, ref]);
  const cleanup = () => {
    spawnSync('git', ['worktree', 'remove', '--force', tree]);
    spawnSync('git', ['worktree', 'prune']);
  };
  try {
    const lock = execFileSync('git', ['show', `${ref}:package-lock.json`], { encoding: 'utf8' });
    if (lock !== readFileSync('package-lock.json', 'utf8')) throw new Error(`${ref} has another package-lock.json: the bench compares with a base of the same dependencies`);
    const [, linkMs] = timed(() => linkNodeModules(resolve('node_modules'), join(tree, 'node_modules')));
    const [, buildMs] = timed(() => execFileSync('make', ['-s', '-o', 'node_modules/.installed', 'build', `DIST=${dist}`, 'FORMAT=json', 'TYPECHECK=0', 'PRODUCT=', 'ENV='], { cwd: tree, stdio: 'ignore', env: { ...process.env, MAKEFLAGS: '' } }));
    return { dist, linkMs, buildMs, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Every resource of the build given one altered property (or a Metadata entry): the diff has to look at everything. */
function everyResourceAltered(source: BuildSource): BuildSource {
  const altered = structuredClone(source);
  for (const env of altered.environments) {
    for (const stack of env.stacks.values()) {
      delete stack.sha256;
      for (const resource of Object.values(stack.template.Resources ?? {})) {
        const props = resource.Properties ?? {};
        const [key, value] = Object.entries(props).find(([k]) => k !== 'TemplateURL' && k !== 'Parameters') ?? [];
        if (key !== undefined && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) props[key] = typeof value === 'string' ? `${value}-old` : typeof value === 'number' ? value + 1 : !value;
        else resource.Metadata = { ...(isObject(resource.Metadata as Json) ? resource.Metadata : {}), bench: 'old' };
      }
    }
  }
  return altered;
}

export interface DiffBenchmark {
  section: string;
  summary: string;
}

export function diffBenchmark(): DiffBenchmark {
  if (!existsSync(DIFF_BUNDLE)) execFileSync('make', ['-s', DIFF_BUNDLE], { stdio: 'inherit' });
  const ref = 'HEAD~1';
  const commit = resolveCommit(process.cwd(), ref);
  if (!commit) throw new Error(`${ref} names no commit: the diff bench needs the previous commit`);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-diff-'));
  const newDist = join(scratch, 'new');
  const base = buildRef(commit, scratch);
  try {
    execFileSync('make', ['-s', 'build', `DIST=${newDist}`, 'FORMAT=json', 'PRODUCT=', 'ENV='], { stdio: 'ignore', env: { ...process.env, MAKEFLAGS: '' } });
    const compare = (baseSource: () => BuildSource) => {
      const times: number[] = [];
      let text = '';
      for (let i = 0; i < 11; i++) {
        const [, ms] = timed(() => (text = renderText(diffBuilds(baseSource(), readDist(newDist)))));
        times.push(ms);
      }
      return { ms: median(times), lines: text.split('\n').length };
    };
    const previous = compare(() => readDist(base.dist));
    const next = readDist(newDist);
    const altered = everyResourceAltered(next);
    const worst = compare(() => altered);
    const stacks = next.environments.reduce((n, e) => n + e.stacks.size, 0);
    const resources = next.environments.reduce((n, e) => n + [...e.stacks.values()].reduce((m, s) => m + Object.keys(s.template.Resources ?? {}).length, 0), 0);
    const processTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [, ms] = timed(() => spawnSync('node', [DIFF_BUNDLE, '--base', base.dist, '--new', newDist], { stdio: 'ignore' }));
      processTimes.push(ms);
    }
    const processMs = median(processTimes);
    const short = commit.slice(0, 7);
    const summary = `diff of the catalogue vs ${ref} (${short}): ${previous.ms.toFixed(1)} ms in-process, ${worst.ms.toFixed(1)} ms with every resource changed, ${processMs.toFixed(0)} ms as a process (base build ${(base.buildMs / 1000).toFixed(1)} s, excluded)`;
    const section = `
## Change safety: make diff

The whole catalogue (${next.environments.length} environments, ${stacks} templates, ${resources} resources) against the previous
commit, ${ref} (${short}). The base is built first by its own \`make build\` in a temporary worktree
(node_modules linked in ${base.linkMs.toFixed(0)} ms, the build ${(base.buildMs / 1000).toFixed(1)} s) and the working tree into a temporary folder;
those builds are excluded. \`scripts/bench/diff.ts\`.

| comparison | ms |
|---|---:|
| in-process: read both dist folders, compare, render the text table (median of 11) | ${previous.ms.toFixed(1)} |
| same, against a base in which every resource differs (the worst case; ${worst.lines} lines of output) | ${worst.ms.toFixed(1)} |
| the process \`make diff\` runs, \`node ${DIFF_BUNDLE} --base <dist> --new <dist>\`, start to exit (median of 5) | ${processMs.toFixed(0)} |
`;
    return { section, summary };
  } finally {
    base.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
}
