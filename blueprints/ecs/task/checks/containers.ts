/** Reading ECS task definitions out of a compiled tree, for the task checks. */
import type { Json } from '../../../../dsl/index.js';
import type { TreeIndex, TreeResource } from '../../../../dsl/preflight/tree.js';

export type JsonObject = { [key: string]: Json };

export const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The container definitions of a task definition (those written as objects). */
export function containersOf(taskDefinition: TreeResource): { index: number; container: JsonObject }[] {
  const list = taskDefinition.properties['ContainerDefinitions'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((container, index) => (isObject(container) ? [{ index, container }] : []));
}

/** Services and task sets with the task definition each runs (followed through the nested-stack wiring). */
export function taskConsumers(tree: TreeIndex): { consumer: TreeResource; taskDefinition: TreeResource }[] {
  const found: { consumer: TreeResource; taskDefinition: TreeResource }[] = [];
  for (const type of ['AWS::ECS::Service', 'AWS::ECS::TaskSet']) {
    for (const consumer of tree.resources(type)) {
      const value = consumer.properties['TaskDefinition'];
      if (value === undefined) continue;
      const address = tree.target(consumer.stack, value);
      const taskDefinition = address ? tree.resource(address) : undefined;
      if (taskDefinition?.type === 'AWS::ECS::TaskDefinition') found.push({ consumer, taskDefinition });
    }
  }
  return found;
}

/** A value as text for messages and matching: a string, an Fn::Sub's template, else its JSON. */
export function textOf(value: Json): string {
  if (typeof value === 'string') return value;
  if (isObject(value) && Object.keys(value).length === 1) {
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return sub;
    if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  }
  return JSON.stringify(value);
}
