/**
 * The Fargate table of valid task CPU/memory pairs (CPU units -> memory MiB), and the one place it
 * is enforced from: literals are checked at compile time, a parameter is narrowed to what the
 * other (literal) value allows, and two parameters get a Rules section, one rule per CPU value.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
import { Fn, InputError, s, type ParameterHandle, type Stack } from '../../../dsl/index.js';

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

/** Every memory value some Fargate CPU value accepts, ascending. */
export const FARGATE_MEMORY_VALUES: readonly number[] = [...new Set(Object.values(FARGATE_SIZES).flat())].sort((a, b) => a - b);

/** `512, 1024 or 2048 MiB`, or `1024 to 4096 MiB in steps of 1024` for an even run of values. */
export function describeValues(values: readonly number[], unit: string): string {
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  const even = values.length > 3 && values.every((v, i) => i === 0 || v - values[i - 1]! === step);
  if (even) return `${values[0]} to ${values[values.length - 1]} ${unit} in steps of ${step}`;
  return `${values.length > 1 ? `${values.slice(0, -1).join(', ')} or ` : ''}${values[values.length - 1]} ${unit}`;
}

/** `512, 1024 to 30720 in steps of 1024, ...`: ascending values as runs of equal steps. */
function describeRuns(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    const step = (values[j] ?? 0) - values[i]!;
    while (j + 1 < values.length && values[j + 1]! - values[j]! === step) j++;
    if (j - i >= 2) {
      parts.push(`${values[i]} to ${values[j]} in steps of ${step}`);
      i = j + 1;
    } else {
      parts.push(String(values[i]));
      i++;
    }
  }
  return parts.join(', ');
}

/** Task CPU units: a Fargate CPU value. A parameter fed to it gets them as AllowedValues. */
export const fargateCpu = () => s.oneOf(FARGATE_CPU_VALUES, 'a Fargate CPU value');

/**
 * Task memory in MiB: a value some Fargate CPU value accepts (the pair is checked apart). A
 * parameter fed to it gets them as AllowedValues.
 */
export const fargateMemory = () => {
  const what = 'a Fargate memory size in MiB';
  const schema = s.refine(s.integer(512, 122880, `${what} (512 to 122880)`), (memory) =>
    FARGATE_MEMORY_VALUES.includes(memory) ? undefined : `is not ${what} (${describeRuns(FARGATE_MEMORY_VALUES)})`,
  );
  return s.withConstraint(schema, { kind: 'number', description: what, allowedValues: FARGATE_MEMORY_VALUES });
};

export function checkFargateSize(path: string, cpu: number, memory: number): void {
  const memories = FARGATE_SIZES[cpu];
  if (!memories) throw new InputError(`${path}.cpu`, cpu, `is not a Fargate CPU value (${FARGATE_CPU_VALUES.join(', ')})`);
  if (!memories.includes(memory)) {
    throw new InputError(`${path}.memory`, memory, `is not a valid Fargate memory for ${cpu} CPU units (${memories.join(', ')})`);
  }
}

/** The CPU/memory pairs each stack already has rules for, in order (a second pair gets numbered rule ids). */
const rulePairs = new WeakMap<Stack, string[]>();

/**
 * One rule per Fargate CPU value, in the parameters' stack: with that CPU, the memory must be one
 * the table allows. Rules cannot compare numbers, hence one rule per value. Given twice for the same
 * pair, the rules are made once.
 */
export function fargateSizeRules(cpu: ParameterHandle, memory: ParameterHandle): void {
  const stack = cpu.stack;
  if (memory.stack !== stack) throw new Error(`fargateSizeRules: ${cpu.path} and ${memory.path} are in different stacks; a rule reads its own stack's parameters`);
  const pairs = rulePairs.get(stack) ?? [];
  const pair = `${cpu.id}/${memory.id}`;
  if (pairs.includes(pair)) return;
  pairs.push(pair);
  rulePairs.set(stack, pairs);
  const suffix = pairs.length > 1 ? String(pairs.length) : '';
  for (const value of FARGATE_CPU_VALUES) {
    const allowed = FARGATE_SIZES[value]!;
    stack.rule(`FargateMemoryFor${value}Cpu${suffix}`, {
      RuleCondition: Fn.equals(cpu.ref, String(value)),
      Assertions: [
        {
          Assert: Fn.contains(allowed.map(String), memory.ref),
          AssertDescription: `With ${value} CPU units, ${memory.id} must be ${describeValues(allowed, 'MiB')}`,
        },
      ],
    });
  }
}

/**
 * Enforces the CPU/memory pair of a task wherever it can: both literals now; one parameter narrowed
 * to what the other literal allows; two parameters of one stack by Rules. Any other deploy-time
 * value (an Fn::If, parameters of different stacks) is not checked before CloudFormation runs.
 */
export function enforceFargateSize(
  path: string,
  cpu: number | ParameterHandle | undefined,
  memory: number | ParameterHandle | undefined,
): void {
  if (typeof cpu === 'number' && typeof memory === 'number') return checkFargateSize(path, cpu, memory);
  if (typeof cpu === 'number' && typeof memory === 'object') {
    const allowed = FARGATE_SIZES[cpu]!;
    memory.constrain({ kind: 'number', description: `a Fargate memory for ${cpu} CPU units`, allowedValues: allowed }, `${path}.memory`);
  } else if (typeof memory === 'number' && typeof cpu === 'object') {
    const allowed = FARGATE_CPU_VALUES.filter((value) => FARGATE_SIZES[value]!.includes(memory));
    cpu.constrain({ kind: 'number', description: `a Fargate CPU value for ${memory} MiB`, allowedValues: allowed }, `${path}.cpu`);
  } else if (typeof cpu === 'object' && typeof memory === 'object' && cpu.stack === memory.stack) {
    fargateSizeRules(cpu, memory);
  }
}
