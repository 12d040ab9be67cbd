/**
 * Seed 002: the self-service microservice template. One environment, `template`: teams choose
 * everything at deploy time, and the seed's examples are parameter files under microservice/
 * (`aws cloudformation deploy --parameter-overrides file://build/products/microservice/<example>.json`).
 */
import { MicroserviceInput, microservice } from '../../blueprints/systems/microservice.js';
import { defineProduct } from '../product.js';

export default defineProduct({
  name: 'microservice',
  description: 'A containerised service on ECS Fargate behind an existing ALB listener, with CPU step scaling, encrypted logs and Cloud Map discovery',
  inputs: MicroserviceInput,
  compose: microservice,
  environments: {
    template: {},
  },
  selfService: true,
});
