/**
 * `make diff [PRODUCT=x ENV=y] [BASE=<git ref | dist folder | released version>] [NEW=<git ref | dist folder>] [FORMAT=text|markdown|json]`
 * What a deploy of the new build would do to stacks deployed from the base, offline: resources
 * added, removed and modified (replacement, may replace, in place), security changes, parameters,
 * outputs and wiring. Exit 0: no change; 1: changes; 2: a replacement, a finding (data loss, a
 * name clash) or a security widening; 3: the diff could not be made (the message says why).
 * Also `node --import tsx scripts/diff/cli.ts [--base X] [--new X] [--product x] [--env y] [--format F | --json]`.
 */
import { diffBuilds, type Selection } from './diff-builds.js';
import { DiffInputError } from './errors.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';
import { resolveSide, type Side } from './sides.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface Options extends Selection {
  base?: string;
  new?: string;
  format: Format;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const value = (name: string) => env[name] || undefined;
  const options: Options = { format: 'text' };
  const base = value('BASE');
  const next = value('NEW');
  const product = value('PRODUCT');
  const environment = value('ENV');
  const format = value('DIFF_FORMAT');
  if (base) options.base = base;
  if (next) options.new = next;
  if (product) options.product = product;
  if (environment) options.environment = environment;
  let chosen = format;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const take = () => {
      const v = argv[++i];
      if (v === undefined) throw new DiffInputError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') chosen = 'json';
    else if (arg === '--format') chosen = take();
    else if (arg === '--base') options.base = take();
    else if (arg === '--new') options.new = take();
    else if (arg === '--product') options.product = take();
    else if (arg === '--env') options.environment = take();
    else throw new DiffInputError(`unknown argument ${arg} (allowed: --base, --new, --product, --env, --format text|markdown|json, --json)`);
  }
  if (chosen !== undefined) {
    if (!FORMATS.includes(chosen as Format)) throw new DiffInputError(`FORMAT=${chosen} is not a diff format (${FORMATS.join(', ')})`);
    options.format = chosen as Format;
  }
  return options;
}

async function main(): Promise<number> {
  let sides: Side[] = [];
  try {
    const options = parseArgs(process.argv.slice(2), process.env);
    const repo = process.cwd();
    const settled = await Promise.allSettled([resolveSide('BASE', options.base, repo, options), resolveSide('NEW', options.new, repo, options)]);
    sides = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [base, next] = sides as [Side, Side];
    const started = performance.now();
    const report = diffBuilds(base.source, next.source, options);
    const output = options.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : options.format === 'markdown' ? renderMarkdown(report) : renderText(report);
    process.stdout.write(output);
    const built = sides.filter((s) => s.buildSeconds).map((s) => `${s.source.label} built in ${s.buildSeconds.toFixed(1)} s${s.nodeModules ? ` (${s.nodeModules})` : ''}`);
    console.error(`diff: ${[...built, `compared in ${Math.round(performance.now() - started)} ms`].join(', ')}`);
    return report.exitCode;
  } catch (error) {
    if (error instanceof DiffInputError) {
      console.error(`diff: ${error.message}`);
      return 3;
    }
    throw error;
  } finally {
    for (const side of sides) side.cleanup();
  }
}

process.exitCode = await main();
