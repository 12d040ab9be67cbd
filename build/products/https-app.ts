/** Seed 001: one app behind HTTPS (with an HTTP -> HTTPS redirect), or behind plain HTTP. */
import { HttpsAppInput, httpsApp } from '../../blueprints/systems/https-app.js';
import { defineProduct, environmentFile } from '../product.js';

export default defineProduct({
  name: 'https-app',
  description: 'One containerised app on ECS Fargate behind an HTTPS Application Load Balancer, scaled by load and by time',
  inputs: HttpsAppInput,
  compose: httpsApp,
  environments: {
    production: environmentFile('build/products/https-app/production.json'),
    development: environmentFile('build/products/https-app/development.json'),
  },
});
