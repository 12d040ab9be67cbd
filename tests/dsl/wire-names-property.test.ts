/**
 * Property: in random stack trees whose ids are drawn from a small pool of segments that
 * concatenate alike (`A`+`BVpc` = `AB`+`Vpc`), with declared parameters, outputs, resources,
 * conditions and mappings named like the wires that cross their stacks, every cross-stack reference
 * (down, sideways, up into outputs; values, lists, Sub texts, conditions) resolves to its own source.
 *
 * The seed is printed; `WIRE_SEED=<n>` replays a run, `WIRE_TREES=<n>` sets how many trees.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, type CfnValue, type CompileResult, type ConditionHandle, type ParameterHandle, type ResourceHandle, type Tok } from '../../dsl/index.js';
import { lintCompiled } from '../helpers/lint.js';
import { WireScenario } from '../helpers/wires.js';

const SEED = process.env['WIRE_SEED'] ? Number(process.env['WIRE_SEED']) : Math.floor(Math.random() * 2 ** 32);
const TREES = Number(process.env['WIRE_TREES'] ?? 300);
const LINTED_TREES = 6;

/** Ids that read alike once concatenated: collisions are the point. */
const SEGMENTS = ['A', 'B', 'AB', 'BA', 'Vpc', 'BVpc', 'ABVpc', 'Topic', 'BTopic', 'TopicName', 'Flag', 'IsProd', 'BIsProd', 'IsProdFlag', 'Subnets', 'BSubnets'];

/** mulberry32: small, seedable, good enough to draw shapes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Producer =
  | { kind: 'topic'; handle: ResourceHandle<'AWS::SNS::Topic'> }
  | { kind: 'parameter'; handle: ParameterHandle }
  | { kind: 'list'; handle: ParameterHandle };

class TreeGenerator {
  readonly scenario = new WireScenario();
  private readonly stacks: Stack[] = [this.scenario.root];
  private readonly producers = new Map<Stack, Producer[]>();
  private readonly conditions = new Map<Stack, ConditionHandle[]>();
  private next = 0;

  constructor(private readonly draw: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.draw() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.draw() < p;
  }

  /** A segment not yet used in `stack`'s logical-id namespace (or its outputs). */
  private freeId(stack: Stack, outputs = false): string | undefined {
    const taken = (id: string) =>
      outputs ? stack.outputs.has(id) : stack.parameters.has(id) || stack.resources.has(id) || stack.conditions.has(id) || stack.mappings.has(id);
    const free = SEGMENTS.filter((id) => !taken(id));
    return free.length ? this.pick(free) : undefined;
  }

  private depth(stack: Stack): number {
    return stack.lineage.length - 1;
  }

  /** Stacks in preorder: a consumer only reads producers of stacks at or before its own. */
  private order(): Stack[] {
    const walk = (s: Stack): Stack[] => [s, ...s.children.flatMap(walk)];
    return walk(this.scenario.root);
  }

  build(): WireScenario {
    const stackCount = 2 + Math.floor(this.draw() * 8);
    for (let i = 0; i < stackCount; i++) {
      const parent = this.pick(this.stacks.filter((s) => this.depth(s) < 4));
      const id = this.freeId(parent);
      if (id) this.stacks.push(parent.nested(id));
    }
    for (const stack of this.stacks) this.declareProducers(stack);
    const order = this.order();
    const consumers = 3 + Math.floor(this.draw() * 12);
    for (let i = 0; i < consumers; i++) this.consume(order);
    const outputs = Math.floor(this.draw() * 4);
    for (let i = 0; i < outputs; i++) this.readUp(order);
    for (const stack of this.stacks) {
      if (stack.resources.size === 0) stack.add(`Filler${this.next++}`, { Type: 'AWS::SNS::Topic', Properties: {} });
    }
    return this.scenario;
  }

  private declareProducers(stack: Stack): void {
    const count = 1 + Math.floor(this.draw() * 3);
    const made: Producer[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.freeId(stack);
      if (!id) break;
      const kind = this.pick(['topic', 'topic', 'parameter', 'list', 'condition'] as const);
      if (kind === 'topic') made.push({ kind, handle: stack.add(id, { Type: 'AWS::SNS::Topic', Properties: {} }) });
      else if (kind === 'condition') {
        const condition = stack.condition(id, Fn.equals(Aws.region, `region-${this.next++}`));
        this.conditions.set(stack, [...(this.conditions.get(stack) ?? []), condition]);
        this.scenario.use(stack, `Local${this.next++}`, 'local', 'local', condition);
      } else {
        const parameter = stack.parameter(id, kind === 'list' ? { Type: 'CommaDelimitedList', Default: 'a,b' } : { Type: 'String', Default: 'v' });
        made.push({ kind, handle: parameter });
        this.scenario.use(stack, `Local${this.next++}`, valueOf({ kind, handle: parameter }), parameter.path);
      }
    }
    this.producers.set(stack, made);
  }

  /** A consumer in a random stack reading a producer at or before it in preorder. */
  private consume(order: Stack[]): void {
    const consumerIndex = Math.floor(this.draw() * order.length);
    const consumer = order[consumerIndex]!;
    const candidates = order.slice(0, consumerIndex + 1).flatMap((s) => this.producers.get(s) ?? []);
    if (!candidates.length) return;
    const producer = this.pick(candidates);
    const attribute = producer.kind === 'topic' && this.chance(0.4) ? 'TopicName' : undefined;
    const read = attribute ? (producer.handle as ResourceHandle<'AWS::SNS::Topic'>).attr('TopicName') : valueOf(producer);
    // Sometimes inlined in a Sub, where the wire's name is written into the text.
    const value = producer.kind !== 'list' && this.chance(0.3) ? Fn.sub`v-${read as Tok}` : read;
    const source = attribute ? `${producer.handle.path}.${attribute}` : producer.handle.path;
    const guards = consumer.lineage.flatMap((s) => this.conditions.get(s) ?? []);
    const guard = guards.length && this.chance(0.5) ? this.pick(guards) : undefined;
    const id = `Use${this.next++}`;
    this.collideWith(producer.handle.stack, consumer, wireBase(producer.handle.stack, producer.handle.id) + (attribute ?? ''));
    this.scenario.use(consumer, id, value, source, guard);
  }

  /** An output of a random stack reading a producer below it (wired up through the outputs). */
  private readUp(order: Stack[]): void {
    const reader = this.pick(order);
    const below = order.filter((s) => s !== reader && s.lineage.includes(reader)).flatMap((s) => this.producers.get(s) ?? []);
    const id = this.freeId(reader, true);
    if (!below.length || !id) return;
    const producer = this.pick(below);
    this.collideWith(producer.handle.stack, reader, wireBase(producer.handle.stack, producer.handle.id));
    this.scenario.output(reader, id, valueOf(producer), producer.handle.path);
  }

  /**
   * Sometimes declares, in a stack the wire crosses, something named exactly like the wire's base
   * name: an output on the way up, a parameter, resource, condition or mapping on the way down.
   */
  private collideWith(producer: Stack, consumer: Stack, base: string): void {
    if (!this.chance(0.5)) return;
    const common = producer.lineage.filter((s) => consumer.lineage.includes(s)).pop()!;
    const up = producer.lineage.slice(common.lineage.length - 1 + 1).reverse();
    const down = consumer.lineage.slice(common.lineage.length);
    const choices = [...up.map((s) => ['up', s] as const), ...down.map((s) => ['down', s] as const)];
    if (!choices.length) return;
    const [direction, stack] = this.pick(choices);
    if (direction === 'up') {
      if (!stack.outputs.has(base)) this.scenario.output(stack, base, 'declared', 'declared');
      return;
    }
    if (stack.parameters.has(base) || stack.resources.has(base) || stack.conditions.has(base) || stack.mappings.has(base)) return;
    const local = `Local${this.next++}`;
    switch (this.pick(['parameter', 'resource', 'condition', 'mapping'] as const)) {
      case 'parameter': {
        const parameter = stack.parameter(base, { Type: 'String', Default: 'declared' });
        this.scenario.use(stack, local, parameter.ref, parameter.path);
        break;
      }
      case 'resource':
        this.scenario.use(stack, base, 'declared', 'declared');
        break;
      case 'condition': {
        const condition = stack.condition(base, Fn.equals(Aws.region, `region-${this.next++}`));
        const topic = stack.add(`${local}Topic`, { Type: 'AWS::SNS::Topic', Properties: {} });
        this.scenario.use(stack, local, topic.ref, topic.path, condition);
        break;
      }
      case 'mapping': {
        const mapping = stack.mapping(base, { Main: { Value: 'declared' } });
        stack.add(local, { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: mapping.find('Main', 'Value') } });
        break;
      }
    }
  }
}

function valueOf(producer: Producer): CfnValue {
  return producer.kind === 'list' ? Fn.join(',', producer.handle.ref) : producer.handle.ref;
}

/** The readable name the wiring starts from: the stack path below the root, then the id. */
function wireBase(stack: Stack, id: string): string {
  return stack.lineage.slice(1).map((s) => s.id).join('') + id;
}

test(`random trees: every cross-stack reference resolves to its own source (seed ${SEED})`, () => {
  console.log(`wire-names property test: seed ${SEED}, ${TREES} trees (replay with WIRE_SEED=${SEED})`);
  const draw = random(SEED);
  const linted: CompileResult[] = [];
  let wires = 0;
  let renamed = 0;
  for (let tree = 0; tree < TREES; tree++) {
    const scenario = new TreeGenerator(draw).build();
    let result: CompileResult;
    try {
      result = scenario.check(`seed ${SEED}, tree ${tree}: `);
    } catch (error) {
      if (error instanceof assert.Assertion) throw error;
      throw new Error(`seed ${SEED}, tree ${tree}: ${(error as Error).message}`);
    }
    for (const stack of result.stacks) {
      for (const name of [...stack.parameters, ...stack.outputs]) {
        wires++;
        if (/[0-9a-f]{8}$/.test(name)) renamed++;
      }
    }
    if (linted.length < LINTED_TREES) linted.push(result);
  }
  assert.ok(renamed > 0, 'the generator produced collisions');
  assert.ok(wires > TREES, 'the generator produced wires');
  assert.equal(lintCompiled(...linted), [], `seed ${SEED}: cfn-lint`);
});

test.run();
