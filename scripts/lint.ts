/**
 * `make lint [PRODUCT=x] [ENV=y]`: cfn-lint and checkov over every artifact in dist/, or over one
 * product's (one environment's). Unpublished templates are
 * linted with their local children (so nested parameters and outputs are cross-checked) and only
 * W3002 ignored (a local TemplateURL needs `package`); packaged copies with nothing ignored.
 * Each artifact counts as one check per linter; the last line is `lint: N passed, N failed`.
 * Folders whose files are byte for byte those of a green lint (same linter, same options) pass
 * from that record without a run, and the output says how many (scripts/lint-cache.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Manifest } from '../build/compile-product.js';
import { CFN_LINT_OPTIONS, LintCache, withSiblings } from './lint-cache.js';

const dist = resolve(process.env['DIST'] || 'dist');
const product = process.env['PRODUCT'] || undefined;
const environment = process.env['ENV'] || undefined;
/** The project's pinned tools (`make venv`), else whatever is on PATH. */
const tool = (name: string, venv = '.venv') => {
  const pinned = resolve(venv, 'bin', name);
  return existsSync(pinned) ? pinned : name;
};

/** Every built environment folder, as `[product, environment, folder]`. */
function environmentFolders(): [string, string, string][] {
  if (!existsSync(dist)) return [];
  return readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .flatMap((d) =>
      readdirSync(join(dist, d.name), { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e): [string, string, string] => [d.name, e.name, join(dist, d.name, e.name)]),
    )
    .filter(([, , folder]) => existsSync(join(folder, 'manifest.json')));
}

/** The folders PRODUCT and ENV select; a selection that matches nothing is an error naming what is built. */
function selectedFolders(): string[] | string {
  const built = environmentFolders();
  const chosen = built.filter(([p, e]) => (!product || p === product) && (!environment || e === environment));
  if (chosen.length) return chosen.map(([, , folder]) => folder);
  if (!built.length) return `no built products in ${dist}; run make build first`;
  const asked = [product && `PRODUCT=${product}`, environment && `ENV=${environment}`].filter(Boolean).join(' ');
  const names = built.map(([p, e]) => `${p}/${e}`).join(', ');
  const where = dist.startsWith(process.cwd() + sep) ? relative(process.cwd(), dist) : dist;
  return `${asked} matches nothing built in ${where} (built: ${names}); run make build ${asked}`;
}

function run(command: string, args: string[]): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }) };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string; message: string };
    if (e.status === undefined) throw new Error(`cannot run ${command}: ${e.message}`);
    return { status: e.status, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A group of files linted together, and recorded as green together (scripts/lint-cache.ts). */
interface Unit {
  files: string[];
}

interface Linter {
  name: string;
  cache: LintCache;
  /** One run over `files`; findings grouped by file (a finding of no file under `(name)`). */
  run: (files: string[]) => Map<string, string[]>;
}

const ignoring = (ignore: string[]) => (ignore.length ? ['--ignore-checks', ...ignore] : []);

function cfnLint(ignore: string[], label: string): Linter {
  const options = [...CFN_LINT_OPTIONS, ...ignoring(ignore)];
  return {
    name: label,
    cache: new LintCache('cfn-lint', '.venv', options),
    run: (files) => {
      const findings = new Map<string, string[]>();
      const { status, output } = run(tool('cfn-lint'), [...options, '--', ...files]);
      for (const line of output.split('\n').filter(Boolean)) {
        const file = files.find((f) => line.startsWith(f + ':')) ?? '(cfn-lint)';
        findings.set(file, [...(findings.get(file) ?? []), line]);
      }
      if (status !== 0 && findings.size === 0) findings.set('(cfn-lint)', [`cfn-lint exited ${status} without findings`]);
      return findings;
    },
  };
}

interface CheckovFailure {
  check_id: string;
  check_name: string;
  file_path: string;
  resource: string;
}

const CHECKOV_OPTIONS = ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download'];

function checkov(): Linter {
  return {
    name: 'checkov',
    cache: new LintCache('checkov', '.venv-checkov', CHECKOV_OPTIONS),
    run: (files) => {
      const findings = new Map<string, string[]>();
      const { status, output } = run(tool('checkov', '.venv-checkov'), ['-f', ...files, ...CHECKOV_OPTIONS]);
      const start = output.search(/[[{]/);
      let parsed: unknown;
      try {
        parsed = JSON.parse(output.slice(start));
      } catch {
        findings.set('(checkov)', [`checkov exited ${status} with unreadable output: ${output.slice(0, 500)}`]);
        return findings;
      }
      const reports = (Array.isArray(parsed) ? parsed : [parsed]) as { results?: { failed_checks?: CheckovFailure[] } }[];
      for (const failure of reports.flatMap((r) => r.results?.failed_checks ?? [])) {
        // checkov names a file given with -f by its path relative to the working directory, after a `/`.
        const named = resolve(failure.file_path.replace(/^\/+/, ''));
        const file = files.find((f) => f === named || f === failure.file_path) ?? failure.file_path;
        findings.set(file, [...(findings.get(file) ?? []), `${failure.check_id} ${failure.resource}: ${failure.check_name}`]);
      }
      return findings;
    },
  };
}

/**
 * Lints the units that changed since their last green lint in one run, records the green ones,
 * and counts every file as one check: passed from the record, passed, or failed with findings.
 */
function lintUnits(linter: Linter, units: readonly Unit[]): { passed: number; failed: number } {
  const keyed = units.map((unit) => {
    const { files, targets } = withSiblings(unit.files);
    return { unit, key: linter.cache.key(files, targets) };
  });
  const fresh = keyed.filter(({ key }) => !linter.cache.passed(key));
  const findings = fresh.length ? linter.run(fresh.flatMap(({ unit }) => unit.files)) : new Map<string, string[]>();
  const allFiles = units.flatMap((u) => u.files);
  // A finding of no file (a linter that could not run) keeps every unit of the run from the record.
  const runFailed = [...findings.keys()].some((file) => !allFiles.includes(file));
  let passed = 0;
  let failed = 0;
  for (const { unit, key } of fresh) {
    const found = unit.files.filter((file) => findings.get(file)?.length);
    for (const file of found) {
      console.log(`FAIL ${linter.name} ${relative(process.cwd(), file)}`);
      for (const f of findings.get(file)!) console.log(`  ${f}`);
    }
    failed += found.length;
    passed += unit.files.length - found.length;
    if (!found.length && !runFailed) linter.cache.recordPass(key);
  }
  for (const [file, found] of findings) {
    if (!allFiles.includes(file)) {
      failed++;
      console.log(`FAIL ${linter.name} ${file}\n  ${found.join('\n  ')}`);
    }
  }
  const recorded = keyed.length - fresh.length;
  const fromRecord = keyed.filter(({ key }) => !fresh.some((f) => f.key === key)).reduce((n, { unit }) => n + unit.files.length, 0);
  passed += fromRecord;
  console.log(
    `${linter.name}: ${allFiles.length} artifact(s) checked` +
      (recorded ? `, ${fromRecord} of them in ${recorded} folder(s) unchanged since their last green lint (passed from node_modules/.cache/fargate-cfn/lint, not linted again)` : ''),
  );
  return { passed, failed };
}

function main(): number {
  const folders = selectedFolders();
  if (typeof folders === 'string') {
    console.error(`lint: ${folders}`);
    console.log('lint: 0 passed, 1 failed');
    return 1;
  }
  const unpublished: Unit[] = folders.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    return { files: manifest.artifacts.map((a) => join(folder, a.path)) };
  });
  const packaged: Unit[] = folders.flatMap((folder) => {
    const dir = join(folder, 'packaged');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => join(dir, f)) : [];
    return files.length ? [{ files }] : [];
  });
  const runs: [Linter, Unit[]][] = [
    [cfnLint(['W3002'], 'cfn-lint'), unpublished],
    [cfnLint([], 'cfn-lint (packaged)'), packaged],
    [checkov(), [...unpublished, ...packaged]],
  ];
  let passed = 0;
  let failed = 0;
  for (const [linter, units] of runs) {
    const counts = lintUnits(linter, units);
    passed += counts.passed;
    failed += counts.failed;
  }
  console.log(`lint: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = main();
