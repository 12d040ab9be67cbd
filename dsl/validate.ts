/**
 * Checks over a compiled template, independent of how it was built: every Ref, GetAtt, Sub
 * variable, DependsOn, Condition and FindInMap names something that exists; no dependency cycle;
 * CloudFormation's quotas respected (warnings past 80% of each).
 */
import { CompileError, type CompileWarning } from './errors.js';
import { quotaHint } from './partition-hints.js';
import type { Json } from './wiring.js';

type Template = { [section: string]: Json };
type JsonObject = { [key: string]: Json };

export const LIMITS = {
  /** Bytes of a template body read from S3. */
  bodyBytes: 1_048_576,
  /** Bytes of a template body passed inline to the API (`aws cloudformation deploy` without a bucket). */
  inlineBodyBytes: 51_200,
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
} as const;

const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export function validateTemplate(
  template: Template,
  bytes: number,
  stack: string,
): { errors: CompileError[]; warnings: CompileWarning[] } {
  const errors: CompileError[] = [];
  const warnings: CompileWarning[] = [];
  const section = (name: string): JsonObject => (template[name] as JsonObject | undefined) ?? {};
  const parameters = section('Parameters');
  const resources = section('Resources');
  const conditions = section('Conditions');
  const mappings = section('Mappings');
  const refTargets = new Set([...Object.keys(parameters), ...Object.keys(resources), ...PSEUDO]);

  const check = (where: string, logicalId: string | undefined, value: Json) => {
    walk(value, (node) => {
      const problem = danglingIn(node, refTargets, resources, conditions, mappings);
      if (problem) errors.push(new CompileError(`${where}: ${problem}`, { stack, logicalId }));
    });
  };
  for (const [id, resource] of Object.entries(resources)) {
    const r = resource as JsonObject;
    for (const dep of asList(r['DependsOn'])) {
      if (typeof dep !== 'string' || !(dep in resources)) {
        errors.push(new CompileError(`DependsOn names ${JSON.stringify(dep)}, which is not a resource of this stack`, { stack, logicalId: id }));
      }
    }
    if (typeof r['Condition'] === 'string' && !(r['Condition'] in conditions)) {
      errors.push(new CompileError(`Condition ${r['Condition']} is not declared`, { stack, logicalId: id }));
    }
    check(`Resources.${id}`, id, { ...r, DependsOn: null, Condition: null });
  }
  for (const [id, output] of Object.entries(section('Outputs'))) check(`Outputs.${id}`, id, output);
  for (const [id, condition] of Object.entries(conditions)) check(`Conditions.${id}`, id, condition);
  for (const [id, rule] of Object.entries(section('Rules'))) check(`Rules.${id}`, id, rule);

  const cycle = findCycle(resources);
  if (cycle) errors.push(new CompileError(`dependency cycle: ${cycle.join(' -> ')}`, { stack }));

  const counts: [string, number, number][] = [
    ['resources', Object.keys(resources).length, LIMITS.resources],
    ['parameters', Object.keys(parameters).length, LIMITS.parameters],
    ['outputs', Object.keys(section('Outputs')).length, LIMITS.outputs],
    ['mappings', Object.keys(mappings).length, LIMITS.mappings],
    ['bytes', bytes, LIMITS.bodyBytes],
  ];
  for (const [what, count, limit] of counts) {
    if (count > limit) errors.push(new CompileError(`${count} ${what} exceeds the CloudFormation limit of ${limit}${quotaHint(what)}`, { stack }));
    else if (count > limit * 0.8) warnings.push({ stack, message: `${count} ${what} is over 80% of the limit of ${limit}` });
  }
  if (bytes > LIMITS.inlineBodyBytes && bytes <= LIMITS.bodyBytes) {
    warnings.push({ stack, message: `${bytes} bytes: over ${LIMITS.inlineBodyBytes}, so it must be deployed from S3` });
  }
  return { errors, warnings };
}

function danglingIn(
  node: JsonObject,
  refTargets: Set<string>,
  resources: JsonObject,
  conditions: JsonObject,
  mappings: JsonObject,
): string | undefined {
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  const arg = node[key]!;
  switch (key) {
    case 'Ref':
      return typeof arg === 'string' && !refTargets.has(arg) ? `Ref to ${arg}, which is not declared` : undefined;
    case 'Fn::GetAtt': {
      const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      return typeof target === 'string' && !(target in resources) ? `Fn::GetAtt of ${target}, which is not a resource` : undefined;
    }
    case 'Condition':
      return typeof arg === 'string' && !(arg in conditions) ? `condition ${arg} is not declared` : undefined;
    case 'Fn::If':
      return Array.isArray(arg) && typeof arg[0] === 'string' && !(arg[0] in conditions)
        ? `Fn::If on condition ${arg[0]}, which is not declared`
        : undefined;
    case 'Fn::FindInMap':
      return Array.isArray(arg) && typeof arg[0] === 'string' && !(arg[0] in mappings) ? `mapping ${arg[0]} is not declared` : undefined;
    case 'Fn::Sub': {
      const [text, variables] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as JsonObject] : [arg, {}];
      if (typeof text !== 'string') return undefined;
      for (const name of subNames(text)) {
        const base = name.split('.')[0]!;
        if (name in variables || refTargets.has(name) || base in resources) continue;
        return `Fn::Sub uses \${${name}}, which is not declared`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Names inside `${...}` of a Sub string, skipping the `${!Literal}` escape. */
export function subNames(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!.trim());
}

function walk(value: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') {
    visit(value);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}

function asList(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Resource ids a resource depends on: Ref, GetAtt, Sub names and DependsOn. */
export function dependenciesOf(resource: JsonObject, resources: JsonObject): Set<string> {
  const found = new Set<string>();
  for (const dep of asList(resource['DependsOn'])) if (typeof dep === 'string') found.add(dep);
  walk({ ...resource, DependsOn: null }, (node) => {
    const ref = node['Ref'];
    if (typeof ref === 'string' && ref in resources) found.add(ref);
    const getAtt = node['Fn::GetAtt'];
    const target = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
    if (typeof target === 'string' && target in resources) found.add(target);
    const sub = node['Fn::Sub'];
    const text = Array.isArray(sub) ? sub[0] : sub;
    if (typeof text === 'string') {
      for (const name of subNames(text)) {
        const base = name.split('.')[0]!;
        if (base in resources) found.add(base);
      }
    }
  });
  return found;
}

function findCycle(resources: JsonObject): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) edges.set(id, dependenciesOf(resource as JsonObject, resources));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
