/**
 * `make publish PRODUCT=x ENV=y BUCKET=b [PREFIX=p] [REGION=r] [S3_ENDPOINT=url] [MINIFY=1]`:
 * uploads a built environment (MINIFY=1: minified copies of a pretty JSON build) and writes
 * dist/<x>/<y>/packaged/. Exit 1 with one message on failure.
 */
import { resolve, join } from 'node:path';
import { PublishError } from './errors.js';
import { publishEnvironment } from './publish.js';
import { s3SettingsFromEnv } from './s3-location.js';

async function main(): Promise<number> {
  const env = process.env;
  const product = env['PRODUCT'];
  const environment = env['ENV'];
  const bucket = env['BUCKET'];
  const minify = env['MINIFY'] ?? '';
  if (!product || !environment || !bucket || !['', '0', '1'].includes(minify)) {
    console.error('usage: make publish PRODUCT=<product> ENV=<environment> BUCKET=<bucket> [PREFIX=<prefix>] [REGION=<region>] [S3_ENDPOINT=<url>] [MINIFY=1]');
    return 2;
  }
  const settings = s3SettingsFromEnv(env);
  const folder = join(resolve(env['DIST'] || 'dist'), product, environment);
  console.log(`publishing ${product}/${environment} to s3://${bucket} (${settings.endpoint ?? settings.region})${minify === '1' ? ', minified' : ''}`);
  try {
    const result = await publishEnvironment({ folder, bucket, settings, minify: minify === '1', ...(env['PREFIX'] ? { prefix: env['PREFIX'] } : {}) });
    const uploaded = result.artifacts.filter((a) => a.outcome === 'uploaded').length;
    console.log(`published ${result.artifacts.length} artifact(s), ${uploaded} uploaded, ${result.artifacts.length - uploaded} already present`);
    console.log(`root: ${result.root.url}`);
    console.log(`deploy-ready copies: ${result.packagedDir}`);
    return 0;
  } catch (error) {
    const message = error instanceof PublishError ? error.message : `unexpected failure: ${(error as Error).stack ?? String(error)}`;
    console.error(`publish failed: ${message}`);
    console.error('nothing that was published points at a missing template; rerun to finish the job.');
    return 1;
  }
}

process.exitCode = await main();
