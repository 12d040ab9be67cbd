/**
 * A view over a compiled stack tree for checks that look across nested stacks: where a value
 * passed down as a parameter or up as an output was made, and whether one resource is created
 * only after another completes (CloudFormation creates a nested stack's resources after everything
 * its AWS::CloudFormation::Stack resource depends on, and completes the stack after all of them).
 */
import type { Json } from '../wiring.js';
import { dependenciesOf } from '../validate.js';

type JsonObject = { [key: string]: Json };

export interface TreeResource {
  /** Stack path, e.g. `Root/Container`. */
  stack: string;
  id: string;
  type: string;
  properties: JsonObject;
  /** The whole resource entry (DependsOn, Condition, DeletionPolicy, Metadata...). */
  resource: JsonObject;
}

export interface ResourceAddress {
  stack: string;
  id: string;
}

export class TreeIndex {
  private readonly templates = new Map<string, JsonObject>();
  private readonly closures = new Map<string, Map<string, Set<string>>>();

  constructor(stacks: readonly { path: string; template: { [section: string]: Json } }[]) {
    for (const stack of stacks) this.templates.set(stack.path, stack.template as JsonObject);
  }

  get stackPaths(): string[] {
    return [...this.templates.keys()];
  }

  template(stack: string): JsonObject {
    const template = this.templates.get(stack);
    if (!template) throw new Error(`no stack ${stack} in this tree`);
    return template;
  }

  private section(stack: string, name: string): JsonObject {
    return (this.template(stack)[name] as JsonObject | undefined) ?? {};
  }

  /** Every resource of the tree, stack by stack in compile order. */
  *resources(type?: string): Generator<TreeResource> {
    for (const stack of this.templates.keys()) {
      for (const [id, entry] of Object.entries(this.section(stack, 'Resources'))) {
        const resource = entry as JsonObject;
        if (type !== undefined && resource['Type'] !== type) continue;
        yield { stack, id, type: resource['Type'] as string, properties: (resource['Properties'] as JsonObject | undefined) ?? {}, resource };
      }
    }
  }

  resource(address: ResourceAddress): TreeResource | undefined {
    const entry = this.section(address.stack, 'Resources')[address.id] as JsonObject | undefined;
    if (!entry) return undefined;
    return { ...address, type: entry['Type'] as string, properties: (entry['Properties'] as JsonObject | undefined) ?? {}, resource: entry };
  }

  /**
   * Follows a value through the wiring: a Ref to a parameter the parent passes becomes the parent's
   * value; a GetAtt of a child's output becomes the child's output value. Stops at anything else.
   */
  origin(stack: string, value: Json): { stack: string; value: Json } {
    for (let hops = 0; hops < 64; hops++) {
      const ref = single(value, 'Ref');
      if (typeof ref === 'string' && ref in this.section(stack, 'Parameters')) {
        const parent = parentPath(stack);
        const passed = parent ? ((this.section(parent, 'Resources')[lastPart(stack)] as JsonObject | undefined)?.['Properties'] as JsonObject | undefined)?.['Parameters'] : undefined;
        const given = (passed as JsonObject | undefined)?.[ref];
        if (parent === undefined || given === undefined) return { stack, value };
        [stack, value] = [parent, given];
        continue;
      }
      const getAtt = single(value, 'Fn::GetAtt');
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
        const child = `${stack}/${getAtt[0]}`;
        const output = this.templates.has(child) ? (this.section(child, 'Outputs')[getAtt[1].slice('Outputs.'.length)] as JsonObject | undefined) : undefined;
        if (!output) return { stack, value };
        [stack, value] = [child, output['Value']!];
        continue;
      }
      return { stack, value };
    }
    return { stack, value };
  }

  /** The resource a value is a Ref or GetAtt of, followed through the wiring. */
  target(stack: string, value: Json): (ResourceAddress & { attribute?: string }) | undefined {
    const found = this.origin(stack, value);
    const ref = single(found.value, 'Ref');
    if (typeof ref === 'string' && ref in this.section(found.stack, 'Resources')) return { stack: found.stack, id: ref };
    const getAtt = single(found.value, 'Fn::GetAtt');
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && getAtt[0] in this.section(found.stack, 'Resources')) {
      return { stack: found.stack, id: getAtt[0], attribute: String(getAtt[1]) };
    }
    return undefined;
  }

  /** True when CloudFormation creates `a` only after `b` has completed. */
  createdAfter(a: ResourceAddress, b: ResourceAddress): boolean {
    if (a.stack === b.stack) return this.closure(a.stack).get(a.id)?.has(b.id) ?? false;
    const common = commonPath(a.stack, b.stack);
    const side = (x: ResourceAddress) => (x.stack === common ? x.id : x.stack.slice(common.length + 1).split('/')[0]!);
    const [aSide, bSide] = [side(a), side(b)];
    return aSide !== bSide && (this.closure(common).get(aSide)?.has(bSide) ?? false);
  }

  private closure(stack: string): Map<string, Set<string>> {
    let closure = this.closures.get(stack);
    if (closure) return closure;
    const resources = this.section(stack, 'Resources');
    const direct = new Map(Object.entries(resources).map(([id, r]) => [id, dependenciesOf(r as JsonObject, resources)]));
    closure = new Map();
    const visit = (id: string, seen: Set<string>) => {
      for (const dep of direct.get(id) ?? []) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        visit(dep, seen);
      }
      return seen;
    };
    for (const id of direct.keys()) closure.set(id, visit(id, new Set()));
    this.closures.set(stack, closure);
    return closure;
  }
}

/** The argument of a one-key intrinsic object such as `{ Ref: x }`, else undefined. */
export function single(value: Json | undefined, key: string): Json | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key ? value[key] : undefined;
}

function parentPath(stack: string): string | undefined {
  const at = stack.lastIndexOf('/');
  return at < 0 ? undefined : stack.slice(0, at);
}

function lastPart(stack: string): string {
  return stack.slice(stack.lastIndexOf('/') + 1);
}

function commonPath(a: string, b: string): string {
  const pa = a.split('/');
  const pb = b.split('/');
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join('/');
}
