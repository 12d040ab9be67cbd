/**
 * A released catalogue version as a diff base: its record in the releases file
 * (build/catalog-releases.json, or .sandbox/catalog-releases.json against an emulator) says where
 * its root template was published; the root's TemplateURLs lead to the children. Objects are read
 * with the project's S3 client (S3_ENDPOINT honoured) and the root checked against the recorded hash.
 */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { formatOfFile, parseTemplate } from '../../dsl/serialize.js';
import { readReleases, releasesPath, type Release } from '../catalog/releases.js';
import { s3SettingsFromEnv } from '../publish/s3-location.js';
import { DiffInputError } from './errors.js';
import type { BuildSource, EnvironmentSource, StackSource, Template } from './model.js';
import { STACK_TYPE } from './resources.js';

/** `1.4.0` matches `1.4.0+<hash>` of every product released under it; a full version name matches itself. */
export function matchingReleases(base: string, env: NodeJS.ProcessEnv = process.env): { file: string; releases: Release[] } {
  const file = releasesPath(env);
  const releases = readReleases(file).releases.filter((r) => r.version === base || r.version.split('+')[0] === base);
  return { file, releases };
}

/** The object key of a template URL in `bucket`: virtual-hosted (`https://b.s3.r.amazonaws.com/k`) or path-style (`https://s3.r.amazonaws.com/b/k`). */
export function objectKeyOf(url: string, bucket: string): string {
  const parsed = new URL(url);
  const parts = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parsed.hostname.startsWith(`${bucket}.`)) return parts.join('/');
  if (parts[0] === bucket) return parts.slice(1).join('/');
  throw new DiffInputError(`${url} is not an object URL of bucket ${bucket}`);
}

async function readRelease(release: Release, env: NodeJS.ProcessEnv): Promise<EnvironmentSource> {
  const [{ GetObjectCommand }, { s3Client }, { explainS3Error }] = await Promise.all([import('@aws-sdk/client-s3'), import('../publish/s3-client.js'), import('../publish/errors.js')]);
  const settings = { ...s3SettingsFromEnv(env), region: release.region };
  const client = s3Client(settings);
  const read = async (key: string) => {
    try {
      return await (await client.send(new GetObjectCommand({ Bucket: release.bucket, Key: key }))).Body!.transformToString();
    } catch (error) {
      throw new DiffInputError(`release ${release.product} ${release.version}: ${explainS3Error(error, settings, release.bucket, key).message}`);
    }
  };
  const stacks = new Map<string, StackSource>();
  const load = async (path: string, url: string, expected?: string) => {
    const key = objectKeyOf(url, release.bucket);
    const body = await read(key);
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (expected && sha256 !== expected) throw new DiffInputError(`release ${release.product} ${release.version}: s3://${release.bucket}/${key} has sha256 ${sha256}, its record says ${expected}`);
    const template = parseTemplate(body, formatOfFile(key)) as Template;
    stacks.set(path, { path, template, sha256 });
    const children = Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === STACK_TYPE && typeof r.Properties?.['TemplateURL'] === 'string');
    await Promise.all(children.map(([id, r]) => load(`${path}/${id}`, r.Properties!['TemplateURL'] as string)));
  };
  try {
    await load('Root', release.templateUrl, release.sha256);
  } finally {
    client.destroy();
  }
  return { product: release.source.product, environment: release.source.environment, stacks };
}

export async function releaseSource(base: string, releases: readonly Release[], file: string, env: NodeJS.ProcessEnv = process.env): Promise<BuildSource> {
  const environments = await Promise.all(releases.map((r) => readRelease(r, env)));
  const names = [...new Set(releases.map((r) => r.version))].join(', ');
  return { label: `release ${base === names ? base : `${base} (${names})`} from ${relative(process.cwd(), file) || file}`, environments, partial: true };
}
