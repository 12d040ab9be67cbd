/**
 * Compile-time registry of listener default actions. A listener has one default rule, without
 * conditions, whose routing action is exactly one forward, redirect or fixed-response
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html, "Rule
 * basics"). A second service routed by it would silently replace the first one's target group,
 * which is then attached to no load balancer and fails the first service's deployment. The first
 * claim owns it; a second is an input error naming both.
 *
 * Keyed by the listener handle itself: handles belong to one stack tree, so separate compilations
 * never see each other's claims.
 */
import { InputError, type ResourceHandle } from '../../dsl/index.js';

export interface DefaultActionClaim {
  /** Input path of the route that takes the default action, e.g. `services.api.loadBalancer`. */
  route: string;
  /** The input that would give the route a rule instead, e.g. `services.api.loadBalancer.rule`. */
  ruleInput: string;
  /** What the default action forwards to, as the reader knows it (a target group path). */
  target: string;
}

const claims = new WeakMap<ResourceHandle, DefaultActionClaim>();

/** Records that `claim.route` owns `listener`'s default action; throws naming both routes when another owns it. */
export function claimDefaultAction(listener: ResourceHandle<'AWS::ElasticLoadBalancingV2::Listener'>, claim: DefaultActionClaim): void {
  const previous = claims.get(listener);
  if (previous) {
    throw new InputError(
      claim.ruleInput,
      undefined,
      `is missing, but the default action of listener ${listener.path} already forwards to ${previous.target} ` +
        `(${previous.route}); a listener has one default action, and taking it for ${claim.route} would leave ` +
        'that target group attached to nothing: give this route a rule (priority and path patterns or host headers)',
    );
  }
  claims.set(listener, claim);
}
