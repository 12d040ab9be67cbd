/**
 * The preflight checks the blueprints register on the trees they build (each blueprint calls
 * `stack.addCheck` itself); listed here so the documentation shows them all.
 */
import type { PreflightCheck } from '../dsl/index.js';
import { codeDeployUpdatesCheck } from './ecs/deployment/code-deploy-updates.js';
import { serviceConnectOrderingCheck } from './ecs/service/service-connect-ordering.js';

export const BLUEPRINT_CHECKS: readonly PreflightCheck[] = [serviceConnectOrderingCheck, codeDeployUpdatesCheck];
