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

/** The template as YAML text, ending in a newline. */
export function toYaml(template: Json): string {
  if (isMapping(template)) return mappingEntries(template, 0, false) || '{}\n';
  if (Array.isArray(template)) return template.length ? sequenceItems(template, 0, false) : '[]\n';
  return scalar(template, 0) + '\n';
}

function isMapping(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `key: value` lines at `indent`; when `inline`, the first line continues a `- ` already written. */
function mappingEntries(mapping: JsonObject, indent: number, inline: boolean): string {
  let text = '';
  let first = true;
  for (const key of Object.keys(mapping)) {
    const value = mapping[key];
    if (value === undefined) continue; // as JSON.stringify does
    if (!(first && inline)) text += pad(indent);
    first = false;
    const written = keyText(key);
    // YAML limits an implicit key to 1024 characters; a longer one takes the explicit `? key` form.
    text += written.length > 1000 ? `? ${written}\n${pad(indent)}:` : `${written}:`;
    text += afterIndicator(value, indent);
  }
  return text;
}

/** `- item` lines at `indent`; when `inline`, the first dash continues a `- ` already written. */
function sequenceItems(items: readonly Json[], indent: number, inline: boolean): string {
  let text = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0 || !inline) text += pad(indent);
    text += '-' + afterDash(items[i] ?? null, indent);
  }
  return text;
}

/** What follows `key:` of a key at `indent`, up to and including the last newline. */
function afterIndicator(value: Json, indent: number): string {
  if (value === null || typeof value !== 'object') return ' ' + scalar(value, indent) + '\n';
  if (Array.isArray(value)) return value.length ? '\n' + sequenceItems(value, indent + 2, false) : ' []\n';
  const tagged = shortTagged(value, indent);
  if (tagged !== undefined) return ' ' + tagged;
  const entries = mappingEntries(value, indent + 2, false);
  return entries ? '\n' + entries : ' {}\n';
}

/** What follows the `-` of an item whose dash is at `indent`. */
function afterDash(value: Json, indent: number): string {
  if (value === null || typeof value !== 'object') return ' ' + scalar(value, indent) + '\n';
  if (Array.isArray(value)) return value.length ? ' ' + sequenceItems(value, indent + 2, true) : ' []\n';
  const tagged = shortTagged(value, indent);
  if (tagged !== undefined) return ' ' + tagged;
  const entries = mappingEntries(value, indent + 2, true);
  return entries ? ' ' + entries : ' {}\n';
}

/**
 * `!Tag argument...` for an intrinsic function object that has a short form whose argument kind
 * fits; undefined for any other object. The argument's own content goes at `indent + 2`.
 */
function shortTagged(value: JsonObject, indent: number): string | undefined {
  let fn: string | undefined;
  for (const key in value) {
    if (fn !== undefined) return undefined;
    fn = key;
  }
  if (fn === undefined) return undefined;
  const short = TAG_OF_FN.get(fn);
  if (!short) return undefined;
  const argument = value[fn]!;
  if (typeof argument === 'string') {
    // A scalar `!GetAtt` reads back as a pair, so a string argument keeps the long form.
    if (short.fn === 'Fn::GetAtt' || !short.kinds.includes('scalar')) return undefined;
    return `${short.tag} ${scalar(argument, indent)}\n`;
  }
  if (Array.isArray(argument)) {
    // `!GetAtt A.B` reads back as [A, B]: the reader splits at the first dot.
    if (short.fn === 'Fn::GetAtt' && isDottedPair(argument)) return `${short.tag} ${scalar(`${argument[0]}.${argument[1]}`, indent)}\n`;
    if (!short.kinds.includes('sequence')) return undefined;
    return argument.length ? `${short.tag}\n${sequenceItems(argument, indent + 2, false)}` : `${short.tag} []\n`;
  }
  if (isMapping(argument) && short.kinds.includes('mapping')) {
    const entries = mappingEntries(argument, indent + 2, false);
    return entries ? `${short.tag}\n${entries}` : `${short.tag} {}\n`;
  }
  return undefined;
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

function isPlain(text: string): boolean {
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
