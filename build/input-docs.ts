/**
 * Documentation generated from each product's input schema, so the schema stays the one definition:
 * a JSON Schema per product (`schemas/<product>.schema.json`, which environment files name in their
 * `$schema` for editor completion) and the README's input tables. Constraints and defaults come
 * from the schema (valibot), descriptions from the doc comments on its entries (read with the
 * TypeScript compiler, which keeps them on the type the schema infers).
 */
import { toJsonSchema, type JsonSchema as LibraryJsonSchema } from '@valibot/to-json-schema';
import { relative } from 'node:path';
import ts from 'typescript';
import { s } from '../dsl/index.js';
import type { Product } from './product.js';

export const schemasFolder = 'schemas';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  [key: string]: unknown;
};

/** The JSON Schema of a schema's literal inputs: a deploy-time input is documented as its literal form. */
export function jsonSchemaOf(schema: s.Schema): JsonSchema {
  return toJsonSchema(schema as Parameters<typeof toJsonSchema>[0], {
    errorMode: 'ignore',
    overrideSchema: (context) => {
      if (s.isDeployTime(context.valibotSchema)) return jsonSchemaOf(context.valibotSchema.literal) as LibraryJsonSchema;
      // What a pattern means, in words: `$comment` is JSON Schema's place for notes to readers.
      const constraint = s.constraintOf(context.valibotSchema);
      return constraint?.pattern !== undefined && context.jsonSchema.pattern !== undefined ? { ...context.jsonSchema, $comment: constraint.description } : undefined;
    },
  }) as JsonSchema;
}

/** Doc comments of each product's input type, read from the sources (one TypeScript program for all). */
export class InputComments {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;

  constructor(productFiles: readonly string[]) {
    const config = ts.readConfigFile('tsconfig.json', ts.sys.readFile).config as object;
    const options = ts.parseJsonConfigFileContent(config, ts.sys, '.').options;
    this.program = ts.createProgram([...productFiles], { ...options, noEmit: true });
    this.checker = this.program.getTypeChecker();
  }

  /** The input type of the `inputs:` schema in a product file's `defineProduct({...})`. */
  inputType(file: string): ts.Type | undefined {
    const source = this.program.getSourceFile(file);
    let found: ts.Type | undefined;
    const visit = (node: ts.Node) => {
      if (found) return;
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'inputs') {
        const schema = this.checker.getTypeAtLocation(node.initializer);
        const types = schema.getProperty('~types');
        const typesType = types && this.checker.getNonNullableType(this.checker.getTypeOfSymbolAtLocation(types, node));
        const input = typesType?.getProperty('input');
        if (input) found = this.checker.getNonNullableType(this.checker.getTypeOfSymbolAtLocation(input, node));
        return;
      }
      ts.forEachChild(node, visit);
    };
    if (source) visit(source);
    return found;
  }

  /** Puts each property's doc comment on the matching JSON Schema node, recursively. */
  describe(type: ts.Type, node: JsonSchema): void {
    const target = node.anyOf?.find((option) => option.properties || option.items) ?? node;
    if (target.items) {
      const element = this.checker.getNonNullableType(type).getNumberIndexType();
      if (element) this.describe(element, target.items);
      return;
    }
    for (const property of type.getProperties()) {
      const child = target.properties?.[property.name];
      if (!child) continue;
      const text = ts.displayPartsToString(property.getDocumentationComment(this.checker)).replace(/\s+/g, ' ').trim();
      if (text) child.description = text;
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration) continue;
      const propertyType = this.checker.getNonNullableType(this.checker.getTypeOfSymbolAtLocation(property, declaration));
      const options = propertyType.isUnion() ? propertyType.types : [propertyType];
      for (const option of options) {
        if (option.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) continue;
        this.describe(option, child);
      }
    }
  }
}

/** The JSON Schema of a product's environment files, with a `$schema` entry allowed. */
export function productJsonSchema(product: Product, comments: InputComments, productFile: string): JsonSchema {
  const schema = jsonSchemaOf(product.inputs);
  const type = comments.inputType(productFile);
  if (type) comments.describe(type, schema);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${product.name} environment inputs`,
    description: `${product.description}. Inputs of one environment of the ${product.name} product (build/products/${product.name}.ts).`,
    ...schema,
    properties: { $schema: { type: 'string', description: 'Path or URL of this JSON Schema (for editors).' }, ...schema.properties },
  };
}

/** `integer 1..65535`, `http | https`, `list of objects`: an input's allowed values in a few words. */
function allowed(node: JsonSchema): string {
  const target = node.anyOf ? node.anyOf.map(allowed).join(' or ') : undefined;
  if (target) return target;
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' | ');
  const type = Array.isArray(node.type) ? node.type.join('/') : node.type ?? 'any';
  if (type === 'integer' || type === 'number') {
    return node.minimum !== undefined && node.maximum !== undefined ? `${type} ${node.minimum}..${node.maximum}` : type;
  }
  if (type === 'array') return `list${node.items ? ` of ${allowed(node.items)}` : ''}${node.maxItems !== undefined ? ` (at most ${node.maxItems})` : ''}`;
  if (type === 'object') return node.properties ? 'object' : 'map';
  if (type === 'string' && node.pattern) return typeof node['$comment'] === 'string' ? node['$comment'] : `string matching \`${node.pattern}\``;
  return type;
}

/** The README table of a product's inputs: one row per input, nested objects flattened with dots. */
export function inputTable(schema: JsonSchema): string {
  const rows: string[] = [];
  const walk = (node: JsonSchema, prefix: string, required: readonly string[]) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (name === '$schema') continue;
      const path = `${prefix}${name}`;
      const fallback = child.default !== undefined ? `\`${JSON.stringify(child.default)}\`` : required.includes(name) ? 'required' : '-';
      const description = (child.description ?? '').replace(/\|/g, '\\|');
      rows.push(`| \`${path}\` | ${allowed(child).replace(/(?<!\\)\|/g, '\\|')} | ${fallback} | ${description} |`);
      if (child.properties) walk(child, `${path}.`, child.required ?? []);
    }
  };
  walk(schema, '', schema.required ?? []);
  return ['| input | allowed | default | description |', '|---|---|---|---|', ...rows].join('\n');
}

/** Replaces the text between `<!-- inputs:<name> -->` and `<!-- /inputs:<name> -->` in `document`. */
export function withInputTable(document: string, name: string, table: string): string {
  const start = `<!-- inputs:${name} -->`;
  const end = `<!-- /inputs:${name} -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) return document;
  return `${document.slice(0, from + start.length)}\n${table}\n${document.slice(to)}`;
}

export function productFile(product: Product): string {
  return relative('.', `build/products/${product.name}.ts`);
}

/** The README table of the preflight checks: what, why, AWS source (one row per check). */
export function preflightTable(checks: readonly { id: string; title: string; why: string; source: string }[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = checks.map((check) => `| \`${check.id}\` | ${cell(check.title)} | ${cell(check.why)} | ${check.source.split(/;\s*/).map((s) => (s.startsWith('http') ? `<${s}>` : cell(s))).join('<br>')} |`);
  return ['| check | what | why | AWS source |', '|---|---|---|---|', ...rows].join('\n');
}
