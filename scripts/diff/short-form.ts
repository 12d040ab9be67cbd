/**
 * Values as a reader of YAML templates writes them: `!Ref X`, `!GetAtt X.Arn`, `!Sub '...'`,
 * `[a, b]`, `{Key: value}`; strings quoted, so that `'80'` and `80` stay apart.
 */
import { intrinsicName, isObject } from './json.js';
import type { Json } from './model.js';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function shortForm(value: Json | undefined): string {
  if (value === undefined) return '(none)';
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(shortForm).join(', ')}]`;
  const fn = intrinsicName(value);
  if (fn) {
    const arg = value[fn]!;
    if (fn === 'Ref' && typeof arg === 'string') return `!Ref ${arg}`;
    if (fn === 'Condition' && typeof arg === 'string') return `!Condition ${arg}`;
    if (fn === 'Fn::GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((part) => typeof part === 'string')) return `!GetAtt ${arg.join('.')}`;
    if (fn === 'Fn::Sub' && typeof arg === 'string') return `!Sub ${quote(arg)}`;
    return `!${fn.slice(4)} ${shortForm(arg)}`;
  }
  return `{${Object.entries(value)
    .map(([key, item]) => `${key}: ${shortForm(item)}`)
    .join(', ')}}`;
}

/**
 * A value as one comparable text in `!Sub` syntax: `!Ref X` is `${X}`, `!GetAtt X.Y` is `${X.Y}`,
 * a `!Sub` its text, a `!Join` of such parts their concatenation; so `!Sub '${Log.Arn}'` and
 * `!GetAtt Log.Arn` are one ARN, and a `*` in a pattern matches across both forms.
 */
export function patternText(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const fn = intrinsicName(value);
  const arg = fn && isObject(value) ? value[fn] : undefined;
  if (fn === 'Ref' && typeof arg === 'string') return `\${${arg}}`;
  if (fn === 'Fn::GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((part) => typeof part === 'string')) return `\${${arg.join('.')}}`;
  if (fn === 'Fn::Sub' && typeof arg === 'string') return arg;
  if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) return arg[1].map(patternText).join(arg[0]);
  return shortForm(value);
}
