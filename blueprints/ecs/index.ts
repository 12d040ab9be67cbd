/** ECS building blocks: cluster, Fargate task definitions and containers. Services live in ./service. */
export * from './types.js';
export * from './cluster/index.js';
export * from './task/index.js';
