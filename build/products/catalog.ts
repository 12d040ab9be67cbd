/**
 * The Service Catalog portfolio: every self-service product version released so far (read from
 * build/catalog-releases.json, which `make catalog` appends to), offered to the product teams.
 * With no release yet it is a portfolio ready for its first product.
 */
import { readFileSync, existsSync } from 'node:fs';
import { portfolio, type CatalogProductInput } from '../../blueprints/catalog/portfolio.js';
import type { Stack } from '../../dsl/index.js';
import { defineProduct } from '../product.js';

export interface CatalogInputs {
  /** Releases file (relative to the project root). */
  releasesFile: string;
  principals: string[];
  tagOptions: Record<string, string[]>;
  owner: string;
  supportEmail?: string;
}

interface ReleaseRecord {
  product: string;
  version: string;
  description: string;
  templateUrl: string;
  bucket: string;
  prefix: string;
  resourceTypes: string[];
}

/** Releases grouped into products, versions oldest first, as the blueprint takes them. */
export function productsFromReleases(releases: readonly ReleaseRecord[], owner: string, supportEmail?: string): CatalogProductInput[] {
  const byName = new Map<string, ReleaseRecord[]>();
  for (const r of releases) byName.set(r.product, [...(byName.get(r.product) ?? []), r]);
  return [...byName.entries()].map(([name, versions]) => ({
    name,
    description: versions.at(-1)!.description,
    owner,
    ...(supportEmail ? { supportEmail } : {}),
    versions: versions.map((v) => ({ name: v.version, description: `${name} ${v.version}`, templateUrl: v.templateUrl })),
    templates: [...new Map(versions.map((v) => [`${v.bucket}/${v.prefix}`, { bucket: v.bucket, prefix: v.prefix }])).values()],
    resourceTypes: [...new Set(versions.flatMap((v) => v.resourceTypes))].sort(),
  }));
}

export function composeCatalog(root: Stack, inputs: CatalogInputs): void {
  const releases = existsSync(inputs.releasesFile) ? (JSON.parse(readFileSync(inputs.releasesFile, 'utf8')) as { releases: ReleaseRecord[] }).releases : [];
  portfolio(root, {
    displayName: 'Platform self-service',
    providerName: 'Platform team',
    description: 'ECS Fargate building blocks product teams launch themselves',
    principals: inputs.principals,
    tagOptions: inputs.tagOptions,
    products: productsFromReleases(releases, inputs.owner, inputs.supportEmail),
  });
}

export default defineProduct<CatalogInputs>({
  name: 'catalog',
  description: 'The Service Catalog portfolio of the self-service products, every released version listed',
  compose: composeCatalog,
  environments: {
    shared: {
      releasesFile: 'build/catalog-releases.json',
      principals: ['ProductTeamDeveloper', 'PlatformAdmin'],
      tagOptions: { 'cost-centre': ['platform', 'product'], 'data-classification': ['internal', 'confidential'] },
      owner: 'Platform team',
    },
  },
});
