/**
 * `make catalog`: builds and publishes every self-service product environment, records each new
 * version in the releases file (never twice, never overwritten), then builds the portfolio
 * template from the releases (dist/catalog/<env>/) and publishes it too, ready for make deploy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../build/compile-product.js';
import { SELF_SERVICE_ENVIRONMENT, type Product } from '../../build/product.js';
import type { CatalogInput, CatalogInputs } from '../../build/products/catalog.js';
import { writeDist } from '../../build/write-dist.js';
import { formatOfFile, parseTemplate } from '../../dsl/index.js';
import { publishEnvironment, type PublishResult } from '../publish/publish.js';
import type { S3Settings } from '../publish/s3-location.js';
import { addRelease, readReleases, ReleaseError, versionName, writeReleases, type Release } from './releases.js';

export interface CatalogOptions {
  dist: string;
  bucket: string;
  settings: S3Settings;
  /** Semantic version given to new releases. */
  semver: string;
  releasesFile: string;
  catalogue: readonly Product[];
  catalogProduct: Product<typeof CatalogInput>;
  log?: (line: string) => void;
}

export interface CatalogResult {
  releases: { release: Release; added: boolean }[];
  portfolio: PublishResult;
}

/**
 * What a product publishes to the catalog: its `self-service` environment when it declares launch
 * parameters, else every environment (the product's templates take parameters themselves).
 */
export function publishedEnvironments(product: Product): string[] {
  return typeof product.selfService === 'object' ? [SELF_SERVICE_ENVIRONMENT] : Object.keys(product.environments);
}

/** Service Catalog product name: the product's own name, with the environment when it publishes several. */
export function catalogProductName(product: Product, environment: string): string {
  return publishedEnvironments(product).length === 1 ? product.name : `${product.name}-${environment}`;
}

function resourceTypesOf(result: PublishResult): string[] {
  const types = new Set<string>();
  for (const artifact of result.artifacts) {
    const template = parseTemplate(readFileSync(join(result.packagedDir, artifact.path), 'utf8'), formatOfFile(artifact.path)) as { Resources?: Record<string, { Type?: string }> };
    for (const r of Object.values(template.Resources ?? {})) if (r.Type) types.add(r.Type);
  }
  return [...types].sort();
}

export async function publishCatalog(options: CatalogOptions): Promise<CatalogResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const selfService = options.catalogue.filter((p) => p.selfService);
  if (!selfService.length) throw new ReleaseError('no product in build/catalogue.ts is marked selfService: true; nothing to publish to the catalog');
  const data = readReleases(options.releasesFile);
  const releases: CatalogResult['releases'] = [];
  for (const product of selfService) {
    for (const environment of publishedEnvironments(product)) {
      const format = 'json';
      writeDist(options.dist, [buildEnvironment(product, environment, format)]);
      log(`${product.name}/${environment}:`);
      const published = await publishEnvironment({ folder: join(options.dist, product.name, environment), bucket: options.bucket, settings: options.settings, log: (l) => log(`  ${l}`) });
      const name = catalogProductName(product, environment);
      const outcome = addRelease(data, {
        product: name,
        source: { product: product.name, environment },
        version: versionName(options.semver, published.root.sha256),
        sha256: published.root.sha256,
        description: product.description,
        templateUrl: published.root.url,
        bucket: published.bucket,
        prefix: published.prefix,
        region: published.region,
        resourceTypes: resourceTypesOf(published),
      });
      if (outcome.added) writeReleases(options.releasesFile, data);
      log(outcome.added ? `  released ${name} ${outcome.release.version}` : `  ${name}: this template is already released as ${outcome.release.version}; nothing added`);
      releases.push(outcome);
    }
  }

  const catalog = options.catalogProduct;
  const [environment, inputs] = Object.entries(catalog.environments)[0]!;
  const withReleases = { ...catalog, environments: { [environment]: { ...(inputs as CatalogInputs), releasesFile: options.releasesFile } } } as unknown as Product;
  writeDist(options.dist, [buildEnvironment(withReleases, environment, 'json')]);
  log(`${catalog.name}/${environment} (portfolio template):`);
  const portfolio = await publishEnvironment({ folder: join(options.dist, catalog.name, environment), bucket: options.bucket, settings: options.settings, log: (l) => log(`  ${l}`) });
  return { releases, portfolio };
}
