/** What a service needs of a load balancer it attaches to. */
import type { Res, Value } from '../../dsl/index.js';

export type ListenerHandle = Res<'AWS::ElasticLoadBalancingV2::Listener'>;

export interface ListenerRef {
  /** The listener resource, or the ARN of a listener made elsewhere (a deploy-time parameter, say). */
  listener: ListenerHandle | Value<string>;
  /** Security group of the load balancer, when known: targets admit traffic from it only. */
  loadBalancerSecurityGroupId?: Value<string>;
  /** Key that identifies the listener for the compile-time uniqueness check of rule priorities. */
  priorityScope: string;
}
