/**
 * Issue 10 items 5, 8 and 10 over every product's compiled templates: images pulled through a
 * cache are ordered after its rule, every log group a container writes to is a resource of the
 * product, and no container of a task with ECS Exec has a read-only root filesystem. Each is read
 * from the templates, not from the blueprints' preflight checks, so a check that went quiet would
 * not hide a regression.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { catalogue } from '../../build/catalogue.js';
import { buildEnvironment, type BuiltEnvironment } from '../../build/compile-product.js';
import type { Json } from '../../dsl/index.js';
import { TreeIndex } from '../../dsl/preflight/tree.js';
import { stackView } from './helpers.js';

type JsonObject = { [key: string]: Json };

const builds: BuiltEnvironment[] = catalogue.flatMap((product) => Object.keys(product.environments).map((environment) => buildEnvironment(product, environment, 'json')));
const trees = builds.map((built) => ({ built, tree: new TreeIndex(built.result.stacks.map((s) => ({ path: s.path, template: s.template as { [section: string]: Json } }))) }));

const containersOf = (properties: JsonObject) => (properties['ContainerDefinitions'] as JsonObject[] | undefined) ?? [];

test('web-app-service-connect: the Container stack is created after the pull-through cache stack', () => {
  const built = builds.find((b) => b.product === 'web-app-service-connect')!;
  const container = stackView(built, 'Root').byId('Container');
  assert.ok((container.resource['DependsOn'] as string[] | undefined)?.includes('EcrPullThroughCache'), JSON.stringify(container.resource['DependsOn']));
});

test('every product: a service whose image comes through a cache rule of the product is created after the rule', () => {
  let checked = 0;
  for (const { built, tree } of trees) {
    const rules = [...tree.resources('AWS::ECR::PullThroughCacheRule')];
    for (const service of tree.resources('AWS::ECS::Service')) {
      const address = tree.target(service.stack, service.properties['TaskDefinition']!);
      const definition = address && tree.resource(address);
      if (!definition) continue;
      for (const c of containersOf(definition.properties)) {
        const image = JSON.stringify(tree.origin(definition.stack, c['Image']!).value);
        for (const rule of rules.filter((r) => image.includes(`/${String(r.properties['EcrRepositoryPrefix'])}/`))) {
          checked++;
          assert.ok(tree.createdAfter(service, rule), `${built.product}/${built.environment}: ${service.stack}/${service.id} before ${rule.stack}/${rule.id}`);
        }
      }
    }
  }
  assert.ok(checked >= 2, `${checked} cached images checked`);
});

test('every product: each log group a container writes to is a log group resource of the product, encrypted, with retention and a DeletionPolicy', () => {
  let checked = 0;
  for (const { built, tree } of trees) {
    for (const definition of tree.resources('AWS::ECS::TaskDefinition')) {
      for (const c of containersOf(definition.properties)) {
        const log = c['LogConfiguration'] as { LogDriver: string; Options: JsonObject } | undefined;
        if (!log) continue;
        const group = log.LogDriver === 'awslogs' ? log.Options['awslogs-group'] : log.Options['log_group_name'];
        if (group === undefined) continue;
        const at = `${built.product}/${built.environment} ${definition.stack} ${String(c['Name'])}`;
        assert.is(log.Options['awslogs-create-group'], undefined, `${at}: ECS creates its group`);
        const address = tree.target(definition.stack, group);
        const resource = address && tree.resource(address);
        assert.is(resource?.type, 'AWS::Logs::LogGroup', `${at} writes to ${JSON.stringify(group)}`);
        assert.ok(resource!.properties['KmsKeyId'] !== undefined && resource!.properties['RetentionInDays'] !== undefined && resource!.resource['DeletionPolicy'] !== undefined, at);
        checked++;
      }
    }
  }
  assert.ok(checked >= 10, `${checked} containers checked`);
});

test('ecs-platform: the Web service logs to a log group of its own stack in each environment, not to one ECS creates', () => {
  for (const built of builds.filter((b) => b.product === 'ecs-platform')) {
    const web = stackView(built, 'Root/Services/Web');
    const [container] = containersOf(web.resource('AWS::ECS::TaskDefinition').properties);
    assert.equal((container!['LogConfiguration'] as JsonObject)['Options'], { 'awslogs-group': { Ref: 'WebTaskLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'web' });
    const group = web.byId('WebTaskLogGroup');
    assert.equal([group.resource['DeletionPolicy'], group.properties['RetentionInDays']], [built.environment === 'production' ? 'Retain' : 'Delete', 365]);
    assert.ok(group.properties['KmsKeyId'] !== undefined);
    assert.is(group.properties['LogGroupName'], undefined, 'named by CloudFormation, so staging and production never share it');
  }
});

test('every product: no container of a task with ECS Exec has a read-only root, and no volume is mounted over the exec agent', () => {
  let checked = 0;
  for (const { built, tree } of trees) {
    for (const service of tree.resources('AWS::ECS::Service')) {
      if (service.properties['EnableExecuteCommand'] !== true) continue;
      const address = tree.target(service.stack, service.properties['TaskDefinition']!);
      const definition = address && tree.resource(address);
      for (const c of containersOf(definition!.properties)) {
        const at = `${built.product}/${built.environment} ${service.stack}/${service.id} ${String(c['Name'])}`;
        assert.is.not(c['ReadonlyRootFilesystem'], true, at);
        const mounts = (c['MountPoints'] as JsonObject[] | undefined) ?? [];
        assert.equal(mounts.filter((m) => /managed-agents|amazon\/ssm/.test(String(m['ContainerPath']))), [], at);
        checked++;
      }
    }
  }
  assert.ok(checked >= 2, `${checked} exec containers checked`);
});

test('minimal-service: without ECS Exec the container from the file keeps the read-only default', () => {
  const built = builds.find((b) => b.product === 'minimal-service' && b.environment === 'prod')!;
  const [container] = containersOf(stackView(built, 'Root/Container').resource('AWS::ECS::TaskDefinition').properties);
  assert.is(container!['ReadonlyRootFilesystem'], true);
});

test.run();
