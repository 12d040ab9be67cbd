/**
 * A YAML writer for the one shape the compiler emits: JSON values (mappings, sequences, strings,
 * numbers, booleans, null) whose single-key intrinsic objects become short tags (`!Ref X`,
 * `!GetAtt A.B`, `!If` + sequence). It writes block style only, in the layout people write by hand
 * (sequences indented under their key, a mapping or sequence inside a sequence starting on the
 * dash's line), and quotes every string that a YAML 1.1 reader (PyYAML: cfn-lint, checkov) or a
 * YAML 1.2 reader (js-yaml: `parseTemplate`) could take for anything but that string. A generic
 * dumper (js-yaml's) detects types per node and was forty times slower than JSON.stringify here.
 */
import { SHORT_TAGS, type ShortTag } from './intrinsic-tags.js';
import type { Json } from './wiring.js';

type JsonObject = { [key: string]: Json };

const TAG_OF_FN = new Map<string, ShortTag>(SHORT_TAGS.map((t) => [t.fn, t]));

const indents: string[] = [''];
function pad(width: number): string {
  let text = indents[width];
  if (text === undefined) text = indents[width] = ' '.repeat(width);
  return text;
}

/**
 * The text written so far. The writer appends to one string rather than returning and joining
 * pieces: it runs once per build, mostly before V8 has compiled it, where every call and every
 * intermediate string counts.
 */
let out = '';

/** The template as YAML text, ending in a newline. */
export function toYaml(template: Json): string {
  out = '';
  try {
    if (isMapping(template)) {
      if (!writeMapping(template, Object.keys(template), 0, false)) out += '{}\n';
    } else if (Array.isArray(template)) {
      if (template.length) writeSequence(template, 0, false);
      else out += '[]\n';
    } else {
      out += scalar(template, 0) + '\n';
    }
    return out;
  } finally {
    out = '';
  }
}

function isMapping(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `key: value` lines at `indent`; when `inline`, the first line continues a `- ` already written.
 * False when nothing was written (no key with a value).
 */
function writeMapping(mapping: JsonObject, keys: readonly string[], indent: number, inline: boolean): boolean {
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = mapping[key];
    if (value === undefined) continue; // as JSON.stringify does
    if (!(first && inline)) out += pad(indent);
    first = false;
    let written = KEY_TEXTS.get(key);
    if (written === undefined) {
      // YAML limits an implicit key to 1024 characters; a longer one takes the explicit `? key` form.
      written = keyText(key);
      written = written.length > 1000 ? `? ${written}\n${pad(indent)}:` : `${written}:`;
      if (written.length < 200) KEY_TEXTS.set(key, written);
    }
    out += written;
    writeValue(value, indent, false);
  }
  return !first;
}

/** Keys repeat across and within templates (Type, Properties, Ref, ...): each is quoted once. */
const KEY_TEXTS = new Map<string, string>();

/** `- item` lines at `indent`; when `inline`, the first dash continues a `- ` already written. */
function writeSequence(items: readonly Json[], indent: number, inline: boolean): void {
  for (let i = 0; i < items.length; i++) {
    if (i > 0 || !inline) out += pad(indent);
    out += '-';
    writeValue(items[i] ?? null, indent, true);
  }
}

/**
 * Writes what follows `key:` (a key at `indent`) or `-` (a dash at `indent`, `afterDash`), up to
 * and including the last newline. After a dash, a mapping or sequence starts on the dash's line.
 */
function writeValue(value: Json, indent: number, afterDash: boolean): void {
  if (typeof value === 'string') {
    out += ' ' + (isPlain(value) ? value : stringText(value, indent)) + '\n';
    return;
  }
  if (value === null || typeof value !== 'object') {
    out += ' ' + scalar(value, indent) + '\n';
    return;
  }
  if (Array.isArray(value)) {
    if (!value.length) out += ' []\n';
    else if (afterDash) {
      out += ' ';
      writeSequence(value, indent + 2, true);
    } else {
      out += '\n';
      writeSequence(value, indent + 2, false);
    }
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && writeShortTagged(keys[0]!, value[keys[0]!]!, indent)) return;
  if (!keys.length) {
    out += ' {}\n';
    return;
  }
  const mark = out.length;
  out += afterDash ? ' ' : '\n';
  if (!writeMapping(value, keys, indent + 2, afterDash)) out = out.slice(0, mark) + ' {}\n';
}

/**
 * ` !Tag argument...` for an intrinsic function call `{ fn: argument }` that has a short form
 * whose argument kind fits; false (nothing written) otherwise. The argument's own content goes at
 * `indent + 2`.
 */
function writeShortTagged(fn: string, argument: Json, indent: number): boolean {
  const short = TAG_OF_FN.get(fn);
  if (!short) return false;
  if (typeof argument === 'string') {
    // A scalar `!GetAtt` reads back as a pair, so a string argument keeps the long form.
    if (short.fn === 'Fn::GetAtt' || !short.kinds.includes('scalar')) return false;
    out += ` ${short.tag} ${stringText(argument, indent)}\n`;
    return true;
  }
  if (Array.isArray(argument)) {
    // `!GetAtt A.B` reads back as [A, B]: the reader splits at the first dot.
    if (short.fn === 'Fn::GetAtt' && isDottedPair(argument)) {
      out += ` ${short.tag} ${stringText(`${argument[0]}.${argument[1]}`, indent)}\n`;
      return true;
    }
    if (!short.kinds.includes('sequence')) return false;
    if (!argument.length) out += ` ${short.tag} []\n`;
    else {
      out += ` ${short.tag}\n`;
      writeSequence(argument, indent + 2, false);
    }
    return true;
  }
  if (isMapping(argument) && short.kinds.includes('mapping')) {
    const mark = out.length;
    out += ` ${short.tag}\n`;
    if (!writeMapping(argument, Object.keys(argument), indent + 2, false)) out = out.slice(0, mark) + ` ${short.tag} {}\n`;
    return true;
  }
  return false;
}

function isDottedPair(argument: readonly Json[]): argument is [string, string] {
  return argument.length === 2 && typeof argument[0] === 'string' && typeof argument[1] === 'string' && argument[0] !== '' && !argument[0].includes('.');
}

function scalar(value: Json, indent: number): string {
  if (typeof value === 'string') return stringText(value, indent);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'null';
}

/** YAML 1.1 wants a dot in a float with an exponent (`1.e+21`), YAML 1.2 accepts it too. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const text = String(value);
  return text.includes('e') && !text.includes('.') ? text.replace('e', '.e') : text;
}

/**
 * Plain (unquoted) only when no reader can mistake the string: printable ASCII, a first character
 * that starts no YAML indicator, number, date or sign,
 * no `: ` or ` #` inside, no `:` or space at the end, and not a YAML 1.1 boolean or null word.
 * A string that starts with a digit stays plain only when it holds a `/` (CIDRs, paths), which no
 * number, date or time has.
 */
const PLAIN_LETTER_START = /^[A-Za-z_/$(^;)][\x20-\x7E]*$/;
const PLAIN_DIGIT_START = /^[0-9][\x20-\x7E]*\/[\x20-\x7E]*$/;
const PLAIN_BREAKERS = /: | #|[: ]$/;
const RESERVED_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
/** Characters YAML lets a quoted scalar hold as they are (printable, not a line break, not a BOM). */
const PRINTABLE = /^[\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** The common case in one test: no space at all, and every `:` followed by a character. */
const PLAIN_WITHOUT_SPACES = /^[A-Za-z_/$(^;)](?:[!-9;-~]|:(?=[!-~]))*$/;

function isPlain(text: string): boolean {
  if (PLAIN_WITHOUT_SPACES.test(text)) return text.length > 5 || !RESERVED_WORDS.has(text.toLowerCase());
  if (!(PLAIN_LETTER_START.test(text) || PLAIN_DIGIT_START.test(text)) || PLAIN_BREAKERS.test(text)) return false;
  return text.length > 5 || !RESERVED_WORDS.has(text.toLowerCase());
}

function stringText(text: string, indent: number): string {
  if (isPlain(text)) return text;
  if (text.includes('\n')) return literalBlock(text, indent) ?? doubleQuoted(text);
  return PRINTABLE.test(text) ? singleQuoted(text) : doubleQuoted(text);
}

/** Keys are never blocks: a multi-line key is double-quoted. */
function keyText(key: string): string {
  if (isPlain(key)) return key;
  return !key.includes('\n') && PRINTABLE.test(key) ? singleQuoted(key) : doubleQuoted(key);
}

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1B': '\\e', '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\u2028': '\\L', '\u2029': '\\P',
};

/** Double-quoted with escapes for everything that is not printable as it is; holds any string. */
function doubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (PRINTABLE.test(char)) out += char;
    else {
      const code = char.codePointAt(0)!;
      out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    }
  }
  return out + '"';
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * `|` block for a multi-line string (scripts, policies), its lines at `indent + 2`; the chomping
 * indicator keeps the trailing newlines exact (`|-` none, `|` one, `|+` more). Undefined when a
 * block cannot carry the string as it is: a leading space or newline (indentation would be read
 * differently), trailing spaces on a line, or characters a block cannot hold.
 */
function literalBlock(text: string, indent: number): string | undefined {
  const first = text.charCodeAt(0);
  if (first === 0x20 || first === 0x0a || / \n| $/.test(text)) return undefined;
  const lines = text.split('\n');
  let trailing = 0;
  while (trailing < lines.length && lines[lines.length - 1 - trailing] === '') trailing++;
  const body = lines.slice(0, lines.length - trailing);
  if (!body.every((line) => PRINTABLE.test(line))) return undefined;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const margin = pad(indent + 2);
  let out = `|${chomp}`;
  for (const line of body) out += line === '' ? '\n' : `\n${margin}${line}`;
  // Kept newlines after the last line are empty lines of the block.
  for (let i = 1; i < trailing; i++) out += '\n';
  return out;
}
