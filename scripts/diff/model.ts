/**
 * What `make diff` reads (built environments: one parsed template per stack path) and what it
 * reports (per environment: stacks, resources with their property changes and what CloudFormation
 * will do, security changes, the stack interface, and the findings that stop a deploy).
 */
import type { Json } from '../../dsl/wiring.js';

export type { Json };
export type JsonObject = { [key: string]: Json };

export interface ResourceDefinition {
  Type: string;
  Properties?: JsonObject;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Condition?: string;
  DependsOn?: string | string[];
  Metadata?: JsonObject;
}

export interface Template {
  Parameters?: Record<string, JsonObject>;
  Resources?: Record<string, ResourceDefinition>;
  Outputs?: Record<string, JsonObject>;
  Conditions?: JsonObject;
  Mappings?: JsonObject;
}

/** One stack of a built environment: `Root`, `Root/Network`, `Root/Services/Api`. */
export interface StackSource {
  path: string;
  template: Template;
  /** Hash of the artifact's bytes, when the source records one (equal hashes: equal templates). */
  sha256?: string;
}

export interface EnvironmentSource {
  product: string;
  environment: string;
  /** Keyed by stack path; the root is `Root`. */
  stacks: Map<string, StackSource>;
}

/** One side of a diff: every environment it holds, and what it is (for the report's heading). */
export interface BuildSource {
  label: string;
  environments: EnvironmentSource[];
  /** A released version covers only what was released: environments it lacks are not "added". */
  partial?: boolean;
}

/** What CloudFormation does to an existing resource, from the registry schemas; ordered by harm. */
export type Effect = 'in-place' | 'may-replace' | 'replacement';
export const EFFECT_RANK: Record<Effect, number> = { 'in-place': 0, 'may-replace': 1, replacement: 2 };
export const worse = (a: Effect, b: Effect): Effect => (EFFECT_RANK[a] >= EFFECT_RANK[b] ? a : b);

export interface PropertyChange {
  /** `ContainerDefinitions[0].Image`, or a resource attribute such as `DeletionPolicy`. */
  path: string;
  /** Short form (`!Ref X`, `!GetAtt X.Arn`, `!Sub '...'`); absent when the value was added or removed. */
  old?: string;
  new?: string;
  effect: Effect;
  /** Why that effect: `create-only`, `conditionally create-only`, `name`, `Vpc is replaced`, ... */
  reason: string;
  /** The text is the same on both sides; the value changes because something it references does. */
  viaReference?: boolean;
}

export type ResourceChangeKind = 'added' | 'removed' | 'modified';

export interface ResourceDiff {
  logicalId: string;
  type: string;
  change: ResourceChangeKind;
  /** For modified resources (and every resource of a moved stack). */
  effect?: Effect;
  properties: PropertyChange[];
  /** Said once per resource: an unknown type, a moved stack. */
  notes: string[];
}

export type StackChangeKind = 'added' | 'removed' | 'moved' | 'modified';

export interface StackDiff {
  path: string;
  change: StackChangeKind;
  /** For a moved stack: where it was. */
  from?: string;
  /** For a moved stack: `same template` or `17 of 20 resources alike`. */
  likeness?: string;
  resources: ResourceDiff[];
}

export type SecurityKind = 'iam' | 'kms-key-policy' | 'resource-policy' | 'managed-policy' | 'security-group' | 'listener' | 'public-ip' | 's3-public-access' | 'load-balancer-scheme';

export interface SecurityChange {
  stack: string;
  resource: string;
  type: string;
  kind: SecurityKind;
  /** `+` granted or opened, `-` revoked or closed, `~` changed. */
  sign: '+' | '-' | '~';
  /** Grants more than before (or exposes more): these set exit code 2. */
  widening: boolean;
  detail: string;
}

export interface Finding {
  severity: 'error' | 'data-loss' | 'warning';
  stack: string;
  resource: string;
  type: string;
  message: string;
}

export type InterfaceKind = 'parameter' | 'output' | 'wiring';

export interface InterfaceChange {
  kind: InterfaceKind;
  stack: string;
  name: string;
  sign: '+' | '-' | '~';
  old?: string;
  new?: string;
  detail: string;
}

export type EnvironmentStatus = 'unchanged' | 'modified' | 'added' | 'removed';

export interface EnvironmentDiff {
  product: string;
  environment: string;
  status: EnvironmentStatus;
  stacks: StackDiff[];
  security: SecurityChange[];
  interface: InterfaceChange[];
  findings: Finding[];
}

export interface DiffReport {
  base: string;
  new: string;
  environments: EnvironmentDiff[];
  /** 0 no change, 1 changes, 2 replacements, security widening, or a finding. */
  exitCode: 0 | 1 | 2;
}
