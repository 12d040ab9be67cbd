/**
 * `node --import tsx scripts/test/run-shard.ts <file>...` (paths under tests/): runs those uvu
 * test files in one process, as `uvu tests <pattern>` would (the same queue and output, through
 * uvu's own `exec`), and records how long each file took, import and tests, under
 * node_modules/.cache/fargate-cfn/test-durations/, so that scripts/test.sh can balance its shards
 * by what each file really costs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DURATIONS = resolve('node_modules/.cache/fargate-cfn/test-durations');

type Run = () => Promise<unknown[]>;
const state = globalThis as { UVU_DEFER?: number; UVU_QUEUE?: [string | null, ...Run[]][]; UVU_INDEX?: number };

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node --import tsx scripts/test/run-shard.ts <file under tests/>...');
  process.exit(2);
}
// What uvu's CLI sets before any test file imports uvu: suites queue instead of running at once.
state.UVU_DEFER = 1;
state.UVU_QUEUE = [];
const uvu = await import('uvu');
const milliseconds = new Map<string, number>();
const now = () => Number(process.hrtime.bigint()) / 1e6;

for (const [index, file] of files.entries()) {
  state.UVU_INDEX = index;
  state.UVU_QUEUE.push([file]);
  const started = now();
  await import(pathToFileURL(resolve('tests', file)).href);
  milliseconds.set(file, now() - started);
}
for (const group of state.UVU_QUEUE) {
  const file = group[0]!;
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as Run;
    group[i] = async () => {
      const started = now();
      try {
        return await run();
      } finally {
        milliseconds.set(file, (milliseconds.get(file) ?? 0) + now() - started);
      }
    };
  }
}
await uvu.exec();

mkdirSync(DURATIONS, { recursive: true });
for (const [file, ms] of milliseconds) writeFileSync(join(DURATIONS, file.replaceAll('/', '__')), `${Math.round(ms)}\n`);
