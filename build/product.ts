/** A product: a system blueprint applied to each environment's inputs. */
import type { Stack } from '../dsl/index.js';

export interface Product<Inputs = unknown> {
  /** Folder name under dist/, also the Service Catalog product name. */
  name: string;
  /** One line: what a team gets when it launches this. */
  description: string;
  /** Composes the product's stacks under `root` from one environment's inputs. */
  compose: (root: Stack, inputs: Inputs) => void;
  environments: Record<string, Inputs>;
  /** Published to Service Catalog for self-service (`make catalog`). */
  selfService?: boolean;
}

/** Keeps each product's Inputs type while listing products of different input types together. */
export function defineProduct<Inputs>(product: Product<Inputs>): Product<unknown> {
  return product as Product<unknown>;
}
