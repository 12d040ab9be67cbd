/** A product: a system blueprint applied to each environment's inputs. */
import type { PartitionOptions, s, Stack } from '../dsl/index.js';
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
  /**
   * Published to Service Catalog for other teams to launch (`make catalog`). `true`: the product's
   * environments are launch-ready as they are (their templates take parameters themselves).
   * A `SelfService` description: one more environment, `self-service`, is built from a base
   * environment with the listed inputs turned into launch-time parameters.
   */
  selfService?: boolean | SelfService;
  /**
   * Split any stack that outgrows CloudFormation's quotas into generated nested partitions
   * (README "Scale: stacks that split themselves"): `true` for the default budgets and fan-out, or
   * the options. A stack's own `partition()` overrides them.
   */
  partition?: boolean | PartitionOptions;
}

/** The environment built for a product's self-service template. */
export const SELF_SERVICE_ENVIRONMENT = 'self-service';

export interface LaunchParameter {
  /** Input path in the product's inputs (`image`, `scaling.minCapacity`): it must take deploy-time values. */
  input: string;
  /** CloudFormation parameter name (letters and digits), e.g. `ContainerImage`. */
  name: string;
  /** Console label. */
  label: string;
  /** Console group the parameter is shown in. */
  group: string;
  /** What the launching team chooses, in a sentence. */
  description: string;
  /** Default value. Omitted: the base environment's value of the input, else the input's own default; none makes the parameter required. */
  default?: string | number | boolean;
  /**
   * What the console says of a refused value. Omitted: the descriptions of the constraints of every
   * input the parameter feeds, joined (give one when they overlap, e.g. 1..100 and 0..5000).
   */
  constraintDescription?: string;
}

export interface SelfService {
  /** The environment whose inputs the self-service template starts from. */
  environment: string;
  /** The inputs a launching team chooses, in console order. */
  parameters: readonly LaunchParameter[];
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
