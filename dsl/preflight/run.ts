/** Runs the preflight checks over a compiled tree: errors fail the build, warnings are printed. */
import { CompileError, type CompileWarning } from '../errors.js';
import type { Json } from '../wiring.js';
import type { PreflightCheck } from './check.js';
import { TreeIndex } from './tree.js';

export function runPreflight(
  stacks: readonly { path: string; template: { [section: string]: Json } }[],
  checks: readonly PreflightCheck[],
): { errors: CompileError[]; warnings: CompileWarning[] } {
  const tree = new TreeIndex(stacks);
  const errors: CompileError[] = [];
  const warnings: CompileWarning[] = [];
  for (const check of checks) {
    check.run(tree, (finding) => {
      const text = `${finding.property ? `${finding.property}: ` : ''}${finding.message} [${check.id}]`;
      if (finding.severity === 'error') errors.push(new CompileError(text, { stack: finding.stack, ...(finding.logicalId ? { logicalId: finding.logicalId } : {}) }));
      else warnings.push({ stack: finding.stack, message: `${finding.logicalId ? `${finding.logicalId}: ` : ''}${text}` });
    });
  }
  return { errors, warnings };
}
