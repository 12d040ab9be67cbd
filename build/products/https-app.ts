/** Seed 001: one app behind HTTPS (with an HTTP -> HTTPS redirect), or behind plain HTTP. */
import { httpsApp, type HttpsAppProps } from '../../blueprints/systems/https-app.js';
import { defineProduct } from '../product.js';

export default defineProduct<HttpsAppProps>({
  name: 'https-app',
  description: 'One containerised app on ECS Fargate behind an HTTPS Application Load Balancer, scaled by load and by time',
  compose: httpsApp,
  environments: {
    production: { protocol: 'https', minInstances: 2, maxInstances: 4, timezone: 'Australia/Sydney' },
    development: { protocol: 'http', minInstances: 1, maxInstances: 2, deletionProtection: false },
  },
});
