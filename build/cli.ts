/**
 * `make build [PRODUCT=x] [ENV=y] [FORMAT=json|json-min|yaml]`: compiles the catalogue into
 * dist/<product>/<environment>/ and prints a summary table. Any error: a message naming the
 * product, environment and input, exit code 1, and dist/ left as it was.
 */
import { dirname, join, resolve } from 'node:path';
import { writeSync } from 'node:fs';
import { milliseconds } from './clock.js';
import type { TemplateFormat } from '../dsl/index.js';
import { catalogue } from './catalogue.js';
import { build, type BuildResult } from './run-build.js';
import { formatSummary } from './summary.js';
import type { UpToDateOptions } from './up-to-date.js';

/**
 * A line to stdout (1) or stderr (2), written straight to the file descriptor: a build prints a
 * few lines and exits, and node's console would first set up its streams (a few ms of every run).
 * A descriptor that would block (a non-blocking pipe) gets the rest through node's streams.
 */
function print(fd: 1 | 2, line: string): void {
  const bytes = Buffer.from(line + '\n');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

function main(): number {
  const started = milliseconds();
  const env = process.env;
  const distDir = resolve(env['DIST'] || 'dist');
  let result: BuildResult;
  try {
    result = build({
      catalogue,
      distDir,
      product: env['PRODUCT'] || undefined,
      environment: env['ENV'] || undefined,
      format: (env['FORMAT'] || 'json') as TemplateFormat,
      upToDate: upToDateOptions(),
    });
  } catch (error) {
    print(2, `build failed: ${(error as Error).message}`);
    print(2, 'dist/ was left as it was.');
    return 1;
  }
  const { built, unchanged, current, all } = result;
  for (const b of all) for (const w of b.warnings) print(2, `warning: ${b.product}/${b.environment}: stack ${w.stack}: ${w.message}`);
  print(1, formatSummary(all));
  const ms = Math.round(milliseconds() - started);
  const written = built.length - unchanged.size;
  const skipped = current.length ? `; ${current.length} not compiled: code, inputs and files as last built` : '';
  if (!written) print(1, `${all.length} environment(s) already up to date in ${distDir} (${ms} ms${skipped})`);
  else print(1, `wrote ${written} environment(s) to ${distDir}${unchanged.size + current.length ? ` (${unchanged.size + current.length} already up to date${skipped})` : ''} in ${ms} ms`);
  return 0;
}

/**
 * Up-to-date records when the build runs as its bundle (make build): the bundle is the code they
 * name, and they live beside it. BUILD_CACHE=0 compiles everything.
 */
function upToDateOptions(): UpToDateOptions | undefined {
  const code = process.argv[1];
  if (!code?.endsWith('.cjs') || process.env['BUILD_CACHE'] === '0') return undefined;
  return { dir: join(dirname(code), 'up-to-date'), code };
}

process.exitCode = main();
