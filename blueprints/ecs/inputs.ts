/**
 * Schema pieces the ECS blueprints share: references to what other blueprints made (checked by shape),
 * and inputs that are either a switch or its settings.
 */
import { isToken, ResourceHandle, s } from '../../dsl/index.js';
import type { DnsNamespaceRef, HttpNamespaceRef } from '../discovery/types.js';
import type { ListenerRef } from '../loadbalancer/types.js';
import type { NetworkRef } from '../network/types.js';
import type { ClusterRef, Task } from './types.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A value CloudFormation resolves (a literal string or a token). */
const isValue = (value: unknown) => typeof value === 'string' || isToken(value);

export const clusterRef = () => s.made<ClusterRef>((v) => isObject(v) && isValue(v['cluster']), 'a cluster reference (ClusterRef, e.g. cluster(...).ref)');
export const networkRef = () =>
  s.made<NetworkRef>((v) => isObject(v) && isValue(v['vpcId']) && 'privateSubnetIds' in v && 'publicSubnetIds' in v, 'a network reference (NetworkRef, e.g. network(...).ref)');
export const taskRef = () =>
  s.made<Task>((v) => isObject(v) && v['taskDefinition'] instanceof ResourceHandle && Array.isArray(v['containers']), 'a task made by fargateTask');
export const listenerRef = () =>
  s.made<ListenerRef>(
    (v) => isObject(v) && (v['listener'] instanceof ResourceHandle || isValue(v['listener'])) && typeof v['priorityScope'] === 'string',
    'a listener reference (ListenerRef: a listener handle or ARN, and its priorityScope)',
  );
export const httpNamespaceRef = () =>
  s.made<HttpNamespaceRef>((v) => isObject(v) && v['kind'] === 'http' && isValue(v['namespace']), 'an HTTP namespace reference (kind "http")');
export const dnsNamespaceRef = () =>
  s.made<DnsNamespaceRef>((v) => isObject(v) && v['kind'] === 'privateDns' && isValue(v['namespaceId']), 'a private DNS namespace reference (kind "privateDns")');

/**
 * `true`, `false`, or the settings object. Only the shape is checked here; the object is then parsed
 * with `settings` on its own (`s.parse(settings, value, path)`), so a bad setting is reported at its
 * own input path instead of as "not one of the shapes".
 */
export const switchOr = <S extends s.Schema>(_settings: S, what: string) =>
  s.made<boolean | s.Input<S>>((v) => typeof v === 'boolean' || isObject(v), what);

/** A list of 1 to `max` strings (each literal or deploy-time), or a deploy-time list (a List parameter's Ref, an Fn::Split). */
export const stringsOrList = (what: string, max: number, item = s.string({ max: 128 })) =>
  s.either([s.list(s.deployTime(item), { min: 1, max }, what), s.token()], `a list of 1 to ${max} ${what}, or a deploy-time list`);

/** IAM role ARNs (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
/** An IAM role ARN, or a deploy-time value. */
export const roleArn = () => s.deployTime(s.text(ROLE_ARN, 'an IAM role ARN (arn:<partition>:iam::<account>:role/<path and name>)', { max: 2048 }));
