/**
 * What a system knows of the product environment it is composed for, and the production rule: an
 * environment named prod or production keeps what it cannot lose (deletion protection on the load
 * balancer, stateful resources retained when the stack goes) unless its inputs turn that off.
 */
import type { Stack } from '../../dsl/index.js';

export interface SystemContext {
  /** The product environment, e.g. `production`. */
  environment: string;
}

/** `prod`, `production`, `prod-eu`, `production-2`...: the environments that keep what they cannot lose. */
export function isProduction(context: SystemContext | undefined): boolean {
  return /^prod(uction)?([-_.].*)?$/i.test(context?.environment ?? '');
}

/** Resources whose loss loses data or keys: retained when the stack is deleted or the resource replaced. */
const STATEFUL_TYPES = new Set(['AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::S3::Bucket']);

/** Sets DeletionPolicy and UpdateReplacePolicy `Retain` on every stateful resource of the tree. */
export function retainStatefulResources(root: Stack): void {
  const visit = (stack: Stack) => {
    for (const resource of stack.resources.values()) {
      if (!STATEFUL_TYPES.has(resource.type)) continue;
      resource.def.DeletionPolicy = 'Retain';
      resource.def.UpdateReplacePolicy = 'Retain';
    }
    stack.children.forEach(visit);
  };
  visit(root);
}
