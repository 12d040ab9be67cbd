// Part of an import circle: stack.ts, entities.ts, tokens.ts and intrinsics.ts import each other.
/**
 * Typed handles to what a stack declares. A handle knows its stack and logical id; using it in
 * another stack is what makes the compiler wire an Output, a Parameter and a GetAtt.
 */
import type { Stack } from './stack.js';
import { AttrToken, FnToken, RefToken, type Tok } from './tokens.js';
import type { CfnValue } from './intrinsics.js';
import type { ParameterConstraint } from './schema/constraint.js';
import type { AttributeName, DeletionPolicy, ResourceProps, ResourceType, UpdateReplacePolicy } from './types.js';

export abstract class Entity {
  constructor(
    readonly stack: Stack,
    readonly id: string,
  ) {}

  /** `Root/Network/Vpc`: unique in the whole tree. */
  get path(): string {
    return `${this.stack.path}/${this.id}`;
  }

  /**
   * Internal: the partition stage (dsl/partition.ts) moves a declaration to a generated nested stack
   * while it compiles, and back afterwards; use `Stack.moveResource`, which keeps the tables right.
   */
  relocate(stack: Stack): void {
    (this as { stack: Stack }).stack = stack;
  }
}

/** What `Stack.add` takes: CloudFormation's own resource shape, typed by its `Type`. */
export interface ResourceDef<T extends ResourceType> {
  Type: T;
  Properties?: ResourceProps<T>;
  DependsOn?: readonly ResourceHandle[];
  Condition?: ConditionHandle;
  DeletionPolicy?: DeletionPolicy;
  UpdateReplacePolicy?: UpdateReplacePolicy;
  Metadata?: Record<string, CfnValue>;
  CreationPolicy?: Record<string, CfnValue>;
  UpdatePolicy?: Record<string, CfnValue>;
}

export class ResourceHandle<T extends ResourceType = ResourceType> extends Entity {
  readonly dependencies: ResourceHandle[] = [];

  constructor(
    stack: Stack,
    id: string,
    /** The resource as declared: mutable, the escape hatch for adjusting any property. */
    readonly def: ResourceDef<T>,
  ) {
    super(stack, id);
    if (def.DependsOn) this.dependencies.push(...def.DependsOn);
  }

  get type(): T {
    return this.def.Type;
  }

  /** The properties object; assign to it to adjust a property a blueprint did not expose. */
  get props(): ResourceProps<T> {
    const properties = this.def.Properties ?? ({} as ResourceProps<T>);
    this.def.Properties = properties;
    return properties;
  }

  get ref(): Tok {
    return new RefToken(this).asValue();
  }

  attr(name: AttributeName<T>): Tok {
    return new AttrToken(this, name).asValue();
  }

  /** Adds explicit dependencies; across stacks they become DependsOn between the nested stacks. */
  dependsOn(...others: ResourceHandle[]): this {
    for (const other of others) if (!this.dependencies.includes(other)) this.dependencies.push(other);
    return this;
  }
}

/** Short alias, as in the design: `Res<'AWS::EC2::VPC'>`. */
export type Res<T extends ResourceType = ResourceType> = ResourceHandle<T>;

export type ParameterType =
  | 'String'
  | 'Number'
  | 'List<Number>'
  | 'CommaDelimitedList'
  | `AWS::${string}`
  | `List<AWS::${string}>`;

export interface ParameterDef {
  Type: ParameterType;
  Description?: string;
  Default?: string | number;
  AllowedValues?: readonly (string | number)[];
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinLength?: number;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
  NoEcho?: boolean;
  /** Console label (AWS::CloudFormation::Interface ParameterLabels). */
  Label?: string;
}

export class ParameterHandle extends Entity {
  /** Constraints of the inputs this parameter feeds (the compiler merges them into the template). */
  readonly constraints: { constraint: ParameterConstraint; source: string }[] = [];

  constructor(
    stack: Stack,
    id: string,
    readonly def: ParameterDef,
  ) {
    super(stack, id);
  }

  /** Records that the parameter's value must satisfy `constraint`, because it feeds the input `source`. */
  constrain(constraint: ParameterConstraint, source: string): void {
    this.constraints.push({ constraint, source });
  }

  get ref(): Tok {
    return new RefToken(this).asValue();
  }

  /** True for list-typed parameters, which cross a stack boundary joined with commas. */
  get isList(): boolean {
    return this.def.Type.startsWith('List<') || this.def.Type === 'CommaDelimitedList';
  }
}

/** The parameter a value is the `Ref` of (`param.ref`), else undefined. */
export function parameterOf(value: unknown): ParameterHandle | undefined {
  return value instanceof RefToken && value.target instanceof ParameterHandle ? value.target : undefined;
}

export class ConditionHandle extends Entity {
  constructor(
    stack: Stack,
    id: string,
    readonly expression: Tok,
  ) {
    super(stack, id);
  }
}

export type MappingTable = Record<string, Record<string, string | number | boolean | readonly string[]>>;

export class MappingHandle extends Entity {
  constructor(
    stack: Stack,
    id: string,
    readonly table: MappingTable,
  ) {
    super(stack, id);
  }

  /**
   * `Fn::FindInMap` in this mapping. With `defaultValue`, a missing key yields it instead of failing
   * the deployment (the compiler then adds the AWS::LanguageExtensions transform).
   */
  find(topLevelKey: string | Tok, secondLevelKey: string | Tok, defaultValue?: CfnValue): Tok {
    const keys = [new RefToken(this), topLevelKey, secondLevelKey];
    return new FnToken('Fn::FindInMap', defaultValue === undefined ? keys : [...keys, { DefaultValue: defaultValue }]).asValue();
  }
}

export interface RuleDef {
  RuleCondition?: Tok;
  Assertions: readonly { Assert: Tok; AssertDescription?: string }[];
}

export interface OutputDef {
  Value: CfnValue;
  Description?: string;
  Condition?: ConditionHandle;
}
