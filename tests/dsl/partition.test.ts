/**
 * Partitioning at CloudFormation's quotas (dsl/partition.ts): a stack of 600+ resources and a root
 * of 600 nested stacks compile into nested trees within their budgets, every reference reaching
 * its own source and cfn-lint silent on a sample; adding a service moves no existing resource;
 * output is deterministic and the tree is left as declared; the errors name what to change.
 *
 * `PARTITION_SEED=<n>` replays the seeded additions of the stability property.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, type CompileResult, type PartitionOptions, type Stack } from '../../dsl/index.js';
import { bucketPath } from '../../dsl/partition-hash.js';
import { loadBalancedServices, serviceNames, type ServicesLayout } from '../../scripts/bench/services-generator.js';
import { errorOf } from '../helpers/compile.js';
import { random } from '../helpers/fuzz.js';
import { lintFiles } from '../helpers/lint.js';
import { assertReferencesReachTheirSources, assertWithinBudgets, DEFAULT_BUDGET, placements } from './partition-checks.js';

const SEED = process.env['PARTITION_SEED'] ? Number(process.env['PARTITION_SEED']) : Math.floor(Math.random() * 2 ** 32);

function services(layout: ServicesLayout, names: readonly string[], partition?: PartitionOptions): Stack {
  return loadBalancedServices({ names, layout, ...(partition ? { partition } : {}) });
}

/** Writes the whole tree (roots are linted with their children) and lints the given files of it in one run. */
function lintSample(result: CompileResult, files: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'partition-lint-'));
  try {
    for (const stack of result.stacks) writeFileSync(join(dir, stack.file), stack.body);
    return lintFiles(files.map((file) => join(dir, file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function template(result: CompileResult, path: string) {
  const stack = result.stacks.find((s) => s.path === path);
  if (!stack) throw new Error(`no stack ${path}`);
  return stack;
}

test('a stack over 500 resources fails without partitioning, and the error names the option', () => {
  const message = errorOf(() => compile(services('flat', serviceNames(50))));
  assert.match(message, /stack Root\/Container: 6\d\d resources exceeds the CloudFormation limit of 500: turn on partitioning/);
  assert.match(message, 'stack.partition()');
  assert.match(message, 'product switch `partition`');
});

test('a flat stack of 60 services splits into partitions within budget; shared resources stay; every reference reaches its source; cfn-lint is silent', () => {
  const root = services('flat', serviceNames(60), {});
  const result = compile(root);
  const container = template(result, 'Root/Container');
  const resources = container.template['Resources'] as Record<string, { Type: string }>;
  const stays = Object.keys(resources).filter((id) => !/^Partition\d+$/.test(id));
  assert.equal(stays, ['Cluster', 'ExecutionRole', 'LogsKey'], 'what every service uses stays in the stack');
  const partitions = result.stacks.filter((s) => s.path.startsWith('Root/Container/Partition'));
  assert.ok(partitions.length > 1 && partitions.length <= 16, `${partitions.length} partitions`);
  // A service's 12 resources are one unit: all in one partition.
  for (const name of serviceNames(60)) {
    const holders = partitions.filter((p) => Object.keys(p.template['Resources'] as object).some((id) => id.startsWith(name)));
    assert.is(holders.length, 1, `${name} is in one partition`);
    assert.is(Object.keys(holders[0]!.template['Resources'] as object).filter((id) => id.startsWith(name)).length, 12);
  }
  assertWithinBudgets(result, DEFAULT_BUDGET);
  assert.ok(assertReferencesReachTheirSources(root, result) > 60 * 20);
  assert.equal(lintSample(result, ['root.json', 'Container.json', partitions[0]!.file, partitions.at(-1)!.file]), []);
});

test('the compile option and the product switch split the stack as stack.partition() does', () => {
  const own = compile(services('flat', serviceNames(60), {}));
  const treeWide = compile(services('flat', serviceNames(60)), { partition: true });
  assert.equal(
    treeWide.stacks.map((s) => [s.path, s.body]),
    own.stacks.map((s) => [s.path, s.body]),
  );
});

test('a root of 600 nested stacks splits into a two-level trie; the root stays far under its limits', () => {
  const root = services('stackPerService', serviceNames(600), { fanOut: [4, 4] });
  const result = compile(root);
  const top = result.root;
  assert.equal(Object.keys(top.template['Resources'] as object).sort(), ['Cluster', 'LoadBalancer', 'Network', 'Partition0', 'Partition1', 'Partition2', 'Partition3']);
  assert.ok(top.parameters.length === 0 && top.outputs.length === 0, 'the root passes values down; it adds no parameters or outputs');
  const leaves = result.stacks.filter((s) => /^Root\/Partition\d\/Partition\d$/.test(s.path));
  assert.ok(leaves.length > 4 && leaves.length <= 16, `${leaves.length} leaves`);
  const serviceStacks = result.stacks.filter((s) => /\/Svc\d+$/.test(s.path));
  assert.is(serviceStacks.length, 600);
  for (const stack of serviceStacks) assert.match(stack.path, /^Root\/Partition\d\/Partition\d\/Svc\d{5}$/);
  assertWithinBudgets(result, DEFAULT_BUDGET);
  assert.ok(assertReferencesReachTheirSources(root, result) > 600 * 20);
  const leaf = leaves[0]!;
  const service = result.stacks.find((s) => s.path.startsWith(`${leaf.path}/`))!;
  assert.equal(lintSample(result, ['root.json', 'Partition0.json', leaf.file, service.file]), []);
});

test('adding a service moves no existing resource and renames none (flat and nested layouts, the new one sorting first)', () => {
  for (const [layout, count, partition] of [
    ['flat', 60, {}],
    ['stackPerService', 60, { always: true, fanOut: [4, 4] }],
  ] as const) {
    const names = serviceNames(count);
    const before = placements(compile(services(layout, names, partition)));
    const after = placements(compile(services(layout, [...names, 'Aaa'], partition)));
    const lost = [...before].filter((placement) => !after.has(placement));
    assert.equal(lost, [], `${layout}: every resource keeps its stack and logical id`);
    assert.ok(after.size > before.size);
  }
});

test(`property: services added one at a time in random order never move another (seed ${SEED})`, () => {
  const draw = random(SEED);
  const name = () => `S${Math.floor(draw() * 36 ** 6).toString(36)}`;
  const names = new Set<string>();
  while (names.size < 45) names.add(name());
  let list = [...names];
  let previous = placements(compile(services('flat', list, { fanOut: [4, 2] })));
  for (let step = 0; step < 6; step++) {
    let next = name();
    while (names.has(next)) next = name();
    names.add(next);
    list = [...list, next];
    const current = placements(compile(services('flat', list, { fanOut: [4, 2] })));
    const lost = [...previous].filter((placement) => !current.has(placement));
    assert.equal(lost, [], `adding ${next} (seed ${SEED}, step ${step}) moved nothing`);
    previous = current;
  }
});

test('with always, a small stack is split from its first build: growing it later moves nothing', () => {
  const small = compile(services('flat', serviceNames(3), { always: true }));
  assert.ok(small.stacks.some((s) => s.path.startsWith('Root/Container/Partition')), 'split although under budget');
  const grown = placements(compile(services('flat', serviceNames(45), { always: true })));
  assert.equal([...placements(small)].filter((p) => !grown.has(p)), []);
});

test('deterministic: fresh trees compile byte-identical, and compiling leaves the tree as declared', () => {
  const first = compile(services('flat', serviceNames(60), {}));
  const root = services('flat', serviceNames(60), {});
  const shape = (stack: Stack): unknown => ({
    path: stack.path,
    resources: [...stack.resources.values()].map((r) => `${r.id}@${r.stack.path}`),
    mappings: [...stack.mappings.values()].map((m) => `${m.id}@${m.stack.path}`),
    children: stack.children.map(shape),
  });
  const declared = shape(root);
  const second = compile(root);
  assert.equal(shape(root), declared, 'every resource, mapping and child stack is back where it was declared');
  const third = compile(root);
  for (const other of [second, third]) assert.equal(other.stacks.map((s) => [s.file, s.sha256]), first.stacks.map((s) => [s.file, s.sha256]));
});

test('a partition over its budget asks for a higher fan-out, naming the partition', () => {
  const message = errorOf(() => compile(services('flat', serviceNames(100), { fanOut: 2 })));
  assert.match(message, /stack Root\/Container: partition Root\/Container\/Partition[01] would hold \d+ resources \(\d+ units: Svc/);
  assert.match(message, 'over the budget of 450: raise the fan-out (partition({ fanOut }) is [2])');
  assert.match(message, 'CloudFormation replaces the resources that move');
});

test('a unit larger than a partition is an error naming it and what to do', () => {
  const message = errorOf(() => compile(services('flat', serviceNames(2), { always: true, fanOut: 2, budget: { resources: 10 } })));
  assert.match(message, /unit Svc00000\w+ has 12 resources, more than a partition's budget of 10/);
  assert.match(message, 'partition({ keep })');
});

test('bad partition options fail where they are given', () => {
  const root = services('flat', serviceNames(1));
  const container = root.children.find((c) => c.id === 'Container')!;
  assert.match(errorOf(() => container.partition({ fanOut: 1 })), 'partition options of stack Root/Container: fanOut[0] is 1; it must be an integer from 2 to the resource budget (450)');
  assert.match(errorOf(() => container.partition({ fanOut: [4, 4, 4, 4, 4] })), 'fanOut has 5 levels; 1 to 4 are allowed');
  assert.match(errorOf(() => container.partition({ budget: { resources: 501 } })), "budget.resources is 501; it must be an integer from 1 to CloudFormation's quota of 500");
  assert.match(errorOf(() => container.partition({ budget: { bytes: 2.5 } })), 'budget.bytes is 2.5');
  assert.match(errorOf(() => container.partition({ sharedAt: 1 })), 'sharedAt is 1');
  const vpc = root.children.find((c) => c.id === 'Network')!.resources.get('Vpc')!;
  assert.match(errorOf(() => container.partition({ keep: [vpc] })), 'keep lists Root/Network/Vpc, which is not a resource of this stack');
  assert.match(errorOf(() => compile(root, { partition: { fanOut: 0 } })), 'partition options of the compile option partition: fanOut[0] is 0');
});

test('raising a fan-out moves only the units that land in the new partitions, about (G-F)/G of them, and spreads units evenly', () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `Service${i}Api`);
  const before = keys.map((key) => bucketPath(key, [16, 8]));
  const after = keys.map((key) => bucketPath(key, [20, 8]));
  let moved = 0;
  keys.forEach((key, i) => {
    assert.is(after[i]![1], before[i]![1], `${key}: the second level does not change`);
    if (after[i]![0] === before[i]![0]) return;
    assert.ok(after[i]![0]! >= 16, `${key} moved to a new partition, not an existing one`);
    moved++;
  });
  assert.ok(Math.abs(moved / keys.length - 4 / 20) < 0.02, `${moved} of ${keys.length} moved`);
  const counts = new Array(20).fill(0) as number[];
  for (const [first] of after) counts[first!] = counts[first!]! + 1;
  for (const count of counts) assert.ok(Math.abs(count - keys.length / 20) < keys.length / 20 / 10, `${count} in a partition`);
});

test.run();
