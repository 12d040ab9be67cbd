/**
 * Errors the compiler raises. Every message names where the problem is (stack path, logical id,
 * blueprint input path) so that a build failure points at the input to fix, not at the compiler.
 */

export interface ErrorLocation {
  /** Stack path such as `Root/Network`. */
  stack?: string;
  /** Logical id of the parameter, resource, output or condition concerned. */
  logicalId?: string;
}

/** A template that cannot be deployed: dangling reference, cycle, limit exceeded, duplicate id... */
export class CompileError extends Error {
  constructor(
    readonly problem: string,
    readonly location: ErrorLocation = {},
  ) {
    super(formatLocation(location) + problem);
    this.name = 'CompileError';
  }
}

/** A blueprint input outside what is allowed: names the input path, the value and what is allowed. */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly problem: string,
  ) {
    super(`${path}: ${describeValue(value)} ${problem}`);
    this.name = 'InputError';
  }
}

/** Several errors found in one pass, reported together so a user fixes them in one go. */
export class CompileErrors extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'CompileErrors';
  }
}

/** Non-fatal findings (limits approached) that the build prints. */
export interface CompileWarning {
  stack: string;
  message: string;
}

/** How much of a value an error message shows: enough to recognise it, never a wall of text. */
const SHOWN = 120;

/**
 * A value as an error message shows it: JSON-like, but naming what JSON cannot (`NaN`,
 * `Infinity`, `-Infinity`, `-0`, `undefined`, functions, cycles), and cut past ~120 characters
 * with an ellipsis and the full size (`"aaa…" (2000 characters)`).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length <= SHOWN) return JSON.stringify(value);
    return `${JSON.stringify(cut(value, SHOWN)).slice(0, -1)}…" (${value.length} characters)`;
  }
  const text = render(value, new Set(), SHOWN);
  if (text.length <= SHOWN) return text;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const size = Array.isArray(value)
    ? count(value.length, 'item')
    : value !== null && typeof value === 'object'
      ? count(Object.keys(value).length, 'key')
      : count(text.length, 'character');
  return `${cut(text, SHOWN)}… (${size})`;
}

/** Renders `value`, giving up (with `…`) once `budget` characters are reached. */
function render(value: unknown, seen: Set<object>, budget: number): string {
  switch (typeof value) {
    case 'string':
      return value.length <= budget ? JSON.stringify(value) : `${JSON.stringify(cut(value, budget)).slice(0, -1)}…"`;
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (value === Infinity) return 'Infinity';
      if (value === -Infinity) return '-Infinity';
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '[circular]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : JSON.stringify(object);
  const prototype = Object.getPrototypeOf(object) as object | null;
  if (!Array.isArray(object) && prototype !== Object.prototype && prototype !== null) {
    return `[${object.constructor?.name || 'object'}]`;
  }
  seen.add(object);
  const entries = Array.isArray(object)
    ? object.map((item) => (): string => render(item, seen, budget))
    : Object.entries(object).map(([key, item]) => (): string => `${JSON.stringify(key)}:${render(item, seen, budget)}`);
  let text = Array.isArray(object) ? '[' : '{';
  for (const [index, entry] of entries.entries()) {
    if (text.length > budget) {
      text += '…';
      break;
    }
    text += (index ? ',' : '') + entry();
  }
  seen.delete(object);
  return text + (Array.isArray(object) ? ']' : '}');
}

/** The first `length` characters, never splitting a surrogate pair. */
function cut(text: string, length: number): string {
  const head = text.slice(0, length);
  const last = head.charCodeAt(head.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? head.slice(0, -1) : head;
}

function formatLocation({ stack, logicalId }: ErrorLocation): string {
  if (stack && logicalId) return `stack ${stack}, ${logicalId}: `;
  if (stack) return `stack ${stack}: `;
  if (logicalId) return `${logicalId}: `;
  return '';
}
