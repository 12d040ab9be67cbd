/** The preflight checks the task blueprint registers on every tree it adds a task definition to. */
import type { PreflightCheck } from '../../../../dsl/preflight/check.js';
import { execRootFilesystemCheck } from './exec-root-filesystem.js';
import { logGroupsCheck } from './log-groups.js';
import { pullThroughOrderCheck } from './pull-through-order.js';

export { execRootFilesystemCheck, logGroupsCheck, pullThroughOrderCheck };
export const TASK_CHECKS: readonly PreflightCheck[] = [pullThroughOrderCheck, logGroupsCheck, execRootFilesystemCheck];
