/** Seed 003: the full ECS platform, with each deployment controller and logging mode. */
import { ecsPlatform, type EcsPlatformProps } from '../../blueprints/systems/ecs-platform.js';
import { defineProduct } from '../product.js';

export default defineProduct<EcsPlatformProps>({
  name: 'ecs-platform',
  description: 'An ECS cluster with Fargate, Fargate Spot and EC2 capacity, and services for each deployment controller and logging mode',
  compose: ecsPlatform,
  environments: {
    staging: { availabilityZones: 2, ec2: { maxSize: 1 }, deletionProtection: false },
    production: { availabilityZones: 3, ec2: { instanceType: 'm6i.large', maxSize: 4 } },
  },
});
