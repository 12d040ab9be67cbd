/**
 * `make build [PRODUCT=x] [ENV=y] [FORMAT=json|json-min|yaml]`: compiles the catalogue into
 * dist/<product>/<environment>/ and prints a summary table. Any error: a message naming the
 * product, environment and input, exit code 1, and dist/ left as it was.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TemplateFormat } from '../dsl/index.js';
import { catalogue } from './catalogue.js';
import { build, type BuildResult } from './run-build.js';
import { formatSummary } from './summary.js';

function main(): number {
  const started = performance.now();
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
    });
  } catch (error) {
    console.error(`build failed: ${(error as Error).message}`);
    console.error('dist/ was left as it was.');
    return 1;
  }
  const { built, unchanged } = result;
  for (const b of built) for (const w of b.warnings) console.warn(`warning: ${b.product}/${b.environment}: stack ${w.stack}: ${w.message}`);
  console.log(formatSummary(built));
  const written = unchanged.size ? `${built.length - unchanged.size} environment(s) (${unchanged.size} already up to date)` : `${built.length} environment(s)`;
  console.log(`wrote ${written} to ${distDir} in ${Math.round(performance.now() - started)} ms`);
  return 0;
}

process.exitCode = main();
