/**
 * An image pulled through a pull-through cache rule of the tree names the rule only by its
 * repository prefix, in text: nothing orders the service after the rule unless a DependsOn does.
 */
import type { PreflightCheck } from '../../../../dsl/preflight/check.js';
import { containersOf, taskConsumers, textOf } from './containers.js';

/** `<account>.dkr.ecr.<region>.<suffix>/<repository>`: the repository of a private ECR image URI, else undefined. */
function ecrRepositoryOf(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0 || !/\.dkr\.ecr\./.test(image.slice(0, slash))) return undefined;
  return image.slice(slash + 1);
}

export const pullThroughOrderCheck: PreflightCheck = {
  id: 'ecs.pull-through-cache-order',
  title: 'ECS services whose images come through a pull-through cache rule of the product are created after that rule',
  why: 'An image URI is text and creates no reference: without a DependsOn the service (and its first image pull) can start before the cache rule exists, and the pull fails',
  source: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html',
  run(tree, report) {
    const rules = [...tree.resources('AWS::ECR::PullThroughCacheRule')].flatMap((rule) => {
      const prefix = rule.properties['EcrRepositoryPrefix'];
      return typeof prefix === 'string' ? [{ rule, prefix }] : [];
    });
    if (!rules.length) return;
    for (const { consumer, taskDefinition } of taskConsumers(tree)) {
      for (const { index, container } of containersOf(taskDefinition)) {
        if (container['Image'] === undefined) continue;
        const image = textOf(tree.origin(taskDefinition.stack, container['Image']).value);
        const repository = ecrRepositoryOf(image);
        if (repository === undefined) continue;
        for (const { rule, prefix } of rules) {
          if (!repository.startsWith(`${prefix}/`) || tree.createdAfter(consumer, rule)) continue;
          report({
            severity: 'error',
            stack: consumer.stack,
            logicalId: consumer.id,
            property: 'Properties.TaskDefinition',
            message:
              `runs ${taskDefinition.stack}/${taskDefinition.id}, whose container ${index} pulls ${image} through the pull-through cache rule ` +
              `${rule.stack}/${rule.id} (prefix ${prefix}), but is not created after that rule: make the task definition depend on the rule ` +
              '(an ImageRef from cache.image carries it)',
          });
        }
      }
    }
  },
};
