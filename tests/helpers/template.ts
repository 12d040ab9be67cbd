/**
 * Assertions over compiled templates: find resources of a type whose properties match a partial
 * object, count them, check absence, outputs and parameters, and capture values for a second
 * assertion. Failures list what the template has instead, so a failing test explains itself.
 */
import { readFileSync } from 'node:fs';
import { parseTemplate, formatOfFile, type Json, type Template } from '../../dsl/index.js';

type JsonObject = { [key: string]: Json };

/** Matches any value and remembers it: `{ VpcId: vpc }` then `vpc.value`. */
export class Capture {
  private captured: Json | undefined;
  private seen = false;
  record(value: Json): void {
    this.captured = value;
    this.seen = true;
  }
  get value(): Json {
    if (!this.seen) throw new Error('Capture was never matched');
    return this.captured!;
  }
}

/** In an expected object: the property must be missing. */
export const absent = Symbol('absent');
/** In an expected object: any value, as long as it is present. */
export const present = Symbol('present');

/** Expected array that must contain elements matching these, in any order, among others. */
export class ArrayWith {
  constructor(readonly items: readonly unknown[]) {}
}
export const arrayWith = (...items: unknown[]) => new ArrayWith(items);

/** Partial deep match: objects match on the keys given, arrays element by element. */
export function matches(actual: Json | undefined, expected: unknown): boolean {
  if (expected === absent) return actual === undefined;
  if (expected === present) return actual !== undefined;
  if (expected instanceof Capture) {
    if (actual === undefined) return false;
    expected.record(actual);
    return true;
  }
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (expected instanceof ArrayWith) {
    return Array.isArray(actual) && expected.items.every((item) => actual.some((a) => matches(a, item)));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) => matches((actual as JsonObject)[key], value));
  }
  return actual === expected;
}

export interface FoundResource {
  id: string;
  type: string;
  properties: JsonObject;
  resource: JsonObject;
}

export class TemplateView {
  constructor(
    readonly template: Template,
    readonly name = 'template',
  ) {}

  static load(file: string): TemplateView {
    return new TemplateView(parseTemplate(readFileSync(file, 'utf8'), formatOfFile(file)) as Template, file);
  }

  private section(name: string): JsonObject {
    return (this.template[name] as JsonObject | undefined) ?? {};
  }

  get resources(): FoundResource[] {
    return Object.entries(this.section('Resources')).map(([id, r]) => {
      const resource = r as JsonObject;
      return { id, type: resource['Type'] as string, properties: (resource['Properties'] as JsonObject) ?? {}, resource };
    });
  }

  resourcesOf(type: string, properties: unknown = {}): FoundResource[] {
    return this.resources.filter((r) => r.type === type && matches(r.properties, properties));
  }

  /** The one resource of `type` whose properties match; fails when there is none or several. */
  resource(type: string, properties: unknown = {}): FoundResource {
    const found = this.resourcesOf(type, properties);
    if (found.length !== 1) {
      const candidates = this.resources.filter((r) => r.type === type);
      throw new Error(
        `${this.name}: expected exactly one ${type} matching ${show(properties)}, found ${found.length}.` +
          ` Resources of that type: ${candidates.map((c) => `\n  ${c.id}: ${show(c.properties)}`).join('') || 'none'}`,
      );
    }
    return found[0]!;
  }

  /** The resource with this logical id (and type, when given). */
  byId(id: string, type?: string): FoundResource {
    const found = this.resources.find((r) => r.id === id);
    if (!found) throw new Error(`${this.name}: no resource ${id} (has ${this.resources.map((r) => r.id).join(', ')})`);
    if (type && found.type !== type) throw new Error(`${this.name}: ${id} is a ${found.type}, not a ${type}`);
    return found;
  }

  count(type: string, properties: unknown = {}): number {
    return this.resourcesOf(type, properties).length;
  }

  expectCount(type: string, expected: number, properties: unknown = {}): void {
    const actual = this.count(type, properties);
    if (actual !== expected) throw new Error(`${this.name}: expected ${expected} ${type}, found ${actual}`);
  }

  expectNone(type: string, properties: unknown = {}): void {
    this.expectCount(type, 0, properties);
  }

  output(name: string): JsonObject {
    const output = this.section('Outputs')[name];
    if (!output) throw new Error(`${this.name}: no output ${name} (has ${Object.keys(this.section('Outputs')).join(', ') || 'none'})`);
    return output as JsonObject;
  }

  parameter(name: string): JsonObject {
    const parameter = this.section('Parameters')[name];
    if (!parameter) {
      throw new Error(`${this.name}: no parameter ${name} (has ${Object.keys(this.section('Parameters')).join(', ') || 'none'})`);
    }
    return parameter as JsonObject;
  }

  get parameterNames(): string[] {
    return Object.keys(this.section('Parameters'));
  }

  get outputNames(): string[] {
    return Object.keys(this.section('Outputs'));
  }

  get conditions(): JsonObject {
    return this.section('Conditions');
  }
}

export function show(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'symbol' ? v.toString() : v instanceof ArrayWith ? { arrayWith: v.items } : v));
  return text && text.length > 400 ? text.slice(0, 397) + '...' : String(text);
}

/** Fails with both values shown when `actual` does not match `expected`. */
export function expectMatch(actual: Json | undefined, expected: unknown, what = 'value'): void {
  if (!matches(actual, expected)) throw new Error(`${what} ${show(actual)} does not match ${show(expected)}`);
}
