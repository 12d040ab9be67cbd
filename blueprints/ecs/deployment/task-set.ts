/**
 * EXTERNAL deployment controller: the service holds no task definition, network or load balancer
 * settings; a task set carries them, and the primary task set is the one the service scales. An
 * external controller then creates further task sets and moves the primary itself. With
 * `external.manageScale: false` the template states no Scale, so the controller's UpdateTaskSet calls are
 * never undone by a stack update.
 */
import { type Res, type ResourceProps, type s, type Stack, type Value } from '../../../dsl/index.js';
import type { ExternalInput } from './deployment-configuration.js';

type TaskSetProps = ResourceProps<'AWS::ECS::TaskSet'>;

export interface ExternalTaskSetProps {
  /** The parsed EXTERNAL settings (deployment.external), defaults filled. */
  external: s.Output<typeof ExternalInput>;
  cluster: Value<string>;
  service: Value<string>;
  taskDefinitionArn: Value<string>;
  launch: Pick<TaskSetProps, 'LaunchType' | 'CapacityProviderStrategy' | 'PlatformVersion'>;
  /** The awsvpc settings (TaskSet spells the key `AwsVpcConfiguration`, the service `AwsvpcConfiguration`). */
  awsvpc: NonNullable<NonNullable<TaskSetProps['NetworkConfiguration']>['AwsVpcConfiguration']>;
  loadBalancers?: TaskSetProps['LoadBalancers'];
  serviceRegistries?: TaskSetProps['ServiceRegistries'];
}

export interface ExternalTaskSet {
  taskSet: Res<'AWS::ECS::TaskSet'>;
  primary: Res<'AWS::ECS::PrimaryTaskSet'>;
}

export function externalTaskSet(stack: Stack, id: string, props: ExternalTaskSetProps): ExternalTaskSet {
  const taskSet = stack.add(`${id}TaskSet`, {
    Type: 'AWS::ECS::TaskSet',
    Properties: {
      Cluster: props.cluster,
      Service: props.service,
      TaskDefinition: props.taskDefinitionArn,
      ...props.launch,
      NetworkConfiguration: { AwsVpcConfiguration: props.awsvpc },
      ...(props.external.manageScale ? { Scale: { Unit: 'PERCENT', Value: props.external.scalePercent ?? 100 } } : {}),
      ...(props.external.externalId !== undefined ? { ExternalId: props.external.externalId } : {}),
      ...(props.loadBalancers ? { LoadBalancers: props.loadBalancers } : {}),
      ...(props.serviceRegistries ? { ServiceRegistries: props.serviceRegistries } : {}),
    },
  });
  const primary = stack.add(`${id}PrimaryTaskSet`, {
    Type: 'AWS::ECS::PrimaryTaskSet',
    Properties: { Cluster: props.cluster, Service: props.service, TaskSetId: taskSet.attr('Id') },
  });
  return { taskSet, primary };
}
