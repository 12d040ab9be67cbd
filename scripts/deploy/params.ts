/**
 * Parameter files for `make deploy PARAMS=file`, in any of the four shapes people keep them
 * in: `{"Key": "value"}`, the CLI's `[{"ParameterKey": .., "ParameterValue": ..}]`, the
 * `["Key=value", ...]` list that `aws cloudformation deploy --parameter-overrides file://...`
 * reads, or a template configuration `{"Parameters": {..}, "Tags": {..}}`. Checked against the template:
 * unknown names, missing required values and values its constraints refuse are errors that name them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DeployError } from './errors.js';
import { checkValue, type TemplateParameter } from './parameter-values.js';

export type { TemplateParameter } from './parameter-values.js';

export interface ParameterFile {
  parameters: Record<string, string>;
  tags: Record<string, string>;
}

function scalar(file: string, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
  throw new DeployError(`${file}: parameter ${key} has a value of type ${value === null ? 'null' : typeof value}; use a string, number, boolean or list of strings`);
}

function stringMap(file: string, what: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DeployError(`${file}: ${what} must be an object of name: value`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scalar(file, k, v)]));
}

export function readParameterFile(file: string): ParameterFile {
  if (!existsSync(file)) throw new DeployError(`parameter file ${file} does not exist`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeployError(`parameter file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(data)) {
    const parameters: Record<string, string> = {};
    for (const [i, entry] of data.entries()) {
      if (typeof entry === 'string') {
        const equals = entry.indexOf('=');
        if (equals < 1) throw new DeployError(`${file}: entry ${i} ${JSON.stringify(entry)} is not Key=Value`);
        parameters[entry.slice(0, equals)] = entry.slice(equals + 1);
        continue;
      }
      const e = entry as { ParameterKey?: unknown; ParameterValue?: unknown };
      if (typeof e?.ParameterKey !== 'string') throw new DeployError(`${file}: entry ${i} has no ParameterKey`);
      parameters[e.ParameterKey] = scalar(file, e.ParameterKey, e.ParameterValue);
    }
    return { parameters, tags: {} };
  }
  if (data !== null && typeof data === 'object' && 'Parameters' in data) {
    const config = data as { Parameters?: unknown; Tags?: unknown };
    return { parameters: stringMap(file, 'Parameters', config.Parameters), tags: stringMap(file, 'Tags', config.Tags) };
  }
  return { parameters: stringMap(file, 'the file', data), tags: {} };
}

/**
 * Throws when a name is not a template parameter, a parameter without default has no value, or a
 * value breaks its parameter's constraints (every such value named in one message). Returns notes
 * on constraints that could only be left to CloudFormation.
 */
export function checkParameters(given: Record<string, string>, declared: Record<string, TemplateParameter>, source: string): string[] {
  const names = Object.keys(declared);
  const unknown = Object.keys(given).filter((k) => !(k in declared));
  if (unknown.length) throw new DeployError(`${source}: unknown parameter(s) ${unknown.join(', ')}; the template takes ${names.length ? names.join(', ') : 'no parameters'}`);
  const missing = names.filter((n) => declared[n]?.Default === undefined && !(n in given));
  if (missing.length) throw new DeployError(`${source}: missing value(s) for ${missing.join(', ')}, which have no default`);
  const checks = Object.entries(given).map(([name, value]) => checkValue(name, value, declared[name]!));
  const problems = checks.flatMap((c) => c.problems);
  if (problems.length === 1) throw new DeployError(`${source}: ${problems[0]}`);
  if (problems.length) throw new DeployError(`${source}: ${problems.length} values the template does not allow:\n  ${problems.join('\n  ')}`);
  return checks.flatMap((c) => c.notes.map((n) => `${source}: ${n}`));
}

/** `TAGS="team=web cost-centre=42"` into a map; a malformed pair is an error naming it. */
export function parseTags(text: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const match = /^([^=]{1,128})=(.{0,256})$/.exec(pair);
    if (!match) throw new DeployError(`TAGS: ${JSON.stringify(pair)} is not key=value`);
    tags[match[1]!] = match[2]!;
  }
  return tags;
}
