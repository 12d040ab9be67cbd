/** Writes compiled trees under $ECS_COMPILED_DIR (when set) so checkov can scan them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Compiled } from '../helpers/compile.js';

export function writeCompiled(name: string, trees: Compiled[]): void {
  const dir = process.env['ECS_COMPILED_DIR'];
  if (!dir) return;
  trees.forEach((tree, index) => {
    const folder = join(dir, `${name}-${index}`);
    mkdirSync(folder, { recursive: true });
    for (const stack of tree.result.stacks) writeFileSync(join(folder, stack.file), stack.body);
  });
}
