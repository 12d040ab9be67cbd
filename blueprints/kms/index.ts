/** KMS keys with rotation and aliases: the logs key and the ECS Exec key. */
export * from './key.js';
export * from './logs-key.js';
export * from './exec-key.js';
