/** The ECS cluster and its EC2 capacity provider. */
export * from './cluster.js';
export * from './ec2-capacity.js';
