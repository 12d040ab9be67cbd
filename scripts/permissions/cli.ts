/**
 * `make permissions PRODUCT=x [ENV=y] [STACK=name] [OUTPUT=template|policy ACCOUNT=id REGION=r] [BUCKET=b PREFIX=p]`:
 * prints the least-privilege CloudFormation service role of a built product (see permissions.ts) on stdout,
 * what to know about it on stderr. Exit 1 with one message on failure.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { permissionsFor } from './permissions.js';

function main(env: NodeJS.ProcessEnv): number {
  const product = env['PRODUCT'];
  if (!product) {
    console.error('usage: make permissions PRODUCT=<product> [ENV=<environment>] [STACK=<stack name>] [OUTPUT=template|policy ACCOUNT=<id> REGION=<region>] [BUCKET=<bucket> PREFIX=<prefix>]');
    return 2;
  }
  const productDir = join(resolve(env['DIST'] || 'dist'), product);
  const built = existsSync(productDir) ? readdirSync(productDir).filter((e) => existsSync(join(productDir, e, 'manifest.json'))).sort() : [];
  if (!built.length) {
    console.error(`permissions: ${productDir} holds no built environment: run make build PRODUCT=${product} first`);
    return 1;
  }
  const environment = env['ENV'] || (built.length === 1 ? built[0]! : undefined);
  if (!environment || !built.includes(environment)) {
    console.error(`permissions: ${env['ENV'] ? `${product} has no built environment ${JSON.stringify(environment)}` : `${product} has several environments`}: give ENV= one of ${built.join(', ')}`);
    return 1;
  }
  const output = env['OUTPUT'] || 'template';
  if (output !== 'template' && output !== 'policy') {
    console.error(`permissions: OUTPUT ${JSON.stringify(output)} is not template or policy`);
    return 1;
  }
  try {
    const result = permissionsFor({
      folder: join(productDir, environment),
      stack: env['STACK'] || `${product}-${environment}`,
      output,
      ...(env['ACCOUNT'] ? { account: env['ACCOUNT'] } : {}),
      ...(env['REGION'] ? { region: env['REGION'] } : {}),
      ...(env['BUCKET'] ? { bucket: env['BUCKET'] } : {}),
      ...(env['PREFIX'] ? { prefix: env['PREFIX'] } : {}),
    });
    process.stdout.write(result.text);
    for (const note of result.notes) console.error(`permissions: ${note}`);
    return 0;
  } catch (error) {
    console.error(`permissions: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.env);
