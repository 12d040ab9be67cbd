/** The security changes of one stack: IAM and resource policies, managed policies, security-group rules, exposure. */
import { deepEqual } from '../json.js';
import type { JsonObject, ResourceDefinition, SecurityChange, Template } from '../model.js';
import { exposureChanges } from './exposure.js';
import { compareAttachments, comparePolicies, policyDocuments, policyKind, type PolicyEntry } from './iam.js';
import { compareRules, rulesOf } from './security-groups.js';

const PRINCIPAL_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);
const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);
const RULE_TYPES = new Set(['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress']);

function resourceChanges(stack: string, id: string, before: ResourceDefinition | undefined, after: ResourceDefinition | undefined): SecurityChange[] {
  const type = (after ?? before)!.Type;
  const out: SecurityChange[] = [];
  const push = (kind: SecurityChange['kind'], entries: readonly PolicyEntry[], prefix = '') => {
    for (const e of entries) out.push({ stack, resource: id, type, kind, sign: e.sign, widening: e.widening, detail: `${prefix}${e.detail}` });
  };
  // Only the top-level properties that changed can hold a changed policy.
  const changed = (props: JsonObject | undefined, other: JsonObject | undefined): JsonObject | undefined => {
    if (!props || !other) return props;
    return Object.fromEntries(Object.entries(props).filter(([key, value]) => !deepEqual(value, other[key])));
  };
  const oldDocs = policyDocuments(changed(before?.Properties, after?.Properties));
  const newDocs = policyDocuments(changed(after?.Properties, before?.Properties));
  for (const label of new Set([...oldDocs.keys(), ...newDocs.keys()])) {
    const entries = comparePolicies(oldDocs.get(label)?.statements ?? [], newDocs.get(label)?.statements ?? []);
    push(policyKind(type, label), entries, `${label}: `);
  }
  if (PRINCIPAL_TYPES.has(type)) push('managed-policy', compareAttachments(before?.Properties?.['ManagedPolicyArns'], after?.Properties?.['ManagedPolicyArns'], 'managed policy'));
  if (POLICY_TYPES.has(type)) {
    for (const key of ['Roles', 'Users', 'Groups']) push('iam', compareAttachments(before?.Properties?.[key], after?.Properties?.[key], `attached to ${key.slice(0, -1).toLowerCase()}`));
  }
  for (const e of exposureChanges(before, after)) out.push({ stack, resource: id, type, kind: e.kind, sign: e.sign, widening: e.widening, detail: e.detail });
  return out;
}

/** `before`/`after` absent: the stack is new, or gone. */
export function securityChanges(stack: string, before: Template | undefined, after: Template | undefined): SecurityChange[] {
  const oldResources = before?.Resources ?? {};
  const newResources = after?.Resources ?? {};
  const out: SecurityChange[] = [];
  let rulesChanged = false;
  for (const id of new Set([...Object.keys(oldResources), ...Object.keys(newResources)])) {
    const o = oldResources[id];
    const n = newResources[id];
    if (o && n && deepEqual(o as never, n as never)) continue;
    if (RULE_TYPES.has((n ?? o)!.Type) || (o && RULE_TYPES.has(o.Type))) rulesChanged = true;
    if (o && n && o.Type !== n.Type) {
      out.push(...resourceChanges(stack, id, o, undefined), ...resourceChanges(stack, id, undefined, n));
    } else {
      out.push(...resourceChanges(stack, id, o, n));
    }
  }
  const rules = rulesChanged ? compareRules(rulesOf(before), rulesOf(after)) : [];
  for (const r of rules) {
    const type = (newResources[r.resource] ?? oldResources[r.resource])?.Type ?? 'AWS::EC2::SecurityGroup';
    out.push({ stack, resource: r.resource, type, kind: 'security-group', sign: r.sign, widening: r.widening, detail: r.detail });
  }
  return out;
}
