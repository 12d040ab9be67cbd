/**
 * Partitioning benchmark: 5,000 and 10,000 generated load-balanced, autoscaled services
 * (services-generator.ts, 12 resources each), in the two layouts that meet CloudFormation's quotas
 * (every service in one stack; one nested stack per service under the root), compiled with
 * partitioning into nested trees. Each run is its own process (the sources bundled once with
 * esbuild, as `make build` runs them), so its peak resident memory is its own.
 *
 * Per run: compose and compile time in-process, the whole process against `node -e 0` measured in
 * the same session, peak memory, the tree's shape, the largest template against the default
 * budgets, cfn-lint over a sample (the root, the partitioned stack, a first-level partition, a
 * leaf, a service stack, each with its children present), and whether every resource of the
 * 5,000-service tree keeps its stack and logical id in the 10,000-service one.
 *
 * `node --import tsx scripts/bench/partition.ts [counts...]` prints the Markdown section;
 * `partitionBenchmarks()` returns it (and the figures) for BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, type CompileResult } from '../../dsl/index.js';
import { CFN_LINT_OPTIONS } from '../lint-cache.js';
import { loadBalancedServices, serviceNames, type ServicesLayout } from './services-generator.js';

/** The default budgets (90 % of each quota): every template must be within them. */
const BUDGET = { resources: 450, parameters: 180, outputs: 180, bytes: 943_718 };
/** The fan-out each layout is built with: the same for 5,000 and 10,000 services (growth re-partitions nothing). */
const FAN_OUT: Record<ServicesLayout, number[]> = { flat: [32, 32], stackPerService: [16, 16] };
const LAYOUT_NAMES: Record<ServicesLayout, string> = { flat: 'every service in one stack', stackPerService: 'a nested stack per service' };
const BUNDLE = 'node_modules/.cache/fargate-cfn/bench-partition.mjs';

export interface PartitionRun {
  layout: ServicesLayout;
  services: number;
  fanOut: number[];
  composeMs: number;
  compileMs: number;
  processMs: number;
  peakMiB: number;
  templates: number;
  resources: number;
  /** Resources of the template that holds the partitions at its top (the root, or Container). */
  homeResources: number;
  largest: { resources: number; parameters: number; outputs: number; bytes: number };
  /** Templates over a default budget (0 for a valid tree). */
  overBudget: string[];
  /** cfn-lint findings over the sample (empty: silent). */
  lint: string[];
  sample: string[];
}

export interface PartitionBenchmark {
  nodeMs: number;
  runs: PartitionRun[];
  /** Per layout: resources of the smaller tree that moved or were renamed in the larger one. */
  moved: Record<string, number>;
  markdown: string;
}

/** The child side: one tree, compiled; figures on stdout, sample templates and placements in `dir`. */
function runOne(layout: ServicesLayout, services: number, dir: string): void {
  const started = performance.now();
  const root = loadBalancedServices({ names: serviceNames(services), layout, partition: { fanOut: FAN_OUT[layout] } });
  const composed = performance.now();
  const result = compile(root);
  const compiled = performance.now();
  const largest = { resources: 0, parameters: 0, outputs: 0, bytes: 0 };
  const overBudget: string[] = [];
  for (const stack of result.stacks) {
    const bytes = Buffer.byteLength(JSON.stringify(stack.template));
    const counts = { resources: stack.resourceCount, parameters: stack.parameters.length, outputs: stack.outputs.length, bytes };
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
      largest[key] = Math.max(largest[key], counts[key]);
      if (counts[key] > BUDGET[key]) overBudget.push(`${stack.path}: ${counts[key]} ${key}`);
    }
  }
  const sample = writeSample(result, layout, dir);
  writeFileSync(join(dir, 'placements.txt'), placements(result).join('\n'));
  const home = result.stacks.find((s) => s.path === (layout === 'flat' ? 'Root/Container' : 'Root'))!;
  const figures: Omit<PartitionRun, 'processMs' | 'lint'> = {
    layout,
    services,
    fanOut: FAN_OUT[layout],
    composeMs: composed - started,
    compileMs: compiled - composed,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    templates: result.stacks.length,
    resources: result.stacks.reduce((n, s) => n + s.resourceCount, 0),
    homeResources: home.resourceCount,
    largest,
    overBudget,
    sample,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** Writes the sampled templates and every child they name; returns the sampled files. */
function writeSample(result: CompileResult, layout: ServicesLayout, dir: string): string[] {
  const byPath = new Map(result.stacks.map((s) => [s.path, s]));
  const home = layout === 'flat' ? 'Root/Container' : 'Root';
  const firstLevel = result.stacks.find((s) => new RegExp(`^${home}/Partition\\d+$`).test(s.path))!;
  const leaf = result.stacks.find((s) => new RegExp(`^${firstLevel.path}/Partition\\d+$`).test(s.path))!;
  const sampled = [result.root, byPath.get(home)!, firstLevel, leaf];
  if (layout === 'stackPerService') sampled.push(result.stacks.find((s) => s.path.startsWith(`${leaf.path}/Svc`))!);
  const written = new Set<string>();
  for (const stack of new Set(sampled)) {
    for (const file of [stack.file, ...stack.children.map((c) => c.file)]) {
      if (written.has(file)) continue;
      writeFileSync(join(dir, file), result.stacks.find((s) => s.file === file)!.body);
      written.add(file);
    }
  }
  return [...new Set(sampled)].map((s) => s.file);
}

function placements(result: CompileResult): string[] {
  return result.stacks.flatMap((stack) => Object.keys(stack.template['Resources'] as object).map((id) => `${stack.path} ${id}`)).sort();
}

function bundle(): string {
  // esbuild is loaded here only: the child runs the bundle, not the TypeScript sources.
  const sourceFile = fileURLToPath(import.meta.url);
  const output = resolve(dirname(sourceFile), '../..', BUNDLE);
  const esbuild = spawnSync(resolve(dirname(sourceFile), '../../node_modules/.bin/esbuild'), [sourceFile, '--bundle', '--platform=node', '--format=esm', `--outfile=${output}`, '--log-level=warning'], { encoding: 'utf8' });
  if (esbuild.status !== 0) throw new Error(`bundling the benchmark failed: ${esbuild.stderr}`);
  return output;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function cfnLint(dir: string, files: string[]): string[] {
  const pinned = resolve(dirname(fileURLToPath(import.meta.url)), '../../.venv/bin/cfn-lint');
  const run = spawnSync(existsSync(pinned) ? pinned : 'cfn-lint', [...CFN_LINT_OPTIONS, '--ignore-checks', 'W3002', '--', ...files.map((f) => join(dir, f))], { encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run cfn-lint: ${run.error.message}`);
  return `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
}

export function partitionBenchmarks(counts: number[] = [5_000, 10_000], layouts: ServicesLayout[] = ['flat', 'stackPerService']): PartitionBenchmark {
  const script = bundle();
  const nodeMs = median(
    Array.from({ length: 5 }, () => {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - started;
    }),
  );
  const work = mkdtempSync(join(tmpdir(), 'bench-partition-'));
  const runs: PartitionRun[] = [];
  const moved: Record<string, number> = {};
  try {
    for (const layout of layouts) {
      let previous: Set<string> | undefined;
      for (const services of counts) {
        const dir = join(work, `${layout}-${services}`);
        mkdirSync(dir);
        const started = performance.now();
        const child = spawnSync(process.execPath, [script, '--child', layout, String(services), dir], { encoding: 'utf8', maxBuffer: 16 << 20 });
        const processMs = performance.now() - started;
        if (child.status !== 0) throw new Error(`${layout} ${services}: ${child.stderr}`);
        const figures = JSON.parse(child.stdout) as Omit<PartitionRun, 'processMs' | 'lint'>;
        const run: PartitionRun = { ...figures, processMs, lint: cfnLint(dir, figures.sample) };
        runs.push(run);
        console.log(`${layout} ${services}: compile ${run.compileMs.toFixed(0)} ms, process ${processMs.toFixed(0)} ms, ${run.peakMiB.toFixed(0)} MiB, ${run.templates} templates, lint ${run.lint.length ? 'FINDINGS' : 'clean'}`);
        const current = new Set(readFileSync(join(dir, 'placements.txt'), 'utf8').split('\n'));
        if (previous) moved[layout] = [...previous].filter((placement) => !current.has(placement)).length;
        previous = current;
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { nodeMs, runs, moved, markdown: markdown(nodeMs, runs, moved, counts) };
}

function markdown(nodeMs: number, runs: PartitionRun[], moved: Record<string, number>, counts: number[]): string {
  const rows = runs.map((r) => {
    const valid = r.overBudget.length ? `**${r.overBudget.length} over budget**` : 'yes';
    const lint = r.lint.length ? `**${r.lint.length} findings**` : `silent (${r.sample.length} templates)`;
    return (
      `| ${LAYOUT_NAMES[r.layout]} | ${r.services.toLocaleString('en')} | \`${JSON.stringify(r.fanOut)}\` | ${r.templates.toLocaleString('en')} | ${r.resources.toLocaleString('en')} | ` +
      `${r.homeResources} | ${r.largest.resources} / ${r.largest.parameters} / ${r.largest.outputs} / ${r.largest.bytes.toLocaleString('en')} | ${valid} | ${lint} | ` +
      `${r.composeMs.toFixed(0)} | ${r.compileMs.toFixed(0)} | ${r.processMs.toFixed(0)} (${(r.processMs / nodeMs).toFixed(1)}×) | ${r.peakMiB.toFixed(0)} |`
    );
  });
  const stability = Object.entries(moved)
    .map(([layout, count]) => `${LAYOUT_NAMES[layout as ServicesLayout]}: ${count} of the ${counts[0]!.toLocaleString('en')}-service tree's resources changed stack or logical id`)
    .join('; ');
  return `## Partitioning at CloudFormation's quotas

\`node --import tsx scripts/bench/partition.ts\` (\`partitionBenchmarks()\` in \`scripts/bench/partition.ts\`): generated
load-balanced, autoscaled services (\`scripts/bench/services-generator.ts\`, 12 resources each: log group, security
group and ingress, task role and definition, target group, listener rule, service, scalable target, CPU and
request-count target tracking, 5xx alarm), compiled with partitioning on the stack that grows, each run its own
process (sources bundled with esbuild). \`node -e 0\`: ${nodeMs.toFixed(0)} ms in the same session. Largest template: the
most resources / parameters / outputs / minified bytes any template of the tree has (budgets 450 / 180 / 180 /
943,718). cfn-lint: over the root, the partitioned stack, a first-level partition, a leaf and (nested layout) a
service stack, with their children present. Growth from ${counts[0]!.toLocaleString('en')} to ${counts.at(-1)!.toLocaleString('en')} services: ${stability}.

| layout | services | fan-out | templates | resources | resources of the partitioned stack | largest template | within budgets | cfn-lint | compose ms | compile ms | whole process ms (× node -e 0) | peak MiB |
|---|---:|---|---:|---:|---:|---|---|---|---:|---:|---:|---:|
${rows.join('\n')}
`;
}

if (process.argv[2] === '--child') {
  runOne(process.argv[3] as ServicesLayout, Number(process.argv[4]), process.argv[5]!);
} else if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const counts = process.argv.slice(2).map(Number);
  console.log(partitionBenchmarks(counts.length ? counts : undefined).markdown);
}
