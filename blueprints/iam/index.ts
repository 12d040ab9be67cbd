/** IAM building blocks: a least-privilege statement builder, trust policies, the ECS service-linked role. */
export * from './statement.js';
export * from './trust.js';
export * from './service-linked-role.js';
