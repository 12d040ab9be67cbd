/**
 * `make bench`: compile-time benchmarks, written to BENCHMARKS.md with the command behind each
 * figure. In-process: compiling N generated services (N = 1 ... 10,000) and serialising the
 * catalogue in each format. Whole process: exactly what `make build` runs, for one product and the
 * catalogue, JSON and YAML, as ratios to an empty `node -e 0` measured in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildEnvironment } from '../build/compile-product.js';
import { catalogue } from '../build/catalogue.js';
import { compile, serialize, type Json, type TemplateFormat } from '../dsl/index.js';
import { diffBenchmark } from './bench/diff.js';
import { partitionBenchmarks } from './bench/partition.js';
import { generatedServices } from './bench/generated-services.js';
import { median, timeProcesses, type ProcessFigures } from './bench/processes.js';

const CACHE_DIR = 'node_modules/.cache/fargate-cfn';
const PROCESS_RUNS = 21;
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface InProcess {
  services: number;
  ms: number;
  templates: number;
  resources: number;
  runs: number;
}

function inProcess(count: number, runs: number): InProcess {
  // Warm up the JIT on this size: the figures are of compiled code, not of its first runs.
  for (let i = 0; i < (count >= 10000 ? 1 : 3); i++) compile(generatedServices(count));
  const times: number[] = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const tree = generatedServices(count);
    collectGarbage(); // each run starts from the same heap, not the garbage of the one before
    const started = performance.now();
    last = compile(tree);
    times.push(performance.now() - started);
  }
  return { services: count, ms: median(times), templates: last!.stacks.length, resources: last!.stacks.reduce((n, s) => n + s.resourceCount, 0), runs };
}

/** Serialising every template of the catalogue, warm, per format. */
function serialiseCosts(): Record<TemplateFormat, number> {
  const templates = catalogue.flatMap((p) => Object.keys(p.environments).flatMap((env) => buildEnvironment(p, env, 'json').result.stacks.map((s) => s.template as Json)));
  const formats: TemplateFormat[] = ['json', 'json-min', 'yaml'];
  const times = Object.fromEntries(formats.map((f) => [f, [] as number[]])) as Record<TemplateFormat, number[]>;
  for (let run = 0; run < 40; run++) {
    for (const format of formats) {
      const started = performance.now();
      for (const template of templates) serialize(template, format);
      if (run >= 10) times[format].push(performance.now() - started);
    }
  }
  return Object.fromEntries(formats.map((f) => [f, median(times[f])])) as Record<TemplateFormat, number>;
}

/**
 * `make test` once (only with `make bench TEST=1`: it takes minutes): its table of stage times and
 * its last line, and whether the linters found their record warm.
 */
function makeTestTimes(): string | undefined {
  if (process.env['BENCH_TEST'] !== '1') return undefined;
  const started = performance.now();
  const result = spawnSync('bash', ['scripts/test.sh'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 << 20 });
  const seconds = (performance.now() - started) / 1000;
  const lines = result.stdout.split('\n');
  const table = lines.slice(lines.findIndex((l) => l.startsWith('== times'))).filter((l) => l.startsWith('  '));
  const fromRecord = lines.filter((l) => l.includes('unchanged since their last green lint')).length;
  return [
    `\`make test\` (\`bash scripts/test.sh\`): ${seconds.toFixed(0)} s wall clock, load average ${loadavg()[0]!.toFixed(1)} when it ended; the linters' record was ${fromRecord ? 'warm (the dist/ lint passed from it)' : 'cold'}. Last line: \`${lines.filter(Boolean).at(-1)}\`.`,
    '',
    '```',
    ...table,
    '```',
  ].join('\n');
}

function bundle(entry: string, outfile: string): void {
  execFileSync('npx', ['esbuild', entry, '--bundle', '--platform=node', '--format=cjs', '--define:import.meta.url=__filename', `--outfile=${outfile}`, '--log-level=warning']);
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);
const ratio = (n: number, base: number) => `${(n / base).toFixed(2)}×`;

function main(): void {
  const startLoad = loadavg()[0]!.toFixed(1);
  execFileSync('make', ['-s', `${CACHE_DIR}/cli.cjs`], { stdio: 'inherit' });
  const buildCommand = execFileSync('make', ['-s', 'build-command'], { encoding: 'utf8' }).trim();

  const compileRows: InProcess[] = [];
  for (const [count, runs] of [[1, 15], [10, 15], [100, 15], [1000, 9], [10000, 3]] as const) {
    const r = inProcess(count, runs);
    compileRows.push(r);
    console.log(`in-process ${count} services: ${fixed(r.ms, 1)} ms (${r.templates} templates, ${r.resources} resources)`);
  }
  const scaling = compileRows.find((r) => r.services === 10000)!.ms / compileRows.find((r) => r.services === 1000)!.ms;

  const generated = join(CACHE_DIR, 'compile-generated.cjs');
  bundle('scripts/bench/compile-generated.ts', generated);
  const memory = [1000, 10000].map((n) => JSON.parse(execFileSync('node', [generated, String(n)], { encoding: 'utf8' })) as { services: number; milliseconds: number; peakMiB: number });
  console.log(`peak memory: ${memory.map((m) => `${m.services} services ${fixed(m.peakMiB)} MiB`).join(', ')}`);

  const serialise = serialiseCosts();
  console.log(`serialise the catalogue: json ${fixed(serialise.json, 2)} ms, json-min ${fixed(serialise['json-min'], 2)} ms, yaml ${fixed(serialise.yaml, 2)} ms`);

  const build = buildCommand.split(' ');
  const seed = { PRODUCT: 'web-app-service-connect' };
  const processes = timeProcesses(
    [
      { label: 'empty', shown: 'node -e 0', argv: ['node', '-e', '0'] },
      { label: 'seed', shown: `PRODUCT=web-app-service-connect ${buildCommand}`, argv: build, env: seed },
      { label: 'seed-fresh', shown: 'the same, into an empty DIST', argv: build, env: seed, freshDist: true },
      { label: 'catalogue', shown: buildCommand, argv: build },
      { label: 'catalogue-fresh', shown: 'the same, into an empty DIST', argv: build, freshDist: true },
      { label: 'yaml', shown: `FORMAT=yaml ${buildCommand}`, argv: build, env: { FORMAT: 'yaml' } },
      { label: 'yaml-fresh', shown: 'the same, into an empty DIST', argv: build, env: { FORMAT: 'yaml' }, freshDist: true },
    ],
    PROCESS_RUNS,
  );
  const byLabel = Object.fromEntries(processes.map((p) => [p.label, p])) as Record<string, ProcessFigures>;
  const empty = byLabel['empty']!;
  for (const p of processes) console.log(`process ${p.label}: ${fixed(p.wall)} ms (${ratio(p.wall, empty.wall)}), cpu ${fixed(p.cpu)} ms, ${fixed(p.peakMiB)} MiB`);

  const bundleMs = median(
    [0, 1, 2].map(() => {
      const started = performance.now();
      bundle('build/cli.ts', join(tmpdir(), 'bench-bundle.cjs'));
      return performance.now() - started;
    }),
  );

  const testTimes = makeTestTimes();
  const yamlToJson = (yaml: string, json: string) => byLabel[yaml]!.wall / byLabel[json]!.wall;
  const targets: [string, string, boolean][] = [
    ['whole process, seed-000 product', `≤ 1.4× \`node -e 0\`: ${ratio(byLabel['seed']!.wall, empty.wall)} (into an empty DIST ${ratio(byLabel['seed-fresh']!.wall, empty.wall)})`, byLabel['seed']!.wall / empty.wall <= 1.4],
    ['whole process, catalogue', `≤ 1.8× \`node -e 0\`: ${ratio(byLabel['catalogue']!.wall, empty.wall)} (into an empty DIST ${ratio(byLabel['catalogue-fresh']!.wall, empty.wall)})`, byLabel['catalogue']!.wall / empty.wall <= 1.8],
    ['YAML whole process', `≤ 1.1× JSON: ${yamlToJson('yaml', 'catalogue').toFixed(2)}× (into an empty DIST ${yamlToJson('yaml-fresh', 'catalogue-fresh').toFixed(2)}×)`, yamlToJson('yaml', 'catalogue') <= 1.1],
    ['in-process compile', `t(10,000) / t(1,000) ≤ 11: ${scaling.toFixed(1)}`, scaling <= 11],
    ['peak memory, 10,000 services', `≤ 200 MiB: ${fixed(memory[1]!.peakMiB)} MiB`, memory[1]!.peakMiB <= 200],
  ];

  const doc = `# Benchmarks

Produced by \`make bench\` (\`node --expose-gc --import tsx scripts/bench.ts\`; \`make bench TEST=1\` also
times \`make test\`), which rewrites this file. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node
${process.version}, load average ${startLoad} when the run began (the machine is shared). Figures are
medians; a shared machine makes single figures noisy, so whole processes are given as ratios to
an empty \`node -e 0\` measured in the same run, the commands taking turns run by run.

## Targets

| what | target: measured | met |
|---|---|---|
${targets.map(([what, figure, met]) => `| ${what} | ${figure} | ${met ? 'yes' : 'no'} |`).join('\n')}

## Whole process

Exactly what \`make build\` runs once the bundle is built (\`make -s build-command\`), from process
start to artifacts written; median of ${PROCESS_RUNS} runs each; CPU is user + system time from
\`/usr/bin/time\` (10 ms steps); peak is the largest resident memory seen. "Rebuild" writes into
the DIST of the previous run (what a second \`make build\` does: nothing changed, so each
environment's code, input files and dist files match the record of its last build, and nothing is
compiled or written; build/up-to-date.ts); "into an empty DIST" compiles and writes every artifact.

| build | command | wall ms | × \`node -e 0\` | CPU ms | peak MiB |
|---|---|---:|---:|---:|---:|
${processes.map((p) => `| ${p.label} | \`${p.shown}\` | ${fixed(p.wall)} | ${ratio(p.wall, empty.wall)} | ${fixed(p.cpu)} | ${fixed(p.peakMiB)} |`).join('\n')}

YAML over JSON, whole process: ${yamlToJson('yaml', 'catalogue').toFixed(2)}× rebuilding, ${yamlToJson('yaml-fresh', 'catalogue-fresh').toFixed(2)}× into an empty DIST.

## Serialisation in-process

Every template of the catalogue (${catalogue.length} products, all environments) serialised once,
warm (median of 30 runs after 10): JSON ${fixed(serialise.json, 2)} ms, minified JSON ${fixed(serialise['json-min'], 2)} ms,
YAML ${fixed(serialise.yaml, 2)} ms (${(serialise.yaml / serialise.json).toFixed(1)}× JSON).

## Compile time in-process

\`compile()\` of a generated platform of N services (\`scripts/bench/generated-services.ts\`: a
network stack and services grouped 50 to a nested stack; each service a log group, security
group, task definition and service wired across stacks), after three warm-up runs (one for
10,000), garbage collected before each run. t(10,000) / t(1,000) = ${scaling.toFixed(1)}.

| services | templates | resources | runs | ms | ms per service |
|---:|---:|---:|---:|---:|---:|
${compileRows.map((r) => `| ${r.services} | ${r.templates} | ${r.resources} | ${r.runs} | ${fixed(r.ms, 1)} | ${fixed(r.ms / r.services, 3)} |`).join('\n')}

Peak resident memory of a fresh process that compiles N services once
(\`node ${generated} N\`, bundled from \`scripts/bench/compile-generated.ts\`):
${memory.map((m) => `${m.services.toLocaleString('en-US')} services ${fixed(m.peakMiB)} MiB (${fixed(m.milliseconds)} ms cold)`).join(', ')}.

## make test

${testTimes ?? 'Not timed in this run (`make bench TEST=1` times it).'}

## Bundling

Bundling the sources with esbuild (\`npx esbuild build/cli.ts --bundle ...\`, what make runs when a
source changed): ${fixed(bundleMs)} ms, median of 3, npx start included.
`;
  const diff = diffBenchmark();
  console.log(diff.summary);
  const partition = partitionBenchmarks();
  writeFileSync('BENCHMARKS.md', doc + diff.section + '\n' + partition.markdown);
  console.log('wrote BENCHMARKS.md');
}

main();
