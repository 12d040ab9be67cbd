/** The network blueprint: a new VPC (`network`) or an existing one (`existingNetwork`), both as a NetworkRef. */
export * from './types.js';
export * from './cidr.js';
export * from './ids.js';
export * from './subnet-plan.js';
export * from './endpoints.js';
export * from './flow-logs.js';
export * from './ipv6.js';
export * from './network.js';
export * from './existing.js';
