/**
 * A listener rule that forwards matching requests (path and/or host conditions) to a target group.
 * Literal priorities are checked unique per listener at compile time.
 */
import { InputError, ResourceHandle, s, type List, type Res, type Stack, type Value } from '../../dsl/index.js';
import { listOrToken } from '../network/index.js';
import { targetGroupArn } from './target-group.js';
import { claimPriority } from './priorities.js';
import type { ListenerRef } from './types.js';

/**
 * Condition values, from https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html:
 * a path pattern is up to 128 of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?; a host header up to 128
 * of A-Z a-z 0-9 - . * ?, with at least one "." and only letters (or wildcards) after the last one.
 */
const PATH_PATTERN = /^[A-Za-z0-9_.$/~"'@:+&*?-]+$/;
const HOST_HEADER = /^[A-Za-z0-9.*?-]*\.[A-Za-z*?]+$/;

const isListenerRef = (value: unknown): boolean => {
  const ref = value as Partial<ListenerRef> | null;
  return typeof ref === 'object' && ref !== null && typeof ref.priorityScope === 'string' && ref.listener !== undefined;
};

export const ListenerRuleInput = s.object({
  /** Input path prefix for errors. Default `listenerRule`. */
  path: s.optional(s.string(), 'listenerRule'),
  listener: s.made<ListenerRef>(isListenerRef, 'a listener reference (loadBalancer().listenerRef or existingListener())'),
  /** 1..50000, unique per listener (ListenerRef.priorityScope): a duplicate is a compile error naming both users. Deploy-time values are not compared. */
  priority: s.deployTime(s.integer(1, 50000)),
  /** Path patterns such as `/api/*` (or deploy-time values). At most 5 values with the host headers (an ALB limit). */
  pathPatterns: s.optional(listOrToken(s.deployTime(s.text(PATH_PATTERN, 'a path pattern (A-Z a-z 0-9 _ - . $ / ~ " \' @ : + & * ?)', { max: 128 })), { min: 1, max: 5 }, 'values')),
  /** Host headers such as `api.example.com` (or deploy-time values). At least one of pathPatterns and hostHeaders. */
  hostHeaders: s.optional(listOrToken(s.deployTime(s.text(HOST_HEADER, 'a host name such as api.example.com (A-Z a-z 0-9 - . * ?)', { max: 128 })), { min: 1, max: 5 }, 'values')),
  targetGroupArn: targetGroupArn(),
});
export type ListenerRuleProps = s.Input<typeof ListenerRuleInput>;

/** The listener ARN of a ListenerRef: the listener's Ref when it is a handle. */
export function listenerArn(listener: ListenerRef): Value<string> {
  return listener.listener instanceof ResourceHandle ? listener.listener.ref : listener.listener;
}

export function listenerRule(stack: Stack, id: string, props: ListenerRuleProps): Res<'AWS::ElasticLoadBalancingV2::ListenerRule'> {
  const path = props?.path ?? 'listenerRule';
  const p = s.parse(ListenerRuleInput, props, path);
  if (typeof props.priority === 'number') {
    claimPriority(stack, props.listener.priorityScope, props.priority, `${stack.path}/${id}`, `${path}.priority`);
  }
  type Condition = { Field: string; PathPatternConfig?: { Values: List<Value<string>> }; HostHeaderConfig?: { Values: List<Value<string>> } };
  const conditions: Condition[] = [];
  if (p.pathPatterns !== undefined) conditions.push({ Field: 'path-pattern', PathPatternConfig: { Values: p.pathPatterns as List<Value<string>> } });
  if (p.hostHeaders !== undefined) conditions.push({ Field: 'host-header', HostHeaderConfig: { Values: p.hostHeaders as List<Value<string>> } });
  const literalValues = [p.pathPatterns, p.hostHeaders].reduce((sum, values) => sum + (Array.isArray(values) ? values.length : 0), 0);
  if (literalValues > 5) {
    throw new InputError(`${path}.pathPatterns`, literalValues, 'condition values in all; a listener rule allows at most 5 (path patterns and host headers together)');
  }
  if (!conditions.length) {
    throw new InputError(`${path}.pathPatterns`, undefined, 'is missing: give pathPatterns, hostHeaders or both');
  }
  return stack.add(id, {
    Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
    Properties: {
      ListenerArn: listenerArn(p.listener),
      Priority: p.priority as Value<number>,
      Conditions: conditions,
      Actions: [{ Type: 'forward', TargetGroupArn: p.targetGroupArn }],
    },
  });
}
