/**
 * A structural comparison of two templates of one product, for a rebuild that must stay equivalent:
 * after the logical ids the rebuild renamed are mapped to their new names, every difference in
 * resources (type, condition, dependencies, each property leaf), parameters (type and constraints),
 * conditions, rules and outputs is one line `<where>: <old> -> <new>`. A test lists the differences
 * it expects with their reasons; any other is a failure.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Renames {
  /** Old logical id -> new, for resources, parameters and conditions alike (one namespace in a template). */
  ids: Record<string, string>;
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` with every reference to a renamed id (Ref, GetAtt, Sub, Condition, Fn::If, DependsOn) spelt with its new id. */
export function renameReferences(value: Json, renames: Renames): Json {
  const to = (id: string) => renames.ids[id] ?? id;
  if (Array.isArray(value)) return value.map((item) => renameReferences(item, renames));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'Ref' || key === 'Condition') && typeof item === 'string') out[key] = to(item);
    else if (key === 'DependsOn') out[key] = Array.isArray(item) ? item.map((i) => to(String(i))) : to(String(item));
    else if (key === 'Fn::GetAtt' && Array.isArray(item)) out[key] = [to(String(item[0])), ...item.slice(1)];
    else if (key === 'Fn::If' && Array.isArray(item)) out[key] = [to(String(item[0])), ...item.slice(1).map((i) => renameReferences(i, renames))];
    else if (key === 'Fn::Sub' && typeof item === 'string') out[key] = item.replace(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g, (_, id: string, attr = '') => `\${${to(id)}${attr}}`);
    else out[key] = renameReferences(item, renames);
  }
  return out;
}

const show = (value: Json | undefined) => (value === undefined ? '(none)' : JSON.stringify(value));

/** Leaf paths where `a` and `b` differ (a list of another length is one difference at the list). */
function leafDifferences(a: Json | undefined, b: Json | undefined, path: string, out: string[]): void {
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) leafDifferences(a[key], b[key], `${path}.${key}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => leafDifferences(item, b[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${show(a)} -> ${show(b)}`);
}

/** The constraint-bearing fields of a parameter, in a fixed order. */
const PARAMETER_FIELDS = ['Type', 'Default', 'AllowedValues', 'AllowedPattern', 'MinValue', 'MaxValue', 'MinLength', 'MaxLength', 'NoEcho'];

/** Every difference between `before` (its ids renamed) and `after`, one line each. */
export function templateDifferences(before: JsonObject, after: JsonObject, renames: Renames): string[] {
  const old = renameReferences(before, renames) as JsonObject;
  const renamedKeys = (section: Json | undefined): JsonObject =>
    Object.fromEntries(Object.entries((section as JsonObject | undefined) ?? {}).map(([id, item]) => [renames.ids[id] ?? id, item]));
  const out: string[] = [];
  const section = (name: string, compare: (id: string, a: Json | undefined, b: Json | undefined) => void) => {
    const a = renamedKeys(old[name]);
    const b = (after[name] as JsonObject | undefined) ?? {};
    for (const id of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      if (!(id in b)) out.push(`${name}.${id}: removed`);
      else if (!(id in a)) out.push(`${name}.${id}: added`);
      else compare(id, a[id], b[id]);
    }
  };
  section('Resources', (id, a, b) => {
    const [ra, rb] = [a as JsonObject, b as JsonObject];
    if (ra['Type'] !== rb['Type']) out.push(`Resources.${id}.Type: ${show(ra['Type'])} -> ${show(rb['Type'])}`);
    for (const attribute of ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy']) leafDifferences(ra[attribute], rb[attribute], `Resources.${id}.${attribute}`, out);
    leafDifferences(ra['Properties'], rb['Properties'], `Resources.${id}.Properties`, out);
  });
  section('Parameters', (id, a, b) => {
    for (const field of PARAMETER_FIELDS) leafDifferences((a as JsonObject)[field], (b as JsonObject)[field], `Parameters.${id}.${field}`, out);
  });
  section('Conditions', (id, a, b) => leafDifferences(a, b, `Conditions.${id}`, out));
  section('Rules', (id, a, b) => leafDifferences(a, b, `Rules.${id}`, out));
  section('Outputs', (id, a, b) => leafDifferences((a as JsonObject)['Value'], (b as JsonObject)['Value'], `Outputs.${id}.Value`, out));
  return out;
}

/** Resource id -> ids of the resources, parameters and conditions it references (the reference graph). */
export function referenceGraph(template: JsonObject): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [id, resource] of Object.entries((template['Resources'] as JsonObject) ?? {})) {
    const found = new Set<string>();
    const visit = (node: Json): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!isObject(node)) return;
      for (const [key, item] of Object.entries(node)) {
        if ((key === 'Ref' || key === 'Condition') && typeof item === 'string' && !item.startsWith('AWS::')) found.add(item);
        else if (key === 'Fn::GetAtt' && Array.isArray(item)) found.add(String(item[0]));
        else if (key === 'Fn::If' && Array.isArray(item)) found.add(String(item[0]));
        else if (key === 'Fn::Sub' && typeof item === 'string') for (const m of item.matchAll(/\$\{([A-Za-z0-9]+)/g)) if (!m[1]!.startsWith('AWS')) found.add(m[1]!);
        visit(item);
      }
    };
    visit(resource);
    for (const dependency of ((resource as JsonObject)['DependsOn'] as Json[] | undefined) ?? []) found.add(String(dependency));
    graph.set(id, [...found].sort());
  }
  return graph;
}
