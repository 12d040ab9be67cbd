/**
 * Puts the StackSet's templates where its stack instances read them: every nested template into the
 * bucket of every target region (same keys, same bytes), and the StackSet template into the bucket of
 * the StackSet's own region, whose URL CreateStackSet/UpdateStackSet take. Each bucket is checked to be
 * in the region it serves first; uploads are content-addressed and skipped when already there
 * (scripts/publish's uploadOnce). Deploy-ready copies go to dist/<product>/<env>/stackset/<name>/.
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { explainS3Error } from '../publish/errors.js';
import { withRetries } from '../publish/retry.js';
import { s3Client } from '../publish/s3-client.js';
import { objectUrl } from '../publish/s3-location.js';
import { uploadOnce } from '../publish/upload.js';
import { StackSetError } from './errors.js';
import type { TemplateBuckets } from './options.js';
import type { RegionalTemplates } from './regional.js';

const CONTENT_TYPES = { json: 'application/json', yaml: 'application/yaml' } as const;

export interface RegionalPublishOptions {
  buckets: TemplateBuckets;
  /** Regions whose stack instances read the nested templates. */
  regions: readonly string[];
  /** The StackSet's own region. */
  homeRegion: string;
  /** An S3-compatible endpoint (the sandbox). */
  endpoint?: string;
  log: (line: string) => void;
  /** A client per region; default the project's S3 client. */
  clientFor?: (region: string) => S3Client;
}

async function checkBucket(client: S3Client, bucket: string, region: string, endpoint: string | undefined): Promise<void> {
  const settings = endpoint ? { region, endpoint } : { region };
  try {
    const head = await withRetries(() => client.send(new HeadBucketCommand({ Bucket: bucket })));
    // A nested template is read from the region of the stack that nests it: a bucket elsewhere defeats the point.
    if (head.BucketRegion && head.BucketRegion !== region) throw new StackSetError(`bucket ${bucket} (BUCKET for ${region}) is in ${head.BucketRegion}: each region's templates go to a bucket in that region`);
  } catch (error) {
    if (error instanceof StackSetError) throw error;
    throw new StackSetError(explainS3Error(error, settings, bucket).message);
  }
}

/** Uploads; returns the StackSet template's URL (in the home region's bucket). */
export async function publishRegional(templates: RegionalTemplates, options: RegionalPublishOptions): Promise<string> {
  const clients = new Map<string, S3Client>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = options.clientFor?.(region) ?? s3Client(options.endpoint ? { region, endpoint: options.endpoint } : { region })));
    return client;
  };
  try {
    const upload = async (region: string, artifact: RegionalTemplates['root']) => {
      const bucket = options.buckets.bucketOf(region);
      try {
        const outcome = await uploadOnce(clientFor(region), { bucket, key: artifact.key, body: artifact.body, contentType: CONTENT_TYPES[artifact.format === 'yaml' ? 'yaml' : 'json'] });
        options.log(`  ${region.padEnd(15)} ${artifact.path.padEnd(24)} ${outcome === 'uploaded' ? 'uploaded       ' : 'already present'}  s3://${bucket}/${artifact.key}`);
      } catch (error) {
        throw new StackSetError(explainS3Error(error, options.endpoint ? { region, endpoint: options.endpoint } : { region }, bucket, artifact.key).message);
      }
    };
    const regions = [...new Set([...options.regions, options.homeRegion])];
    for (const region of regions) await checkBucket(clientFor(region), options.buckets.bucketOf(region), region, options.endpoint);
    for (const region of options.regions) for (const child of templates.children) await upload(region, child);
    await upload(options.homeRegion, templates.root);
    return objectUrl(options.buckets.bucketOf(options.homeRegion), options.homeRegion, templates.root.key);
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

/** Writes the templates as published into `dir` (replaced whole), for reading and linting. */
export function writeStackSetCopies(dir: string, templates: RegionalTemplates): void {
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}-`));
  try {
    for (const artifact of [...templates.children, templates.root]) writeFileSync(join(staging, artifact.path), artifact.body);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
