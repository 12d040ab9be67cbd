/**
 * The template definition of a parameter: what its author declared, narrowed by the constraints of
 * every input it feeds (see dsl/schema/deploy-time.ts). A parameter feeding a port input gets
 * MinValue 1 and MaxValue 65535; one feeding a choice gets its AllowedValues; two inputs narrow it
 * twice. Constraints that cannot all hold, or a Default that breaks one, are compile errors naming
 * the inputs; a parameter type that cannot carry a constraint is one too.
 */
import { CompileError } from './errors.js';
import type { ParameterDef, ParameterHandle } from './entities.js';
import type { ParameterConstraint } from './schema/constraint.js';

/** CloudFormation takes AllowedPattern and length bounds on these types only. */
const PATTERN_TYPES = new Set(['String', 'CommaDelimitedList']);

export function constrainedDefinition(parameter: ParameterHandle): ParameterDef {
  if (!parameter.constraints.length) return parameter.def;
  const def: ParameterDef = { ...parameter.def };
  const fail = (problem: string) => {
    throw new CompileError(`parameter ${problem}`, { stack: parameter.stack.path, logicalId: parameter.id });
  };
  const patterns: string[] = def.AllowedPattern ? [def.AllowedPattern] : [];
  const descriptions: string[] = [];
  // AllowedValues the author declared must all be valid; ones that constraints brought are narrowed by the next.
  let derivedValues = false;
  for (const { constraint: c, source } of parameter.constraints) {
    const feeds = `feeds ${source} (${c.description})`;
    if (!descriptions.includes(c.description)) descriptions.push(c.description);
    if (c.allowedValues) {
      const wanted = c.allowedValues.map(String);
      if (def.AllowedValues && derivedValues) {
        const kept = def.AllowedValues.filter((value) => wanted.includes(String(value)));
        if (!kept.length) fail(`can hold no value: none of ${def.AllowedValues.join(', ')} is allowed once it ${feeds}`);
        def.AllowedValues = kept;
      } else if (def.AllowedValues) {
        const outside = def.AllowedValues.filter((value) => !wanted.includes(String(value)));
        if (outside.length) fail(`allows ${outside.join(', ')}, but it ${feeds}`);
      } else {
        derivedValues = true;
        if (c.kind === 'number' && def.Type !== 'Number' && def.Type !== 'String') fail(`is of type ${def.Type}, but it ${feeds}`);
        def.AllowedValues = def.Type === 'Number' ? c.allowedValues.map(Number) : wanted;
      }
    }
    if (c.kind === 'number' && (c.minValue !== undefined || c.maxValue !== undefined)) {
      if (def.Type === 'Number') {
        if (c.minValue !== undefined) def.MinValue = Math.max(def.MinValue ?? -Infinity, c.minValue);
        if (c.maxValue !== undefined) def.MaxValue = Math.min(def.MaxValue ?? Infinity, c.maxValue);
        if (def.MinValue !== undefined && def.MaxValue !== undefined && def.MinValue > def.MaxValue) {
          fail(`can hold no value: its range ends up ${def.MinValue} to ${def.MaxValue} once it ${feeds}`);
        }
      } else if (def.AllowedValues) {
        const outside = def.AllowedValues.filter((value) => !numberWithin(String(value), c));
        if (outside.length) fail(`allows ${outside.join(', ')}, but it ${feeds}`);
      } else {
        fail(`is of type ${def.Type}, but it ${feeds}: declare it Type Number (or give AllowedValues)`);
      }
    }
    if (c.kind === 'string' && (c.pattern !== undefined || c.minLength !== undefined || c.maxLength !== undefined)) {
      if (!PATTERN_TYPES.has(def.Type)) continue; // AWS-specific types are checked by CloudFormation itself
      if (def.AllowedValues) {
        const outside = def.AllowedValues.filter((value) => !stringWithin(String(value), c));
        if (outside.length) fail(`allows ${outside.map((o) => JSON.stringify(o)).join(', ')}, but it ${feeds}`);
        continue;
      }
      // `\/` and `/` are the same character in JavaScript and Java patterns: compare them as one.
      const pattern = c.pattern?.replace(/\\\//g, '/');
      if (pattern !== undefined && !patterns.some((p) => p.replace(/\\\//g, '/') === pattern)) patterns.push(pattern);
      if (c.minLength !== undefined) def.MinLength = Math.max(def.MinLength ?? 0, c.minLength);
      if (c.maxLength !== undefined) def.MaxLength = Math.min(def.MaxLength ?? Infinity, c.maxLength);
      if (def.MinLength !== undefined && def.MaxLength !== undefined && def.MinLength > def.MaxLength) {
        fail(`can hold no value: its length ends up ${def.MinLength} to ${def.MaxLength} once it ${feeds}`);
      }
    }
    if (c.kind === 'boolean' && def.Type !== 'String') fail(`is of type ${def.Type}, but it ${feeds}: declare it Type String`);
  }
  if (patterns.length) def.AllowedPattern = combinePatterns(patterns);
  if (!def.ConstraintDescription && descriptions.length) def.ConstraintDescription = descriptions.join('; ');
  if (def.Default !== undefined) {
    const value = String(def.Default);
    for (const { constraint: c, source } of parameter.constraints) {
      const ok = c.kind === 'number' ? numberWithin(value, c) || (def.Type !== 'Number' && !!c.allowedValues?.map(String).includes(value)) : stringWithin(value, c);
      if (!ok) fail(`has the Default ${JSON.stringify(def.Default)}, which is not ${c.description} (it feeds ${source})`);
    }
  }
  return def;
}

function numberWithin(text: string, c: ParameterConstraint): boolean {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return false;
  const n = Number(text);
  if (c.integer && !Number.isInteger(n)) return false;
  if (c.minValue !== undefined && n < c.minValue) return false;
  if (c.maxValue !== undefined && n > c.maxValue) return false;
  return !c.allowedValues || c.allowedValues.map(Number).includes(n);
}

function stringWithin(text: string, c: ParameterConstraint): boolean {
  if (c.allowedValues && !c.allowedValues.map(String).includes(text)) return false;
  if (c.minLength !== undefined && text.length < c.minLength) return false;
  if (c.maxLength !== undefined && text.length > c.maxLength) return false;
  return c.pattern === undefined || fullMatch(c.pattern).test(text);
}

/** The JavaScript equivalent of CloudFormation's full match of an AllowedPattern. */
export function fullMatch(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * One AllowedPattern that holds when every pattern does: each but the last as a lookahead over the
 * whole value (CloudFormation's patterns are Java regular expressions, which have lookaheads).
 */
export function combinePatterns(patterns: readonly string[]): string {
  if (patterns.length === 1) return patterns[0]!;
  return patterns.slice(0, -1).map((p) => `(?=(?:${p})$)`).join('') + `(?:${patterns[patterns.length - 1]})`;
}
