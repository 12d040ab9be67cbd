/**
 * The partition stage: before the tree is compiled, each stack with partitioning on that is over
 * its budget (or asked to split `always`) moves its units (partition-units.ts) into generated
 * nested stacks, `Partition<n>`, nested per level of its fan-out: a trie, so the stack itself
 * holds at most one nested stack per first-level bucket however many units there are. The
 * compiler then wires every reference across the new boundaries as it does for any nested stack
 * (Outputs, Parameters, GetAtt; conditions as flags; DependsOn between the nested stacks; the
 * stack's mappings a moved resource uses are copied into its partition).
 *
 * Placement is stable: a unit's partition is a function of its key and the fan-out only
 * (partition-hash.ts), so adding, changing or removing other units never moves it, and resources
 * keep their logical ids. Only non-empty partitions exist. A partition over its budget is an error
 * asking for a higher fan-out (an explicit re-partition), never a silent split that would move the
 * units already there: a stack update deletes what left its template and creates what arrived in
 * another, unless the move is made with stack refactoring
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-refactoring.html).
 *
 * The moves last only while the tree compiles: afterwards every resource and child stack is put
 * back, so a tree compiles the same however often it is compiled, and handles keep their stacks.
 */
import { CompileError, CompileErrors } from './errors.js';
import type { MappingHandle, ResourceHandle } from './entities.js';
import { bucketPath } from './partition-hash.js';
import { partitionSettings, type PartitionOptions, type PartitionSettings } from './partition-options.js';
import { Footprints, stackUnits, type StackUnits, type Unit } from './partition-units.js';
import type { Stack } from './stack.js';
import type { Json } from './wiring.js';

/** Logical id prefix of generated partitions: `Partition3`, and `Partition3/Partition12` a level down. */
export const PARTITION_PREFIX = 'Partition';
const README = 'README "Scale: stacks that split themselves"';

/** What the partition stage reads of a compiled template. */
export interface CompiledTemplate {
  path: string;
  file: string;
  template: { [section: string]: Json };
  bytes: number;
  /** Bytes as sent (minified), where the compiler measures them; else measured here. */
  sentBytes?: number;
  resourceCount: number;
  parameters: readonly string[];
  outputs: readonly string[];
}

/**
 * Runs `compile` over the tree with its stacks partitioned as their settings ask, and puts every
 * moved resource back afterwards. `option` is the tree-wide switch (`true` for the defaults);
 * a stack's own `partition()` overrides it. Templates are checked against their budgets.
 */
export function withPartitions<R extends { stacks: readonly CompiledTemplate[] }>(
  root: Stack,
  option: boolean | PartitionOptions | undefined,
  compile: () => R,
): R {
  const eligible = eligibleStacks(root, option);
  if (!eligible.size) return compile();
  // A stack under its resource budget can still be over its byte budget: measured after compiling,
  // it splits on a second pass (its size estimate before compiling was too low).
  const forced = new Set<Stack>();
  for (;;) {
    const layout = planLayout(eligible, forced);
    try {
      layout.apply();
      const result = compile();
      const tooLarge = layout.unsplitOverBudget(result);
      if (tooLarge.length) {
        tooLarge.forEach((stack) => forced.add(stack));
        continue;
      }
      layout.checkBudgets(result);
      return result;
    } finally {
      layout.restore();
    }
  }
}

/** Every stack partitioning applies to, with its settings, in pre-order. */
function eligibleStacks(root: Stack, option: boolean | PartitionOptions | undefined): Map<Stack, PartitionSettings> {
  const base = option ? partitionSettings(option === true ? {} : option, 'the compile option partition') : undefined;
  const eligible = new Map<Stack, PartitionSettings>();
  const visit = (stack: Stack) => {
    const own = stack.partitioning;
    const settings = own ? partitionSettings(own, `stack ${stack.path}`, base) : base;
    if (settings) eligible.set(stack, settings);
    stack.children.forEach(visit);
  };
  visit(root);
  return eligible;
}

interface Leaf {
  /** Bucket at each level. */
  buckets: number[];
  units: Unit[];
  resources: number;
}

interface StackPlan {
  stack: Stack;
  settings: PartitionSettings;
  home: Map<ResourceHandle, string>;
  leaves: Leaf[];
  mappings: StackUnits['mappings'];
  usedAtHome: StackUnits['usedAtHome'];
}

function planLayout(eligible: Map<Stack, PartitionSettings>, forced: ReadonlySet<Stack>): Layout {
  const footprints = new Footprints();
  const plans: StackPlan[] = [];
  const errors: CompileError[] = [];
  for (const [stack, settings] of eligible) {
    const split =
      settings.always ||
      forced.has(stack) ||
      stack.resources.size > settings.budget.resources ||
      footprints.estimateBytes(stack) > settings.budget.bytes;
    if (split) plans.push(planStack(stack, settings, footprints, errors));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length) throw new CompileErrors(errors);
  return new Layout(eligible, plans);
}

function planStack(stack: Stack, settings: PartitionSettings, footprints: Footprints, errors: CompileError[]): StackPlan {
  const { home, units, mappings, usedAtHome } = stackUnits(stack, settings, footprints);
  const { budget, fanOut } = settings;
  const leaves = new Map<string, Leaf>();
  for (const unit of units) {
    if (unit.members.length > budget.resources) {
      errors.push(
        new CompileError(
          `unit ${unit.key} has ${unit.members.length} resources, more than a partition's budget of ${budget.resources}: ` +
            `its resources reference each other, directly or through resources few others use (${sample(unit.members.map((m) => m.id))}); ` +
            `name the resources many of them use in partition({ keep }), or lower sharedAt (now ${settings.sharedAt}), so those stay in the stack and the unit splits (${README})`,
          { stack: stack.path },
        ),
      );
    }
    const buckets = bucketPath(unit.key, fanOut);
    const key = buckets.join('/');
    let leaf = leaves.get(key);
    if (!leaf) leaves.set(key, (leaf = { buckets, units: [], resources: 0 }));
    leaf.units.push(unit);
    leaf.resources += unit.members.length;
  }
  const sorted = [...leaves.values()].sort((a, b) => compareBuckets(a.buckets, b.buckets));
  for (const leaf of sorted) {
    if (leaf.resources <= budget.resources || leaf.units.length === 1) continue;
    errors.push(
      new CompileError(
        `partition ${partitionPath(stack.path, leaf.buckets)} would hold ${leaf.resources} resources (${leaf.units.length} units: ${sample(leaf.units.map((u) => u.key))}), ` +
          `over the budget of ${budget.resources}: raise the fan-out (partition({ fanOut }) is ${JSON.stringify(fanOut)}). ` +
          'This re-partitions, deliberately: raising a level from F to G partitions moves about (G-F)/G of the units to new partitions, adding a level moves every unit, ' +
          `and CloudFormation replaces the resources that move (${README})`,
        { stack: stack.path },
      ),
    );
  }
  const firstLevel = new Set(sorted.map((leaf) => leaf.buckets[0]!));
  if (home.size + firstLevel.size > budget.resources) {
    const reasons = [...home].filter(([, why]) => !why.startsWith('used by')).map(([resource, why]) => `${resource.id} (${why})`);
    errors.push(
      new CompileError(
        `split into partitions, the stack still holds ${home.size + firstLevel.size} resources, over the budget of ${budget.resources}: ` +
          `${firstLevel.size} partitions and ${home.size} resources that stay, those shared or kept and what they use: ${sample(reasons)}; ` +
          `name fewer in keep, raise sharedAt (now ${settings.sharedAt}) or lower the first level's fan-out (${README})`,
        { stack: stack.path },
      ),
    );
  }
  for (const bucket of firstLevel) {
    const id = `${PARTITION_PREFIX}${bucket}`;
    if (stack.parameters.has(id) || stack.resources.has(id) || stack.conditions.has(id) || stack.mappings.has(id)) {
      errors.push(new CompileError(`${id} is the name of a generated partition of this stack: rename the declaration that has it`, { stack: stack.path, logicalId: id }));
    }
  }
  return { stack, settings, home, leaves: sorted, mappings, usedAtHome };
}

/** The applied moves of one partitioned stack, and how to undo them. */
interface Applied {
  plan: StackPlan;
  resources: [string, ResourceHandle][];
  mappings: [string, MappingHandle][];
  children: Stack[];
  moved: ResourceHandle[];
  /** Mappings moved with the only resources that use them. */
  relocated: MappingHandle[];
  /** Generated partitions with their depth below the stack (1 for the first level). */
  partitions: Map<Stack, number>;
}

class Layout {
  private readonly applied: Applied[] = [];

  constructor(
    private readonly eligible: Map<Stack, PartitionSettings>,
    private readonly plans: StackPlan[],
  ) {}

  apply(): void {
    for (const plan of this.plans) this.applyPlan(plan);
  }

  private applyPlan(plan: StackPlan): void {
    const { stack, leaves } = plan;
    const applied: Applied = { plan, resources: [...stack.resources], mappings: [...stack.mappings], children: [...stack.children], moved: [], relocated: [], partitions: new Map() };
    this.applied.push(applied);
    const made = new Map<string, Stack>();
    const destination = new Map<ResourceHandle, Stack>();
    for (const leaf of leaves) {
      let parent = stack;
      leaf.buckets.forEach((bucket, level) => {
        const key = leaf.buckets.slice(0, level + 1).join('/');
        let partition = made.get(key);
        if (!partition) {
          partition = parent.nested(`${PARTITION_PREFIX}${bucket}`, {
            description: `Partition ${key} of ${stack.path}: resources it holds, split off at its budget by the compiler`,
          });
          made.set(key, partition);
          applied.partitions.set(partition, level + 1);
        }
        parent = partition;
      });
      for (const unit of leaf.units) for (const member of unit.members) destination.set(member, parent);
    }
    for (const [, resource] of applied.resources) {
      const target = destination.get(resource);
      if (!target) continue;
      stack.moveResource(resource, target);
      applied.moved.push(resource);
      for (const mapping of plan.mappings.get(resource) ?? []) {
        if (target.mappings.has(mapping.id)) continue;
        if (mapping.stack === stack && !plan.usedAtHome.has(mapping)) {
          // Used by moved resources only: it moves too (left behind unused, cfn-lint would warn).
          stack.mappings.delete(mapping.id);
          target.mappings.set(mapping.id, mapping);
          mapping.relocate(target);
          applied.relocated.push(mapping);
        } else {
          // A copy with the same table object: the resolver takes it as the mapping, declared where it is used.
          target.mapping(mapping.id, mapping.table);
        }
      }
    }
  }

  /** Puts back every resource and child stack where it was, in its original order. */
  restore(): void {
    for (const { plan, resources, mappings, children, moved, relocated } of this.applied.reverse()) {
      const { stack } = plan;
      for (const resource of moved) resource.stack.moveResource(resource, stack);
      for (const mapping of relocated) mapping.relocate(stack);
      stack.resources.clear();
      for (const [id, resource] of resources) stack.resources.set(id, resource);
      stack.mappings.clear();
      for (const [id, mapping] of mappings) stack.mappings.set(id, mapping);
      stack.children.splice(0, stack.children.length, ...children);
    }
    this.applied.length = 0;
  }

  /** Stacks partitioning applies to, not split, whose compiled template is over its byte budget. */
  unsplitOverBudget(result: { stacks: readonly CompiledTemplate[] }): Stack[] {
    const split = new Set(this.plans.map((plan) => plan.stack));
    const compiled = byPath(result);
    const over: Stack[] = [];
    for (const [stack, settings] of this.eligible) {
      if (split.has(stack)) continue;
      const template = compiled.get(stack.path);
      if (template && minifiedBytes(template, settings.budget.bytes) > settings.budget.bytes) over.push(stack);
    }
    return over;
  }

  /**
   * Every generated partition within its budget (the wiring decides its parameters, outputs and
   * bytes, so they are known only now), and each split stack within its resource and byte budgets.
   */
  checkBudgets(result: { stacks: readonly CompiledTemplate[] }): void {
    const compiled = byPath(result);
    const errors: CompileError[] = [];
    for (const { plan, partitions } of this.applied) {
      const { stack, settings } = plan;
      const { budget } = settings;
      const own = compiled.get(stack.path)!;
      for (const [what, count, limit] of [
        ['resources', own.resourceCount, budget.resources],
        ['bytes', minifiedBytes(own, budget.bytes), budget.bytes],
      ] as const) {
        if (count > limit) {
          errors.push(new CompileError(`split into partitions, the stack still has ${count} ${what}, over its budget of ${limit}: the resources that stay in it are too many; name fewer in partition({ keep }) or raise sharedAt (${README})`, { stack: stack.path }));
        }
      }
      for (const [partition, level] of partitions) {
        const template = compiled.get(partition.path)!;
        const counts: [string, number, number][] = [
          ['resources', template.resourceCount, budget.resources],
          ['parameters', template.parameters.length, budget.parameters],
          ['outputs', template.outputs.length, budget.outputs],
          ['bytes', minifiedBytes(template, budget.bytes), budget.bytes],
        ];
        for (const [what, count, limit] of counts) {
          if (count <= limit) continue;
          errors.push(
            new CompileError(
              `${count} ${what} is over the partition budget of ${limit} (${stack.path} is split with fanOut ${JSON.stringify(settings.fanOut)}): ` +
                `raise the fan-out of level ${level} (now ${settings.fanOut[level - 1]}) so that each partition there holds fewer units. ` +
                `This re-partitions: the units that move to new partitions are replaced by CloudFormation (${README})`,
              { stack: partition.path },
            ),
          );
        }
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length) throw new CompileErrors(errors);
  }
}

/** Bytes of the template as minified JSON, what CloudFormation receives. */
function minifiedBytes(template: CompiledTemplate, budget: number): number {
  if (template.sentBytes !== undefined) return template.sentBytes;
  // Indented JSON is never smaller than minified JSON: within the budget as written, within it minified.
  if (template.file.endsWith('.json') && template.bytes <= budget) return template.bytes;
  return Buffer.byteLength(JSON.stringify(template.template));
}

function byPath(result: { stacks: readonly CompiledTemplate[] }): Map<string, CompiledTemplate> {
  return new Map(result.stacks.map((stack) => [stack.path, stack]));
}

function partitionPath(stackPath: string, buckets: readonly number[]): string {
  return [stackPath, ...buckets.map((bucket) => `${PARTITION_PREFIX}${bucket}`)].join('/');
}

function compareBuckets(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The first few of a list, and how many more. */
function sample(items: readonly string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
