/** The DSL: stacks, typed handles, intrinsics, compilation and serialisation. Knows nothing of ECS. */
export { Stack, type NestedStackOptions } from './stack.js';
export {
  ResourceHandle,
  ParameterHandle,
  parameterOf,
  ConditionHandle,
  MappingHandle,
  type Res,
  type ResourceDef,
  type ParameterDef,
  type ParameterType,
  type OutputDef,
  type RuleDef,
} from './entities.js';
export { Fn, Aws, type CfnValue, type ConditionExpr } from './intrinsics.js';
export { isToken, type Tok } from './tokens.js';
export type { ResourceType, ResourceProps, AttributeName } from './types.js';
export type { Value, List } from 'cloudform-types/types/dataTypes.js';
export { compile, type CompiledStack, type CompileResult, type Template } from './compile.js';
export { serialize, parseTemplate, formatOfFile, extensionOf, isTemplateFormat, TEMPLATE_FORMATS, type TemplateFormat } from './serialize.js';
export { LIMITS } from './validate.js';
export { CompileError, CompileErrors, InputError, type CompileWarning } from './errors.js';
export * as check from './inputs.js';
export * as s from './schema/index.js';
export type { Json } from './wiring.js';
export type { PreflightCheck, PreflightFinding } from './preflight/check.js';
export { TreeIndex, type TreeResource, type ResourceAddress } from './preflight/tree.js';
export type { PartitionOptions, PartitionBudget } from './partition-options.js';
export { tagProperty, hasRegistryType, type TagProperty } from './spec/registry-lookup.js';
