/** The preflight checks every tree gets: what CloudFormation and AWS's APIs require of any template. */
import type { PreflightCheck } from '../check.js';
import { iamResourcesCheck } from './iam-resources.js';
import { namesCheck } from './names.js';
import { partitionCheck } from './partition.js';
import { statefulCheck } from './stateful.js';

export const DEFAULT_CHECKS: readonly PreflightCheck[] = [namesCheck, partitionCheck, iamResourcesCheck, statefulCheck];
