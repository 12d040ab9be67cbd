/**
 * Timing whole processes for the benchmark: each command runs under `/usr/bin/time` (CPU time and
 * peak resident memory), the commands of a set take turns run by run (so that a busy moment of a
 * shared machine falls on all of them alike), and figures are medians. Ratios are to the first
 * command of the set, measured in the same run: `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProcessCase {
  label: string;
  /** What BENCHMARKS.md shows as the command. */
  shown: string;
  argv: string[];
  env?: Record<string, string>;
  /** A fresh, empty DIST for every run (else one DIST kept across runs: a rebuild with no change). */
  freshDist?: boolean;
}

export interface ProcessFigures {
  label: string;
  shown: string;
  /** Medians, in milliseconds. */
  wall: number;
  cpu: number;
  peakMiB: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function timeProcesses(cases: readonly ProcessCase[], runs: number): ProcessFigures[] {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-process-'));
  const samples = cases.map(() => ({ wall: [] as number[], cpu: [] as number[], peak: [] as number[] }));
  try {
    // Round 0 is a warm-up, not counted: it fills each DIST and V8's code cache of the bundle.
    for (let run = 0; run <= runs; run++) {
      cases.forEach((c, index) => {
        const dist = join(scratch, String(index));
        if (c.freshDist) rmSync(dist, { recursive: true, force: true });
        const started = performance.now();
        const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...c.argv], { env: { ...process.env, ...c.env, DIST: dist }, encoding: 'utf8' });
        const wall = performance.now() - started;
        if (result.status !== 0) throw new Error(`${c.shown} failed (${result.status}): ${result.stderr}`);
        if (run === 0) return;
        const [user, system, peakKiB] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
        samples[index]!.wall.push(wall);
        samples[index]!.cpu.push((user! + system!) * 1000);
        samples[index]!.peak.push(peakKiB! / 1024);
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return cases.map((c, index) => ({ label: c.label, shown: c.shown, wall: median(samples[index]!.wall), cpu: median(samples[index]!.cpu), peakMiB: Math.max(...samples[index]!.peak) }));
}
