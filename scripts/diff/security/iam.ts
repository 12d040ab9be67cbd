/**
 * IAM policy documents compared statement by statement, like `cdk diff`'s security list: a
 * statement added or removed, or one whose actions, resources, principals or condition changed.
 * A change widens access when the new document grants an (action, resource, principal) that no
 * statement of the old one granted under the same or a weaker condition (so a wildcard added is
 * a widening, and moving an action between statements is not), or when a Deny stops denying.
 * Policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { canonical, isObject } from '../json.js';
import type { Json, JsonObject, SecurityKind } from '../model.js';
import { patternText, shortForm } from '../short-form.js';

export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  principals: string[];
  /** NotAction / NotResource / NotPrincipal, canonical; such a statement is only ever equal to itself. */
  negated: string;
  condition: string;
  /** The whole statement, canonical, without its Sid. */
  body: string;
}

export interface PolicyDocumentAt {
  /** `Policies[TaskExecution].PolicyDocument`, `KeyPolicy`, `AssumeRolePolicyDocument`. */
  label: string;
  statements: Statement[];
}

export interface PolicyEntry {
  sign: '+' | '-' | '~';
  widening: boolean;
  detail: string;
}

const list = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function principalsOf(value: Json | undefined): string[] {
  if (value === undefined) return [];
  if (value === '*') return ['*'];
  if (!isObject(value)) return [patternText(value)];
  return Object.entries(value).flatMap(([kind, ids]) => list(ids).map((id) => (kind === 'AWS' && id === '*' ? '*' : `${kind}:${patternText(id)}`)));
}

export function normaliseStatement(raw: Json): Statement | undefined {
  if (!isObject(raw)) return undefined;
  const { Sid, ...rest } = raw;
  const negated = ['NotAction', 'NotResource', 'NotPrincipal'].filter((key) => raw[key] !== undefined).map((key) => `${key}=${canonical(raw[key])}`).join(';');
  return {
    ...(typeof Sid === 'string' ? { sid: Sid } : {}),
    effect: raw['Effect'] === 'Deny' ? 'Deny' : 'Allow',
    actions: list(raw['Action']).map(patternText),
    resources: list(raw['Resource']).map(patternText),
    principals: principalsOf(raw['Principal']),
    negated,
    condition: raw['Condition'] === undefined ? '' : canonical(raw['Condition']),
    body: canonical(rest),
  };
}

/** A JSON policy given as a string (some resource types take one) is read as the document it holds. */
function asDocument(value: Json | undefined): JsonObject | undefined {
  if (isObject(value) && value['Statement'] !== undefined) return value;
  if (typeof value === 'string' && value.trimStart().startsWith('{') && value.includes('Statement')) {
    try {
      const parsed = JSON.parse(value) as Json;
      return isObject(parsed) && parsed['Statement'] !== undefined ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Every policy document in a resource's properties, keyed by a label that survives reordering of `Policies`. */
export function policyDocuments(properties: Json | undefined): Map<string, PolicyDocumentAt> {
  const found = new Map<string, PolicyDocumentAt>();
  const walk = (value: Json | undefined, label: string) => {
    const document = asDocument(value);
    if (document) {
      const statements = list(document['Statement']).map(normaliseStatement).filter((s): s is Statement => s !== undefined);
      found.set(label, { label, statements });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const name = isObject(item) && typeof item['PolicyName'] === 'string' ? item['PolicyName'] : String(index);
        walk(item, `${label}[${name}]`);
      });
    } else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, label ? `${label}.${key}` : key);
    }
  };
  walk(properties, '');
  return found;
}

function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === value) return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return ignoreCase && pattern.toLowerCase() === value.toLowerCase();
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

interface Grant {
  action: string;
  resource: string;
  principal: string;
}

function grantsOf(statement: Statement): Grant[] {
  const grants: Grant[] = [];
  for (const action of statement.actions.length ? statement.actions : ['']) {
    for (const resource of statement.resources.length ? statement.resources : ['']) {
      for (const principal of statement.principals.length ? statement.principals : ['']) grants.push({ action, resource, principal });
    }
  }
  return grants;
}

/** Whether `by` (same effect) covers `grant` of `statement`: its condition no stricter, its lists matching. */
function covers(by: Statement, statement: Statement, grant: Grant): boolean {
  if (by.negated || statement.negated) return by.body === statement.body;
  if (by.condition && by.condition !== statement.condition) return false;
  const actionOk = by.actions.some((pattern) => wildcardMatch(pattern, grant.action, true)) || (!by.actions.length && !grant.action);
  const resourceOk = by.resources.some((pattern) => wildcardMatch(pattern, grant.resource, false)) || (!by.resources.length && !grant.resource);
  const principalOk = by.principals.some((p) => p === '*' || p === grant.principal) || (!by.principals.length && !grant.principal);
  return actionOk && resourceOk && principalOk;
}

/** The grants of `statement` that no statement of `others` (same effect) covers. */
function uncovered(statement: Statement, others: readonly Statement[]): Grant[] {
  const same = others.filter((o) => o.effect === statement.effect);
  return grantsOf(statement).filter((grant) => !same.some((o) => covers(o, statement, grant)));
}

const join = (items: readonly string[]) => (items.length === 1 ? items[0]! : `[${items.join(', ')}]`);

export function describeStatement(s: Statement): string {
  const parts = [`${s.effect} ${join(s.actions.length ? s.actions : ['(NotAction)'])}`];
  if (s.resources.length) parts.push(`on ${join(s.resources)}`);
  if (s.principals.length) parts.push(`to ${join(s.principals)}`);
  if (s.negated) parts.push(`with ${s.negated.split(';').map((n) => n.split('=')[0]).join(', ')}`);
  if (s.condition) parts.push('when conditions hold');
  return `${s.sid ? `${s.sid}: ` : ''}${parts.join(' ')}`;
}

function summarise(grants: readonly Grant[]): string {
  const unique = (pick: (g: Grant) => string) => [...new Set(grants.map(pick).filter(Boolean))];
  const parts = [join(unique((g) => g.action))];
  const resources = unique((g) => g.resource);
  const principals = unique((g) => g.principal);
  if (resources.length) parts.push(`on ${join(resources)}`);
  if (principals.length) parts.push(`to ${join(principals)}`);
  return parts.join(' ');
}

function listDelta(label: string, before: readonly string[], after: readonly string[]): string | undefined {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  if (!added.length && !removed.length) return undefined;
  return `${label} ${[...added.map((x) => `+${x}`), ...removed.map((x) => `-${x}`)].join(' ')}`;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Statements without a Sid are the same statement changed when they share an effect and all but one of their lists. */
function resembles(a: Statement, b: Statement): boolean {
  if (a.effect !== b.effect) return false;
  const same = [sameList(a.actions, b.actions), sameList(a.resources, b.resources), sameList(a.principals, b.principals), a.condition === b.condition].filter(Boolean).length;
  return same >= 3;
}

/** The statement-level changes between two versions of one policy document (either may be absent). */
export function comparePolicies(before: readonly Statement[], after: readonly Statement[]): PolicyEntry[] {
  const entries: PolicyEntry[] = [];
  const oldLeft = [...before];
  const newLeft: Statement[] = [];
  for (const statement of after) {
    const same = oldLeft.findIndex((o) => o.body === statement.body);
    if (same >= 0) oldLeft.splice(same, 1);
    else newLeft.push(statement);
  }
  const widens = (statement: Statement) => (statement.effect === 'Allow' ? uncovered(statement, before) : []);
  const unDenies = (statement: Statement) => (statement.effect === 'Deny' ? uncovered(statement, after) : []);
  for (const statement of newLeft) {
    const paired = statement.sid ? oldLeft.findIndex((o) => o.sid === statement.sid) : oldLeft.findIndex((o) => !o.sid && resembles(o, statement));
    if (paired < 0) {
      const wider = widens(statement);
      entries.push({ sign: '+', widening: wider.length > 0, detail: `statement added: ${describeStatement(statement)}` });
      continue;
    }
    const previous = oldLeft.splice(paired, 1)[0]!;
    const wider = [...widens(statement), ...unDenies(previous)];
    const deltas = [
      previous.effect !== statement.effect ? `effect ${previous.effect} -> ${statement.effect}` : undefined,
      listDelta('actions', previous.actions, statement.actions),
      listDelta('resources', previous.resources, statement.resources),
      listDelta('principals', previous.principals, statement.principals),
      previous.negated !== statement.negated ? 'Not* elements changed' : undefined,
      previous.condition !== statement.condition ? (statement.condition ? 'condition changed' : 'condition removed') : undefined,
    ].filter(Boolean);
    const widened = wider.length ? `; widens: ${summarise(wider)}` : '';
    const name = statement.sid ?? `[${after.indexOf(statement)}]`;
    entries.push({ sign: '~', widening: wider.length > 0, detail: `statement ${name} changed: ${deltas.join('; ')}${widened}` });
  }
  for (const statement of oldLeft) {
    const wider = unDenies(statement);
    entries.push({ sign: '-', widening: wider.length > 0, detail: `statement removed: ${describeStatement(statement)}` });
  }
  return entries;
}

export function policyKind(resourceType: string, label: string): SecurityKind {
  if (resourceType === 'AWS::KMS::Key') return 'kms-key-policy';
  if (/Policy$/.test(resourceType) && !resourceType.startsWith('AWS::IAM::')) return 'resource-policy';
  return label.startsWith('AssumeRolePolicyDocument') || resourceType.startsWith('AWS::IAM::') ? 'iam' : 'resource-policy';
}

/** Entries for managed policies and attachments added to or removed from a principal or policy. */
export function compareAttachments(before: Json | undefined, after: Json | undefined, what: string): PolicyEntry[] {
  const texts = (value: Json | undefined) => list(value).map(shortForm);
  const old = texts(before);
  const next = texts(after);
  return [
    ...next.filter((x) => !old.includes(x)).map((x) => ({ sign: '+' as const, widening: true, detail: `${what} added: ${x}` })),
    ...old.filter((x) => !next.includes(x)).map((x) => ({ sign: '-' as const, widening: false, detail: `${what} removed: ${x}` })),
  ];
}

