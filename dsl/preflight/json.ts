/** Walking resolved template JSON: every string with its property path, and Fn::Sub texts split into parts. */
import type { Json } from '../wiring.js';

/** Calls `visit` for every value under `value`, with its path (`Properties.Policies[0].PolicyDocument`). */
export function walkJson(value: Json | undefined, path: string, visit: (value: Json, path: string) => void): void {
  if (value === undefined) return;
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, index) => walkJson(item, `${path}[${index}]`, visit));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walkJson(item, path ? `${path}.${key}` : key, visit);
}

export type SubPart = { text: string } | { variable: string };

/** `arn:${AWS::Partition}:s3:::${Bucket}/*` -> text / variable parts (the `${!x}` escape is text). */
export function subParts(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let rest = text;
  for (let match = /\$\{([^}]*)\}/.exec(rest); match; match = /\$\{([^}]*)\}/.exec(rest)) {
    if (match.index) parts.push({ text: rest.slice(0, match.index) });
    const inner = match[1]!;
    parts.push(inner.startsWith('!') ? { text: '${' + inner.slice(1) + '}' } : { variable: inner.trim() });
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest) parts.push({ text: rest });
  return parts;
}

/** The text of an Fn::Sub (either form) and its explicit variables, else undefined. */
export function subOf(value: Json): { text: string; variables: Record<string, Json> } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const sub = value['Fn::Sub'];
  if (sub === undefined || Object.keys(value).length !== 1) return undefined;
  if (typeof sub === 'string') return { text: sub, variables: {} };
  if (Array.isArray(sub) && typeof sub[0] === 'string') return { text: sub[0], variables: (sub[1] as Record<string, Json> | undefined) ?? {} };
  return undefined;
}
