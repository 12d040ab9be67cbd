/**
 * The scalable target of an ECS service's desired count. No RoleARN: Application Auto Scaling uses
 * its service-linked role (AWSServiceRoleForApplicationAutoScaling_ECSService), created on first use.
 */
import { Fn, type Res, type Stack, type Tok, type Value } from '../../../dsl/index.js';

/**
 * `service/<cluster>/<service>`, cut from the service ARN (long ARN format:
 * `arn:...:service/<cluster>/<service>`), so a cluster given by name or ARN works alike.
 */
export function serviceResourceId(serviceArn: Value<string>): Value<string> {
  const parts = Fn.split('/', serviceArn);
  return Fn.join('/', ['service', Fn.select(1, parts), Fn.select(2, parts)]);
}

/** The cluster name, cut from the service ARN (long ARN format). */
export function clusterNameOf(serviceArn: Value<string>): Value<string> {
  return Fn.select(1, Fn.split('/', serviceArn));
}

export interface ScheduledAction {
  ScheduledActionName: string;
  Schedule: string;
  Timezone?: string;
  ScalableTargetAction: { MinCapacity?: number; MaxCapacity?: number };
}

export function scalableTarget(
  stack: Stack,
  id: string,
  props: {
    serviceArn: Value<string>;
    /** Literals are checked by the caller (checkCapacity); a deploy-time token by its parameter's MinValue/MaxValue. */
    minCapacity: number | Tok;
    maxCapacity: number | Tok;
    scheduledActions: ScheduledAction[];
    /** Suspended scaling activities (maintenance); absent: none suspended. */
    suspendedState?: { DynamicScalingInSuspended: boolean | Value<boolean>; DynamicScalingOutSuspended: boolean | Value<boolean>; ScheduledScalingSuspended: boolean | Value<boolean> };
  },
): Res<'AWS::ApplicationAutoScaling::ScalableTarget'> {
  return stack.add(id, {
    Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    Properties: {
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: serviceResourceId(props.serviceArn),
      MinCapacity: props.minCapacity,
      MaxCapacity: props.maxCapacity,
      ...(props.scheduledActions.length ? { ScheduledActions: props.scheduledActions } : {}),
      ...(props.suspendedState ? { SuspendedState: props.suspendedState } : {}),
    },
  });
}
