/**
 * The preflight checks the task blueprint registers, each tripped by a hand-made tree (raw
 * resources, no blueprint to get it right), and the blueprint behaviour that keeps products clear of
 * them: a cached image orders its task definition after the cache rule.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ecrPublicPullThroughCache } from '../../blueprints/ecr/index.js';
import { execRootFilesystemCheck, logGroupsCheck, pullThroughOrderCheck } from '../../blueprints/ecs/task/checks/index.js';
import { fargateTask } from '../../blueprints/ecs/task/index.js';
import { Aws, Fn, type Res, type Stack, type Value } from '../../dsl/index.js';
import type { PreflightCheck } from '../../dsl/preflight/check.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

interface RawContainer {
  image?: Value<string>;
  readonly?: boolean;
  init?: boolean;
  log?: { LogDriver: string; Options: Record<string, Value<string>> };
}

/** A task definition written by hand (no blueprint), optionally with a task role and a service. */
function rawTask(stack: Stack, options: { containers: RawContainer[]; role?: Res<'AWS::IAM::Role'>; exec?: boolean; service?: boolean }) {
  const definition = stack.add('TaskDefinition', {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '256',
      Memory: '512',
      ...(options.role ? { TaskRoleArn: options.role.attr('Arn') } : {}),
      ContainerDefinitions: options.containers.map((c, i) => ({
        Name: `c${i}`,
        Image: c.image ?? 'public.ecr.aws/nginx/nginx:1.27',
        Essential: true,
        ...(c.readonly !== undefined ? { ReadonlyRootFilesystem: c.readonly } : {}),
        ...(c.init ? { LinuxParameters: { InitProcessEnabled: true } } : {}),
        ...(c.log ? { LogConfiguration: c.log } : {}),
      })),
    },
  });
  if (options.service ?? true) {
    stack.add('Service', {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: 'main',
        LaunchType: 'FARGATE',
        TaskDefinition: definition.ref,
        DesiredCount: 1,
        EnableExecuteCommand: options.exec ?? false,
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123456789abcdef0'], AssignPublicIp: 'DISABLED' } },
      },
    });
  }
  return definition;
}

const withCheck = (check: PreflightCheck, build: (root: Stack) => void) => () =>
  compileTree((root) => {
    root.addCheck(check);
    build(root);
  });

const cachedImage = Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/ecr-public/nginx/nginx:1.27`;
const cacheRule = (stack: Stack) =>
  stack.add('Rule', { Type: 'AWS::ECR::PullThroughCacheRule', Properties: { EcrRepositoryPrefix: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws' } });

test('pull-through ordering: a service pulling through a cache rule of the tree without being created after it fails', () => {
  const nested = errorOf(
    withCheck(pullThroughOrderCheck, (root) => {
      cacheRule(root.nested('Cache'));
      rawTask(root.nested('App'), { containers: [{ image: cachedImage }] });
    }),
  );
  assert.match(nested, 'stack Root/App, Service: Properties.TaskDefinition: runs Root/App/TaskDefinition, whose container 0 pulls ${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/nginx/nginx:1.27 through the pull-through cache rule Root/Cache/Rule (prefix ecr-public), but is not created after that rule');
  assert.match(nested, '[ecs.pull-through-cache-order]');
  const same = errorOf(
    withCheck(pullThroughOrderCheck, (root) => {
      cacheRule(root);
      rawTask(root, { containers: [{ image: Fn.sub`111122223333.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/library/redis:7` }] });
    }),
  );
  assert.match(same, 'stack Root, Service: Properties.TaskDefinition');
  // Ordered (in its stack, or across stacks through the nested stacks' DependsOn), or another prefix: silent.
  withCheck(pullThroughOrderCheck, (root) => {
    const rule = cacheRule(root.nested('Cache'));
    rawTask(root.nested('App'), { containers: [{ image: cachedImage }] }).dependsOn(rule);
  })();
  withCheck(pullThroughOrderCheck, (root) => {
    cacheRule(root.nested('Cache'));
    rawTask(root.nested('App'), { containers: [{ image: Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/team/api:1` }] });
  })();
});

test('pull-through ordering: a task with a cached image depends on the rule, in its stack and across nested stacks', () => {
  const same = compileTree((root) => {
    const cache = ecrPublicPullThroughCache(root, 'Cache');
    fargateTask(root, 'Web', { cpu: 256, memory: 512, containers: [{ name: 'web', image: cache.image('public.ecr.aws/nginx/nginx:1.27') }] });
  });
  assert.equal(same.root.byId('WebDefinition').resource['DependsOn'], ['Cache']);
  const nested = compileTree((root) => {
    const cache = ecrPublicPullThroughCache(root.nested('EcrPullThroughCache'), 'EcrPublic');
    fargateTask(root.nested('Container'), 'Web', { cpu: 256, memory: 512, containers: [{ name: 'web', image: cache.image('public.ecr.aws/nginx/nginx:1.27') }] });
  });
  assert.equal(nested.root.byId('Container').resource['DependsOn'], ['EcrPullThroughCache']);
  assert.equal(lintCompiled(same.result, nested.result), []);
});

const kmsKey = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const logGroup = (stack: Stack) =>
  stack.add('Logs', { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: { RetentionInDays: 30, KmsKeyId: kmsKey } });
const awslogs = (group: Value<string>, create = false) => ({
  LogDriver: 'awslogs',
  Options: { 'awslogs-group': group, 'awslogs-region': Aws.region, 'awslogs-stream-prefix': 'app', ...(create ? { 'awslogs-create-group': 'true' } : {}) },
});

test('log groups: a container writing to a group outside the product fails; one ECS creates is a warning', () => {
  const outside = errorOf(withCheck(logGroupsCheck, (root) => void rawTask(root, { containers: [{ log: awslogs('/shared/app') }] })));
  assert.match(outside, 'stack Root, TaskDefinition: Properties.ContainerDefinitions[0].LogConfiguration.Options.awslogs-group: container c0 writes to /shared/app, which is not a log group of the product');
  const firelens = errorOf(
    withCheck(logGroupsCheck, (root) => void rawTask(root, { containers: [{ log: { LogDriver: 'awsfirelens', Options: { Name: 'cloudwatch_logs', region: 'eu-west-1', log_group_name: '/app/web' } } }] })),
  );
  assert.match(firelens, 'Options.log_group_name: container c0 writes to /app/web, which is not a log group of the product');
  const created = withCheck(logGroupsCheck, (root) => void rawTask(root, { containers: [{ log: awslogs('/ecs/app', true) }] }))();
  assert.equal(created.result.warnings.map((w) => w.message), [
    'TaskDefinition: Properties.ContainerDefinitions[0].LogConfiguration.Options.awslogs-group: container c0 writes to /ecs/app, a log group ECS creates outside the product (no KMS key, no retention, not deleted with the stack, shared by every stack that names it) [ecs.log-groups-in-product]',
  ]);
  // A group of the tree, in the stack or wired from another: silent.
  const inTree = withCheck(logGroupsCheck, (root) => {
    const group = logGroup(root.nested('Logging'));
    rawTask(root.nested('App'), { containers: [{ log: awslogs(group.ref) }] });
  })();
  assert.equal(inTree.result.warnings, []);
});

test('exec root filesystem: a read-only root in a task with ECS Exec fails, found from the service or from the task role', () => {
  const fromService = errorOf(withCheck(execRootFilesystemCheck, (root) => void rawTask(root, { exec: true, containers: [{ readonly: false }, { readonly: true }] })));
  assert.match(fromService, 'stack Root, TaskDefinition: Properties.ContainerDefinitions[1].ReadonlyRootFilesystem: is true for container c1 in a task with ECS Exec (Root/Service enables execute command)');
  assert.match(fromService, '[ecs.exec-writable-root]');
  const fromRole = errorOf(
    withCheck(execRootFilesystemCheck, (root) => {
      const role = root.add('TaskRole', {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust,
          Policies: [{ PolicyName: 'Exec', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:OpenControlChannel'], Resource: '*' }] } }],
        },
      });
      rawTask(root, { role, service: false, containers: [{ readonly: true, init: true }] });
    }),
  );
  assert.match(fromRole, 'is true for container c0 in a task with ECS Exec (its task role carries the ECS Exec statements and it runs an init process)');
  // Exec off, or writable roots: silent.
  withCheck(execRootFilesystemCheck, (root) => void rawTask(root, { exec: false, containers: [{ readonly: true }] }))();
  withCheck(execRootFilesystemCheck, (root) => void rawTask(root, { exec: true, containers: [{ readonly: false }, {}] }))();
});

test('the task blueprint registers its checks on any tree it adds a task to', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      fargateTask(root, 'Blueprint', { cpu: 256, memory: 512, containers: [{ name: 'app', image: 'nginx:1.27' }] });
      rawTask(root.nested('Hand'), { exec: true, containers: [{ readonly: true, log: awslogs('/elsewhere') }] });
    }),
  );
  assert.match(message, '[ecs.exec-writable-root]');
  assert.match(message, '[ecs.log-groups-in-product]');
});

test.run();
