/**
 * The Fargate table of valid task CPU/memory pairs (CPU units -> memory MiB). Exported so that a
 * Rules section checking parameter values can reuse it.
 */
import { InputError } from '../../../dsl/index.js';

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_SIZES).map(Number);

export function checkFargateSize(path: string, cpu: number, memory: number): void {
  const memories = FARGATE_SIZES[cpu];
  if (!memories) throw new InputError(`${path}.cpu`, cpu, `is not a Fargate CPU value (${FARGATE_CPU_VALUES.join(', ')})`);
  if (!memories.includes(memory)) {
    throw new InputError(`${path}.memory`, memory, `is not a valid Fargate memory for ${cpu} CPU units (${memories.join(', ')})`);
  }
}
