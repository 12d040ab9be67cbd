/**
 * The preflight stage: checks of what AWS's APIs accept beyond what the template language allows
 * (names, ordering, partitions, update hazards, IAM patterns). Generic CloudFormation checks live in
 * dsl/preflight/checks; blueprints register the checks of what they know (ECS) on the trees they
 * build with `stack.addCheck`. Each check is documented: what, why, and its AWS source.
 */
import type { TreeIndex } from './tree.js';

export interface PreflightFinding {
  severity: 'error' | 'warning';
  stack: string;
  logicalId?: string;
  /** Property path inside the resource, e.g. `Properties.Name`. */
  property?: string;
  message: string;
}

export interface PreflightCheck {
  /** Stable id, shown with every finding: `names.stack-derived`. */
  id: string;
  /** What is checked (the README table's first column). */
  title: string;
  /** Why: what fails in AWS when it is wrong. */
  why: string;
  /** The AWS documentation the rule comes from. */
  source: string;
  run(tree: TreeIndex, report: (finding: PreflightFinding) => void): void;
}
