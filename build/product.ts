/** A product: a system blueprint applied to each environment's inputs. */
import type { s, Stack } from '../dsl/index.js';
import type { SystemContext } from '../blueprints/systems/context.js';

/** An environment whose inputs live in a JSON or YAML file (path relative to the project root). */
export interface EnvironmentFile {
  file: string;
}

export interface Product<S extends s.Schema = s.Schema> {
  /** Folder name under dist/, also the Service Catalog product name. */
  name: string;
  /** One line: what a team gets when it launches this. */
  description: string;
  /**
   * The schema of one environment's inputs (the system blueprint's own): every environment is
   * checked against it before composing, environment files get a JSON Schema from it.
   */
  inputs: S;
  /** Composes the product's stacks under `root` from one environment's inputs. */
  compose: (root: Stack, inputs: s.Input<S>, context: SystemContext) => void;
  /** Inputs per environment: written here (type-checked) or in a file (checked by the schema). */
  environments: Record<string, s.Input<S> | EnvironmentFile>;
  /** Published to Service Catalog for self-service (`make catalog`). */
  selfService?: boolean;
}

/** Keeps each product's input type while listing products of different input types together. */
export function defineProduct<S extends s.Schema>(product: Product<S>): Product {
  return product as unknown as Product;
}

/** An environment read from `file` (JSON or YAML) when the product is built. */
export function environmentFile(file: string): EnvironmentFile {
  return { file };
}

export function isEnvironmentFile(value: unknown): value is EnvironmentFile {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as EnvironmentFile).file === 'string';
}
