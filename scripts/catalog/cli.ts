/**
 * `make catalog BUCKET=b [VERSION=x.y.z] [REGION=r] [S3_ENDPOINT=url]`: publishes the self-service
 * product versions and builds + publishes the portfolio template (dist/catalog/shared/).
 * `make catalog-deprecate PRODUCT=<catalog product> VERSION=<version name>`: marks a version
 * deprecated in Service Catalog.
 * `make catalog-share PORTFOLIO=<id> | STACK=<catalog stack> [ENV=e] [PRUNE=1]`: shares the portfolio with
 * the organisation nodes of the catalog's inputs.
 * `make catalog-accept PORTFOLIO=<id> [SHARE_TYPE=IMPORTED|AWS_ORGANIZATIONS] [PRINCIPALS=arn,...]`: imports a
 * shared portfolio in a recipient account. Exit 1 with one message on failure.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogue } from '../../build/catalogue.js';
import catalogProduct from '../../build/products/catalog.js';
import type { CatalogInput } from '../../build/products/catalog.js';
import type { Product } from '../../build/product.js';
import { s } from '../../dsl/index.js';
import { PublishError } from '../publish/errors.js';
import { s3SettingsFromEnv } from '../publish/s3-location.js';
import { cloudFormationClient, cloudFormationEndpoint } from '../stackset/client.js';
import { acceptRequestFromEnv, acceptShare } from './accept.js';
import { deprecateVersion, serviceCatalogClient } from './deprecate.js';
import { MissingOperationError } from './emulator.js';
import { applyShares } from './share.js';
import { catalogFolder, portfolioIdOfStack, PortfolioIdInput, readSharePlan } from './share-plan.js';
import { publishCatalog } from './publish-catalog.js';
import { readReleases, ReleaseError, releasesPath, writeReleases } from './releases.js';

const packageVersion = () => (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

async function publish(env: NodeJS.ProcessEnv): Promise<number> {
  const bucket = env['BUCKET'];
  if (!bucket) {
    console.error('usage: make catalog BUCKET=<bucket> [VERSION=<semver>] [REGION=<region>] [S3_ENDPOINT=<url>] [CATALOG_RELEASES=<file>]');
    return 2;
  }
  const releasesFile = releasesPath(env);
  const result = await publishCatalog({
    dist: resolve(env['DIST'] || 'dist'),
    bucket,
    settings: s3SettingsFromEnv(env),
    semver: env['VERSION'] || packageVersion(),
    releasesFile,
    catalogue,
    catalogProduct: catalogProduct as unknown as Product<typeof CatalogInput>,
  });
  const added = result.releases.filter((r) => r.added).length;
  console.log(`catalog: ${added} new version(s), ${result.releases.length - added} already released; releases in ${releasesFile}`);
  console.log(`portfolio template: ${result.portfolio.root.url}`);
  console.log(`deploy it: make deploy PRODUCT=${result.portfolio.product} ENV=${result.portfolio.environment} STACK=<stack name>`);
  return 0;
}

async function deprecate(env: NodeJS.ProcessEnv): Promise<number> {
  const product = env['PRODUCT'];
  const version = env['VERSION'];
  if (!product || !version) {
    console.error('usage: make catalog-deprecate PRODUCT=<catalog product name> VERSION=<version name, e.g. 1.2.0+3f9a1c2b7d4e> [REGION=<region>]');
    return 2;
  }
  const settings = s3SettingsFromEnv(env);
  const endpoint = env['SERVICECATALOG_ENDPOINT'] || env['AWS_ENDPOINT_URL_SERVICE_CATALOG'] || env['AWS_ENDPOINT_URL'];
  const client = serviceCatalogClient(settings.region, endpoint);
  const { artifactId } = await deprecateVersion(client, product, version, endpoint);
  const file = releasesPath(env);
  const data = readReleases(file);
  const release = data.releases.find((r) => r.product === product && r.version === version);
  if (release && !release.deprecated) {
    release.deprecated = true;
    writeReleases(file, data);
  }
  console.log(`${product} ${version} (${artifactId}) is now DEPRECATED: no new launches; running products are untouched`);
  return 0;
}

const serviceCatalogEndpoint = (env: NodeJS.ProcessEnv) => env['SERVICECATALOG_ENDPOINT'] || env['AWS_ENDPOINT_URL_SERVICE_CATALOG'] || env['AWS_ENDPOINT_URL'] || undefined;
const yes = (value: string | undefined) => ['1', 'true', 'yes'].includes((value ?? '').toLowerCase());

async function share(env: NodeJS.ProcessEnv): Promise<number> {
  if (!env['PORTFOLIO'] && !env['STACK']) {
    console.error('usage: make catalog-share PORTFOLIO=<portfolio id> | STACK=<catalog stack name> [ENV=<catalog environment>] [PRUNE=1] [REGION=<region>]');
    return 2;
  }
  const plan = readSharePlan(catalogFolder(resolve(env['DIST'] || 'dist'), env['ENV'] || undefined));
  const region = s3SettingsFromEnv(env).region;
  let portfolioId: string;
  if (env['PORTFOLIO']) {
    portfolioId = s.parse(PortfolioIdInput, env['PORTFOLIO'], 'PORTFOLIO');
  } else {
    const cfn = cloudFormationClient(region, cloudFormationEndpoint(env));
    try {
      portfolioId = await portfolioIdOfStack(cfn, env['STACK']!);
    } finally {
      cfn.destroy();
    }
  }
  if (!plan.nodes.length && !yes(env['PRUNE'])) {
    console.log(`the catalog's inputs name no organisation node (shares.organizationNodes): nothing to share for ${portfolioId}`);
    return 0;
  }
  const endpoint = serviceCatalogEndpoint(env);
  const client = serviceCatalogClient(region, endpoint);
  try {
    console.log(`sharing portfolio ${portfolioId} (tag options ${plan.shareTagOptions ? 'shared' : 'not shared'}, principal names ${plan.sharePrincipals ? 'shared' : 'not shared'}):`);
    const outcomes = await applyShares(client, portfolioId, plan, { ...(endpoint ? { endpoint } : {}), prune: yes(env['PRUNE']) });
    const count = (action: string) => outcomes.filter((o) => o.action === action).length;
    console.log(`catalog-share: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('removed')} removed, ${count('kept')} kept`);
    return 0;
  } finally {
    client.destroy();
  }
}

async function accept(env: NodeJS.ProcessEnv): Promise<number> {
  if (!env['PORTFOLIO']) {
    console.error('usage: make catalog-accept PORTFOLIO=<portfolio id> [SHARE_TYPE=IMPORTED|AWS_ORGANIZATIONS] [PRINCIPALS=<role ARN>,...] [REGION=<region>]');
    return 2;
  }
  const request = acceptRequestFromEnv(env);
  const endpoint = serviceCatalogEndpoint(env);
  const client = serviceCatalogClient(s3SettingsFromEnv(env).region, endpoint);
  try {
    await acceptShare(client, request, endpoint ? { endpoint } : {});
    console.log(`catalog-accept: ${request.PORTFOLIO} is in this account's accepted portfolios (${request.SHARE_TYPE})`);
    return 0;
  } finally {
    client.destroy();
  }
}

const commands: Record<string, (env: NodeJS.ProcessEnv) => Promise<number>> = { publish, deprecate, share, accept };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error('usage: catalog publish|deprecate|share|accept');
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await command(process.env);
  } catch (error) {
    const known = error instanceof PublishError || error instanceof ReleaseError || error instanceof MissingOperationError || (error as Error).name === 'InputError' || (error as Error).name === 'ProductBuildError';
    // An AWS answer (AccessDenied, a validation error) is the whole story too; anything else is a defect: show where.
    const aws = (error as { $metadata?: unknown }).$metadata !== undefined;
    console.error(`catalog failed: ${known ? (error as Error).message : aws ? `${(error as Error).name}: ${(error as Error).message}` : ((error as Error).stack ?? String(error))}`);
    process.exitCode = 1;
  }
}
