/**
 * `make bench`: compile-time benchmarks, written to BENCHMARKS.md with the command behind each
 * figure. In-process: compiling N generated services (N = 1, 10, 100, 1000). Whole process: node
 * start to artifacts written, for one product and for the full catalogue, with peak memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile } from '../dsl/index.js';
import { diffBenchmark } from './bench/diff.js';
import { generatedServices } from './bench/generated-services.js';

const BUNDLE = 'node_modules/.cache/fargate-cfn/build.mjs';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function inProcess(count: number, runs: number): { ms: number; resources: number; templates: number } {
  compile(generatedServices(count)); // warm up the JIT
  const times: number[] = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = compile(generatedServices(count));
    times.push(performance.now() - started);
  }
  return { ms: median(times), resources: last!.stacks.reduce((n, s) => n + s.resourceCount, 0), templates: last!.stacks.length };
}

function wholeProcess(env: Record<string, string>, runs: number): { ms: number; peakMiB: number } {
  const dist = mkdtempSync(join(tmpdir(), 'bench-dist-'));
  const times: number[] = [];
  const peaks: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const run = spawnSync('/usr/bin/time', ['-f', '%M', 'node', BUNDLE], { env: { ...process.env, ...env, DIST: dist }, encoding: 'utf8' });
      times.push(performance.now() - started);
      if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
      peaks.push(Number(run.stderr.trim().split('\n').at(-1)) / 1024);
    }
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
  return { ms: median(times), peakMiB: Math.max(...peaks) };
}

function main(): void {
  if (!existsSync(BUNDLE)) execFileSync('make', ['-s', BUNDLE], { stdio: 'inherit' });
  const rows: string[] = [];
  for (const count of [1, 10, 100, 1000]) {
    const runs = count >= 1000 ? 5 : 15;
    const r = inProcess(count, runs);
    rows.push(`| ${count} | ${r.templates} | ${r.resources} | ${r.ms.toFixed(1)} | ${(r.ms / count).toFixed(3)} |`);
    console.log(`in-process ${count} services: ${r.ms.toFixed(1)} ms (${r.templates} templates, ${r.resources} resources)`);
  }
  const bundleMs = median(
    [0, 1, 2].map(() => {
      const started = performance.now();
      execFileSync('npx', ['esbuild', 'build/cli.ts', '--bundle', '--platform=node', '--format=esm', `--outfile=${join(tmpdir(), 'bench-bundle.mjs')}`, '--log-level=warning']);
      return performance.now() - started;
    }),
  );
  const one = wholeProcess({ PRODUCT: 'minimal-service' }, 11);
  const all = wholeProcess({}, 11);
  console.log(`process minimal-service: ${one.ms.toFixed(0)} ms, ${one.peakMiB.toFixed(0)} MiB; catalogue: ${all.ms.toFixed(0)} ms, ${all.peakMiB.toFixed(0)} MiB`);
  const nodeVersion = process.version;
  const doc = `# Benchmarks

Produced by \`make bench\` (\`node --import tsx scripts/bench.ts\`), which rewrites this file.
Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${nodeVersion}. Figures are medians.

## Compile time in-process

\`compile()\` of a generated platform of N services (\`scripts/bench/generated-services.ts\`: a
network stack and services grouped 50 to a nested stack; each service a log group, security
group, task definition and service wired across stacks), after one warm-up run.

| services | templates | resources | ms | ms per service |
|---:|---:|---:|---:|---:|
${rows.join('\n')}

## Whole compile process

\`node ${BUNDLE}\` from process start to artifacts written (what \`make build\` runs once the
bundle is built; npm install and the one-off esbuild bundling excluded), median of 11 runs, peak
resident memory from \`/usr/bin/time -f %M\`.

| build | ms | peak MiB |
|---|---:|---:|
| \`PRODUCT=minimal-service\` | ${one.ms.toFixed(0)} | ${one.peakMiB.toFixed(0)} |
| full catalogue | ${all.ms.toFixed(0)} | ${all.peakMiB.toFixed(0)} |

Bundling the sources with esbuild (\`npx esbuild build/cli.ts --bundle ...\`, what make runs when a
source changed): ${bundleMs.toFixed(0)} ms, median of 3, npx start included.
`;
  const diff = diffBenchmark();
  console.log(diff.summary);
  writeFileSync('BENCHMARKS.md', doc + diff.section);
  console.log('wrote BENCHMARKS.md');
}

main();
