/**
 * The `make test` stage "publish every built product to a local sandbox": starts moto, publishes
 * each dist/<product>/<env>/ (which writes the packaged/ copies the lint stage checks), stops
 * moto. One check per environment; the last line is `sandbox publish: N passed, N failed`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { publishEnvironment } from '../publish/publish.js';
import { createBucket, SANDBOX_BUCKET } from './bucket.js';
import { SANDBOX_ENV, startMoto } from './moto.js';

const dist = resolve(process.env['DIST'] || 'dist');

function environmentFolders(): string[] {
  if (!existsSync(dist)) return [];
  return readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .flatMap((d) => readdirSync(join(dist, d.name), { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(dist, d.name, e.name)))
    .filter((folder) => existsSync(join(folder, 'manifest.json')));
}

async function main(): Promise<number> {
  Object.assign(process.env, SANDBOX_ENV);
  const folders = environmentFolders();
  let passed = 0;
  let failed = 0;
  const sandbox = await startMoto();
  try {
    await createBucket(sandbox.endpoint);
    for (const folder of folders) {
      const lines: string[] = [];
      try {
        const result = await publishEnvironment({ folder, bucket: SANDBOX_BUCKET, settings: { region: SANDBOX_ENV.AWS_REGION, endpoint: sandbox.endpoint }, log: (l) => lines.push(l) });
        passed++;
        console.log(`ok   ${relative(process.cwd(), folder)}: ${result.artifacts.length} artifact(s), root ${result.root.key}`);
      } catch (error) {
        failed++;
        console.log(`FAIL ${relative(process.cwd(), folder)}: ${(error as Error).message}`);
        for (const l of lines) console.log(`  ${l}`);
      }
    }
  } finally {
    await sandbox.stop();
  }
  console.log(`sandbox publish: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.log(`sandbox publish failed to run: ${(error as Error).message}`);
  console.log('sandbox publish: 0 passed, 1 failed');
  process.exitCode = 1;
}
