/** Seed 004: prod and staging differ only in the image their container definitions name. */
import { fileURLToPath } from 'node:url';
import { minimalService, type MinimalServiceProps } from '../../blueprints/systems/minimal-service.js';
import { defineProduct } from '../product.js';

const definitions = (env: string) => fileURLToPath(new URL(`./minimal-service/${env}.json`, import.meta.url));

export default defineProduct<MinimalServiceProps>({
  name: 'minimal-service',
  description: 'One container service behind an Application Load Balancer, in its own small network',
  compose: minimalService,
  environments: {
    prod: { containerDefinitionsFile: definitions('prod') },
    staging: { containerDefinitionsFile: definitions('staging') },
  },
});
