/** Reads a built environment folder's manifest and checks the files still match it. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../build/compile-product.js';
import { PublishError } from './errors.js';

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function readManifest(folder: string): Manifest {
  const file = join(folder, 'manifest.json');
  if (!existsSync(file)) throw new PublishError(`${folder} has no manifest.json: run make build (PRODUCT=... ENV=...) first`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  for (const artifact of manifest.artifacts) {
    const path = join(folder, artifact.path);
    if (!existsSync(path)) throw new PublishError(`${path} is listed in the manifest but missing: run make build again`);
    if (sha256Hex(readFileSync(path)) !== artifact.sha256) throw new PublishError(`${path} does not match its manifest hash: run make build again`);
  }
  return manifest;
}
