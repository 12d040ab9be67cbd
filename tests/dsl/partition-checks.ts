/**
 * Checks over partitioned trees, shared by the partition tests: every reference of every resource
 * and declared output, followed through the compiled templates, reaches the very entity the
 * blueprint referenced; every DependsOn still orders; nothing is lost or duplicated; every template
 * is within its budget. A compiled path maps back to the path the blueprint declared by dropping
 * the generated `Partition<n>` segments.
 */
import * as assert from 'uvu/assert';
import {
  ConditionHandle,
  MappingHandle,
  TreeIndex,
  type CompileResult,
  type Json,
  type PartitionBudget,
  type ResourceHandle,
  type Stack,
} from '../../dsl/index.js';
import { AttrToken, FnToken, PseudoToken, RawRefToken, RefToken, SubToken, Token } from '../../dsl/tokens.js';
import { WireTracer } from '../helpers/wires.js';

type JsonObject = { [key: string]: Json };

/** `Root/Container/Partition3/Partition7/Svc` -> `Root/Container/Svc`. */
export function declaredPath(compiledPath: string): string {
  return compiledPath
    .split('/')
    .filter((segment) => !/^Partition\d+$/.test(segment))
    .join('/');
}

/** Every resource as `<stack path> <logical id>`: what CloudFormation identifies a resource by. */
export function placements(result: CompileResult): Set<string> {
  const found = new Set<string>();
  for (const stack of result.stacks) for (const id of Object.keys(stack.template['Resources'] as JsonObject)) found.add(`${stack.path} ${id}`);
  return found;
}

/** Every template within `budget` (bytes of minified JSON); returns how many templates were checked. */
export function assertWithinBudgets(result: CompileResult, budget: Required<PartitionBudget>): number {
  for (const stack of result.stacks) {
    const bytes = Buffer.byteLength(JSON.stringify(stack.template));
    assert.ok(stack.resourceCount <= budget.resources, `${stack.path}: ${stack.resourceCount} resources`);
    assert.ok(stack.parameters.length <= budget.parameters, `${stack.path}: ${stack.parameters.length} parameters`);
    assert.ok(stack.outputs.length <= budget.outputs, `${stack.path}: ${stack.outputs.length} outputs`);
    assert.ok(bytes <= budget.bytes, `${stack.path}: ${bytes} bytes`);
  }
  return result.stacks.length;
}

export const DEFAULT_BUDGET = { resources: 450, parameters: 180, outputs: 180, bytes: 943_718 };

/**
 * Follows every reference the tree declares through `result`; returns how many were followed (a
 * caller asserts it is not zero). `root` is the tree as declared (compile puts it back).
 */
export function assertReferencesReachTheirSources(root: Stack, result: CompileResult): number {
  const tracer = new WireTracer(result);
  const index = new TreeIndex(result.stacks);
  const compiledStack = new Map<string, string>();
  const compiledResource = new Map<string, { stack: string; id: string; entry: JsonObject }>();
  for (const stack of result.stacks) {
    compiledStack.set(declaredPath(stack.path), stack.path);
    for (const [id, entry] of Object.entries(stack.template['Resources'] as JsonObject)) {
      if (/^Partition\d+$/.test(id) && (entry as JsonObject)['Type'] === 'AWS::CloudFormation::Stack') continue;
      const declared = `${declaredPath(stack.path)}/${id}`;
      assert.not.ok(compiledResource.has(declared), `${declared} is compiled once`);
      compiledResource.set(declared, { stack: stack.path, id, entry: entry as JsonObject });
    }
  }
  let followed = 0;
  const expect = (actual: string, expected: string, where: string) => {
    assert.is(actual, expected, where);
    followed++;
  };

  const follow = (declared: unknown, compiled: Json | undefined, stack: string, where: string): void => {
    if (declared === undefined) return;
    if (compiled === undefined) throw new Error(`${where}: missing in the compiled template`);
    if (declared instanceof ConditionHandle) {
      const name = (compiled as JsonObject)['Condition'] as string;
      return expect(declaredPath(tracer.condition(stack, name)), declared.path, where);
    }
    if (declared instanceof Token) return followToken(declared, compiled, stack, where);
    if (Array.isArray(declared)) {
      assert.ok(Array.isArray(compiled), `${where} is a list`);
      declared.forEach((item, i) => follow(item, (compiled as Json[])[i], stack, `${where}[${i}]`));
      return;
    }
    if (declared !== null && typeof declared === 'object') {
      for (const [key, value] of Object.entries(declared)) follow(value, (compiled as JsonObject)[key], stack, `${where}.${key}`);
      return;
    }
    assert.equal(compiled, declared, where);
  };

  const followToken = (token: Token, compiled: Json, stack: string, where: string): void => {
    if (token instanceof RefToken && token.target instanceof MappingHandle) {
      // Used where it is declared: the template there holds the same table under the same name.
      assert.is(compiled, token.target.id, where);
      const mappings = index.template(stack)['Mappings'] as JsonObject;
      assert.equal(mappings[token.target.id], token.target.table, `${where}: mapping ${token.target.id} declared in ${stack}`);
      followed++;
      return;
    }
    if (token instanceof RefToken && token.target instanceof ConditionHandle) return follow(token.target, compiled, stack, where);
    if (token instanceof RefToken) return expect(declaredPath(tracer.value(stack, compiled)), token.target.path, where);
    if (token instanceof AttrToken) return expect(declaredPath(tracer.value(stack, compiled)), `${token.target.path}.${token.attribute}`, where);
    if (token instanceof PseudoToken || token instanceof RawRefToken) return;
    if (token instanceof SubToken) {
      const argument = (compiled as JsonObject)['Fn::Sub']!;
      const [text, variables] = Array.isArray(argument) ? [argument[0] as string, argument[1] as JsonObject] : [argument as string, {}];
      const names = [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!);
      const references = token.parts.filter((part): part is Token => part instanceof Token);
      assert.is(names.length, references.length, `${where}: one name per interpolated value`);
      references.forEach((part, i) => {
        const name = names[i]!;
        if (part instanceof PseudoToken) return assert.is(name, part.name, where);
        const value: Json = name in variables ? variables[name]! : name.includes('.') ? { 'Fn::GetAtt': [name.split('.')[0]!, name.split('.').slice(1).join('.')] } : { Ref: name };
        followToken(part, value, stack, `${where}.Fn::Sub[${i}]`);
      });
      return;
    }
    if (token instanceof FnToken) {
      const argument = (compiled as JsonObject)[token.name]!;
      if (token.name === 'Fn::If') {
        const [condition, whenTrue, whenFalse] = token.args as [ConditionHandle, unknown, unknown];
        const [name, compiledTrue, compiledFalse] = argument as [string, Json, Json];
        expect(declaredPath(tracer.condition(stack, name)), condition.path, `${where}.Fn::If`);
        follow(whenTrue, compiledTrue, stack, `${where}.Fn::If[1]`);
        follow(whenFalse, compiledFalse, stack, `${where}.Fn::If[2]`);
        return;
      }
      return follow(token.args, argument, stack, `${where}.${token.name}`);
    }
    throw new Error(`${where}: unknown token`);
  };

  const visit = (stack: Stack) => {
    const templatePath = compiledStack.get(stack.path);
    assert.ok(templatePath, `${stack.path} is compiled`);
    for (const resource of stack.resources.values()) {
      const compiled = compiledResource.get(resource.path);
      assert.ok(compiled, `${resource.path} is compiled`);
      const where = `${resource.path} (compiled in ${compiled!.stack})`;
      if (resource.type !== 'AWS::CloudFormation::Stack') follow(resource.def.Properties, compiled!.entry['Properties'], compiled!.stack, `${where} Properties`);
      if (resource.def.Condition) {
        expect(declaredPath(tracer.condition(compiled!.stack, compiled!.entry['Condition'] as string)), resource.def.Condition.path, `${where} Condition`);
      }
      for (const dependency of resource.dependencies) assertOrdered(index, compiledResource, resource, dependency, () => followed++);
    }
    for (const [id, output] of stack.outputs) {
      const compiled = (index.template(templatePath!)['Outputs'] as JsonObject)[id] as JsonObject;
      follow(output.Value, compiled['Value'], templatePath!, `${stack.path} Outputs.${id}`);
    }
    stack.children.forEach(visit);
  };
  visit(root);
  return followed;
}

function assertOrdered(
  index: TreeIndex,
  compiled: Map<string, { stack: string; id: string }>,
  resource: ResourceHandle,
  dependency: ResourceHandle,
  counted: () => void,
): void {
  const a = compiled.get(resource.path)!;
  const b = compiled.get(dependency.path)!;
  assert.ok(index.createdAfter(a, b), `${resource.path} is created after ${dependency.path} (compiled ${a.stack}/${a.id} after ${b.stack}/${b.id})`);
  counted();
}
