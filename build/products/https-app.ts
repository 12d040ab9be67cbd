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
  // Other teams launch it from Service Catalog: the production shape, with what a team chooses.
  selfService: {
    environment: 'production',
    parameters: [
      { input: 'image', name: 'ContainerImage', label: 'Container image', group: 'Application', description: 'Image the service runs: [registry/]repository[:tag] or @sha256:<digest>' },
      { input: 'healthCheckPath', name: 'HealthCheckPath', label: 'Health check path', group: 'Application', description: 'Path the load balancer checks (200 is healthy); the image must serve it' },
    ],
  },
});
