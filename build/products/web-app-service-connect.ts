/** Seed 000: web and app tiers over ECS Service Connect, no NAT. */
import { webAppServiceConnect, type WebAppServiceConnectProps } from '../../blueprints/systems/web-app-service-connect.js';
import { defineProduct } from '../product.js';

export default defineProduct<WebAppServiceConnectProps>({
  name: 'web-app-service-connect',
  description: 'Web and app tiers on ECS Fargate behind an ALB, talking over ECS Service Connect, with no NAT gateway',
  compose: webAppServiceConnect,
  environments: {
    example: { deletionProtection: false, createServiceLinkedRole: true },
  },
});
