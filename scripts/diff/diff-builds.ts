/** Two builds compared environment by environment, and the exit code CI gates on. */
import { diffEnvironment } from './diff-environment.js';
import type { BuildSource, DiffReport, EnvironmentDiff, EnvironmentSource } from './model.js';

export interface Selection {
  product?: string;
  environment?: string;
}

const keyOf = (e: { product: string; environment: string }) => `${e.product}/${e.environment}`;

function selected(e: EnvironmentSource, selection: Selection): boolean {
  return (!selection.product || e.product === selection.product) && (!selection.environment || e.environment === selection.environment);
}

/** 2: a replacement (or possible one), a finding, or a security widening; 1: any other change; 0: none. */
export function exitCodeOf(environments: readonly EnvironmentDiff[]): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = 0;
  for (const env of environments) {
    if (env.status === 'unchanged') continue;
    code = 1;
    const replaces = env.stacks.some((s) => s.resources.some((r) => r.effect === 'replacement' || r.effect === 'may-replace'));
    if (replaces || env.findings.length || env.security.some((s) => s.widening)) return 2;
  }
  return code;
}

export function diffBuilds(base: BuildSource, next: BuildSource, selection: Selection = {}): DiffReport {
  const oldEnvs = new Map(base.environments.filter((e) => selected(e, selection)).map((e) => [keyOf(e), e]));
  const newEnvs = new Map(next.environments.filter((e) => selected(e, selection)).map((e) => [keyOf(e), e]));
  const keys = base.partial ? [...oldEnvs.keys()] : [...new Set([...newEnvs.keys(), ...oldEnvs.keys()])];
  const environments = keys.sort().map((key) => diffEnvironment(oldEnvs.get(key), newEnvs.get(key)));
  return { base: base.label, new: next.label, environments, exitCode: exitCodeOf(environments) };
}
