/** Seed 000: web and app tiers over ECS Service Connect, no NAT. */
import { WebAppServiceConnectInput, webAppServiceConnect } from '../../blueprints/systems/web-app-service-connect.js';
import { defineProduct, environmentFile } from '../product.js';

export default defineProduct({
  name: 'web-app-service-connect',
  description: 'Web and app tiers on ECS Fargate behind an ALB, talking over ECS Service Connect, with no NAT gateway',
  inputs: WebAppServiceConnectInput,
  compose: webAppServiceConnect,
  environments: {
    example: environmentFile('build/products/web-app-service-connect/example.json'),
  },
});
