/** Shared views over a built product environment for the product tests. */
import type { BuiltEnvironment } from '../../build/compile-product.js';
import { TemplateView, type FoundResource } from '../helpers/template.js';

export function stackView(built: BuiltEnvironment, path: string): TemplateView {
  const stack = built.result.stacks.find((s) => s.path === path);
  if (!stack) throw new Error(`${built.product}/${built.environment}: no stack ${path} (${built.result.stacks.map((s) => s.path).join(', ')})`);
  return new TemplateView(stack.template, `${built.product}/${built.environment} ${path}`);
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: unknown[];
  Condition?: unknown;
}

/** Every statement of a role's inline policies. */
export function inlineStatements(role: FoundResource): Statement[] {
  const policies = (role.properties['Policies'] as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

/** Actions a role's inline policies allow, sorted. */
export function allowedActions(role: FoundResource): string[] {
  return inlineStatements(role)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => s.Action)
    .sort();
}
