/**
 * Runs the real checkov over compiled trees; returns failed checks as lines (empty when clean).
 * Uses the pinned .venv-checkov made by `make venv`; checkov is slow to start (seconds), so lint
 * several trees per call.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CompileResult } from '../../dsl/index.js';
import { LintCache } from '../../scripts/lint-cache.js';

const pinned = resolve(import.meta.dirname, '../../.venv-checkov/bin/checkov');

interface Failure {
  check_id: string;
  check_name: string;
  file_path: string;
  resource: string;
}

const OPTIONS = ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download'];

/** Trees whose templates passed before, byte for byte, pass again without a run (scripts/lint-cache.ts). */
export function checkovCompiled(...results: CompileResult[]): string[] {
  const cache = new LintCache('checkov', '.venv-checkov', OPTIONS);
  const files = results.flatMap((result, index) => result.stacks.map((s) => ({ name: `${index}/${s.file}`, content: s.body })));
  const key = cache.key(files, files.map((f) => f.name));
  if (cache.passed(key)) return [];
  const dir = mkdtempSync(join(tmpdir(), 'checkov-'));
  try {
    results.forEach((result, index) => {
      mkdirSync(join(dir, String(index)));
      for (const stack of result.stacks) writeFileSync(join(dir, String(index), stack.file), stack.body);
    });
    let output: string;
    try {
      output = execFileSync(existsSync(pinned) ? pinned : 'checkov', ['-d', dir, ...OPTIONS], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 << 20,
      });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? '';
    }
    const parsed = JSON.parse(output.slice(output.search(/[[{]/))) as unknown;
    const reports = (Array.isArray(parsed) ? parsed : [parsed]) as { results?: { failed_checks?: Failure[] } }[];
    const failures = reports.flatMap((r) => r.results?.failed_checks ?? []).map((f) => `${f.file_path} ${f.resource} ${f.check_id}: ${f.check_name}`);
    if (!failures.length) cache.recordPass(key);
    return failures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
