/**
 * Follows cross-stack wires backwards through compiled templates, the way CloudFormation evaluates
 * them: a consumer's `Ref` of a parameter leads to the value its parent passes in the nested stack's
 * `Parameters`, a `Fn::GetAtt [Child, Outputs.X]` to the child's output X, and so on until a
 * resource, a declared parameter or a declared condition is reached. Tests use it to prove that
 * each consumer receives its own value, whatever the names the wiring chose.
 */
import * as assert from 'uvu/assert';
import { compile, Stack, type CfnValue, type CompileResult, type ConditionHandle, type Json, type Tok } from '../../dsl/index.js';

type JsonObject = { [key: string]: Json };

/** Where a value comes from: `Root/Network/Vpc`, `Root/Network/Vpc.CidrBlock`, `Root/Env` (a parameter). */
export type SourcePath = string;

export class WireTracer {
  private readonly templates = new Map<string, JsonObject>();

  constructor(result: CompileResult) {
    for (const stack of result.stacks) this.templates.set(stack.path, stack.template as JsonObject);
  }

  /** The source of `value` as seen in the stack at `path`. */
  value(path: string, value: Json, hops = 0): SourcePath {
    if (hops > 64) throw new Error(`wire loop at ${path}`);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${path}: ${JSON.stringify(value)} is not a reference`);
    }
    const [key, arg] = onlyEntry(value, path);
    const template = this.template(path);
    if (key === 'Ref' && typeof arg === 'string') {
      if (arg in section(template, 'Resources')) return `${path}/${arg}`;
      if (!(arg in section(template, 'Parameters'))) throw new Error(`${path}: Ref to undeclared ${arg}`);
      const passed = this.passedByParent(path, arg);
      return passed === undefined ? `${path}/${arg}` : this.value(parentOf(path)!, passed, hops + 1);
    }
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) {
      const [id, attribute] = arg as [string, string];
      const resource = section(template, 'Resources')[id] as JsonObject | undefined;
      if (!resource) throw new Error(`${path}: GetAtt of undeclared ${id}`);
      if (resource['Type'] === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        const child = `${path}/${id}`;
        const output = section(this.template(child), 'Outputs')[attribute.slice('Outputs.'.length)] as JsonObject | undefined;
        if (!output) throw new Error(`${child} has no output ${attribute}`);
        return this.value(child, output['Value']!, hops + 1);
      }
      return `${path}/${id}.${attribute}`;
    }
    // Lists cross stacks joined with commas: the join is transport, not a value of its own.
    if ((key === 'Fn::Join' || key === 'Fn::Split') && Array.isArray(arg) && arg[0] === ',') return this.value(path, arg[1]!, hops + 1);
    // A Sub of one reference, `v-${Name}` or `v-${Child.Outputs.Name}`: follow the name inlined.
    if (key === 'Fn::Sub' && typeof arg === 'string') {
      const names = [...arg.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!);
      if (names.length !== 1) throw new Error(`${path}: cannot follow ${JSON.stringify(value)}`);
      const [id, ...rest] = names[0]!.split('.');
      return this.value(path, rest.length ? { 'Fn::GetAtt': [id!, rest.join('.')] } : { Ref: id! }, hops + 1);
    }
    // A condition's flag: the condition it says holds.
    if (key === 'Fn::If' && Array.isArray(arg) && arg[1] === 'true' && arg[2] === 'false') {
      return this.condition(path, arg[0] as string, hops + 1);
    }
    throw new Error(`${path}: cannot follow ${JSON.stringify(value)}`);
  }

  /**
   * The declared condition behind condition `name` of the stack at `path`: a condition the wiring
   * re-declared (`Fn::Equals [Ref Flag, 'true']` with a passed flag) is followed to its source.
   */
  condition(path: string, name: string, hops = 0): SourcePath {
    const expression = section(this.template(path), 'Conditions')[name] as JsonObject | undefined;
    if (!expression) throw new Error(`${path}: no condition ${name}`);
    const equals = expression['Fn::Equals'];
    if (Array.isArray(equals) && equals[1] === 'true') {
      const flag = equals[0] as JsonObject;
      const parameter = typeof flag?.['Ref'] === 'string' ? flag['Ref'] : undefined;
      const passed = parameter === undefined ? undefined : this.passedByParent(path, parameter);
      if (passed !== undefined) return this.value(parentOf(path)!, passed, hops + 1);
    }
    return `${path}/${name}`;
  }

  /** The value the parent passes for a nested stack's parameter, or undefined (a declared one, or the root's). */
  private passedByParent(path: string, parameter: string): Json | undefined {
    const parent = parentOf(path);
    if (parent === undefined) return undefined;
    const id = path.slice(parent.length + 1);
    const resource = section(this.template(parent), 'Resources')[id] as JsonObject;
    const properties = resource['Properties'] as JsonObject;
    return (properties['Parameters'] as JsonObject | undefined)?.[parameter];
  }

  private template(path: string): JsonObject {
    const template = this.templates.get(path);
    if (!template) throw new Error(`no stack ${path}`);
    return template;
  }
}

function section(template: JsonObject, name: string): JsonObject {
  return (template[name] as JsonObject | undefined) ?? {};
}

function parentOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? undefined : path.slice(0, slash);
}

function onlyEntry(value: JsonObject, path: string): [string, Json] {
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new Error(`${path}: ${JSON.stringify(value)} is not one intrinsic function`);
  return entries[0]!;
}

/** What one consumer (an SSM parameter, or a declared output) must receive. */
export interface WireExpectation {
  stack: Stack;
  /** A resource id, or `Outputs.<id>` for a declared output. */
  at: string;
  /** The source path, or the literal a declared output holds. */
  source: string;
  /** For a conditional resource: the declared condition that must guard it. */
  condition?: string;
}

/** A stack tree whose consumers record where their values must come from. */
export class WireScenario {
  readonly root = Stack.root();
  readonly expectations: WireExpectation[] = [];

  /** An SSM parameter in `stack` holding `value`, which must come from `source` (or be that literal). */
  use(stack: Stack, id: string, value: CfnValue, source: string, guard?: ConditionHandle): void {
    stack.add(id, { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: value as Tok }, ...(guard ? { Condition: guard } : {}) });
    this.expectations.push({ stack, at: id, source, ...(guard ? { condition: guard.path } : {}) });
  }

  /** A declared output of `stack`, whose value must come from `source` (or be that literal). */
  output(stack: Stack, id: string, value: CfnValue, source: string): void {
    stack.output(id, value);
    this.expectations.push({ stack, at: `Outputs.${id}`, source });
  }

  /** Compiles and checks every expectation; returns the result for linting. */
  check(context = ''): CompileResult {
    const result = compile(this.root);
    const tracer = new WireTracer(result);
    const templates = new Map(result.stacks.map((s) => [s.path, s.template as Record<string, Record<string, Record<string, Json>>>]));
    for (const { stack, at, source, condition } of this.expectations) {
      const template = templates.get(stack.path)!;
      if (at.startsWith('Outputs.')) {
        const value = template['Outputs']![at.slice('Outputs.'.length)]!['Value']!;
        assert.is(typeof value === 'string' ? value : tracer.value(stack.path, value), source, `${context}${stack.path} ${at}`);
        continue;
      }
      const resource = template['Resources']![at]!;
      const value = (resource['Properties'] as Record<string, Json>)['Value']!;
      assert.is(typeof value === 'string' ? value : tracer.value(stack.path, value), source, `${context}${stack.path}/${at} receives its own value`);
      if (condition) {
        assert.is(tracer.condition(stack.path, resource['Condition'] as string), condition, `${context}${stack.path}/${at} has its own condition`);
      }
    }
    return result;
  }
}
