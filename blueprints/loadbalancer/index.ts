/** The load balancer blueprint: ALB, listeners, target groups, listener rules, alias records, outputs. */
export * from './types.js';
export * from './access-logs.js';
export * from './security-group.js';
export * from './dns-record.js';
export * from './load-balancer.js';
export * from './target-group.js';
export * from './listener-rule.js';
export * from './existing-listener.js';
export * from './outputs.js';
