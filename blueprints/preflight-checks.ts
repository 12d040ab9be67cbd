/**
 * The preflight checks the blueprints register on the trees they build (each blueprint calls
 * `stack.addCheck` itself); listed here so the documentation shows them all.
 */
import type { PreflightCheck } from '../dsl/index.js';
import { codeDeployUpdatesCheck } from './ecs/deployment/code-deploy-updates.js';
import { serviceConnectOrderingCheck } from './ecs/service/service-connect-ordering.js';
import { execRootFilesystemCheck } from './ecs/task/checks/exec-root-filesystem.js';
import { logGroupsCheck } from './ecs/task/checks/log-groups.js';
import { pullThroughOrderCheck } from './ecs/task/checks/pull-through-order.js';
import { endpointPartitionCheck } from './network/endpoint-naming-check.js';

export const BLUEPRINT_CHECKS: readonly PreflightCheck[] = [
  endpointPartitionCheck,
  pullThroughOrderCheck,
  logGroupsCheck,
  execRootFilesystemCheck,
  serviceConnectOrderingCheck,
  codeDeployUpdatesCheck,
];
