/**
 * Checks over a compiled template, independent of how it was built: every Ref, GetAtt, Sub
 * variable, DependsOn, Condition and FindInMap names something that exists; no dependency cycle;
 * CloudFormation's quotas respected (warnings past 80% of each count, and within 10% of a size limit,
 * measured on the bytes sent).
 */
import { CompileError, type CompileWarning } from './errors.js';
import { quotaHint } from './partition-hints.js';
import type { Json } from './wiring.js';

type Template = { [section: string]: Json };
type JsonObject = { [key: string]: Json };

/** CloudFormation's quotas. Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
export const LIMITS = {
  /** Bytes of a template body read from S3 (TemplateURL; every nested template, any root deployed with a bucket). */
  bodyBytes: 1_048_576,
  /** Bytes of a template body passed inline to the API (`aws cloudformation deploy` without a bucket). */
  inlineBodyBytes: 51_200,
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
} as const;

/** Share of a byte quota kept free: a template past 90 % of a size limit it is subject to gets a warning. */
export const SIZE_HEADROOM = 0.1;

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

export interface SizeOptions {
  /** A root may be sent inline (51,200 bytes); nested templates are always read from S3. */
  mayBeInline?: boolean;
}

/**
 * `sentBytes` is the template's size as CloudFormation receives it (minified JSON, see
 * `sentBytes` in serialize.ts), whatever format the file is written in.
 */
export function validateTemplate(
  template: Template,
  sentBytes: number,
  stack: string,
  options: SizeOptions = {},
): { errors: CompileError[]; warnings: CompileWarning[] } {
  const errors: CompileError[] = [];
  const warnings: CompileWarning[] = [];
  const section = (name: string): JsonObject => (template[name] as JsonObject | undefined) ?? {};
  const parameters = section('Parameters');
  const resources = section('Resources');
  const conditions = section('Conditions');
  const mappings = section('Mappings');
  const refTargets = new Set([...Object.keys(parameters), ...Object.keys(resources), ...PSEUDO]);
  const names: DeclaredNames = { refTargets, resources, conditions, mappings };

  const check = (where: string, logicalId: string | undefined, value: Json, dependencies?: Set<string>) => {
    if (value === null || typeof value !== 'object') return;
    walkIntrinsics(value, (fn, argument) => {
      const problem = inspectIntrinsic(fn, argument, names, dependencies);
      if (problem) errors.push(new CompileError(`${where}: ${problem}`, { stack, logicalId }));
    });
  };
  // One walk per resource finds both its dangling references and its dependencies (for cycles).
  const edges = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const r = resource as JsonObject;
    const dependencies = new Set<string>();
    for (const dep of asList(r['DependsOn'])) {
      if (typeof dep !== 'string' || !(dep in resources)) {
        errors.push(new CompileError(`DependsOn names ${JSON.stringify(dep)}, which is not a resource of this stack`, { stack, logicalId: id }));
      } else {
        dependencies.add(dep);
      }
    }
    if (typeof r['Condition'] === 'string' && !(r['Condition'] in conditions)) {
      errors.push(new CompileError(`Condition ${r['Condition']} is not declared`, { stack, logicalId: id }));
    }
    for (const key in r) {
      if (key !== 'DependsOn' && key !== 'Condition') check(`Resources.${id}`, id, r[key]!, dependencies);
    }
    edges.set(id, dependencies);
  }
  for (const [id, output] of Object.entries(section('Outputs'))) check(`Outputs.${id}`, id, output);
  for (const [id, condition] of Object.entries(conditions)) check(`Conditions.${id}`, id, condition);
  for (const [id, rule] of Object.entries(section('Rules'))) check(`Rules.${id}`, id, rule);

  const cycle = findCycle(edges);
  if (cycle) errors.push(new CompileError(`dependency cycle: ${cycle.join(' -> ')}`, { stack }));

  const counts: [string, number, number][] = [
    ['resources', Object.keys(resources).length, LIMITS.resources],
    ['parameters', Object.keys(parameters).length, LIMITS.parameters],
    ['outputs', Object.keys(section('Outputs')).length, LIMITS.outputs],
    ['mappings', Object.keys(mappings).length, LIMITS.mappings],
  ];
  for (const [what, count, limit] of counts) {
    if (count > limit) errors.push(new CompileError(`${count} ${what} exceeds the CloudFormation limit of ${limit}${quotaHint(what)}`, { stack }));
    else if (count > limit * 0.8) warnings.push({ stack, message: `${count} ${what} is over 80% of the limit of ${limit}` });
  }
  checkSize(sentBytes, stack, options.mayBeInline ?? false, errors, warnings);
  return { errors, warnings };
}

/**
 * Size quotas on the bytes sent: every template is read from S3 at most 1 MB; a root may also be
 * sent inline, at most 51,200 bytes, and past that it must go through S3 (a warning, not an
 * error). Within 10 % of a limit it is subject to, a template gets a warning: one more service
 * must not be what breaks a deploy.
 */
function checkSize(bytes: number, stack: string, mayBeInline: boolean, errors: CompileError[], warnings: CompileWarning[]): void {
  const sent = `${bytes} bytes (minified JSON, as sent)`;
  if (bytes > LIMITS.bodyBytes) {
    errors.push(new CompileError(`${bytes} bytes exceeds the CloudFormation limit of ${LIMITS.bodyBytes} bytes for a template body (measured minified, as sent)${quotaHint('bytes')}`, { stack }));
    return;
  }
  if (bytes > LIMITS.bodyBytes * (1 - SIZE_HEADROOM)) {
    warnings.push({ stack, message: `${sent} is within ${SIZE_HEADROOM * 100}% of the CloudFormation limit of ${LIMITS.bodyBytes} bytes for a template body read from S3` });
  }
  if (!mayBeInline) return;
  if (bytes > LIMITS.inlineBodyBytes) {
    warnings.push({ stack, message: `${sent}: over the ${LIMITS.inlineBodyBytes}-byte limit of an inline template body, so it must be deployed from S3` });
  } else if (bytes > LIMITS.inlineBodyBytes * (1 - SIZE_HEADROOM)) {
    warnings.push({ stack, message: `${sent} is within ${SIZE_HEADROOM * 100}% of the CloudFormation limit of ${LIMITS.inlineBodyBytes} bytes for an inline template body` });
  }
}

interface DeclaredNames {
  refTargets: Set<string>;
  resources: JsonObject;
  conditions: JsonObject;
  mappings: JsonObject;
}

/**
 * The problem with one intrinsic function call (`fn` with `argument`), if it names something
 * undeclared; resources it refers to are added to `dependencies` when given.
 */
function inspectIntrinsic(fn: string, argument: Json, names: DeclaredNames, dependencies: Set<string> | undefined): string | undefined {
  const { refTargets, resources, conditions, mappings } = names;
  switch (fn) {
    case 'Ref':
      if (typeof argument !== 'string') return undefined;
      if (!refTargets.has(argument)) return `Ref to ${argument}, which is not declared`;
      if (dependencies && argument in resources) dependencies.add(argument);
      return undefined;
    case 'Fn::GetAtt': {
      const target = getAttTarget(argument);
      if (typeof target !== 'string') return undefined;
      if (!(target in resources)) return `Fn::GetAtt of ${target}, which is not a resource`;
      dependencies?.add(target);
      return undefined;
    }
    case 'Condition':
      return typeof argument === 'string' && !(argument in conditions) ? `condition ${argument} is not declared` : undefined;
    case 'Fn::If':
      return Array.isArray(argument) && typeof argument[0] === 'string' && !(argument[0] in conditions)
        ? `Fn::If on condition ${argument[0]}, which is not declared`
        : undefined;
    case 'Fn::FindInMap':
      return Array.isArray(argument) && typeof argument[0] === 'string' && !(argument[0] in mappings) ? `mapping ${argument[0]} is not declared` : undefined;
    case 'Fn::Sub': {
      const [text, variables] = Array.isArray(argument) ? [argument[0], (argument[1] ?? {}) as JsonObject] : [argument, {}];
      if (typeof text !== 'string') return undefined;
      let problem: string | undefined;
      for (const name of subNames(text)) {
        const base = baseName(name);
        if (base in resources) dependencies?.add(base);
        if (problem || name in variables || refTargets.has(name) || base in resources) continue;
        problem = `Fn::Sub uses \${${name}}, which is not declared`;
      }
      return problem;
    }
    default:
      return undefined;
  }
}

function getAttTarget(argument: Json): Json | undefined {
  if (Array.isArray(argument)) return argument[0];
  return typeof argument === 'string' ? baseName(argument) : undefined;
}

function baseName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** Names inside `${...}` of a Sub string, skipping the `${!Literal}` escape. */
export function subNames(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!.trim());
}

/**
 * Calls `visit` for every single-key object (the shape of an intrinsic function call), after the
 * calls nested in its argument. It runs over every value of every template, mostly cold: one pass
 * over each object's keys, no per-node allocation, and scalars skipped before a call.
 */
function walkIntrinsics(value: Json, visit: (fn: string, argument: Json) => void): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i]!;
      if (item !== null && typeof item === 'object') walkIntrinsics(item, visit);
    }
    return;
  }
  const node = value as JsonObject;
  let only: string | undefined;
  let count = 0;
  for (const key in node) {
    only = key;
    count++;
    const child = node[key]!;
    if (child !== null && typeof child === 'object') walkIntrinsics(child, visit);
  }
  if (count === 1) visit(only!, node[only!]!);
}

function asList(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Resource ids a resource depends on: Ref, GetAtt, Sub names and DependsOn. */
export function dependenciesOf(resource: JsonObject, resources: JsonObject): Set<string> {
  const found = new Set<string>();
  for (const dep of asList(resource['DependsOn'])) if (typeof dep === 'string') found.add(dep);
  const names: DeclaredNames = { refTargets: new Set(Object.keys(resources)), resources, conditions: {}, mappings: {} };
  for (const key in resource) {
    const value = resource[key]!;
    if (key === 'DependsOn' || value === null || typeof value !== 'object') continue;
    walkIntrinsics(value, (fn, argument) => {
      if (fn === 'Ref' || fn === 'Fn::GetAtt' || fn === 'Fn::Sub') inspectIntrinsic(fn, argument, names, found);
    });
  }
  return found;
}

function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
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
