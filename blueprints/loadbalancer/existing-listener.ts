/** A listener made elsewhere (another stack, another team), as a ListenerRef. */
import { s } from '../../dsl/index.js';
import { securityGroupId } from '../network/index.js';
import type { ListenerRef } from './types.js';

/** An Application Load Balancer listener ARN (also the AllowedPattern a parameter feeding one gets). */
const LISTENER_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener\/app\/[A-Za-z0-9-]+\/[0-9a-f]+\/[0-9a-f]+$/;

export const ExistingListenerInput = s.object({
  /** Input path prefix for errors. Default `listener`. */
  path: s.optional(s.string(), 'listener'),
  /** The listener ARN: a literal or a deploy-time value. */
  listenerArn: s.deployTime(s.text(LISTENER_ARN, 'an Application Load Balancer listener ARN')),
  /** The load balancer's security group, when known: targets then admit traffic from it only. */
  loadBalancerSecurityGroupId: s.optional(securityGroupId()),
  /**
   * Key for the rule priority uniqueness check. Default: the ARN when it is a literal, else
   * `existing-listener` (all rules on parameter-given listeners share one scope).
   */
  priorityScope: s.optional(s.string({ max: 2048 })),
});
export type ExistingListenerProps = s.Input<typeof ExistingListenerInput>;

export function existingListener(props: ExistingListenerProps): ListenerRef {
  const p = s.parse(ExistingListenerInput, props, props?.path ?? 'listener');
  return {
    listener: p.listenerArn,
    ...(p.loadBalancerSecurityGroupId !== undefined ? { loadBalancerSecurityGroupId: p.loadBalancerSecurityGroupId } : {}),
    priorityScope: p.priorityScope ?? (typeof p.listenerArn === 'string' ? p.listenerArn : 'existing-listener'),
  };
}
