/**
 * The four logging modes of a container (seed: the ECS module design): none; awslogs to a group
 * ECS creates; awslogs to a group this blueprint manages (the default); FireLens through a Fluent
 * Bit log router sidecar.
 */
import type { Tok, Value } from '../../../dsl/index.js';

export type LoggingProps =
  /** No log configuration at all. */
  | { mode: 'none' }
  /**
   * awslogs to a group ECS creates on first use (`awslogs-create-group`): outside the stack, so
   * not tagged, not encrypted by this blueprint, not deleted with it.
   */
  | { mode: 'ecsCreatedGroup'; /** Log group name (1-512 of `[.\-_/#A-Za-z0-9]`). */ groupName: string }
  /** Default. awslogs to a log group of the task's stack: retention, KMS encryption, deleted with the stack. */
  | {
      mode: 'managedGroup';
      /**
       * Days (a CloudWatch Logs retention value). Default 365. A deploy-time token (a parameter's Ref)
       * is not checked here: give the parameter LOG_RETENTION_DAYS as AllowedValues.
       */
      retentionInDays?: number | Tok;
    }
  /**
   * awslogs replaced by FireLens: the `awsfirelens` driver sends to a log router container.
   * `options` are the output plugin's (e.g. `{ Name: 'cloudwatch_logs', region: ..., ... }`).
   */
  | {
      mode: 'firelens';
      options: Record<string, Value<string>>;
      /**
       * `managed` (default): a Fluent Bit sidecar named `log-router`, image from the public SSM
       * parameter `/aws/service/aws-for-fluent-bit/stable`. `provided`: a container of the task
       * carries `firelensConfiguration`.
       */
      router?: 'managed' | 'provided';
    };

/** CloudWatch Logs retention values. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const DEFAULT_LOG_RETENTION_DAYS = 365;
export const LOG_ROUTER_NAME = 'log-router';
export const FLUENT_BIT_IMAGE_PARAMETER = '/aws/service/aws-for-fluent-bit/stable';
