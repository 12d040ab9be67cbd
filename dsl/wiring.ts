/**
 * Cross-stack wiring. A value produced in stack P and used in stack C travels up from P to their
 * common ancestor A as Outputs (read with `Fn::GetAtt [Child, Outputs.X]`), then down from A to C
 * as nested-stack Parameters. One wire per distinct value and consumer; never Export/ImportValue.
 */
import { CompileError } from './errors.js';
import type { Stack } from './stack.js';
import { StackNames } from './wire-names.js';

export type Json = null | string | number | boolean | Json[] | { [key: string]: Json };

/** What the compiler accumulates for a stack besides what the blueprint declared. */
export class StackState {
  /** Every name the wiring adds here comes from this allocator: never one declared, never one of another wire. */
  private readonly names: StackNames;
  private readonly parameters = new Map<string, { Type: string; Description: string }>();
  private readonly outputs = new Map<string, { Description: string; Value: Json }>();
  private readonly conditions = new Map<string, Json>();
  readonly wiredParameters: ReadonlyMap<string, { Type: string; Description: string }> = this.parameters;
  readonly wiredOutputs: ReadonlyMap<string, { Description: string; Value: Json }> = this.outputs;
  readonly wiredConditions: ReadonlyMap<string, Json> = this.conditions;
  /** Parameter values this stack passes to each of its children, by child id. */
  readonly childParameters = new Map<string, Map<string, Json>>();
  /** Extra DependsOn that cross-stack dependencies add, by resource id. */
  readonly extraDependsOn = new Map<string, Set<string>>();
  readonly usedParameters = new Set<string>();
  readonly usedConditions = new Set<string>();
  readonly transforms = new Set<string>();
  /** This stack's value of each wired source, by source key: one wire per distinct value. */
  readonly wires = new Map<string, Json>();
  /** Outputs the blueprint declared whose value is a plain Ref/GetAtt here, by source key: reused by wires. */
  readonly declaredOutputs = new Map<string, string>();

  constructor(stack: Stack) {
    this.names = new StackNames(stack.path);
    for (const [kind, ids] of [
      ['parameter', stack.parameters.keys()],
      ['resource', stack.resources.keys()],
      ['condition', stack.conditions.keys()],
      ['mapping', stack.mappings.keys()],
    ] as const) {
      for (const id of ids) this.names.declare('logical-id', id, `the ${kind} ${id} declared in ${stack.path}`);
    }
    for (const id of stack.outputs.keys()) this.names.declare('output', id, `the output ${id} declared in ${stack.path}`);
  }

  /** The output that carries `source` out of this stack (made on first use). */
  wiredOutput(source: WireSource, value: Json): string {
    const name = this.names.allocate('output', source.key, source.name, source.description);
    if (!this.outputs.has(name)) this.outputs.set(name, { Description: source.description, Value: value });
    return name;
  }

  /** The parameter that carries `source` into this stack (made on first use). */
  wiredParameter(source: WireSource): string {
    const name = this.names.allocate('logical-id', source.key, source.name, source.description);
    if (!this.parameters.has(name)) {
      this.parameters.set(name, { Type: source.isList ? 'CommaDelimitedList' : 'String', Description: source.description });
    }
    return name;
  }

  /**
   * The name under which a condition of an ancestor is re-declared here; `expression` makes it
   * (from its flag parameter) the first time.
   */
  wiredCondition(key: string, base: string, owner: string, expression: (name: string) => Json): string {
    const name = this.names.allocate('logical-id', key, base, owner);
    if (!this.conditions.has(name)) this.conditions.set(name, expression(name));
    return name;
  }
}

export interface WireSource {
  /** Identity of the value: same key, same wire. */
  key: string;
  /**
   * Readable base name for the Outputs and Parameters that carry it (the stack path below the root,
   * then the id). Not unique by itself: each stack allocates a distinct name from it (wire-names.ts).
   */
  name: string;
  producer: Stack;
  /** The value in the producer's own template. */
  localValue: Json;
  /** A list: joined with commas to cross, a CommaDelimitedList at the consumer. */
  isList: boolean;
  description: string;
}

export class Wiring {
  private readonly states = new Map<Stack, StackState>();

  state(stack: Stack): StackState {
    let state = this.states.get(stack);
    if (!state) this.states.set(stack, (state = new StackState(stack)));
    return state;
  }

  /**
   * Carries `source` into `consumer`; returns its value there: a Ref of the consumer's parameter,
   * or a GetAtt of a child's output when the consumer is an ancestor of the producer.
   */
  wire(source: WireSource, consumer: Stack): Json {
    const consumerState = this.state(consumer);
    const existing = consumerState.wires.get(source.key);
    if (existing !== undefined) return existing;

    const ancestor = commonAncestor(source.producer, consumer);
    // A list crosses a boundary as one comma-joined string and is a list again on the other side.
    let value: Json = source.localValue;
    let valueIsList = source.isList;
    const crossing = (v: Json): Json => (valueIsList ? { 'Fn::Join': [',', v] } : v);

    for (let stack = source.producer; stack !== ancestor; stack = stack.parent!) {
      const state = this.state(stack);
      // The producer may already declare this very value as an output: read that one.
      const declared = stack === source.producer && !source.isList ? state.declaredOutputs.get(source.key) : undefined;
      const name = declared ?? state.wiredOutput(source, crossing(value));
      value = { 'Fn::GetAtt': [stack.id, `Outputs.${name}`] };
      valueIsList = false;
    }

    // An ancestor reads a list from a child's output as one comma-joined string: split it back.
    if (consumer === ancestor && source.isList && source.producer !== consumer) value = { 'Fn::Split': [',', value] };

    for (const child of consumer.lineage.slice(ancestor.lineage.length)) {
      const childState = this.state(child);
      const known = childState.wires.get(source.key);
      if (known === undefined) {
        // The parent passes the value under the name the child allocated for it.
        const name = childState.wiredParameter(source);
        const parentState = this.state(child.parent!);
        let passed = parentState.childParameters.get(child.id);
        if (!passed) parentState.childParameters.set(child.id, (passed = new Map()));
        passed.set(name, crossing(value));
        childState.wires.set(source.key, (value = { Ref: name }));
      } else {
        value = known;
      }
      valueIsList = source.isList;
    }
    consumerState.wires.set(source.key, value);
    return value;
  }

  /** Makes `dependent` (in its stack) wait for `dependency`, via the nested stacks that hold them. */
  dependOn(dependent: { stack: Stack; id: string }, dependency: { stack: Stack; id: string }): void {
    if (dependent.stack === dependency.stack) {
      this.addDependsOn(dependent.stack, dependent.id, dependency.id);
      return;
    }
    const ancestor = commonAncestor(dependent.stack, dependency.stack);
    const side = (item: { stack: Stack; id: string }): string =>
      item.stack === ancestor ? item.id : childTowards(ancestor, item.stack).id;
    this.addDependsOn(ancestor, side(dependent), side(dependency));
  }

  private addDependsOn(stack: Stack, id: string, on: string): void {
    const extra = this.state(stack).extraDependsOn;
    let set = extra.get(id);
    if (!set) extra.set(id, (set = new Set()));
    set.add(on);
  }
}

export function commonAncestor(a: Stack, b: Stack): Stack {
  const lineageA = a.lineage;
  const lineageB = b.lineage;
  if (lineageA[0] !== lineageB[0]) {
    throw new CompileError(`stacks ${a.path} and ${b.path} belong to different stack trees`);
  }
  let common = lineageA[0]!;
  for (let i = 1; i < Math.min(lineageA.length, lineageB.length) && lineageA[i] === lineageB[i]; i++) {
    common = lineageA[i]!;
  }
  return common;
}

/** The child of `ancestor` on the way down to `descendant`. */
function childTowards(ancestor: Stack, descendant: Stack): Stack {
  return descendant.lineage[ancestor.lineage.length]!;
}
