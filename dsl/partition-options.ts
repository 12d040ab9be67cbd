/**
 * What a user says about partitioning (README "Scale: stacks that split themselves"), and the
 * settings the partition stage works with: budgets below CloudFormation's quotas, the fan-out of
 * each level of the partition trie, which resources stay in the stack.
 *
 * The quotas are CloudFormation's (500 resources, 200 parameters, 200 outputs, a 1 MB template body
 * read from S3): https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
import { CompileError } from './errors.js';
import type { ResourceHandle } from './entities.js';
import { LIMITS } from './validate.js';

/** Most a template may hold; the partition stage keeps every template it makes within it. */
export interface PartitionBudget {
  /** Resources per template (CloudFormation's quota: 500). Default 450. */
  resources?: number;
  /** Parameters per template (quota 200). Default 180. */
  parameters?: number;
  /** Outputs per template (quota 200). Default 180. */
  outputs?: number;
  /** Bytes of the template as minified JSON, what CloudFormation receives (quota 1,048,576). Default 943,718. */
  bytes?: number;
}

export interface PartitionOptions {
  /** Budgets per template, below the quotas. Default: 90 % of each quota. */
  budget?: PartitionBudget;
  /**
   * Partitions per level of the partition trie, from the top: `16` (one level of up to 16), `[16, 32]`
   * (16 partitions of up to 32 each: 512 leaves). Default 16. Changing it re-partitions: raising a
   * level's fan-out from F to G moves about (G-F)/G of the units; adding a level moves all of them.
   */
  fanOut?: number | readonly number[];
  /**
   * A resource two units use stays in the stack when those units also use other resources that
   * stay (a cluster and its execution role); one that units use alone (each unit a single nested
   * stack, say) stays once this many units use it (default 10).
   */
  sharedAt?: number;
  /** Resources that stay in the stack whatever uses them (with everything they reference there). */
  keep?: readonly ResourceHandle[];
  /** Split the stack from its first build, not only once it is over its budget (default false). */
  always?: boolean;
}

/** `PartitionOptions` with every default filled in and checked. */
export interface PartitionSettings {
  budget: Required<PartitionBudget>;
  fanOut: readonly number[];
  sharedAt: number;
  keep: ReadonlySet<ResourceHandle>;
  always: boolean;
}

/** The share of each quota a default budget takes: room for what a later build adds before it re-splits. */
const DEFAULT_SHARE = 0.9;
const QUOTAS: Required<PartitionBudget> = {
  resources: LIMITS.resources,
  parameters: LIMITS.parameters,
  outputs: LIMITS.outputs,
  bytes: LIMITS.bodyBytes,
};
const DEFAULT_FAN_OUT = 16;
const DEFAULT_SHARED_AT = 10;
/** Deeper tries only lengthen stack names (each level adds to every nested stack name below it). */
const MAX_LEVELS = 4;

/**
 * Fills in defaults and checks the options: `where` names them in errors (`stack Root/Services` or
 * `the compile option partition`). `base` is what the options override (the tree-wide options).
 */
export function partitionSettings(options: PartitionOptions, where: string, base?: PartitionSettings): PartitionSettings {
  const fail = (problem: string) => new CompileError(`partition options of ${where}: ${problem}`);
  const budget = { ...(base?.budget ?? defaultBudget()) };
  for (const [key, value] of Object.entries(options.budget ?? {}) as [keyof PartitionBudget, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in QUOTAS)) throw fail(`budget.${key} is not a budget (allowed: ${Object.keys(QUOTAS).join(', ')})`);
    if (!Number.isInteger(value) || value < 1 || value > QUOTAS[key]) {
      throw fail(`budget.${key} is ${value}; it must be an integer from 1 to CloudFormation's quota of ${QUOTAS[key]}`);
    }
    budget[key] = value;
  }
  const fanOut = options.fanOut === undefined ? (base?.fanOut ?? [DEFAULT_FAN_OUT]) : typeof options.fanOut === 'number' ? [options.fanOut] : [...options.fanOut];
  if (!fanOut.length || fanOut.length > MAX_LEVELS) throw fail(`fanOut has ${fanOut.length} levels; 1 to ${MAX_LEVELS} are allowed`);
  fanOut.forEach((count, level) => {
    // A partition holds its children as resources: a level cannot have more than a template may hold.
    if (!Number.isInteger(count) || count < 2 || count > budget.resources) {
      throw fail(`fanOut[${level}] is ${count}; it must be an integer from 2 to the resource budget (${budget.resources})`);
    }
  });
  const sharedAt = options.sharedAt ?? base?.sharedAt ?? DEFAULT_SHARED_AT;
  if (!Number.isInteger(sharedAt) || sharedAt < 2) throw fail(`sharedAt is ${sharedAt}; it must be an integer of 2 or more`);
  return {
    budget,
    fanOut,
    sharedAt,
    keep: new Set([...(base?.keep ?? []), ...(options.keep ?? [])]),
    always: options.always ?? base?.always ?? false,
  };
}

function defaultBudget(): Required<PartitionBudget> {
  return {
    resources: Math.floor(QUOTAS.resources * DEFAULT_SHARE),
    parameters: Math.floor(QUOTAS.parameters * DEFAULT_SHARE),
    outputs: Math.floor(QUOTAS.outputs * DEFAULT_SHARE),
    bytes: Math.floor(QUOTAS.bytes * DEFAULT_SHARE),
  };
}
