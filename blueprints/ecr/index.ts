/** ECR: image references for execution-role scoping, and the ECR Public pull-through cache. */
export * from './image.js';
export * from './pull-through-cache.js';
