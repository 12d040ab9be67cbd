/**
 * The product switch (build/product.ts `partition`): a product of 50 load-balanced, autoscaled
 * services made with the real blueprints in one `Container` stack (the flat layout that fails at
 * 500 resources) fails without it, naming the option, and builds into a partitioned tree with it:
 * every template within budget, every reference reaching its own source, preflight passing,
 * cfn-lint silent on every template and checkov on a sample; adding a service moves nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, s, Stack, type CompileResult } from '../../dsl/index.js';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { fargateService } from '../../blueprints/ecs/service/fargate-service.js';
import { fargateTask } from '../../blueprints/ecs/task/index.js';
import { network } from '../../blueprints/network/index.js';
import { publicLoadBalancerStack } from '../../blueprints/systems/public-load-balancer.js';
import { buildEnvironment, ProductBuildError } from '../../build/compile-product.js';
import { defineProduct } from '../../build/product.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { assertReferencesReachTheirSources, assertWithinBudgets, DEFAULT_BUDGET, placements } from './partition-checks.js';

const Inputs = s.object({ services: s.integer(1, 200) });

/** Load-balanced, autoscaled services side by side in one stack, with the cluster they share. */
function manyServices(root: Stack, { services }: s.Input<typeof Inputs>): void {
  const net = network(root.nested('Network'), { cidr: '10.0.0.0/16', availabilityZones: 2, nat: 'single', s3GatewayEndpoint: false });
  const lb = publicLoadBalancerStack(root, net.ref, { protocol: 'http', deletionProtection: false });
  const container = root.nested('Container');
  const ecs = cluster(container, { exec: false, sharedExecutionRole: true });
  for (let i = 0; i < services; i++) {
    const name = `Api${String(i).padStart(3, '0')}`;
    fargateService(container, name, {
      path: `services[${i}]`,
      cluster: ecs.ref,
      network: net.ref,
      task: fargateTask(container, `${name}Task`, {
        path: `services[${i}].task`,
        cpu: 256,
        memory: 512,
        containers: [{ name: 'app', image: 'public.ecr.aws/docker/library/httpd:2.4', portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' }], readonlyRootFilesystem: false }],
        executionRole: { shared: ecs.sharedExecutionRole! },
        cluster: ecs.ref,
      }),
      loadBalancer: { listener: lb.listenerRef, rule: { priority: i + 1, pathPatterns: [`/${name.toLowerCase()}/*`] } },
      autoScaling: { minCapacity: 1, maxCapacity: 4, targetTracking: { cpuPercent: 60, requestsPerTarget: 500 } },
    });
  }
}

const product = (partition?: boolean) =>
  defineProduct({
    name: 'many-services',
    description: 'Services side by side in one stack',
    inputs: Inputs,
    compose: manyServices,
    environments: { fifty: { services: 50 }, fiftyOne: { services: 51 } },
    ...(partition === undefined ? {} : { partition }),
  });

test('without the switch, the product fails at 500 resources and the error names the switch', () => {
  try {
    buildEnvironment(product(), 'fifty', 'json');
    assert.unreachable('the build should fail');
  } catch (error) {
    assert.instance(error, ProductBuildError);
    assert.match((error as Error).message, /many-services\/fifty: stack Root\/Container: \d+ resources exceeds the CloudFormation limit of 500: turn on partitioning/);
    assert.match((error as Error).message, 'product switch `partition`');
  }
});

test('with the switch, the product builds into partitions within budget; preflight, cfn-lint and checkov pass', () => {
  const built = buildEnvironment(product(true), 'fifty', 'json');
  const result = built.result;
  const total = result.stacks.reduce((n, stack) => n + stack.resourceCount, 0);
  assert.ok(total > 550, `${total} resources in the tree`);
  const partitions = result.stacks.filter((stack) => stack.path.startsWith('Root/Container/Partition'));
  assert.ok(partitions.length > 1, `${partitions.length} partitions`);
  assert.ok(built.manifest.artifacts.some((artifact) => artifact.stack === partitions[0]!.path), 'the manifest lists the partitions');
  assertWithinBudgets(result, DEFAULT_BUDGET);
  const sample: CompileResult = { ...result, stacks: result.stacks.filter((stack) => !stack.path.startsWith('Root/Container/Partition') || stack === partitions[0]) };
  assert.equal(lintCompiled(result), []);
  assert.equal(checkovCompiled(sample), []);
});

test('every reference of the real blueprints reaches its own source across the partitions', () => {
  const root = Stack.root();
  manyServices(root, { services: 50 });
  const result = compile(root, { partition: true });
  assert.ok(assertReferencesReachTheirSources(root, result) > 50 * 20);
});

test('adding a service to the product moves no existing resource', () => {
  const fifty = placements(buildEnvironment(product(true), 'fifty', 'json').result);
  const fiftyOne = placements(buildEnvironment(product(true), 'fiftyOne', 'json').result);
  assert.equal([...fifty].filter((placement) => !fiftyOne.has(placement)), []);
  assert.ok(fiftyOne.size > fifty.size);
});

test.run();
