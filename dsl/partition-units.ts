/**
 * The units a partitioned stack moves: groups of its resources that reference each other, so that
 * a unit never references another unit and every partition depends only on what stays in the
 * stack (no cycle between nested stacks can arise, and the wiring stays small).
 *
 * The graph has one node per resource of the stack; a child stack is one node (its
 * AWS::CloudFormation::Stack resource) standing for everything inside it. An edge goes from a node
 * to each node it references (Ref, GetAtt, Sub, DependsOn, from anywhere in a child's subtree).
 * What stays in the stack: resources `keep` names, resources many units use (a cluster every
 * service uses: see `sharedResources`), resources that name others by raw logical id (which the
 * wiring cannot carry), and everything those reference (so the stack never waits for a partition
 * that waits for it). The units are the connected components of the rest, keyed by their smallest
 * logical id.
 */
import { ConditionHandle, Entity, MappingHandle, ResourceHandle } from './entities.js';
import type { PartitionSettings } from './partition-options.js';
import type { Stack } from './stack.js';
import { AttrToken, FnToken, PseudoToken, RawRefToken, RefToken, SubToken, Token } from './tokens.js';

/** What one declaration (a resource, an output) reads, and roughly how large it is as JSON. */
export interface Footprint {
  /** Resources, parameters and mappings it references, and the resources it depends on. */
  targets: Entity[];
  /** Logical ids it names raw (`Fn.refByName`, or a hand-written `{ Ref: ... }` object). */
  rawNames: string[];
  /** Its size as minified JSON, estimated (wired names counted at their longest). */
  bytes: number;
}

/** The parts of a resource declaration that hold values. */
const SECTIONS = ['Properties', 'Metadata', 'CreationPolicy', 'UpdatePolicy'] as const;

/** Footprints, computed once per declaration and shared by every partitioned stack above it. */
export class Footprints {
  private readonly resources = new Map<ResourceHandle, Footprint>();
  private readonly outputs = new Map<Stack, Footprint[]>();

  of(resource: ResourceHandle): Footprint {
    let footprint = this.resources.get(resource);
    if (!footprint) {
      const def = resource.def;
      footprint = { targets: [], rawNames: [], bytes: resource.id.length + def.Type.length + 20 };
      for (const section of SECTIONS) {
        const value = def[section];
        if (value !== undefined) footprint.bytes += section.length + 3 + size(value, footprint);
      }
      if (def.Condition) footprint.bytes += def.Condition.id.length + 15;
      if (def.DeletionPolicy) footprint.bytes += def.DeletionPolicy.length + 20;
      if (def.UpdateReplacePolicy) footprint.bytes += def.UpdateReplacePolicy.length + 25;
      for (const dependency of resource.dependencies) {
        footprint.targets.push(dependency);
        footprint.bytes += dependency.id.length + 3;
      }
      this.resources.set(resource, footprint);
    }
    return footprint;
  }

  outputsOf(stack: Stack): Footprint[] {
    let footprints = this.outputs.get(stack);
    if (!footprints) this.outputs.set(stack, (footprints = [...stack.outputs.values()].map((output) => measure(output.Value))));
    return footprints;
  }

  /** The estimated minified size of a stack's template: its resources, and a parameter for each value it receives. */
  estimateBytes(stack: Stack): number {
    let bytes = 200;
    const received = new Set<Entity>();
    for (const resource of stack.resources.values()) {
      const footprint = this.of(resource);
      bytes += footprint.bytes;
      for (const target of footprint.targets) if (target.stack !== stack && !(target instanceof MappingHandle)) received.add(target);
    }
    // A wired parameter: `"Name":{"Type":"String","Description":"Ref of <path>"}`, the name made from the path.
    for (const target of received) bytes += 2 * target.path.length + 50;
    return bytes;
  }
}

export interface Unit {
  /** Its smallest logical id: what places it in the partition trie. */
  key: string;
  /** Its resources, in the stack's order. */
  members: ResourceHandle[];
}

export interface StackUnits {
  /** Resources that stay in the stack, and why each of the first-level causes stays. */
  home: Map<ResourceHandle, string>;
  units: Unit[];
  /** For each moved resource: the stack's mappings it uses (copied into its partition). */
  mappings: Map<ResourceHandle, MappingHandle[]>;
  /** The stack's mappings that what stays in it uses. */
  usedAtHome: Set<MappingHandle>;
}

export function stackUnits(stack: Stack, settings: PartitionSettings, footprints: Footprints): StackUnits {
  const nodes = [...stack.resources.values()];
  const childNode = new Map<Stack, ResourceHandle>();
  for (const child of stack.children) childNode.set(child, child.stackResource!);
  /** The node of `stack` that holds `entity`: itself, or the child stack it lies in. */
  const nodeOf = (entity: Entity): ResourceHandle | undefined => {
    if (entity.stack === stack) return entity instanceof ResourceHandle ? entity : undefined;
    let below = entity.stack;
    while (below.parent && below.parent !== stack) below = below.parent;
    return below.parent === stack ? childNode.get(below) : undefined;
  };

  const index = new Map(nodes.map((node, i) => [node, i]));
  const references = nodes.map(() => new Set<number>());
  const referrers = nodes.map(() => new Set<number>());
  const home = new Map<ResourceHandle, string>();
  const mappings = new Map<ResourceHandle, MappingHandle[]>();
  /** `from` (a node's index) uses what `footprint` references; `own`: the footprint is of the node's own declaration. */
  const link = (from: number, footprint: Footprint, own: boolean) => {
    for (const target of footprint.targets) {
      if (target instanceof MappingHandle) {
        // Only the stack's own resources may use its mappings (the resolver refuses any other).
        if (own && target.stack === stack) mappings.set(nodes[from]!, [...(mappings.get(nodes[from]!) ?? []), target]);
        continue;
      }
      const to = nodeOf(target);
      if (to === undefined) continue;
      const j = index.get(to)!;
      if (j === from) continue;
      references[from]!.add(j);
      referrers[j]!.add(from);
    }
  };
  nodes.forEach((node, i) => {
    const footprint = footprints.of(node);
    link(i, footprint, true);
    if (footprint.rawNames.length) {
      // A raw name resolves in the template that holds it: it cannot be wired, so it stays with what it names.
      home.set(node, `names ${footprint.rawNames.join(', ')} by logical id`);
      for (const name of footprint.rawNames) {
        const named = stack.resources.get(name);
        if (named && named !== node) references[i]!.add(index.get(named)!);
      }
    }
  });
  for (const child of stack.children) {
    const i = index.get(childNode.get(child)!)!;
    for (const inner of descendants(child)) {
      for (const resource of inner.resources.values()) link(i, footprints.of(resource), false);
      for (const output of footprints.outputsOf(inner)) link(i, output, false);
    }
  }

  for (const kept of settings.keep) if (kept.stack === stack) home.set(kept, 'listed in keep');
  const out = references.map((targets) => [...targets]);
  const into = referrers.map((sources) => [...sources]);
  const ids = nodes.map((node) => node.id);
  for (const [i, why] of sharedResources(ids, out, into, settings.sharedAt, new Set([...home.keys()].map((node) => index.get(node)!)))) {
    if (!home.has(nodes[i]!)) home.set(nodes[i]!, why);
  }
  // What stays keeps what it references: a partition may wait for the stack, never the other way.
  const pending = [...home.keys()].map((node) => index.get(node)!);
  for (let i = pending.pop(); i !== undefined; i = pending.pop()) {
    for (const j of out[i]!) {
      if (!home.has(nodes[j]!)) {
        home.set(nodes[j]!, `used by ${ids[i]}, which stays`);
        pending.push(j);
      }
    }
  }

  const staying = new Set([...home.keys()].map((node) => index.get(node)!));
  const component = components(out, staying);
  const groups = new Map<number, ResourceHandle[]>();
  nodes.forEach((node, i) => {
    if (staying.has(i)) return;
    const members = groups.get(component[i]!);
    if (members) members.push(node);
    else groups.set(component[i]!, [node]);
  });
  const units = [...groups.values()].map((members) => ({ key: members.reduce((min, m) => (m.id < min ? m.id : min), members[0]!.id), members }));
  units.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // A mapping only moved resources use leaves the stack with them (an unused mapping is a cfn-lint warning).
  const usedAtHome = new Set<MappingHandle>();
  const useAtHome = (footprint: Footprint) => {
    for (const target of footprint.targets) if (target instanceof MappingHandle && target.stack === stack) usedAtHome.add(target);
  };
  for (const [resource, used] of mappings) {
    if (!home.has(resource)) continue;
    used.forEach((mapping) => usedAtHome.add(mapping));
    mappings.delete(resource);
  }
  footprints.outputsOf(stack).forEach(useAtHome);
  for (const condition of stack.conditions.values()) useAtHome(measure(condition.expression));
  return { home, units, mappings, usedAtHome };
}

/**
 * The resources many units use (a cluster, a listener, a key), by index, with why each is shared.
 * Starting from every resource referenced twice or more, a candidate stays shared while at least
 * two of the groups its referrers fall into (the rest of the graph without the candidates) also use
 * other shared resources, or while `sharedAt` groups or more use it; the others rejoin their
 * groups, until nothing changes. A candidate is judged only once no candidate uses it (its
 * referrers' groups are not known before); one used by a resource that stays stays with it. A group that uses this candidate alone (an alarm on a target
 * group, an ingress rule on a security group) counts toward `sharedAt` only: it hangs off the
 * candidate rather than being a unit of its own. Units that use only shared resources are then
 * independent, so adding one never changes another's unit (or key).
 */
function sharedResources(ids: readonly string[], out: number[][], into: number[][], sharedAt: number, fixed: ReadonlySet<number>): Map<number, string> {
  const shared = new Set<number>();
  into.forEach((referrers, i) => {
    if (referrers.length >= 2 || fixed.has(i)) shared.add(i);
  });
  const reasons = new Map<number, string>();
  for (let changed = true; changed; ) {
    reasons.clear();
    const component = components(out, shared);
    // Which shared resources each group uses.
    const uses = new Map<number, Set<number>>();
    out.forEach((targets, i) => {
      if (shared.has(i)) return;
      for (const target of targets) {
        if (!shared.has(target)) continue;
        let used = uses.get(component[i]!);
        if (!used) uses.set(component[i]!, (used = new Set()));
        used.add(target);
      }
    });
    const demoted: number[] = [];
    for (const candidate of shared) {
      if (fixed.has(candidate)) continue;
      // Judged once what uses it is judged: its referrers' groups are not known before.
      const sharedReferrer = into[candidate]!.find((referrer) => shared.has(referrer));
      if (sharedReferrer !== undefined) {
        reasons.set(candidate, `used by ${ids[sharedReferrer]}, which stays`);
        continue;
      }
      const groups = new Set<number>();
      let independent = 0;
      for (const referrer of into[candidate]!) {
        if (shared.has(referrer) || groups.has(component[referrer]!)) continue;
        groups.add(component[referrer]!);
        if (uses.get(component[referrer]!)!.size > 1) independent++;
      }
      if (independent >= 2) reasons.set(candidate, `used by ${groups.size} units`);
      else if (groups.size >= sharedAt) reasons.set(candidate, `used by ${groups.size} units (sharedAt ${sharedAt})`);
      else demoted.push(candidate);
    }
    for (const candidate of demoted) shared.delete(candidate);
    changed = demoted.length > 0;
  }
  for (const i of fixed) reasons.delete(i);
  return reasons;
}

/** Connected components (by reference, either way) of the nodes not in `excluded`: a component id per node. */
function components(out: number[][], excluded: ReadonlySet<number>): number[] {
  const parent = out.map((_, i) => i);
  const find = (i: number): number => {
    let top = i;
    while (parent[top] !== top) top = parent[top]!;
    for (let at = i; at !== top; ) {
      const next = parent[at]!;
      parent[at] = top;
      at = next;
    }
    return top;
  };
  out.forEach((targets, i) => {
    if (excluded.has(i)) return;
    for (const target of targets) {
      if (excluded.has(target)) continue;
      const [a, b] = [find(i), find(target)];
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  return out.map((_, i) => find(i));
}

function descendants(stack: Stack): Stack[] {
  const found: Stack[] = [];
  const visit = (s: Stack) => {
    found.push(s);
    s.children.forEach(visit);
  };
  visit(stack);
  return found;
}

/** Walks a declared value once: what it references, what it names raw, and its approximate JSON size. */
function measure(value: unknown): Footprint {
  const footprint: Footprint = { targets: [], rawNames: [], bytes: 0 };
  footprint.bytes = size(value, footprint);
  return footprint;
}

/**
 * The logical ids a hand-written intrinsic (`{ Ref: 'Vpc' }` in a property, not a token) names, if
 * it is one: it resolves in the template that holds it, which the wiring cannot follow.
 */
function rawNames(key: string, argument: unknown): string[] {
  const first = Array.isArray(argument) ? argument[0] : argument;
  if (typeof first !== 'string') return [];
  switch (key) {
    case 'Ref':
    case 'Condition':
    case 'Fn::GetAtt': {
      const id = first.split('.')[0]!;
      return id.startsWith('AWS::') ? [] : [id];
    }
    case 'Fn::Sub': {
      const variables = Array.isArray(argument) && typeof argument[1] === 'object' && argument[1] !== null ? argument[1] : {};
      return [...first.matchAll(/\$\{([^!}][^}]*)\}/g)]
        .map((match) => match[1]!.trim().split('.')[0]!)
        .filter((name) => !name.startsWith('AWS::') && !(name in variables));
    }
    case 'Fn::FindInMap':
    case 'Fn::If':
      return [first];
    default:
      return [];
  }
}

function size(value: unknown, into: Footprint): number {
  if (value === undefined) return 0;
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'boolean':
      return String(value).length;
  }
  if (value instanceof Token) return tokenSize(value, into);
  if (value instanceof ConditionHandle) return value.id.length + 2;
  if (value instanceof Entity) return value.id.length + 2;
  if (Array.isArray(value)) {
    let bytes = 1 + value.length;
    for (const item of value) bytes += size(item, into);
    return bytes;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      into.rawNames.push(...rawNames(entries[0]![0], entries[0]![1]));
    }
    let bytes = 1 + entries.length;
    for (const [key, item] of entries) if (item !== undefined) bytes += key.length + 3 + size(item, into);
    return bytes;
  }
  return 0;
}

function tokenSize(token: Token, into: Footprint): number {
  if (token instanceof RefToken) {
    if (!(token.target instanceof ConditionHandle)) into.targets.push(token.target);
    return token.target.path.length + 10;
  }
  if (token instanceof AttrToken) {
    into.targets.push(token.target);
    return token.target.path.length + token.attribute.length + 22;
  }
  if (token instanceof PseudoToken) return token.name.length + 10;
  if (token instanceof RawRefToken) {
    into.rawNames.push(token.logicalId);
    return token.logicalId.length + 10;
  }
  if (token instanceof SubToken) {
    let bytes = 14;
    for (const part of token.parts) bytes += typeof part === 'string' ? part.length : tokenSize(part, into);
    return bytes;
  }
  if (token instanceof FnToken) return token.name.length + 5 + size(token.args, into);
  return 0;
}
