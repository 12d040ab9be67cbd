/**
 * CloudFormation checks a parameter's AllowedPattern with Java's java.util.regex, against the whole
 * value ("the pattern must match the entire parameter value provided":
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
 * This translates the subset templates use into a JavaScript RegExp anchored the same way.
 *
 * Translated: POSIX classes (`\p{Alpha}`, `\p{Alnum}`, `\P{Digit}` ...), `\A`, `\z`, `\Z`, `\Q...\E`,
 * a leading `(?i)`, possessive quantifiers and atomic groups (taken as greedy ones and plain groups:
 * they then accept a superset, so a value is never refused that Java accepts). Everything both
 * dialects share passes through. Refused with a reason, so the caller can leave the check to
 * CloudFormation: class unions and intersections (`[a-z[0-9]]`, `&&`), Unicode properties, other
 * embedded flags and escapes JavaScript reads differently.
 * Java's syntax: https://docs.oracle.com/javase/8/docs/api/java/util/regex/Pattern.html
 */

export type Translation = { regex: RegExp } | { unsupported: string };

/** java.util.regex's POSIX character classes (US-ASCII only), as class bodies. */
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

/** Escapes Java reads one way and JavaScript another (or not at all). */
const SIMPLE_ESCAPES: Record<string, string> = { A: '^', z: '$', Z: '(?=\\n?$)', e: '\\x1B', a: '\\x07' };
const UNSUPPORTED_ESCAPES = new Set(['G', 'R', 'X', 'h', 'H', 'v', 'V', 'N', 'k', '0']);

const escapeLiteral = (text: string) => text.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');

export function translateJavaRegex(pattern: string): Translation {
  let out = '';
  let flags = '';
  let inClass = false;
  /** The previous token was a quantifier, so a `+` now makes it possessive. */
  let afterQuantifier = false;
  let i = 0;
  if (pattern.startsWith('(?i)')) {
    flags = 'i';
    i = 4;
  }
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return { unsupported: 'it ends with a lone backslash' };
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
        out += inClass ? literal.replace(/[\\\]^-]/g, '\\$&') : escapeLiteral(literal);
        i = end === -1 ? pattern.length : end + 2;
        afterQuantifier = false;
        continue;
      }
      if (next === 'p' || next === 'P') {
        const name = /^\{(\w+)\}/.exec(pattern.slice(i + 2))?.[1];
        const body = name === undefined ? undefined : POSIX[name.replace(/^Is/, '')];
        if (body === undefined) return { unsupported: `\\${next}${name ? `{${name}}` : ''} is not one of Java's POSIX classes` };
        if (inClass && next === 'P') return { unsupported: `\\P{${name}} inside a character class` };
        out += inClass ? body : `[${next === 'P' ? '^' : ''}${body}]`;
        i += 3 + name!.length + 1;
        afterQuantifier = false;
        continue;
      }
      if (UNSUPPORTED_ESCAPES.has(next) || (next === 'x' && pattern[i + 2] === '{')) return { unsupported: `\\${next} has no JavaScript equivalent here` };
      const simple = inClass ? undefined : SIMPLE_ESCAPES[next];
      out += simple ?? `\\${next}`;
      i += 2;
      afterQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === '[') return { unsupported: 'a character class inside a character class (a Java union)' };
      if (c === '&' && pattern[i + 1] === '&') return { unsupported: 'a character class intersection (&&)' };
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // A `]` right after `[` or `[^` is a literal in Java and the end of an empty class in JavaScript.
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      afterQuantifier = false;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('>')) {
        out += '(?:';
        i += 3;
        afterQuantifier = false;
        continue;
      }
      if (!/^(:|=|!|<=|<!|<[A-Za-z])/.test(rest)) return { unsupported: `the group (?${rest.slice(0, 3)}… (embedded flags or a Java-only group)` };
    }
    if (c === '+' && afterQuantifier) {
      i++; // possessive: taken as greedy
      afterQuantifier = false;
      continue;
    }
    if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end !== -1 && /^\{\d+(,\d*)?\}$/.test(pattern.slice(i, end + 1))) {
        out += pattern.slice(i, end + 1);
        i = end + 1;
        afterQuantifier = true;
        continue;
      }
    }
    out += c;
    afterQuantifier = c === '*' || c === '+' || c === '?';
    i++;
    // `x+?` and `x*?` are lazy quantifiers; a `+` after them is not possessive.
    if (c === '?' && /[*+?}]/.test(pattern[i - 2] ?? '')) afterQuantifier = false;
  }
  if (inClass) return { unsupported: 'an unclosed character class' };
  try {
    return { regex: new RegExp(`^(?:${out})$`, flags) };
  } catch (error) {
    return { unsupported: (error as Error).message };
  }
}
