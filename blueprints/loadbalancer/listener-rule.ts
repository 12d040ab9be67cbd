/**
 * A listener rule that forwards matching requests (path and/or host conditions) to a target group.
 * Literal priorities are checked unique per listener at compile time.
 */
import { check, InputError, ResourceHandle, type List, type Res, type Stack, type Value } from '../../dsl/index.js';
import { claimPriority } from './priorities.js';
import type { ListenerRef } from './types.js';

export interface ListenerRuleProps {
  /** Input path prefix for errors. Default 'listenerRule'. */
  path?: string;
  listener: ListenerRef;
  /** 1..50000, unique per listener (ListenerRef.priorityScope): a duplicate is a compile error naming both users. Tokens (deploy-time parameters) are not checked. */
  priority: number | Value<number>;
  /** Path patterns such as `/api/*`. At most 5 values with the host headers (an ALB limit). */
  pathPatterns?: List<Value<string>>;
  /** Host headers such as `api.example.com`. At least one of pathPatterns and hostHeaders. */
  hostHeaders?: List<Value<string>>;
  targetGroupArn: Value<string>;
}

/** The listener ARN of a ListenerRef: the listener's Ref when it is a handle. */
export function listenerArn(listener: ListenerRef): Value<string> {
  return listener.listener instanceof ResourceHandle ? listener.listener.ref : listener.listener;
}

export function listenerRule(stack: Stack, id: string, props: ListenerRuleProps): Res<'AWS::ElasticLoadBalancingV2::ListenerRule'> {
  const path = props.path ?? 'listenerRule';
  if (typeof props.priority === 'number') {
    check.integerInRange(`${path}.priority`, props.priority, 1, 50000);
    claimPriority(stack, props.listener.priorityScope, props.priority, `${stack.path}/${id}`, `${path}.priority`);
  }
  const conditions: { Field: string; PathPatternConfig?: { Values: List<Value<string>> }; HostHeaderConfig?: { Values: List<Value<string>> } }[] = [];
  for (const [field, values, key] of [
    ['path-pattern', props.pathPatterns, 'pathPatterns'],
    ['host-header', props.hostHeaders, 'hostHeaders'],
  ] as const) {
    if (values === undefined) continue;
    if (Array.isArray(values)) {
      check.countInRange(`${path}.${key}`, values, 1, 5, 'values');
    }
    conditions.push(field === 'path-pattern' ? { Field: field, PathPatternConfig: { Values: values } } : { Field: field, HostHeaderConfig: { Values: values } });
  }
  const literalValues = [props.pathPatterns, props.hostHeaders].reduce((sum, values) => sum + (Array.isArray(values) ? values.length : 0), 0);
  if (literalValues > 5) {
    throw new InputError(`${path}.pathPatterns`, literalValues, 'condition values in all; a listener rule allows at most 5 (path patterns and host headers together)');
  }
  if (!conditions.length) {
    throw new InputError(`${path}.pathPatterns`, undefined, 'is missing: give pathPatterns, hostHeaders or both');
  }
  return stack.add(id, {
    Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
    Properties: {
      ListenerArn: listenerArn(props.listener),
      Priority: props.priority,
      Conditions: conditions,
      Actions: [{ Type: 'forward', TargetGroupArn: props.targetGroupArn }],
    },
  });
}
