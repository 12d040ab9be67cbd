/** The terminal table: one row per changed resource, its property changes under it, then findings, security and interface. */
import type { DiffReport, EnvironmentDiff, PropertyChange, ResourceDiff, StackDiff } from './model.js';
import { countEnvironment, countReport, headline } from './summary.js';

export const EFFECT_WORDS = { replacement: 'REPLACEMENT', 'may-replace': 'may replace', 'in-place': 'in place' } as const;
const SEVERITY_WORDS = { error: 'ERROR', 'data-loss': 'DATA LOSS', warning: 'warning' } as const;
const MAX_VALUE = 120;

export const clip = (text: string, max = MAX_VALUE) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function describeProperty(p: PropertyChange, max = MAX_VALUE): string {
  const why = p.reason === 'updatable' ? '' : ` (${p.reason})`;
  if (p.viaReference) return `${p.path}: ${clip(p.new ?? '', max)}${why}`;
  return `${p.path}: ${clip(p.old ?? '(none)', max)} -> ${clip(p.new ?? '(none)', max)}${why}`;
}

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)));
  return rows.map((row) => (row.length === 1 ? `${indent}${row[0]}` : `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd()));
}

function stackRows(stack: StackDiff): string[][] {
  const rows: string[][] = [];
  if (stack.change !== 'modified') {
    const what = stack.change === 'moved' ? `stack moved from ${stack.from} (${stack.likeness})` : `stack ${stack.change}`;
    rows.push([`${stack.path}: ${what}`]);
  }
  for (const r of stack.resources) rows.push(...resourceRows(stack.path, r));
  return rows;
}

function resourceRows(stack: string, r: ResourceDiff): string[][] {
  const sign = r.change === 'added' ? '+' : r.change === 'removed' ? '-' : '~';
  const rows: string[][] = [[sign, stack, r.logicalId, r.type, r.effect ? EFFECT_WORDS[r.effect] : r.change]];
  for (const note of r.notes) rows.push([`      ${note}`]);
  for (const p of r.properties) rows.push([`      ${describeProperty(p)}`]);
  return rows;
}

function environmentLines(env: EnvironmentDiff): string[] {
  const title = `${env.product}/${env.environment}`;
  if (env.status === 'added') return [`${title}: new environment (not in the base)`];
  if (env.status === 'removed') return [`${title}: no longer built (only in the base)`];
  const lines = [`${title}: ${headline(countEnvironment(env))}`];
  const rows = env.stacks.flatMap(stackRows);
  if (rows.length) lines.push(...table([['', 'stack', 'resource', 'type', 'effect'], ...rows], '  '));
  if (env.findings.length) {
    lines.push('  findings:');
    lines.push(...table(env.findings.map((f) => [SEVERITY_WORDS[f.severity], `${f.stack}/${f.resource}`, f.message]), '    '));
  }
  if (env.security.length) {
    lines.push('  security changes:');
    lines.push(...table(env.security.map((s) => [s.sign, s.widening ? 'WIDENS' : '', `${s.stack}/${s.resource}`, s.kind, clip(s.detail, 200)]), '    '));
  }
  if (env.interface.length) {
    lines.push('  parameters, outputs, wiring:');
    lines.push(
      ...table(
        env.interface.map((i) => [i.sign, i.kind, `${i.stack} ${i.name}`, i.sign === '~' && i.old !== i.new ? `${clip(i.old ?? '', 80)} -> ${clip(i.new ?? '', 80)}: ${i.detail}` : i.detail]),
        '    ',
      ),
    );
  }
  return lines;
}

export function renderText(report: DiffReport): string {
  const lines = [`make diff: ${report.base} -> ${report.new}`, ''];
  const unchanged = report.environments.filter((e) => e.status === 'unchanged');
  for (const env of report.environments) {
    if (env.status === 'unchanged') continue;
    lines.push(...environmentLines(env), '');
  }
  if (unchanged.length) lines.push(`unchanged: ${unchanged.map((e) => `${e.product}/${e.environment}`).join(', ')}`, '');
  lines.push(`${headline(countReport(report))} (exit ${report.exitCode})`);
  return lines.join('\n') + '\n';
}
