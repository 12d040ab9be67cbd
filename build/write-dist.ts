/**
 * Writes built environments under dist/ so that a failed build leaves the previous dist/ as it
 * was: everything is written to a staging folder first, then each environment folder is swapped
 * in by rename.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltEnvironment } from './compile-product.js';

export function writeDist(distDir: string, built: readonly BuiltEnvironment[], extraFiles: (b: BuiltEnvironment) => Record<string, string> = () => ({})): void {
  mkdirSync(distDir, { recursive: true });
  const staging = mkdtempSync(join(distDir, '.staging-'));
  try {
    for (const env of built) {
      const folder = join(staging, env.product, env.environment);
      mkdirSync(folder, { recursive: true });
      for (const stack of env.result.stacks) writeFileSync(join(folder, stack.file), stack.body);
      writeFileSync(join(folder, 'manifest.json'), JSON.stringify(env.manifest, null, 2) + '\n');
      for (const [name, content] of Object.entries(extraFiles(env))) writeFileSync(join(folder, name), content);
    }
    for (const env of built) {
      const target = join(distDir, env.product, env.environment);
      mkdirSync(join(distDir, env.product), { recursive: true });
      const previous = `${target}.previous`;
      rmSync(previous, { recursive: true, force: true });
      if (existsSync(target)) renameSync(target, previous);
      renameSync(join(staging, env.product, env.environment), target);
      rmSync(previous, { recursive: true, force: true });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
