/** Compiles a throwaway stack tree and gives a view of each template by stack path. */
import * as assert from 'uvu/assert';
import { compile, InputError, Stack, type CompileResult } from '../../dsl/index.js';
import { TemplateView } from './template.js';

export interface Compiled {
  result: CompileResult;
  /** View of the template of a stack path: `Root`, `Root/Network`, ... */
  stack(path: string): TemplateView;
  root: TemplateView;
}

export function compileTree(build: (root: Stack) => void, format: 'json' | 'yaml' = 'json'): Compiled {
  const root = Stack.root();
  build(root);
  const result = compile(root, { format });
  const views = new Map(result.stacks.map((s) => [s.path, new TemplateView(s.template, s.path)]));
  return {
    result,
    root: views.get('Root')!,
    stack(path: string) {
      const view = views.get(path.startsWith('Root') ? path : `Root/${path}`);
      if (!view) throw new Error(`no stack ${path} (have ${[...views.keys()].join(', ')})`);
      return view;
    },
  };
}

/** Runs `fn` and returns the error message it throws; fails when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** Like errorOf, and the error must be a blueprint InputError (not a compiler or runtime error). */
export function inputErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.instance(error, InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}
