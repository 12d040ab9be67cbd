/** Seed 003: the full ECS platform, with each deployment controller and logging mode. */
import { EcsPlatformInput, ecsPlatform } from '../../blueprints/systems/ecs-platform.js';
import { defineProduct, environmentFile } from '../product.js';

export default defineProduct({
  name: 'ecs-platform',
  description: 'An ECS cluster with Fargate, Fargate Spot and EC2 capacity, and services for each deployment controller and logging mode',
  inputs: EcsPlatformInput,
  compose: ecsPlatform,
  environments: {
    staging: environmentFile('build/products/ecs-platform/staging.json'),
    production: environmentFile('build/products/ecs-platform/production.json'),
  },
});
