/** Fargate task definitions: containers, logging modes, execution and task roles, the size table. */
export * from './fargate-sizes.js';
export * from './container.js';
export * from './logging.js';
export * from './container-json.js';
export * from './execution-role.js';
export * from './task-role.js';
export * from './task-definition.js';
export * from './volumes.js';
export * from './ssm-image.js';
