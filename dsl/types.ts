/**
 * Resource typing: resource type name -> properties (cloudform-types, patched where it lags the
 * spec) and -> Fn::GetAtt attribute names (generated from the CloudFormation spec).
 */
import type { ResourcePropsMap } from './spec/resource-types.js';
import type { PatchedResourcePropsMap } from './spec/patches.js';
import type { ResourceAttributes } from './spec/attributes.js';

export type ResourceType = keyof ResourcePropsMap | keyof PatchedResourcePropsMap;

export type ResourceProps<T extends ResourceType> = T extends keyof PatchedResourcePropsMap
  ? PatchedResourcePropsMap[T]
  : T extends keyof ResourcePropsMap
    ? ResourcePropsMap[T]
    : never;

/** Attribute names valid for `Fn::GetAtt` on a resource of type T; nested stacks expose `Outputs.<Name>`. */
export type AttributeName<T extends ResourceType> = T extends 'AWS::CloudFormation::Stack'
  ? `Outputs.${string}`
  : T extends keyof ResourceAttributes
    ? ResourceAttributes[T]
    : never;

export type DeletionPolicy = 'Delete' | 'Retain' | 'Snapshot' | 'RetainExceptOnCreate';
export type UpdateReplacePolicy = 'Delete' | 'Retain' | 'Snapshot';
