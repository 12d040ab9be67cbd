// Part of an import circle: stack.ts, entities.ts, tokens.ts and intrinsics.ts import each other.
/**
 * A stack: what blueprints add resources, parameters, conditions, mappings, rules and outputs to.
 * `nested(id)` makes a child that compiles to an AWS::CloudFormation::Stack in this stack.
 */
import { CompileError } from './errors.js';
import {
  ConditionHandle,
  MappingHandle,
  ParameterHandle,
  ResourceHandle,
  type MappingTable,
  type OutputDef,
  type ParameterDef,
  type ResourceDef,
  type RuleDef,
} from './entities.js';
import type { CfnValue, ConditionExpr } from './intrinsics.js';
import { partitionSettings, type PartitionOptions } from './partition-options.js';
import type { PreflightCheck } from './preflight/check.js';
import { FnToken, tokenOf, type Tok } from './tokens.js';
import type { ResourceType } from './types.js';

const LOGICAL_ID = /^[A-Za-z0-9]+$/;
const LOGICAL_ID_MAX = 255;

export interface NestedStackOptions {
  /** Only create the child when this condition (of the parent) holds. */
  condition?: ConditionHandle;
  timeoutInMinutes?: number;
  description?: string;
}

export class Stack {
  readonly children: Stack[] = [];
  readonly parameters = new Map<string, ParameterHandle>();
  readonly resources = new Map<string, ResourceHandle>();
  readonly conditions = new Map<string, ConditionHandle>();
  readonly mappings = new Map<string, MappingHandle>();
  readonly rules = new Map<string, RuleDef>();
  readonly outputs = new Map<string, OutputDef>();
  readonly parameterGroups: { label: string; parameters: ParameterHandle[] }[] = [];
  readonly metadata = new Map<string, CfnValue>();
  /** Preflight checks blueprints registered on this tree (kept on the root), by id. */
  private readonly checks = new Map<string, PreflightCheck>();
  /** Notes blueprints made while composing (kept on the root): printed as build warnings. */
  private readonly notes: { stack: string; message: string }[] = [];
  /** In the parent: the AWS::CloudFormation::Stack resource for this stack (undefined for the root). */
  readonly stackResource: ResourceHandle<'AWS::CloudFormation::Stack'> | undefined;
  /** What `partition()` was given: how this stack splits when it outgrows its budget. */
  private partitionRequest: PartitionOptions | undefined;
  private parentStack: Stack | undefined;
  /** From `keepLogicalIds`: the id a blueprint asks for -> the id a released version gave the resource. */
  private readonly keptIds = new Map<string, string>();
  private readonly keptIdsUsed = new Set<string>();

  private constructor(
    readonly id: string,
    parent: Stack | undefined,
    public description: string | undefined,
  ) {
    this.parentStack = parent;
    // Deleting a nested stack deletes what it holds (each resource then follows its own policies):
    // said explicitly, as for every resource whose deletion takes others with it.
    this.stackResource = parent
      ? parent.add(id, { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: '' }, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' })
      : undefined;
  }

  /** A root stack. */
  static root(description?: string): Stack {
    return new Stack('Root', undefined, description);
  }

  /** The stack holding this one as a nested stack (undefined for the root). */
  get parent(): Stack | undefined {
    return this.parentStack;
  }

  get path(): string {
    return this.parent ? `${this.parent.path}/${this.id}` : this.id;
  }

  get root(): Stack {
    return this.parent ? this.parent.root : this;
  }

  /** Stacks from the root down to this one. */
  get lineage(): Stack[] {
    return this.parent ? [...this.parent.lineage, this] : [this];
  }

  nested(id: string, options: NestedStackOptions = {}): Stack {
    const child = new Stack(id, this, options.description);
    const resource = child.stackResource!;
    if (options.condition) resource.def.Condition = options.condition;
    if (options.timeoutInMinutes !== undefined) resource.props.TimeoutInMinutes = options.timeoutInMinutes;
    this.children.push(child);
    return child;
  }

  /**
   * Splits this stack into generated nested partition stacks when it is over its budget (or from
   * the start with `always`), so that no template exceeds CloudFormation's quotas: see
   * dsl/partition.ts and the README section "Scale: stacks that split themselves". Options not
   * given here come from the tree-wide compile option, else the defaults.
   */
  partition(options: PartitionOptions = {}): this {
    partitionSettings(options, `stack ${this.path}`); // bad options fail here, at the call
    for (const kept of options.keep ?? []) {
      if (kept.stack !== this) throw new CompileError(`partition options of stack ${this.path}: keep lists ${kept.path}, which is not a resource of this stack`);
    }
    this.partitionRequest = options;
    return this;
  }

  /** What `partition()` was given (undefined: not called), for the partition stage to merge with tree-wide options. */
  get partitioning(): PartitionOptions | undefined {
    return this.partitionRequest;
  }

  /**
   * Internal, for the partition stage (dsl/partition.ts), which moves resources while it compiles
   * and puts them back afterwards: moves a resource of this stack (for a child stack's
   * AWS::CloudFormation::Stack, the child with it) into `target`, keeping its logical id. Handles
   * keep working; the wiring carries every reference across the new stack boundary.
   */
  moveResource(resource: ResourceHandle, target: Stack): void {
    if (this.resources.get(resource.id) !== resource) {
      throw new CompileError(`cannot move ${resource.path}: it is not a resource of this stack`, { stack: this.path });
    }
    this.resources.delete(resource.id);
    target.resources.set(resource.id, resource);
    resource.relocate(target);
    const child = resource.type === 'AWS::CloudFormation::Stack' ? this.children.findIndex((c) => c.stackResource === resource) : -1;
    if (child >= 0) {
      const [moved] = this.children.splice(child, 1);
      moved!.parentStack = target;
      target.children.push(moved!);
    }
  }

  /**
   * Keeps the logical ids a released version gave its resources when a refactor (say, moving a
   * hand-written service onto `fargateService`) would name them differently: CloudFormation replaces
   * a resource whose logical id changes, and a replacement that keeps a unique name (an alarm name,
   * a listener rule priority, a Cloud Map service name) fails the update. `{ ServiceTargetGroup:
   * 'TargetGroup' }` makes the resource a blueprint adds as `ServiceTargetGroup` keep the id
   * `TargetGroup`. Call before the blueprints that add them; a kept id no blueprint adds is a
   * compile error (see `unusedKeptIds`), so a stale table cannot pass silently.
   */
  keepLogicalIds(ids: Record<string, string>): this {
    for (const [asked, kept] of Object.entries(ids)) {
      checkLogicalId(kept, this.path);
      if (this.keptIds.has(asked)) throw new CompileError(`keepLogicalIds: ${asked} is already kept as ${this.keptIds.get(asked)}`, { stack: this.path });
      if ([...this.keptIds.values()].includes(kept)) throw new CompileError(`keepLogicalIds: two resources would keep the id ${kept}`, { stack: this.path });
      this.keptIds.set(asked, kept);
    }
    return this;
  }

  /** Ids given to `keepLogicalIds` that no resource of this stack was added as. */
  get unusedKeptIds(): string[] {
    return [...this.keptIds.keys()].filter((asked) => !this.keptIdsUsed.has(asked));
  }

  add<T extends ResourceType>(asked: string, def: ResourceDef<T>): ResourceHandle<T> {
    const id = this.keptIds.get(asked) ?? asked;
    if (id !== asked) this.keptIdsUsed.add(asked);
    this.claim(id, 'resource');
    const handle = new ResourceHandle<T>(this, id, def);
    this.resources.set(id, handle as unknown as ResourceHandle);
    return handle;
  }

  parameter(id: string, def: ParameterDef): ParameterHandle {
    this.claim(id, 'parameter');
    const handle = new ParameterHandle(this, id, def);
    this.parameters.set(id, handle);
    return handle;
  }

  condition(id: string, expression: ConditionExpr): ConditionHandle {
    this.claim(id, 'condition');
    const handle = new ConditionHandle(this, id, asExpression(expression));
    this.conditions.set(id, handle);
    return handle;
  }

  mapping(id: string, table: MappingTable): MappingHandle {
    this.claim(id, 'mapping');
    const handle = new MappingHandle(this, id, table);
    this.mappings.set(id, handle);
    return handle;
  }

  rule(id: string, def: RuleDef): void {
    checkLogicalId(id, this.path);
    if (this.rules.has(id)) throw new CompileError(`duplicate rule id`, { stack: this.path, logicalId: id });
    this.rules.set(id, def);
  }

  output(id: string, value: CfnValue, options: Omit<OutputDef, 'Value'> = {}): void {
    checkLogicalId(id, this.path);
    if (this.outputs.has(id)) throw new CompileError(`duplicate output id`, { stack: this.path, logicalId: id });
    this.outputs.set(id, { Value: value, ...options });
  }

  /**
   * Registers a preflight check on the whole tree (once per id): blueprints register the checks of
   * what they know, so any tree holding their resources is checked. See dsl/preflight.
   */
  addCheck(check: PreflightCheck): void {
    const registry = this.root.checks;
    if (!registry.has(check.id)) registry.set(check.id, check);
  }

  /** The checks registered on this tree. */
  get registeredChecks(): PreflightCheck[] {
    return [...this.root.checks.values()];
  }

  /** A compile-time warning about this stack (a choice with a known limitation, say); the build prints it. */
  warn(message: string): void {
    this.root.notes.push({ stack: this.path, message });
  }

  /** The warnings blueprints gave while composing this tree. */
  get warnings(): readonly { stack: string; message: string }[] {
    return this.root.notes;
  }

  /** Console grouping of parameters (AWS::CloudFormation::Interface). */
  parameterGroup(label: string, parameters: ParameterHandle[]): void {
    this.parameterGroups.push({ label, parameters });
  }

  /** Ids of parameters, resources, conditions and mappings share one namespace in a template. */
  private claim(id: string, kind: string): void {
    checkLogicalId(id, this.path);
    for (const [existingKind, table] of [
      ['parameter', this.parameters],
      ['resource', this.resources],
      ['condition', this.conditions],
      ['mapping', this.mappings],
    ] as const) {
      if (table.has(id)) {
        throw new CompileError(`duplicate logical id: a ${kind} is declared with the id of an existing ${existingKind}`, {
          stack: this.path,
          logicalId: id,
        });
      }
    }
  }
}

export function checkLogicalId(id: string, stack: string): void {
  if (!LOGICAL_ID.test(id)) {
    throw new CompileError(`invalid logical id ${JSON.stringify(id)}: only A-Z, a-z and 0-9 are allowed`, { stack });
  }
  if (id.length > LOGICAL_ID_MAX) {
    throw new CompileError(`logical id is ${id.length} characters long; the limit is ${LOGICAL_ID_MAX}`, {
      stack,
      logicalId: id.slice(0, 40) + '...',
    });
  }
}

function asExpression(expression: ConditionExpr): Tok {
  // A condition declared as another condition: CloudFormation wants a function at the top of a
  // condition, and `Fn::And` of the condition with itself is that condition.
  if (expression instanceof ConditionHandle) return new FnToken('Fn::And', [expression, expression]).asValue();
  if (!tokenOf(expression)) throw new CompileError('a condition must be an intrinsic condition function');
  return expression;
}
