/**
 * A record of linter runs that found nothing, so that `make test` lints only what changed since
 * the last green lint. A key covers everything such a result depends on: the linter's Python
 * environment (the name and version of every package installed in it, its Python version), the
 * arguments, and the name and bytes of every file of the run, including the nested templates a
 * root names by relative path. Only green runs are recorded; a finding is always linted and
 * reported afresh. Entries are empty files under node_modules/.cache/fargate-cfn/lint/, named by
 * their key (git-ignored with node_modules); `LINT_CACHE=0` turns the record off.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'fargate-cfn', 'lint');

/**
 * cfn-lint's options wherever the project runs it: its default rules, and I3011 from its informational
 * set (a stateful resource, a nested stack among them, states DeletionPolicy and UpdateReplacePolicy;
 * the compiler's own stateful check covers the types it knows, this one cfn-lint's list).
 */
export const CFN_LINT_OPTIONS: readonly string[] = ['--format', 'parseable', '--include-checks', 'I3011'];

export interface LintFile {
  /** Name as the linter sees it relative to the other files of the run (e.g. `prod/root.json`). */
  name: string;
  content: string | Buffer;
}

/** The installed packages of a virtual environment, or undefined when the tool is not from one. */
function environmentOf(venv: string): string | undefined {
  const lib = join(ROOT, venv, 'lib');
  if (!existsSync(lib)) return undefined;
  const pythons = readdirSync(lib).filter((d) => d.startsWith('python')).sort();
  const packages = pythons.flatMap((python) => {
    const site = join(lib, python, 'site-packages');
    return existsSync(site) ? readdirSync(site).filter((d) => d.endsWith('.dist-info')).map((d) => `${python}/${d}`) : [];
  });
  return packages.length ? packages.sort().join('\n') : undefined;
}

export class LintCache {
  private readonly identity: string | undefined;

  /**
   * `tool` names the linter and `venv` the environment it runs from (`.venv`, `.venv-checkov`);
   * without that environment (a linter from PATH) nothing is recorded or reused.
   */
  constructor(tool: string, venv: string, args: readonly string[]) {
    const environment = process.env['LINT_CACHE'] === '0' ? undefined : environmentOf(venv);
    this.identity = environment === undefined ? undefined : JSON.stringify({ tool, args, environment });
  }

  /** `targets` names the files the linter is given, of `files` (which holds what it may read). */
  key(files: readonly LintFile[], targets: readonly string[]): string | undefined {
    if (this.identity === undefined) return undefined;
    const hash = createHash('sha256').update(this.identity).update(JSON.stringify([...targets].sort()));
    for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      hash.update(`\0${file.name}\0${Buffer.byteLength(file.content)}\0`).update(file.content);
    }
    return hash.digest('hex');
  }

  /** Whether these exact files passed before. */
  passed(key: string | undefined): boolean {
    return key !== undefined && existsSync(join(CACHE_DIR, key));
  }

  recordPass(key: string | undefined): void {
    if (key === undefined) return;
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(join(CACHE_DIR, key), '');
  }
}

/**
 * What a linter may read for `files`: each file and every other template in its folder (a root
 * names its nested templates by relative path), named by folder (numbered) and file name; and the
 * names the files themselves have in that scheme.
 */
export function withSiblings(files: readonly string[]): { files: LintFile[]; targets: string[] } {
  const folders = [...new Set(files.map((f) => dirname(resolve(f))))];
  const nameOf = (file: string) => `${folders.indexOf(dirname(resolve(file)))}/${basename(file)}`;
  return {
    files: folders.flatMap((folder, index) =>
      readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isFile() && /\.(json|ya?ml)$/.test(e.name))
        .map((e) => ({ name: `${index}/${e.name}`, content: readFileSync(join(folder, e.name)) })),
    ),
    targets: files.map(nameOf),
  };
}
