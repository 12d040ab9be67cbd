/**
 * `make stackset PRODUCT=x [ENV=y] [LAYER=Network] TARGETS=ou-...,r-... REGIONS=eu-west-1,... BUCKET=templates-{region}
 * [FAILURE_TOLERANCE=n|n%] [MAX_CONCURRENT=n|n%] [REGION_ORDER=...] ...`: deploys a built product (or one of
 * its nested stacks) to organisational units and regions through a service-managed StackSet.
 * Exit 1 with one message on failure, 2 on usage.
 */
import { runStackSet } from './run.js';

process.exitCode = await runStackSet(process.env);
