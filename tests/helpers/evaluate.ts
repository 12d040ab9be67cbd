/**
 * Evaluates the intrinsic functions of a compiled template's value for given pseudo parameters, as
 * CloudFormation would in a region: Ref of pseudo parameters, Fn::Sub, Fn::Join, Fn::Select and
 * Fn::If over the template's own Conditions (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition).
 * Anything else (a Ref to a resource, a GetAtt) is left as it is.
 */
import type { Json } from '../../dsl/index.js';

type JsonObject = { [key: string]: Json };

export interface Place {
  partition: string;
  region: string;
}

export function evaluate(value: Json, template: JsonObject, place: Place): Json {
  const pseudo: Record<string, string> = { 'AWS::Partition': place.partition, 'AWS::Region': place.region };
  const conditions = (template['Conditions'] as JsonObject | undefined) ?? {};
  const holds = (expression: Json): boolean => {
    const e = expression as JsonObject;
    if ('Condition' in e) return holds(conditions[e['Condition'] as string]!);
    if ('Fn::Equals' in e) {
      const [a, b] = (e['Fn::Equals'] as Json[]).map(run);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    if ('Fn::Not' in e) return !holds((e['Fn::Not'] as Json[])[0]!);
    if ('Fn::And' in e) return (e['Fn::And'] as Json[]).every(holds);
    if ('Fn::Or' in e) return (e['Fn::Or'] as Json[]).some(holds);
    throw new Error(`cannot evaluate condition ${JSON.stringify(expression)}`);
  };
  const run = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(run);
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return Object.fromEntries(keys.map((k) => [k, run(v[k]!)]));
    const [key] = keys as [string];
    const arg = v[key]!;
    if (key === 'Ref' && typeof arg === 'string' && arg in pseudo) return pseudo[arg]!;
    if (key === 'Fn::If') {
      const [name, yes, no] = arg as [string, Json, Json];
      return run(holds(conditions[name]!) ? yes : no);
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, JsonObject]);
      return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
        const given = name in variables ? run(variables[name]!) : name in pseudo ? pseudo[name]! : undefined;
        return typeof given === 'string' || typeof given === 'number' ? String(given) : whole;
      });
    }
    if (key === 'Fn::Join') {
      const [separator, items] = arg as [string, Json[]];
      return (run(items) as Json[]).map(String).join(separator);
    }
    if (key === 'Fn::Select') {
      const [index, list] = arg as [number, Json];
      const items = run(list);
      return Array.isArray(items) ? items[Number(index)]! : v;
    }
    return { [key]: run(arg) };
  };
  return run(value);
}
