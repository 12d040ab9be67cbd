/** Builds of real products, compiled in-process with small edits through the escape hatch, as the diff reads them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment, type BuiltEnvironment } from '../../build/compile-product.js';
import type { Product } from '../../build/product.js';
import { writeDist } from '../../build/write-dist.js';
import type { ResourceHandle, Stack } from '../../dsl/index.js';
import { diffBuilds } from '../../scripts/diff/diff-builds.js';
import type { BuildSource, DiffReport, EnvironmentDiff, EnvironmentSource, ResourceDiff, Template } from '../../scripts/diff/model.js';

export type Edit = (root: Stack) => void;

export function build(product: Product, environment: string, edit?: Edit): BuiltEnvironment {
  const edited: Product = edit
    ? {
        ...product,
        compose: (root, inputs, context) => {
          product.compose(root, inputs, context);
          edit(root);
        },
      }
    : product;
  return buildEnvironment(edited, environment, 'json');
}

export function sourceOf(built: BuiltEnvironment): EnvironmentSource {
  return {
    product: built.product,
    environment: built.environment,
    stacks: new Map(built.result.stacks.map((s) => [s.path, { path: s.path, template: JSON.parse(s.body) as Template, sha256: s.sha256 }])),
  };
}

export function buildSource(label: string, ...built: BuiltEnvironment[]): BuildSource {
  return { label, environments: built.map(sourceOf) };
}

/** The diff of a product environment against itself edited. */
export function diffEdit(product: Product, environment: string, after: Edit, before?: Edit): { report: DiffReport; env: EnvironmentDiff } {
  const report = diffBuilds(buildSource('base', build(product, environment, before)), buildSource('new', build(product, environment, after)));
  return { report, env: report.environments[0]! };
}

/** A stack of the tree by path (`Root/LoadBalancer`). */
export function stackAt(root: Stack, path: string): Stack {
  let stack = root;
  for (const id of path.split('/').slice(1)) {
    const child = stack.children.find((c) => c.id === id);
    if (!child) throw new Error(`no stack ${id} under ${stack.path} (has ${stack.children.map((c) => c.id).join(', ')})`);
    stack = child;
  }
  return stack;
}

/** A resource handle by `Root/Stack/LogicalId`. */
export function resourceAt(root: Stack, path: string): ResourceHandle {
  const slash = path.lastIndexOf('/');
  const stack = stackAt(root, path.slice(0, slash));
  const handle = stack.resources.get(path.slice(slash + 1));
  if (!handle) throw new Error(`no resource ${path} (stack has ${[...stack.resources.keys()].join(', ')})`);
  return handle;
}

/** Properties of a handle as a plain record, for edits the resource's typed interface does not name. */
export const propsOf = (handle: ResourceHandle) => handle.props as unknown as Record<string, unknown>;

export function resourceDiff(env: EnvironmentDiff, path: string): ResourceDiff {
  const slash = path.lastIndexOf('/');
  const stack = env.stacks.find((s) => s.path === path.slice(0, slash));
  const found = stack?.resources.find((r) => r.logicalId === path.slice(slash + 1));
  if (!found) throw new Error(`no change to ${path}; changed: ${env.stacks.flatMap((s) => s.resources.map((r) => `${s.path}/${r.logicalId}`)).join(', ') || 'nothing'}`);
  return found;
}

export function tempDist(...built: BuiltEnvironment[]): { dist: string; cleanup: () => void } {
  const dist = mkdtempSync(join(tmpdir(), 'diff-test-'));
  writeDist(dist, built);
  return { dist, cleanup: () => rmSync(dist, { recursive: true, force: true }) };
}

/** Runs the diff as `make diff` does (a process of its own) and returns its exit code and output. */
export function runDiff(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { status: number; stdout: string; stderr: string } {
  const cli = join(import.meta.dirname, '../../scripts/diff/cli.ts');
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: options.cwd ?? process.cwd(), env: { ...process.env, ...options.env }, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
