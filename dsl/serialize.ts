/**
 * Deterministic serialisation. Three formats: pretty JSON and YAML (short intrinsic tags, as
 * people write them) are for reading; minified JSON (`json-min`) is what to send, and the bytes
 * CloudFormation's size quotas are measured on whatever the format (see sentBytes).
 */
import { readYaml } from './yaml-reader.js';
import { toYaml } from './yaml-writer.js';
import type { Json } from './wiring.js';

export type TemplateFormat = 'json' | 'json-min' | 'yaml';

export const TEMPLATE_FORMATS: readonly TemplateFormat[] = ['json', 'json-min', 'yaml'];

export function isTemplateFormat(value: unknown): value is TemplateFormat {
  return (TEMPLATE_FORMATS as readonly unknown[]).includes(value);
}

/** File extension of a format: minified JSON is JSON. */
export function extensionOf(format: TemplateFormat): 'json' | 'yaml' {
  return format === 'yaml' ? 'yaml' : 'json';
}

export function serialize(template: Json, format: TemplateFormat, options: { minify?: boolean } = {}): string {
  if (format === 'json-min' || (format === 'json' && options.minify)) return JSON.stringify(template);
  if (format === 'json') return JSON.stringify(template, null, 2) + '\n';
  return toYaml(template);
}

/**
 * Bytes of the template as CloudFormation receives it when sent minified (`FORMAT=json-min`, or
 * `make publish MINIFY=1`): the size its quotas (1 MB from S3, 51,200 bytes inline) apply to.
 * Pretty JSON and YAML are 45-50 % indentation and would spend the quotas on whitespace.
 */
export function sentBytes(template: Json, format: TemplateFormat, body: string): number {
  return Buffer.byteLength(format === 'json-min' ? body : JSON.stringify(template));
}

/** Reads a template in either form; short-form YAML tags come back as their long JSON form. */
export function parseTemplate(text: string, format: TemplateFormat): Json {
  return format === 'yaml' ? readYaml(text) : (JSON.parse(text) as Json);
}

export function formatOfFile(file: string): TemplateFormat {
  return /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}
