/** Every product `make build` compiles, with its environments. */
import minimalService from './products/minimal-service.js';
import type { Product } from './product.js';

export const catalogue: readonly Product[] = [minimalService];
