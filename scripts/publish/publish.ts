/**
 * Publishes one built environment (dist/<product>/<env>/) to S3, children first and the root
 * last, under content-addressed keys `<prefix>/<sha256>.<ext>` where the hash is that of the
 * published bytes (a parent's hash covers its children's URLs). A root is only uploaded once
 * every child is stored and verified, so a failure never leaves a root pointing at a missing
 * child, and a rerun skips what is already there. On success it writes deploy-ready copies to
 * `packaged/` (replaced whole, by rename) and a `published.json` record. With `minify`, what is
 * uploaded (and hashed, and packaged) is the minified JSON of a JSON build: the bytes the
 * compiler measured CloudFormation's size quotas on.
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { extensionOf, formatOfFile, LIMITS, type TemplateFormat } from '../../dsl/index.js';
import { explainS3Error, PublishError } from './errors.js';
import { readManifest, sha256Hex } from './manifest.js';
import { withRetries, type RetryOptions } from './retry.js';
import { rewriteTemplateUrls } from './rewrite.js';
import { s3Client } from './s3-client.js';
import { isBucketName, objectUrl, type S3Settings } from './s3-location.js';
import { uploadOnce } from './upload.js';

export interface PublishOptions {
  /** A built environment folder holding manifest.json. */
  folder: string;
  bucket: string;
  /** Key prefix; default: the product name (so a launch role can be limited to it). */
  prefix?: string;
  settings: S3Settings;
  client?: S3Client;
  retry?: RetryOptions;
  /** One line per artifact and per retry. */
  log?: (line: string) => void;
  /** Upload minified JSON copies of a pretty JSON build (`make publish MINIFY=1`). */
  minify?: boolean;
}

export interface PublishedArtifact {
  path: string;
  stack: string;
  key: string;
  url: string;
  sha256: string;
  bytes: number;
  outcome: 'uploaded' | 'present';
}

export interface PublishResult {
  product: string;
  environment: string;
  bucket: string;
  region: string;
  prefix: string;
  /** Children first, the root last. */
  artifacts: PublishedArtifact[];
  root: PublishedArtifact;
  packagedDir: string;
}

const CONTENT_TYPES = { json: 'application/json', yaml: 'application/yaml' } as const;

export function normalisePrefix(prefix: string): string {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  if (clean.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new PublishError(`PREFIX ${JSON.stringify(prefix)} is not a plain key prefix (like templates/my-product)`);
  return clean;
}

export async function publishEnvironment(options: PublishOptions): Promise<PublishResult> {
  const { folder, bucket, settings } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  if (!isBucketName(bucket)) throw new PublishError(`BUCKET ${JSON.stringify(bucket)} is not a valid S3 bucket name (3-63 characters of a-z, 0-9, '.', '-')`);
  const manifest = readManifest(folder);
  if (options.minify && manifest.format === 'yaml') {
    throw new PublishError(`MINIFY=1 uploads minified JSON, but ${folder} was built as YAML: build it with FORMAT=json or FORMAT=json-min`);
  }
  const sendFormat: TemplateFormat = options.minify ? 'json-min' : manifest.format;
  const prefix = normalisePrefix(options.prefix ?? manifest.product);
  const client = options.client ?? s3Client(settings);
  const retry: RetryOptions = {
    ...options.retry,
    onRetry: (attempt, error, delay) => log(`  retry ${attempt}: ${(error as Error).name ?? 'error'} ${(error as Error).message ?? ''} (waiting ${delay} ms)`.trimEnd()),
  };

  try {
    await withRetries(() => client.send(new HeadBucketCommand({ Bucket: bucket })), retry).then((head) => {
      if (head.BucketRegion && head.BucketRegion !== settings.region) throw new PublishError(`bucket ${bucket} is in ${head.BucketRegion}, not ${settings.region}: set REGION=${head.BucketRegion}`);
    });
  } catch (error) {
    throw explainS3Error(error, settings, bucket);
  }

  const urls = new Map<string, string>();
  const bodies = new Map<string, string>();
  const published: PublishedArtifact[] = [];
  const total = manifest.artifacts.length;
  for (const [index, artifact] of manifest.artifacts.entries()) {
    const original = readFileSync(join(folder, artifact.path), 'utf8');
    const reserialise = artifact.children.length > 0 || sendFormat !== manifest.format;
    const body = reserialise ? rewriteTemplateUrls(original, formatOfFile(artifact.path), urls, sendFormat) : original;
    const bytes = Buffer.byteLength(body);
    // The compiler checked the size before child URLs were filled in; this is the body sent.
    if (bytes > LIMITS.bodyBytes) {
      throw new PublishError(`${join(folder, artifact.path)} is ${bytes} bytes as published, over CloudFormation's limit of ${LIMITS.bodyBytes} bytes for a template read from S3${sendFormat === 'json-min' ? '' : ': publish it minified (MINIFY=1)'}`);
    }
    const sha256 = sha256Hex(body);
    const extension = extensionOf(sendFormat);
    const key = `${prefix}/${sha256}.${extension}`;
    let outcome: PublishedArtifact['outcome'];
    try {
      outcome = await uploadOnce(client, { bucket, key, body, contentType: CONTENT_TYPES[extension] }, retry);
    } catch (error) {
      throw explainS3Error(error, settings, bucket, key);
    }
    const url = objectUrl(bucket, settings.region, key);
    urls.set(artifact.path, url);
    bodies.set(artifact.path, body);
    published.push({ path: artifact.path, stack: artifact.stack, key, url, sha256, bytes, outcome });
    log(`[${index + 1}/${total}] ${artifact.path.padEnd(24)} ${String(bytes).padStart(7)} B  ${outcome === 'uploaded' ? 'uploaded       ' : 'already present'}  s3://${bucket}/${key}`);
  }

  const packagedDir = join(folder, 'packaged');
  writePackaged(packagedDir, bodies);
  const root = published.find((a) => a.path === manifest.root);
  if (!root) throw new PublishError(`manifest of ${folder} names root ${manifest.root}, which is not among its artifacts`);
  const result: PublishResult = { product: manifest.product, environment: manifest.environment, bucket, region: settings.region, prefix, artifacts: published, root, packagedDir };
  writeFileSync(join(folder, 'published.json'), JSON.stringify({ ...result, packagedDir: 'packaged' }, null, 2) + '\n');
  return result;
}

/** Replaces `dir` whole: written next to it, then swapped in by rename. */
function writePackaged(dir: string, bodies: ReadonlyMap<string, string>): void {
  const staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}-`));
  try {
    for (const [path, body] of bodies) writeFileSync(join(staging, path), body);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
