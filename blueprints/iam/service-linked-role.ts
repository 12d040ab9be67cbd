/**
 * The ECS service-linked role (AWSServiceRoleForECS). Most accounts have it already (ECS creates
 * it on first use), and creating it twice fails, so it is only made on request.
 */
import type { Res, Stack } from '../../dsl/index.js';

export function ecsServiceLinkedRole(stack: Stack, id = 'EcsServiceLinkedRole'): Res<'AWS::IAM::ServiceLinkedRole'> {
  return stack.add(id, {
    Type: 'AWS::IAM::ServiceLinkedRole',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      AWSServiceName: 'ecs.amazonaws.com',
      Description: 'Role ECS uses to manage the resources of clusters and services on your behalf.',
    },
  });
}
