/**
 * ECS Exec runs the SSM agent inside every container of the task, and AWS documents it as
 * unsupported with a read-only root filesystem: a container of an exec task must have a writable root.
 */
import type { Json } from '../../../../dsl/index.js';
import type { PreflightCheck } from '../../../../dsl/preflight/check.js';
import type { TreeIndex, TreeResource } from '../../../../dsl/preflight/tree.js';
import { containersOf, isObject, taskConsumers } from './containers.js';

const EXEC_CHANNEL_ACTION = 'ssmmessages:CreateControlChannel';

/** Whether the task role's inline policies allow the exec channel (the statements ECS Exec needs). */
function roleAllowsExec(tree: TreeIndex, taskDefinition: TreeResource): boolean {
  const value = taskDefinition.properties['TaskRoleArn'];
  const address = value === undefined ? undefined : tree.target(taskDefinition.stack, value);
  const role = address ? tree.resource(address) : undefined;
  const policies = role?.type === 'AWS::IAM::Role' ? role.properties['Policies'] : undefined;
  if (!Array.isArray(policies)) return false;
  return policies.some((policy) => {
    const statements = isObject(policy) && isObject(policy['PolicyDocument']) ? policy['PolicyDocument']['Statement'] : undefined;
    return (Array.isArray(statements) ? statements : [statements]).some((statement: Json | undefined) => {
      if (!isObject(statement) || statement['Effect'] !== 'Allow') return false;
      const actions = statement['Action'];
      return Array.isArray(actions) ? actions.includes(EXEC_CHANNEL_ACTION) : actions === EXEC_CHANNEL_ACTION;
    });
  });
}

export const execRootFilesystemCheck: PreflightCheck = {
  id: 'ecs.exec-writable-root',
  title: 'Containers of tasks with ECS Exec (a service with EnableExecuteCommand, or a task role with the exec statements and an init process) have a writable root filesystem',
  why: 'ECS Exec runs the SSM agent in each container and does not support readonlyRootFilesystem: exec sessions fail to start',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
  run(tree, report) {
    const why = new Map<string, string>();
    const key = (r: TreeResource) => `${r.stack}/${r.id}`;
    const taskDefinitions = new Map<string, TreeResource>();
    for (const { consumer, taskDefinition } of taskConsumers(tree)) {
      if (consumer.properties['EnableExecuteCommand'] !== true) continue;
      taskDefinitions.set(key(taskDefinition), taskDefinition);
      if (!why.has(key(taskDefinition))) why.set(key(taskDefinition), `${consumer.stack}/${consumer.id} enables execute command`);
    }
    for (const taskDefinition of tree.resources('AWS::ECS::TaskDefinition')) {
      if (why.has(key(taskDefinition))) continue;
      const init = containersOf(taskDefinition).some(({ container }) => isObject(container['LinuxParameters']) && container['LinuxParameters']['InitProcessEnabled'] === true);
      if (init && roleAllowsExec(tree, taskDefinition)) {
        taskDefinitions.set(key(taskDefinition), taskDefinition);
        why.set(key(taskDefinition), 'its task role carries the ECS Exec statements and it runs an init process');
      }
    }
    for (const taskDefinition of taskDefinitions.values()) {
      for (const { index, container } of containersOf(taskDefinition)) {
        if (container['ReadonlyRootFilesystem'] !== true) continue;
        report({
          severity: 'error',
          stack: taskDefinition.stack,
          logicalId: taskDefinition.id,
          property: `Properties.ContainerDefinitions[${index}].ReadonlyRootFilesystem`,
          message: `is true for container ${String(container['Name'] ?? index)} in a task with ECS Exec (${why.get(key(taskDefinition))}): ECS Exec does not support a read-only root filesystem`,
        });
      }
    }
  },
};
