/** Which product environments a build covers, from PRODUCT and ENV. */
import { environmentNames } from './compile-product.js';
import type { Product } from './product.js';

export interface Target {
  product: Product;
  environment: string;
}

export function selectTargets(products: readonly Product[], productName?: string, environment?: string): Target[] {
  const chosen = productName ? products.filter((p) => p.name === productName) : products;
  if (!chosen.length) {
    throw new Error(`PRODUCT=${productName} is not in the catalogue (${products.map((p) => p.name).join(', ')})`);
  }
  const targets = chosen.flatMap((product) =>
    environmentNames(product)
      .filter((e) => !environment || e === environment)
      .map((e) => ({ product, environment: e })),
  );
  if (!targets.length) {
    const known = [...new Set(chosen.flatMap((p) => environmentNames(p)))];
    throw new Error(`ENV=${environment} is not an environment of ${productName ?? 'any product'} (${known.join(', ')})`);
  }
  return targets;
}
