/** A listener made elsewhere (another stack, another team), as a ListenerRef. */
import { type Value } from '../../dsl/index.js';
import type { ListenerRef } from './types.js';

export interface ExistingListenerProps {
  /** The listener ARN: a literal or a deploy-time parameter value. */
  listenerArn: Value<string>;
  /** The load balancer's security group, when known: targets then admit traffic from it only. */
  loadBalancerSecurityGroupId?: Value<string>;
  /**
   * Key for the rule priority uniqueness check. Default: the ARN when it is a literal, else
   * `existing-listener` (all rules on parameter-given listeners share one scope).
   */
  priorityScope?: string;
}

export function existingListener(props: ExistingListenerProps): ListenerRef {
  return {
    listener: props.listenerArn,
    ...(props.loadBalancerSecurityGroupId !== undefined ? { loadBalancerSecurityGroupId: props.loadBalancerSecurityGroupId } : {}),
    priorityScope: props.priorityScope ?? (typeof props.listenerArn === 'string' ? props.listenerArn : 'existing-listener'),
  };
}
