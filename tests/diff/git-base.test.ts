/**
 * BASE and NEW as git refs, on a temporary repository holding this project: each ref is built by
 * its own `make build` in a temporary worktree (node_modules linked, the lock being the same),
 * the working tree by `make build` in place; `make diff` passes FORMAT through. Worktrees are
 * gone afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linkNodeModules } from '../../scripts/diff/builds.js';
import type { DiffReport } from '../../scripts/diff/model.js';
import { runDiff } from './helpers.js';

const project = resolve(import.meta.dirname, '../..');
const repo = mkdtempSync(join(tmpdir(), 'diff-git-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
const IMAGES = 'build/products/minimal-service/prod.json';

function setImage(image: string): void {
  const file = join(repo, IMAGES);
  const definitions = JSON.parse(readFileSync(file, 'utf8')) as { image: string }[];
  definitions[0]!.image = image;
  writeFileSync(file, JSON.stringify(definitions, null, 2) + '\n');
}

test.before(() => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: project, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    try {
      cpSync(join(project, file), join(repo, file));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  linkNodeModules(join(project, 'node_modules'), join(repo, 'node_modules'));
  git('init', '-q');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'base');
  setImage('public.ecr.aws/nginx/nginx:1.27');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qam', 'new image');
});

test.after(() => rmSync(repo, { recursive: true, force: true }));

test('two refs: a new image replaces the task definition, and the service rolls to it (exit 2)', () => {
  const run = runDiff(['--base', 'HEAD~1', '--new', 'HEAD', '--product', 'minimal-service', '--env', 'prod', '--json'], { cwd: repo });
  assert.is(run.status, 2, run.stderr);
  const report = JSON.parse(run.stdout) as DiffReport;
  assert.match(report.base, /^HEAD~1 \([0-9a-f]{7}\)$/);
  assert.match(report.new, /^HEAD \([0-9a-f]{7}\)$/);
  const resources = report.environments[0]!.stacks.flatMap((s) => s.resources);
  const task = resources.find((r) => r.type === 'AWS::ECS::TaskDefinition')!;
  assert.is(task.effect, 'replacement');
  assert.equal(task.properties.map((p) => [p.path, p.new, p.reason]), [['ContainerDefinitions[web].Image', "'public.ecr.aws/nginx/nginx:1.27'", 'create-only']]);
  assert.is(resources.find((r) => r.type === 'AWS::ECS::Service')!.effect, 'in-place');
  assert.match(run.stderr, /HEAD~1 \([0-9a-f]{7}\) built in [\d.]+ s \(node_modules linked in [\d.]+ s\), HEAD \([0-9a-f]{7}\) built in [\d.]+ s \(node_modules linked in [\d.]+ s\), compared in \d+ ms/);
  assert.is(git('worktree', 'list').trim().split('\n').length, 1, 'temporary worktrees removed');
});

test('default BASE is HEAD against the working tree; make diff passes FORMAT on', () => {
  setImage('public.ecr.aws/nginx/nginx:1.28');
  const run = runDiff(['--product', 'minimal-service', '--env', 'prod'], { cwd: repo });
  assert.is(run.status, 2, run.stderr);
  assert.match(run.stdout, /^make diff: HEAD \([0-9a-f]{7}\) -> working tree\n/);
  assert.match(run.stdout, /ContainerDefinitions\[web\]\.Image: 'public\.ecr\.aws\/nginx\/nginx:1\.27' -> 'public\.ecr\.aws\/nginx\/nginx:1\.28' \(create-only\)/);
  const make = spawnSync('make', ['-s', 'diff', 'FORMAT=markdown', 'PRODUCT=minimal-service', 'ENV=prod'], { cwd: repo, encoding: 'utf8', env: { ...process.env, MAKEFLAGS: '' } });
  assert.is(make.status, 2, 'make reports any non-zero diff code as its own exit 2');
  assert.match(make.stdout, /^<!-- fargate-cfn: make diff -->\n## make diff: `HEAD \([0-9a-f]{7}\)` → `working tree`/);
  assert.match(make.stderr, /Error 2/);
  git('checkout', '-q', '--', IMAGES);
  // FORMAT from the environment would choose the output (another test of the same process may have set it).
  const { FORMAT: _format, ...env } = process.env;
  const clean = spawnSync('make', ['-s', 'diff', 'PRODUCT=minimal-service', 'ENV=prod'], { cwd: repo, encoding: 'utf8', env: { ...env, MAKEFLAGS: '' } });
  assert.is(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /no change \(exit 0\)/, `stdout: ${clean.stdout}\nstderr: ${clean.stderr}`);
});

test.run();
