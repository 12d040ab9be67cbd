/**
 * Deterministic serialisation: pretty JSON, minified JSON (for upload), and YAML with the short
 * intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`, ...) that people write by hand; plus a loader that
 * reads short-form YAML back into the long JSON form.
 */
import yaml from 'js-yaml';
import type { Json } from './wiring.js';

export type TemplateFormat = 'json' | 'yaml';

/** Short tags and the YAML node kind their argument takes (Fn::Length/ToJsonString have none). */
const SHORT_TAGS: [tag: string, fn: string, kinds: ('scalar' | 'sequence' | 'mapping')[]][] = [
  ['!Ref', 'Ref', ['scalar']],
  ['!Condition', 'Condition', ['scalar']],
  ['!GetAtt', 'Fn::GetAtt', ['scalar', 'sequence']],
  ['!Sub', 'Fn::Sub', ['scalar', 'sequence']],
  ['!Join', 'Fn::Join', ['sequence']],
  ['!Select', 'Fn::Select', ['sequence']],
  ['!Split', 'Fn::Split', ['sequence']],
  ['!If', 'Fn::If', ['sequence']],
  ['!Equals', 'Fn::Equals', ['sequence']],
  ['!And', 'Fn::And', ['sequence']],
  ['!Or', 'Fn::Or', ['sequence']],
  ['!Not', 'Fn::Not', ['sequence']],
  ['!FindInMap', 'Fn::FindInMap', ['sequence']],
  ['!GetAZs', 'Fn::GetAZs', ['scalar', 'mapping']],
  ['!Cidr', 'Fn::Cidr', ['sequence']],
  ['!Base64', 'Fn::Base64', ['scalar', 'mapping']],
  ['!ImportValue', 'Fn::ImportValue', ['scalar', 'mapping']],
  ['!Contains', 'Fn::Contains', ['sequence']],
  ['!EachMemberIn', 'Fn::EachMemberIn', ['sequence']],
  ['!RefAll', 'Fn::RefAll', ['scalar']],
  ['!ValueOf', 'Fn::ValueOf', ['sequence']],
];

function kindOf(value: unknown): 'scalar' | 'sequence' | 'mapping' {
  if (Array.isArray(value)) return 'sequence';
  return value !== null && typeof value === 'object' ? 'mapping' : 'scalar';
}

function isSingleKey(value: unknown, key: string): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key;
}

const yamlTypes = SHORT_TAGS.flatMap(([tag, fn, kinds]) =>
  kinds.map(
    (kind) =>
      new yaml.Type(tag, {
        kind,
        construct: (data: unknown) => {
          // `!GetAtt A.B` is the scalar form of `Fn::GetAtt: [A, B]`.
          if (fn === 'Fn::GetAtt' && typeof data === 'string') {
            const dot = data.indexOf('.');
            return { [fn]: [data.slice(0, dot), data.slice(dot + 1)] };
          }
          return { [fn]: data ?? '' };
        },
        predicate: (value: unknown) => {
          if (!isSingleKey(value, fn)) return false;
          const arg = value[fn];
          if (fn === 'Fn::GetAtt') {
            const scalarForm = Array.isArray(arg) && arg.length === 2 && arg.every((p) => typeof p === 'string');
            return kind === 'scalar' ? scalarForm : !scalarForm && kindOf(arg) === 'sequence';
          }
          return kindOf(arg) === kind;
        },
        represent: (value: object) => {
          const arg = (value as Record<string, unknown>)[fn];
          if (fn === 'Fn::GetAtt' && kind === 'scalar') return (arg as string[]).join('.');
          return arg as object;
        },
      }),
  ),
);

export const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(yamlTypes);

export function serialize(template: Json, format: TemplateFormat, options: { minify?: boolean } = {}): string {
  if (format === 'json') return options.minify ? JSON.stringify(template) : JSON.stringify(template, null, 2) + '\n';
  const text = yaml.dump(template, { schema: CFN_SCHEMA, lineWidth: -1, noRefs: true, sortKeys: false });
  // js-yaml leaves a space after a tag whose argument starts on the next line.
  return text.replace(/(!\w+) $/gm, '$1');
}

/** Reads a template in either form; short-form YAML tags come back as their long JSON form. */
export function parseTemplate(text: string, format: TemplateFormat): Json {
  return format === 'json' ? (JSON.parse(text) as Json) : (yaml.load(text, { schema: CFN_SCHEMA }) as Json);
}

export function formatOfFile(file: string): TemplateFormat {
  return /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}
