/**
 * `node compile-generated.cjs <N>`: compiles N generated services once in a fresh process and
 * prints one JSON line: milliseconds, templates, resources and the process's peak resident memory
 * (`process.resourceUsage().maxRSS`). The benchmark runs it bundled, so that the figure is the
 * compiler's and node's, not a TypeScript loader's.
 */
import { compile } from '../../dsl/index.js';
import { generatedServices } from './generated-services.js';

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) {
  console.error('usage: node compile-generated.cjs <number of services>');
  process.exit(2);
}
const started = performance.now();
const result = compile(generatedServices(count));
const milliseconds = performance.now() - started;
console.log(
  JSON.stringify({
    services: count,
    milliseconds,
    templates: result.stacks.length,
    resources: result.stacks.reduce((n, s) => n + s.resourceCount, 0),
    peakMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
