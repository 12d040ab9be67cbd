/**
 * The Service Catalog portfolio: every self-service product version released so far (read from
 * build/catalog-releases.json, which `make catalog` appends to), offered to the product teams.
 * With no release yet it is a portfolio ready for its first product.
 */
import { readFileSync, existsSync } from 'node:fs';
import * as v from 'valibot';
import { portfolio, PortfolioSharesInput, PrincipalSchema, type CatalogProductInput } from '../../blueprints/catalog/portfolio.js';
import { InputError, s, type Stack } from '../../dsl/index.js';
import { defineProduct } from '../product.js';

export const CatalogInput = s.object({
  /** Releases file (relative to the project root), written by `make catalog`. */
  releasesFile: s.text(/^[^\0]+\.json$/, 'a path to a .json file', { max: 1024 }),
  /**
   * Who may launch the products: IAM role names of this account (`ProductTeam`, `teams/Web`) or role/user ARNs
   * (PrincipalType IAM, this account only), or `{ "rolePattern": "ProductTeam" }` (also: a name ending in `*`) for a
   * role of that name in every account the portfolio reaches (PrincipalType IAM_PATTERN, at most 10).
   */
  principals: s.list(PrincipalSchema, { min: 1, max: 100 }, 'principals'),
  /** Allowed values per tag key users pick when launching. */
  tagOptions: s.optional(s.record(s.string({ max: 128 }), s.list(s.string({ max: 256 }), { min: 1, max: 50 }, 'values')), {}),
  /** Who owns the products. */
  owner: s.string({ max: 8191 }),
  /** Contact address shown to users. Default: none. */
  supportEmail: s.optional(s.text(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address', { max: 254 })),
  /**
   * Who else gets the portfolio: `accounts` (account-to-account shares, in the template; each recipient runs
   * `make catalog-accept`) and `organizationNodes` (the organisation, OUs or member accounts; `make catalog-share`).
   * Default: not shared.
   */
  shares: s.optional(PortfolioSharesInput, {}),
});
export type CatalogInputs = s.Input<typeof CatalogInput>;

/** One released version, as `make catalog` records it. */
export const ReleaseRecordInput = v.looseObject({
  product: s.string({ max: 100 }),
  version: s.string({ max: 100 }),
  description: s.string({ min: 0, max: 8191 }),
  templateUrl: s.string({ max: 2048 }),
  bucket: s.string({ max: 63 }),
  prefix: s.string({ max: 1024 }),
  resourceTypes: s.list(s.text(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'a resource type such as AWS::ECS::Service')),
});
export type ReleaseRecord = v.InferOutput<typeof ReleaseRecordInput>;

/** The releases file: `{ "releases": [...] }`, each record checked (a merge conflict or a wrong shape is an error naming the file). */
export function readReleaseRecords(file: string): ReleaseRecord[] {
  // A missing file is a typo, not "no releases": the committed file starts as { "releases": [] }.
  if (!existsSync(file)) throw new InputError('releasesFile', file, 'does not exist (make catalog writes it; the committed one is build/catalog-releases.json)');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, 'file', `is not valid JSON (${(error as Error).message}); resolve any merge conflict and keep every release`);
  }
  return s.parse(v.object({ releases: s.list(ReleaseRecordInput, { max: 10000 }, 'releases') }), data, file).releases;
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

export function composeCatalog(root: Stack, props: CatalogInputs): void {
  const inputs = s.parse(CatalogInput, props, 'catalog');
  const releases = readReleaseRecords(inputs.releasesFile);
  portfolio(root, {
    displayName: 'Platform self-service',
    providerName: 'Platform team',
    description: 'ECS Fargate building blocks product teams launch themselves',
    principals: inputs.principals,
    tagOptions: inputs.tagOptions,
    shares: inputs.shares,
    products: productsFromReleases(releases, inputs.owner, inputs.supportEmail),
  });
}

export default defineProduct({
  name: 'catalog',
  inputs: CatalogInput,
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
