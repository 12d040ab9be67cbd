/**
 * The four logging modes of a container (seed: the ECS module design): none; awslogs to a group
 * ECS creates; awslogs to a group this blueprint manages (the default); FireLens through a Fluent
 * Bit log router sidecar.
 */
import { s } from '../../../dsl/index.js';

/** CloudWatch Logs retention values (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const DEFAULT_LOG_RETENTION_DAYS = 365;
export const LOG_ROUTER_NAME = 'log-router';
export const FLUENT_BIT_IMAGE_PARAMETER = '/aws/service/aws-for-fluent-bit/stable';

/** Log group names (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html). */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
export const logGroupName = () => s.text(LOG_GROUP_NAME, 'a log group name (letters, digits and . - _ / #)', { min: 1, max: 512 });

export const LOGGING_MODES = ['none', 'ecsCreatedGroup', 'managedGroup', 'firelens'] as const;

const modes = {
  /** No log configuration at all. */
  none: s.object({ mode: s.literal('none') }),
  /**
   * awslogs to a group ECS creates on first use (`awslogs-create-group`): outside the stack, so not
   * tagged, not encrypted by this blueprint, without retention, not deleted with it, and shared by
   * every stack that names it. Kept for seed 003, which lists it; the build warns when it is chosen.
   */
  ecsCreatedGroup: s.object({
    mode: s.literal('ecsCreatedGroup'),
    /** Log group name: 1-512 letters, digits and `. - _ / #`. */
    groupName: logGroupName(),
  }),
  /** Default. awslogs to a log group of the task's stack: generated name, retention, KMS encryption, deleted with the stack. */
  managedGroup: s.object({
    mode: s.literal('managedGroup'),
    /** Days, a CloudWatch Logs retention value (or a deploy-time value). Default 365. */
    retentionInDays: s.optional(s.deployTime(s.oneOf(LOG_RETENTION_DAYS, 'a CloudWatch Logs retention in days')), DEFAULT_LOG_RETENTION_DAYS),
  }),
  /**
   * awslogs replaced by FireLens: the `awsfirelens` driver sends to a log router container.
   * `options` are the output plugin's (e.g. `{ Name: 'cloudwatch_logs', region: ..., ... }`).
   */
  firelens: s.object({
    mode: s.literal('firelens'),
    /** Output plugin options (values may be deploy-time values). */
    options: s.record(s.string({ max: 255 }), s.deployTime(s.string({ min: 0 }))),
    /**
     * `managed` (default): a Fluent Bit sidecar named `log-router`, image from the public SSM
     * parameter `/aws/service/aws-for-fluent-bit/stable`. `provided`: a container of the task
     * carries `firelensConfiguration`.
     */
    router: s.optional(s.oneOf(['managed', 'provided']), 'managed'),
  }),
};

const unknownMode = s.made<never>(() => false, `a logging mode: { mode: ${LOGGING_MODES.join(' | ')} } with its fields`);

/** One of the modes, chosen by `mode`: a problem is reported by that mode's own schema. */
export const LoggingInput = s.select((input) => {
  const mode = typeof input === 'object' && input !== null ? (input as { mode?: unknown }).mode : undefined;
  return typeof mode === 'string' && Object.hasOwn(modes, mode) ? modes[mode as keyof typeof modes] : unknownMode;
});
export type LoggingProps = s.Input<typeof LoggingInput>;
export type Logging = s.Output<typeof LoggingInput>;
