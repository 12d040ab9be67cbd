/**
 * Compiles a stack tree into templates: resolves every value per stack (wiring cross-stack use),
 * assembles each template in CloudFormation's section order, validates, serialises and hashes.
 */
import { createHash } from 'node:crypto';
import { emptyStacks } from './empty-stacks.js';
import { CompileError, CompileErrors, type CompileWarning } from './errors.js';
import { ParameterHandle, ResourceHandle } from './entities.js';
import { constrainedDefinition } from './parameter-constraints.js';
import { DEFAULT_CHECKS } from './preflight/checks/index.js';
import { runPreflight } from './preflight/run.js';
import { nameClashes } from './name-clashes.js';
import type { PartitionOptions } from './partition-options.js';
import { withPartitions } from './partition.js';
import { Resolver, sourceKey } from './resolve.js';
import { AttrToken, RefToken, tokenOf } from './tokens.js';
import { extensionOf, sentBytes, serialize, type TemplateFormat } from './serialize.js';
import type { Stack } from './stack.js';
import { dependenciesOf, validateTemplate } from './validate.js';
import { Wiring, type Json } from './wiring.js';

export type Template = { [section: string]: Json };

export interface CompiledStack {
  /** Stack path, e.g. `Root/Network`. */
  path: string;
  /** Artifact file name, e.g. `root.json`, `Network.json`, `Container.Web.json`. */
  file: string;
  template: Template;
  body: string;
  sha256: string;
  /** Bytes of `body`, the file as written. */
  bytes: number;
  /** Bytes CloudFormation receives when the template is sent minified; the size quotas apply to these. */
  sentBytes: number;
  resourceCount: number;
  parameters: string[];
  outputs: string[];
  /** Nested stacks: logical id in this template and the child's file. */
  children: { logicalId: string; file: string }[];
}

export interface CompileOptions {
  format?: TemplateFormat;
  /** Run the preflight checks (default true). Off only for tests of the stages before it. */
  preflight?: boolean;
  /**
   * Split every stack over its budget into nested partitions (dsl/partition.ts): `true` for the
   * default budgets and fan-out. A stack's own `partition()` overrides these options.
   */
  partition?: boolean | PartitionOptions;
}

export interface CompileResult {
  /** Children before parents; the root is last. */
  stacks: CompiledStack[];
  root: CompiledStack;
  warnings: CompileWarning[];
}

export function compile(root: Stack, options: CompileOptions = {}): CompileResult {
  return withPartitions(root, options.partition, () => compileTree(root, options));
}

function compileTree(root: Stack, options: CompileOptions): CompileResult {
  const format = options.format ?? 'json';
  if (root.parent) throw new CompileError('compile() takes the root stack', { stack: root.path });
  const wiring = new Wiring();
  const resolver = new Resolver(wiring);
  const all = preOrder(root);
  for (const stack of all) registerDeclaredOutputs(stack, wiring);

  // Resolve everything first: resolving one stack may add wires to any other.
  const resolved = new Map<Stack, Partial<Record<'Parameters' | 'Rules' | 'Conditions' | 'Resources' | 'Outputs', Record<string, Json>>>>();
  for (const stack of all) resolved.set(stack, resolveStack(stack, resolver, wiring));

  const errors: Error[] = [];
  const warnings: CompileWarning[] = [];
  const compiled = new Map<Stack, CompiledStack>();
  const fileOf = (stack: Stack) => `${stack.parent ? stack.lineage.slice(1).map((s) => s.id).join('.') : 'root'}.${extensionOf(format)}`;

  for (const stack of postOrder(root)) {
    const template = assemble(stack, resolved.get(stack)!, wiring, fileOf);
    const parameters = Object.keys((template['Parameters'] as Record<string, Json> | undefined) ?? {});
    const outputs = Object.keys((template['Outputs'] as Record<string, Json> | undefined) ?? {});
    const resources = Object.keys(template['Resources'] as Record<string, Json>);
    const body = serialize(template, format);
    const bytes = Buffer.byteLength(body);
    const sent = sentBytes(template, format, body);
    // Only a root can be passed inline; nested templates are always read from S3 (TemplateURL).
    const problems = validateTemplate(template, sent, stack.path, { mayBeInline: !stack.parent });
    errors.push(...problems.errors);
    warnings.push(...problems.warnings);
    compiled.set(stack, {
      path: stack.path,
      file: fileOf(stack),
      template,
      body,
      sha256: createHash('sha256').update(body).digest('hex'),
      bytes,
      sentBytes: sent,
      resourceCount: resources.length,
      parameters,
      outputs,
      children: stack.children.map((child) => ({ logicalId: child.id, file: fileOf(child) })),
    });
  }
  errors.push(...unusedDeclarations(all, wiring), ...emptyStacks(all), ...nameClashes(all), ...unusedKeptIds(all));
  const stacks = postOrder(root).map((stack) => compiled.get(stack)!);
  // Preflight reads well-formed templates only: CloudFormation's own rules come first.
  if (!errors.length && options.preflight !== false) {
    const preflight = runPreflight(stacks, [...DEFAULT_CHECKS, ...root.registeredChecks]);
    errors.push(...preflight.errors);
    warnings.push(...preflight.warnings);
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new CompileErrors(errors);
  warnings.push(...root.warnings);
  return { stacks, root: compiled.get(root)!, warnings };
}

/** A `keepLogicalIds` entry no blueprint used: the table is stale (the blueprint renamed again), and the resource would be replaced. */
function unusedKeptIds(stacks: readonly Stack[]): CompileError[] {
  return stacks.flatMap((stack) =>
    stack.unusedKeptIds.map(
      (asked) => new CompileError(`keepLogicalIds: no resource was added as ${asked}, so the id it keeps is lost; update the table to the ids the blueprints use now`, { stack: stack.path }),
    ),
  );
}

function resolveStack(stack: Stack, resolver: Resolver, wiring: Wiring) {
  const at = (section: string, id: string) => `${section}.${id}`;
  const parameters: Record<string, Json> = {};
  for (const [id, parameter] of stack.parameters) {
    const { Label: _label, ...def } = constrainedDefinition(parameter);
    parameters[id] = resolver.resolve(def, stack, at('Parameters', id)) ?? {};
  }
  const conditions: Record<string, Json> = {};
  for (const [id, condition] of stack.conditions) {
    conditions[id] = resolver.resolve(condition.expression, stack, at('Conditions', id)) ?? null;
  }
  const resources: Record<string, Json> = {};
  for (const [id, resource] of stack.resources) {
    const { DependsOn: _dependsOn, Condition: condition, ...def } = resource.def;
    const out: Record<string, Json> = { Type: def.Type };
    if (condition) out['Condition'] = resolver.conditionName(condition, stack);
    const rest = resolver.resolve(
      { Properties: def.Properties, Metadata: def.Metadata, CreationPolicy: def.CreationPolicy, UpdatePolicy: def.UpdatePolicy },
      stack,
      at('Resources', id),
    ) as Record<string, Json>;
    Object.assign(out, rest);
    if (def.DeletionPolicy) out['DeletionPolicy'] = def.DeletionPolicy;
    if (def.UpdateReplacePolicy) out['UpdateReplacePolicy'] = def.UpdateReplacePolicy;
    resources[id] = out;
    for (const dependency of resource.dependencies) wiring.dependOn(resource, dependency);
  }
  const outputs: Record<string, Json> = {};
  for (const [id, output] of stack.outputs) {
    const out: Record<string, Json> = {};
    if (output.Description) out['Description'] = output.Description;
    if (output.Condition) out['Condition'] = resolver.conditionName(output.Condition, stack);
    out['Value'] = resolver.resolve(output.Value, stack, at('Outputs', id)) ?? null;
    outputs[id] = out;
  }
  const rules: Record<string, Json> = {};
  for (const [id, rule] of stack.rules) rules[id] = resolver.resolve(rule, stack, at('Rules', id)) ?? null;
  // Rules may only look at parameters; a parameter used by a rule alone is still used.
  return { Parameters: parameters, Conditions: conditions, Resources: resources, Outputs: outputs, Rules: rules };
}

function assemble(
  stack: Stack,
  resolved: Partial<Record<string, Record<string, Json>>>,
  wiring: Wiring,
  fileOf: (stack: Stack) => string,
): Template {
  const state = wiring.state(stack);
  const resources = { ...resolved['Resources'] } as Record<string, Record<string, Json>>;
  for (const child of stack.children) {
    const resource = { ...resources[child.id]! };
    const properties = { ...(resource['Properties'] as Record<string, Json>) };
    properties['TemplateURL'] = fileOf(child);
    const passed = state.childParameters.get(child.id);
    if (passed?.size) properties['Parameters'] = Object.fromEntries(passed);
    resource['Properties'] = properties;
    resources[child.id] = resource;
  }
  for (const [id, on] of state.extraDependsOn) {
    const resource = resources[id];
    if (!resource) continue;
    // A DependsOn that a Ref or GetAtt already implies is noise (and a cfn-lint warning).
    const implied = dependenciesOf(resource, resources);
    const explicit = [...on].filter((dep) => !implied.has(dep)).sort();
    if (explicit.length) resources[id] = { ...resource, DependsOn: explicit };
  }
  // DependsOn right after Type, as people write it.
  for (const [id, resource] of Object.entries(resources)) {
    if (resource['DependsOn']) {
      const { Type, DependsOn, ...rest } = resource;
      resources[id] = { Type: Type!, DependsOn: DependsOn!, ...rest };
    }
  }

  const template: Template = { AWSTemplateFormatVersion: '2010-09-09' };
  if (stack.description) template['Description'] = stack.description;
  if (state.transforms.size) template['Transform'] = [...state.transforms].sort();
  const metadata = templateMetadata(stack);
  if (metadata) template['Metadata'] = metadata;
  const sections: [string, Record<string, Json>][] = [
    ['Parameters', { ...resolved['Parameters'], ...Object.fromEntries(state.wiredParameters) }],
    ['Rules', resolved['Rules'] ?? {}],
    ['Mappings', Object.fromEntries([...stack.mappings].map(([id, m]) => [id, m.table as Json]))],
    ['Conditions', { ...resolved['Conditions'], ...Object.fromEntries(state.wiredConditions) }],
    ['Resources', resources],
    ['Outputs', { ...resolved['Outputs'], ...Object.fromEntries(state.wiredOutputs) }],
  ];
  for (const [name, section] of sections) {
    if (Object.keys(section).length || name === 'Resources') template[name] = section;
  }
  return template;
}

function templateMetadata(stack: Stack): Json | undefined {
  const metadata: Record<string, Json> = Object.fromEntries(stack.metadata as Map<string, Json>);
  const labelled = [...stack.parameters.values()].filter((p) => p.def.Label);
  if (stack.parameterGroups.length || labelled.length) {
    const iface: Record<string, Json> = {};
    if (stack.parameterGroups.length) {
      iface['ParameterGroups'] = stack.parameterGroups.map((g) => ({
        Label: { default: g.label },
        Parameters: g.parameters.map((p) => p.id),
      }));
    }
    if (labelled.length) {
      iface['ParameterLabels'] = Object.fromEntries(labelled.map((p) => [p.id, { default: p.def.Label! }]));
    }
    metadata['AWS::CloudFormation::Interface'] = iface;
  }
  return Object.keys(metadata).length ? metadata : undefined;
}

function unusedDeclarations(stacks: Stack[], wiring: Wiring): CompileError[] {
  const errors: CompileError[] = [];
  for (const stack of stacks) {
    const state = wiring.state(stack);
    for (const id of stack.parameters.keys()) {
      if (!state.usedParameters.has(id)) errors.push(new CompileError('parameter is declared but never used', { stack: stack.path, logicalId: id }));
    }
    for (const id of stack.conditions.keys()) {
      if (!state.usedConditions.has(id)) errors.push(new CompileError('condition is declared but never used', { stack: stack.path, logicalId: id }));
    }
  }
  return errors;
}

/** Outputs whose value is a plain Ref or GetAtt of this stack can carry that value to other stacks. */
function registerDeclaredOutputs(stack: Stack, wiring: Wiring): void {
  const declared = wiring.state(stack).declaredOutputs;
  for (const [id, output] of stack.outputs) {
    if (output.Condition) continue;
    const token = tokenOf(output.Value);
    const target = token instanceof RefToken || token instanceof AttrToken ? token.target : undefined;
    if (!target || target.stack !== stack || !(target instanceof ResourceHandle || target instanceof ParameterHandle)) continue;
    const key = sourceKey(target, token instanceof AttrToken ? token.attribute : undefined);
    if (!declared.has(key)) declared.set(key, id);
  }
}

function preOrder(stack: Stack): Stack[] {
  return [stack, ...stack.children.flatMap(preOrder)];
}

function postOrder(stack: Stack): Stack[] {
  return [...stack.children.flatMap(postOrder), stack];
}
