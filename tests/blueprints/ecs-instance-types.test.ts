/**
 * EC2 instance types: the committed table is what the pinned botocore says, every type in it is
 * accepted, and anything else (a misspelt size, an unknown family) fails at compile time naming the
 * input, in the cluster blueprint and in the ecs-platform product alike.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { instanceTypeProblem } from '../../blueprints/ecs/cluster/instance-types.js';
import product from '../../build/products/ecs-platform.js';
import { buildEnvironment } from '../../build/compile-product.js';
import type { Stack } from '../../dsl/index.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const table = JSON.parse(readFileSync('blueprints/ecs/cluster/ec2-instance-types.json', 'utf8')) as { count: number; families: Record<string, string[]> };
const all = Object.entries(table.families).flatMap(([family, sizes]) => sizes.map((size) => `${family}.${size}`));

test('the committed table is what scripts/generate-instance-types.ts makes from the pinned botocore', () => {
  const out = execFileSync('npx', ['tsx', 'scripts/generate-instance-types.ts', '--check'], { encoding: 'utf8' });
  assert.match(out, 'is current');
  assert.is(all.length, table.count);
  assert.ok(all.includes('t3.medium') && all.includes('m6i.large') && all.includes('m7g.large'));
});

test('every type of the table is accepted; every misspelling of one is refused (generated)', () => {
  for (const type of all) assert.is(instanceTypeProblem(type), undefined, type);
  const known = new Set(all);
  let refused = 0;
  for (const [family, sizes] of Object.entries(table.families)) {
    for (const bad of [`${family}.nonsense`, `${family}.${sizes[0]!.slice(0, -1)}`, `${family}x.${sizes[0]}`]) {
      if (known.has(bad)) continue;
      const problem = instanceTypeProblem(bad);
      assert.ok(problem?.startsWith('is not an EC2 instance type'), `${bad}: ${problem}`);
      refused++;
    }
  }
  assert.ok(refused > 2 * Object.keys(table.families).length, `${refused} misspellings refused`);
  assert.is(instanceTypeProblem('t3.nonsense'), `is not an EC2 instance type: t3 comes in ${table.families['t3']!.join(', ')}`);
  assert.match(instanceTypeProblem('m6j.large')!, 'there is no family "m6j" (did you mean ');
});

const ec2 = (root: Stack, instanceType: unknown, sizes: { minSize?: unknown; maxSize?: unknown } = {}) =>
  cluster(root, {
    capacity: {
      ec2: { instanceType: instanceType as string, maxSize: (sizes.maxSize ?? 2) as number, ...(sizes.minSize !== undefined ? { minSize: sizes.minSize as number } : {}), subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] },
    },
  });

test('the cluster refuses an unknown type, naming the input; a deploy-time type gets the <family>.<size> pattern', () => {
  assert.match(inputErrorOf(() => compileTree((root) => void ec2(root, 't3.nonsense'))), 'cluster.capacity.ec2.instanceType: "t3.nonsense" is not an EC2 instance type: t3 comes in 2xlarge, large');
  assert.match(inputErrorOf(() => compileTree((root) => void ec2(root, 'large'))), 'cluster.capacity.ec2.instanceType: "large" is not an EC2 instance type (family.size');
  const built = compileTree((root) => void ec2(root, root.parameter('InstanceType', { Type: 'String', Default: 'm6i.large' }).ref));
  assert.equal(built.root.parameter('InstanceType')['AllowedPattern'], '^[a-z][a-z0-9-]*\\.[a-z0-9]+$');
  built.root.resource('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { InstanceType: { Ref: 'InstanceType' } } });
  assert.equal(lintCompiled(built.result), []);
});

test('minSize <= maxSize: literals compared, a literal bounds the other side\'s parameter', () => {
  assert.match(inputErrorOf(() => compileTree((root) => void ec2(root, 't3.medium', { minSize: 3, maxSize: 2 }))), 'cluster.capacity.ec2.maxSize: 2 is less than minSize (3)');
  const built = compileTree((root) => void ec2(root, 't3.medium', { minSize: 2, maxSize: root.parameter('MaxSize', { Type: 'Number', Default: 4 }).ref }));
  assert.equal([built.root.parameter('MaxSize')['MinValue'], built.root.parameter('MaxSize')['MaxValue']], [2, 1000]);
  built.root.resource('AWS::AutoScaling::AutoScalingGroup', { MinSize: '2', MaxSize: { Ref: 'MaxSize' } });
});

test('the ecs-platform product refuses a type EC2 does not have, naming the product input', () => {
  const inputs = { ec2: { instanceType: 't3.nonsense' } };
  const message = (() => {
    try {
      buildEnvironment({ ...product, environments: { staging: inputs } }, 'staging', 'json');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a build error');
  })();
  assert.match(message, 'ecs-platform/staging');
  assert.match(message, 'ec2.instanceType: "t3.nonsense" is not an EC2 instance type');
});

test.run();
