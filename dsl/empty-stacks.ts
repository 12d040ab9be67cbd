/**
 * A template must declare at least one resource: CloudFormation rejects `"Resources": {}`
 * ("the only required section is the Resources section, which must declare at least one
 * resource", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-guide.html).
 *
 * An empty stack is a compile error rather than a nested stack silently left out: its handle may
 * be referenced (outputs read, DependsOn), leaving it out would change the tree the blueprint
 * described, and an empty stack is almost always a blueprint that forgot to add something, or
 * created the stack before knowing it would hold anything. The fix belongs at that call site.
 */
import { CompileError } from './errors.js';
import type { Stack } from './stack.js';

export function emptyStacks(stacks: readonly Stack[]): CompileError[] {
  return stacks
    .filter((stack) => stack.resources.size === 0)
    .map(
      (stack) =>
        new CompileError(
          `${stack.parent ? 'nested stack' : 'root stack'} declares no resources, and CloudFormation rejects a template ` +
            `without resources: add one${stack.parent ? `, or do not create the nested stack ${stack.id}` : ''}`,
          { stack: stack.path },
        ),
    );
}
