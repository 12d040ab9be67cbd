/**
 * Every log group a container writes to is a resource of the product: one ECS creates on first use
 * (awslogs-create-group, FireLens auto_create_group), or one made elsewhere, has no key, retention
 * or DeletionPolicy of the product, outlives it and is shared by every stack that names it.
 */
import type { Json } from '../../../../dsl/index.js';
import type { PreflightCheck } from '../../../../dsl/preflight/check.js';
import { containersOf, isObject, textOf } from './containers.js';

/** FireLens output plugins that write to CloudWatch Logs, and their group option (https://github.com/aws/amazon-cloudwatch-logs-for-fluent-bit). */
const FIRELENS_CLOUDWATCH_PLUGINS = ['cloudwatch_logs', 'cloudwatch'];

function destination(logConfiguration: Json | undefined): { option: string; group: Json; created: boolean } | undefined {
  if (!isObject(logConfiguration) || !isObject(logConfiguration['Options'])) return undefined;
  const options = logConfiguration['Options'];
  if (logConfiguration['LogDriver'] === 'awslogs' && options['awslogs-group'] !== undefined) {
    return { option: 'awslogs-group', group: options['awslogs-group'], created: options['awslogs-create-group'] === 'true' };
  }
  const plugin = options['Name'];
  if (logConfiguration['LogDriver'] === 'awsfirelens' && typeof plugin === 'string' && FIRELENS_CLOUDWATCH_PLUGINS.includes(plugin) && options['log_group_name'] !== undefined) {
    return { option: 'log_group_name', group: options['log_group_name'], created: options['auto_create_group'] === 'true' };
  }
  return undefined;
}

export const logGroupsCheck: PreflightCheck = {
  id: 'ecs.log-groups-in-product',
  title: 'Containers write to log groups that are resources of the product (a warning for groups ECS creates, an error otherwise)',
  why: 'A log group outside the stacks has no KMS key, retention or DeletionPolicy of the product, outlives it, and is shared by every stack that names it (staging and production alike)',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html',
  run(tree, report) {
    for (const taskDefinition of tree.resources('AWS::ECS::TaskDefinition')) {
      for (const { index, container } of containersOf(taskDefinition)) {
        const found = destination(container['LogConfiguration']);
        if (!found) continue;
        const target = tree.target(taskDefinition.stack, found.group);
        if (target && tree.resource(target)?.type === 'AWS::Logs::LogGroup') continue;
        const name = typeof container['Name'] === 'string' ? container['Name'] : String(index);
        report({
          severity: found.created ? 'warning' : 'error',
          stack: taskDefinition.stack,
          logicalId: taskDefinition.id,
          property: `Properties.ContainerDefinitions[${index}].LogConfiguration.Options.${found.option}`,
          message: found.created
            ? `container ${name} writes to ${textOf(found.group)}, a log group ECS creates outside the product (no KMS key, no retention, not deleted with the stack, shared by every stack that names it)`
            : `container ${name} writes to ${textOf(found.group)}, which is not a log group of the product: make it a resource of the product (the task blueprint's managedGroup logging does)`,
        });
      }
    }
  },
};
