/** Seed 004: prod and staging differ only in the image their container definitions name. */
import { MinimalServiceInput, minimalService } from '../../blueprints/systems/minimal-service.js';
import { defineProduct } from '../product.js';

// Product files are named relative to the project root, where make and the tests run.
const definitions = (env: string) => `build/products/minimal-service/${env}.json`;

export default defineProduct({
  name: 'minimal-service',
  description: 'One container service behind an Application Load Balancer, in its own small network',
  inputs: MinimalServiceInput,
  compose: minimalService,
  environments: {
    prod: { containerDefinitionsFile: definitions('prod') },
    staging: { containerDefinitionsFile: definitions('staging') },
  },
});
