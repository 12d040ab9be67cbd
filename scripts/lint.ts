/**
 * `make lint [PRODUCT=x] [ENV=y]`: cfn-lint and checkov over every artifact in dist/, or over
 * one product's (one environment's). Unpublished templates are linted with their local children
 * (so nested parameters and outputs are cross-checked) and only W3002 ignored (a local TemplateURL
 * needs `package`); packaged copies with nothing ignored. Each artifact counts as one check per
 * linter; the last line is `lint: N passed, N failed`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Manifest } from '../build/compile-product.js';

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

/** One cfn-lint run over `files`; findings grouped by file. */
function cfnLint(files: string[], ignore: string[]): Map<string, string[]> {
  const findings = new Map<string, string[]>();
  if (!files.length) return findings;
  const { status, output } = run(tool('cfn-lint'), ['--format', 'parseable', ...(ignore.length ? ['--ignore-checks', ...ignore] : []), '--', ...files]);
  for (const line of output.split('\n').filter(Boolean)) {
    const file = files.find((f) => line.startsWith(f + ':')) ?? '(cfn-lint)';
    findings.set(file, [...(findings.get(file) ?? []), line]);
  }
  if (status !== 0 && findings.size === 0) findings.set('(cfn-lint)', [`cfn-lint exited ${status} without findings`]);
  return findings;
}

interface CheckovFailure {
  check_id: string;
  check_name: string;
  file_path: string;
  file_abs_path?: string;
  resource: string;
}

/** One checkov run over exactly `files`; failed checks grouped by file. */
function checkov(files: string[]): Map<string, string[]> {
  const findings = new Map<string, string[]>();
  if (!files.length) return findings;
  const { status, output } = run(tool('checkov', '.venv-checkov'), ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', '-f', ...files]);
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
    const file = files.find((f) => f === failure.file_abs_path) ?? files.find((f) => f.endsWith(failure.file_path)) ?? failure.file_path;
    findings.set(file, [...(findings.get(file) ?? []), `${failure.check_id} ${failure.resource}: ${failure.check_name}`]);
  }
  return findings;
}

function main(): number {
  const folders = selectedFolders();
  if (typeof folders === 'string') {
    console.error(`lint: ${folders}`);
    console.log('lint: 0 passed, 1 failed');
    return 1;
  }
  const unpublished = folders.flatMap((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    return manifest.artifacts.map((a) => join(folder, a.path));
  });
  const packaged = folders.flatMap((folder) => {
    const dir = join(folder, 'packaged');
    return existsSync(dir) ? readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => join(dir, f)) : [];
  });
  const checks: [string, string[], Map<string, string[]>][] = [
    ['cfn-lint', unpublished, cfnLint(unpublished, ['W3002'])],
    ['cfn-lint (packaged)', packaged, cfnLint(packaged, [])],
    ['checkov', [...unpublished, ...packaged], checkov([...unpublished, ...packaged])],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, files, findings] of checks) {
    for (const file of files) {
      const found = findings.get(file) ?? [];
      if (found.length) {
        failed++;
        console.log(`FAIL ${name} ${relative(process.cwd(), file)}`);
        for (const f of found) console.log(`  ${f}`);
      } else {
        passed++;
      }
    }
    for (const [file, found] of findings) {
      if (!files.includes(file)) {
        failed++;
        console.log(`FAIL ${name} ${file}\n  ${found.join('\n  ')}`);
      }
    }
    console.log(`${name}: ${files.length} artifact(s) checked`);
  }
  console.log(`lint: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = main();
