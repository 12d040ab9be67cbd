/**
 * The released product versions, kept in the repo (build/catalog-releases.json) so the portfolio
 * template can be rebuilt exactly. Releases are only appended: a version is immutable, and
 * publishing the same template again finds its release instead of adding a second one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Release {
  /** Service Catalog product name. */
  product: string;
  /** The catalogue product and environment it was built from. */
  source: { product: string; environment: string };
  /** `<semver>+<first 12 hex of sha256>`. */
  version: string;
  /** SHA-256 of the published root template. */
  sha256: string;
  description: string;
  templateUrl: string;
  bucket: string;
  prefix: string;
  region: string;
  /** Resource types its templates create (the launch role's permissions). */
  resourceTypes: string[];
  /** Set by make catalog-deprecate, for the record: the guidance itself lives in Service Catalog. */
  deprecated?: boolean;
}

export interface ReleasesFile {
  releases: Release[];
}

export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

/** The repo's file, or the sandbox's own when publishing to an emulator (a sandbox must never touch the committed list). */
export function releasesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env['CATALOG_RELEASES']) return resolve(env['CATALOG_RELEASES']);
  const sandbox = env['S3_ENDPOINT'] || env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'];
  return resolve(sandbox ? '.sandbox/catalog-releases.json' : 'build/catalog-releases.json');
}

export function readReleases(file: string): ReleasesFile {
  if (!existsSync(file)) return { releases: [] };
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<ReleasesFile>;
  if (!Array.isArray(data.releases)) throw new ReleaseError(`${file} has no "releases" list`);
  return { releases: data.releases };
}

export function writeReleases(file: string, data: ReleasesFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(data, null, 2) + '\n');
  renameSync(temp, file);
}

export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

export function versionName(semver: string, sha256: string): string {
  if (!SEMVER.test(semver)) throw new ReleaseError(`VERSION ${JSON.stringify(semver)} is not a semantic version (like 1.4.0 or 2.0.0-rc.1)`);
  return `${semver}+${sha256.slice(0, 12)}`;
}

/**
 * Adds `release` unless its template is already released for that product (then returns the
 * existing one, `added: false`). A version name already used for other content is an error.
 */
export function addRelease(data: ReleasesFile, release: Release): { release: Release; added: boolean } {
  const same = data.releases.find((r) => r.product === release.product && r.sha256 === release.sha256);
  if (same) return { release: same, added: false };
  const clash = data.releases.find((r) => r.product === release.product && r.version === release.version);
  if (clash) throw new ReleaseError(`${release.product} ${release.version} is already released with other content; versions are immutable`);
  data.releases.push(release);
  return { release, added: true };
}
