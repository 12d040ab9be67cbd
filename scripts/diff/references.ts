/**
 * What a value depends on: the `Ref`s and `GetAtt`s (also inside `!Sub` texts) of a template
 * value, as tokens `Ref:Name` and `GetAtt:Name.Attribute`, each with the property path of the
 * intrinsic holding it; and whether a value is only known at deploy time.
 */
import { subParts } from '../../dsl/preflight/json.js';
import { intrinsicName, isObject, type Segment } from './json.js';
import type { Json, Template } from './model.js';

export interface Reference {
  path: Segment[];
  token: string;
}

const isPseudo = (name: string) => name.startsWith('AWS::');

function subTokens(text: string, variables: Record<string, Json>, out: Set<string>): void {
  for (const part of subParts(text)) {
    if (!('variable' in part) || Object.hasOwn(variables, part.variable) || isPseudo(part.variable)) continue;
    const dot = part.variable.indexOf('.');
    out.add(dot < 0 ? `Ref:${part.variable}` : `GetAtt:${part.variable.slice(0, dot)}.${part.variable.slice(dot + 1)}`);
  }
}

/** Every token inside an intrinsic (and inside intrinsics nested in it). */
function tokensOf(value: Json | undefined, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) tokensOf(item, out);
    return out;
  }
  if (!isObject(value)) return out;
  const fn = intrinsicName(value);
  const arg = fn ? value[fn] : undefined;
  if (fn === 'Ref' && typeof arg === 'string') {
    if (!isPseudo(arg)) out.add(`Ref:${arg}`);
  } else if (fn === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string') {
    out.add(typeof arg[1] === 'string' ? `GetAtt:${arg[0]}.${arg[1]}` : `GetAtt:${arg[0]}.*`);
  } else if (fn === 'Fn::Sub') {
    if (typeof arg === 'string') subTokens(arg, {}, out);
    else if (Array.isArray(arg) && typeof arg[0] === 'string') {
      const variables = isObject(arg[1]) ? arg[1] : {};
      subTokens(arg[0], variables, out);
      for (const item of Object.values(variables)) tokensOf(item, out);
    }
  } else {
    for (const item of Object.values(value)) tokensOf(item, out);
  }
  return out;
}

/** The references of a resource's properties (or any value), each at the path of its intrinsic. */
export function referencesIn(value: Json | undefined, path: Segment[] = [], out: Reference[] = []): Reference[] {
  if (Array.isArray(value)) value.forEach((item, index) => referencesIn(item, [...path, index], out));
  else if (isObject(value)) {
    if (intrinsicName(value)) for (const token of tokensOf(value)) out.push({ path, token });
    else for (const [key, item] of Object.entries(value)) referencesIn(item, [...path, key], out);
  }
  return out;
}

/** The tokens a value uses, wherever they are in it. */
export function tokensIn(value: Json | undefined): Set<string> {
  const out = new Set<string>();
  for (const reference of referencesIn(value)) out.add(reference.token);
  return out;
}

const DEPLOY_TIME_FUNCTIONS = new Set(['Fn::GetAtt', 'Fn::ImportValue', 'Fn::If', 'Fn::FindInMap', 'Fn::ValueOf']);

/**
 * Whether a value is only known at deploy time in `template`: it uses a parameter, an attribute,
 * an import, a condition or a mapping. Resource ids and pseudo parameters (fixed for a stack) are not.
 */
export function isDeployTime(value: Json | undefined, template: Template): boolean {
  if (value === undefined || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => isDeployTime(item, template));
  const fn = intrinsicName(value);
  if (fn && DEPLOY_TIME_FUNCTIONS.has(fn)) return true;
  if (fn === 'Ref' || fn === 'Fn::Sub') {
    for (const token of tokensOf(value)) {
      if (token.startsWith('GetAtt:')) return true;
      if (Object.hasOwn(template.Parameters ?? {}, token.slice(4))) return true;
    }
    return fn === 'Fn::Sub' && Array.isArray(value[fn]) && isDeployTime((value[fn] as Json[])[1], template);
  }
  return Object.values(value).some((item) => isDeployTime(item, template));
}
