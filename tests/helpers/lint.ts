/**
 * Runs the real cfn-lint over compiled trees. Roots are linted with their local children, so
 * cfn-lint cross-checks the parameters and outputs between nested stacks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CompileResult } from '../../dsl/index.js';
import { CFN_LINT_OPTIONS, LintCache, withSiblings } from '../../scripts/lint-cache.js';

/** The project's pinned cfn-lint in .venv when installed, else the one on PATH. */
export function cfnLintCommand(): string {
  const pinned = resolve(import.meta.dirname, '../../.venv/bin/cfn-lint');
  return existsSync(pinned) ? pinned : 'cfn-lint';
}

/** W3002 (local TemplateURL needs `package`) is the one finding that unpublished roots always have. */
export const UNPUBLISHED_IGNORES = ['W3002'];

/**
 * Lints files; returns the findings as lines (empty when clean). Files that passed before, byte
 * for byte with the same nested templates, linter and ignores, pass again without a run
 * (scripts/lint-cache.ts).
 */
export function lintFiles(files: string[], ignore: string[] = UNPUBLISHED_IGNORES): string[] {
  if (!files.length) return [];
  const options = [...CFN_LINT_OPTIONS, ...(ignore.length ? ['--ignore-checks', ...ignore] : [])];
  const cache = new LintCache('cfn-lint', '.venv', options);
  const { files: read, targets } = withSiblings(files);
  const key = cache.key(read, targets);
  if (cache.passed(key)) return [];
  try {
    execFileSync(cfnLintCommand(), [...options, '--', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    cache.recordPass(key);
    return [];
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const lines = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter(Boolean);
    return lines.length ? lines : [e.message];
  }
}

/** Writes each compiled tree to its own temp folder and lints all roots in one cfn-lint run. */
export function lintCompiled(...results: CompileResult[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  try {
    const roots = results.map((result, index) => {
      const folder = join(dir, String(index));
      mkdirSync(folder);
      for (const stack of result.stacks) writeFileSync(join(folder, stack.file), stack.body);
      return join(folder, result.root.file);
    });
    return lintFiles(roots);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
