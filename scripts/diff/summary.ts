/** Counts a report's contents for its headline, in every output format alike. */
import type { DiffReport, EnvironmentDiff } from './model.js';

export interface Counts {
  environments: number;
  changedEnvironments: number;
  replacements: number;
  mayReplace: number;
  inPlace: number;
  added: number;
  removed: number;
  movedStacks: number;
  errors: number;
  dataLoss: number;
  warnings: number;
  security: number;
  widenings: number;
  interface: number;
}

export function countEnvironment(env: EnvironmentDiff): Counts {
  const resources = env.stacks.flatMap((s) => s.resources);
  return {
    environments: 1,
    changedEnvironments: env.status === 'unchanged' ? 0 : 1,
    replacements: resources.filter((r) => r.effect === 'replacement').length,
    mayReplace: resources.filter((r) => r.effect === 'may-replace').length,
    inPlace: resources.filter((r) => r.effect === 'in-place').length,
    added: resources.filter((r) => r.change === 'added').length,
    removed: resources.filter((r) => r.change === 'removed').length,
    movedStacks: env.stacks.filter((s) => s.change === 'moved').length,
    errors: env.findings.filter((f) => f.severity === 'error').length,
    dataLoss: env.findings.filter((f) => f.severity === 'data-loss').length,
    warnings: env.findings.filter((f) => f.severity === 'warning').length,
    security: env.security.length,
    widenings: env.security.filter((s) => s.widening).length,
    interface: env.interface.length,
  };
}

export function countReport(report: DiffReport): Counts {
  const total = countEnvironment({ product: '', environment: '', status: 'unchanged', stacks: [], security: [], interface: [], findings: [] });
  total.environments = 0;
  for (const env of report.environments) {
    const c = countEnvironment(env);
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += c[key];
  }
  return total;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `3 resources modified (1 replacement, 2 in place), 1 added; 1 security widening; 1 error` */
export function headline(c: Counts): string {
  const modified = c.replacements + c.mayReplace + c.inPlace;
  const parts: string[] = [];
  if (modified) {
    const effects = [c.replacements && plural(c.replacements, 'replacement'), c.mayReplace && `${c.mayReplace} may replace`, c.inPlace && `${c.inPlace} in place`].filter(Boolean);
    parts.push(`${plural(modified, 'resource')} modified (${effects.join(', ')})`);
  }
  if (c.added) parts.push(`${c.added} added`);
  if (c.removed) parts.push(`${c.removed} removed`);
  if (c.movedStacks) parts.push(`${plural(c.movedStacks, 'stack')} moved`);
  if (c.security) parts.push(`${plural(c.security, 'security change')} (${c.widenings} widening)`);
  if (c.interface) parts.push(`${plural(c.interface, 'interface change')}`);
  if (c.errors) parts.push(plural(c.errors, 'error'));
  if (c.dataLoss) parts.push(`${c.dataLoss} data loss`);
  if (c.warnings) parts.push(plural(c.warnings, 'warning'));
  return parts.length ? parts.join('; ') : 'no change';
}
