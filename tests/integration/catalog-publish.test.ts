import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CreatePortfolioCommand,
  CreateProductCommand,
  DescribeProductCommand,
  DescribeProductAsAdminCommand,
  ListPortfoliosCommand,
  UpdateProvisioningArtifactCommand,
  type ProvisioningArtifactProperties,
} from '@aws-sdk/client-service-catalog';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineProduct, type Product } from '../../build/product.js';
import catalogProduct, { type CatalogInput } from '../../build/products/catalog.js';
import minimal from '../../build/products/minimal-service.js';
import { deprecateVersion, serviceCatalogClient, type CatalogApi } from '../../scripts/catalog/deprecate.js';
import { catalogProductName, publishCatalog } from '../../scripts/catalog/publish-catalog.js';
import { addRelease, readReleases, releasesPath, type Release } from '../../scripts/catalog/releases.js';
import { TemplateView } from '../helpers/template.js';
import { REGION, runScript, startFixture, type MotoFixture } from './helpers/sandbox.js';

let moto: MotoFixture;
const scratch = mkdtempSync(join(tmpdir(), 'catalog-test-'));
const dist = join(scratch, 'dist');
const releasesFile = join(scratch, 'releases.json');
/** A self-service product of two environments, standing in for any product marked selfService. */
const selfService = (edition?: string): Product =>
  defineProduct({
    ...minimal,
    selfService: true,
    compose: (root, inputs, context) => {
      minimal.compose(root, inputs, context);
      if (edition) root.description = edition;
    },
  });
const notSelfService = defineProduct({ ...minimal, name: 'internal-only' });

const run = (semver: string, product: Product = selfService()) =>
  publishCatalog({
    dist,
    bucket: 'catalog-templates',
    settings: { region: REGION, endpoint: moto.sandbox.endpoint },
    semver,
    releasesFile,
    catalogue: [product, notSelfService],
    catalogProduct: catalogProduct as unknown as Product<typeof CatalogInput>,
    log: () => {},
  });
const portfolioView = () => TemplateView.load(join(dist, 'catalog', 'shared', 'packaged', 'root.json'));
const artifactNames = (view: TemplateView, id: string) =>
  (view.byId(id, 'AWS::ServiceCatalog::CloudFormationProduct').properties['ProvisioningArtifactParameters'] as { Name: string }[]).map((a) => a.Name);

test.before(async () => {
  moto = await startFixture();
  await moto.bucket('catalog-templates');
});
test.after(async () => {
  await moto.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('make catalog: publishes each self-service environment as a version and builds the portfolio from the releases', async () => {
  const result = await run('0.1.0');
  assert.equal(result.releases.map((r) => [r.release.product, r.added]), [['minimal-service-prod', true], ['minimal-service-staging', true]]);
  const releases = readReleases(releasesFile).releases;
  assert.is(releases.length, 2);
  for (const r of releases) {
    assert.match(r.version, new RegExp(`^0\\.1\\.0\\+${r.sha256.slice(0, 12)}$`));
    assert.is(r.templateUrl, `https://catalog-templates.s3.us-east-1.amazonaws.com/minimal-service/${r.sha256}.json`);
    assert.ok(r.resourceTypes.includes('AWS::ECS::Service') && r.resourceTypes.includes('AWS::CloudFormation::Stack'), r.resourceTypes.join());
    assert.ok((await moto.keys('catalog-templates')).includes(`minimal-service/${r.sha256}.json`), 'the released root is in the bucket');
  }
  const view = portfolioView();
  view.expectCount('AWS::ServiceCatalog::CloudFormationProduct', 2);
  assert.equal(artifactNames(view, 'ProductMinimalServiceProd'), [releases[0]!.version]);
  view.resource('AWS::ServiceCatalog::CloudFormationProduct', { Name: 'minimal-service-staging', ProvisioningArtifactParameters: [{ Info: { LoadTemplateFromURL: releases[1]!.templateUrl } }] });
  assert.is(result.portfolio.product, 'catalog');
  assert.match(result.portfolio.root.key, /^catalog\/[0-9a-f]{64}\.json$/);
});

test('publishing twice adds no duplicate version, even under a new semantic version', async () => {
  const before = readFileSync(releasesFile, 'utf8');
  const again = await run('0.1.0');
  const bumped = await run('0.2.0');
  assert.ok([...again.releases, ...bumped.releases].every((r) => !r.added));
  assert.is(readFileSync(releasesFile, 'utf8'), before, 'the releases file is unchanged');
  assert.equal(artifactNames(portfolioView(), 'ProductMinimalServiceProd'), [readReleases(releasesFile).releases[0]!.version]);
});

test('a changed template becomes a new version; earlier versions stay, in order', async () => {
  const first = readReleases(releasesFile).releases;
  const result = await run('0.3.0', selfService('One container service behind an ALB, second edition'));
  assert.ok(result.releases.every((r) => r.added && r.release.version.startsWith('0.3.0+')), JSON.stringify(result.releases.map((r) => [r.added, r.release.version])));
  const releases = readReleases(releasesFile).releases;
  assert.equal(releases.slice(0, 2), first, 'released versions are never rewritten');
  assert.equal(artifactNames(portfolioView(), 'ProductMinimalServiceProd'), [first[0]!.version, releases[2]!.version]);
});

test('the portfolio and product definitions are accepted by the Service Catalog API (emulated)', async () => {
  const view = portfolioView();
  const client = serviceCatalogClient(REGION, moto.sandbox.endpoint);
  try {
    const folio = view.byId('Portfolio', 'AWS::ServiceCatalog::Portfolio').properties as unknown as { DisplayName: string; ProviderName: string; Description: string };
    await client.send(new CreatePortfolioCommand({ ...folio, IdempotencyToken: 'portfolio-1' }));
    const product = view.byId('ProductMinimalServiceProd').properties as unknown as { Name: string; Owner: string; Description: string; ProvisioningArtifactParameters: ProvisioningArtifactProperties[] };
    await client.send(
      new CreateProductCommand({
        Name: product.Name,
        Owner: product.Owner,
        Description: product.Description,
        ProductType: 'CLOUD_FORMATION_TEMPLATE',
        ProvisioningArtifactParameters: product.ProvisioningArtifactParameters.at(-1)!,
        IdempotencyToken: 'product-1',
      }),
    );
    const described = await client.send(new DescribeProductCommand({ Name: 'minimal-service-prod' }));
    assert.is(described.ProductViewSummary?.Owner, 'Platform team');
    assert.equal((await client.send(new ListPortfoliosCommand({}))).PortfolioDetails?.map((p) => p.DisplayName), ['Platform self-service']);
  } finally {
    client.destroy();
  }
});

test('a version name is immutable: the same name for other content is refused', () => {
  const data = { releases: [{ product: 'p', version: '1.0.0+aaaaaaaaaaaa', sha256: 'a'.repeat(64) } as Release] };
  assert.throws(() => addRelease(data, { product: 'p', version: '1.0.0+aaaaaaaaaaaa', sha256: 'b'.repeat(64) } as Release), /p 1\.0\.0\+aaaaaaaaaaaa is already released with other content; versions are immutable/);
  assert.is(data.releases.length, 1);
});

test('a bad VERSION and a catalogue without self-service products are clear errors', async () => {
  try {
    await run('v1');
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, 'VERSION "v1" is not a semantic version');
  }
  try {
    await publishCatalog({ dist, bucket: 'catalog-templates', settings: { region: REGION, endpoint: moto.sandbox.endpoint }, semver: '1.0.0', releasesFile, catalogue: [notSelfService], catalogProduct: catalogProduct as unknown as Product<typeof CatalogInput>, log: () => {} });
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, 'no product in build/catalogue.ts is marked selfService: true');
  }
});

test('releases file: the committed one for AWS, a sandbox one for an emulator, CATALOG_RELEASES wins', () => {
  assert.is(releasesPath({}), resolve('build/catalog-releases.json'));
  assert.is(releasesPath({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }), resolve('.sandbox/catalog-releases.json'));
  assert.is(releasesPath({ S3_ENDPOINT: 'http://x', CATALOG_RELEASES: '/tmp/r.json' }), '/tmp/r.json');
  const committed = readReleases(resolve('build/catalog-releases.json'));
  assert.ok(Array.isArray(committed.releases));
});

test('catalog product names: the product name, with the environment when it has several', () => {
  assert.is(catalogProductName(selfService(), 'prod'), 'minimal-service-prod');
  assert.is(catalogProductName(defineProduct({ ...minimal, environments: { template: minimal.environments['prod'] } }), 'template'), 'minimal-service');
});

/** Service Catalog's admin API as far as deprecation uses it (the emulator does not implement it). */
function fakeCatalog(artifacts: { Id: string; Name: string }[]) {
  const calls: { name: string; input: unknown }[] = [];
  const api = {
    send: async (command: DescribeProductAsAdminCommand | UpdateProvisioningArtifactCommand) => {
      calls.push({ name: command.constructor.name, input: command.input });
      if (command instanceof DescribeProductAsAdminCommand) {
        if (command.input.Name !== 'microservice') throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
        return { ProductViewDetail: { ProductViewSummary: { ProductId: 'prod-abc' } }, ProvisioningArtifactSummaries: artifacts, $metadata: {} };
      }
      return { $metadata: {} };
    },
  } as CatalogApi;
  return { api, calls };
}

test('make catalog-deprecate: UpdateProvisioningArtifact with guidance DEPRECATED on the named version', async () => {
  const { api, calls } = fakeCatalog([
    { Id: 'pa-1', Name: '0.1.0+aaaaaaaaaaaa' },
    { Id: 'pa-2', Name: '0.2.0+bbbbbbbbbbbb' },
  ]);
  assert.equal(await deprecateVersion(api, 'microservice', '0.1.0+aaaaaaaaaaaa'), { productId: 'prod-abc', artifactId: 'pa-1' });
  assert.equal(calls, [
    { name: 'DescribeProductAsAdminCommand', input: { Name: 'microservice' } },
    { name: 'UpdateProvisioningArtifactCommand', input: { ProductId: 'prod-abc', ProvisioningArtifactId: 'pa-1', Guidance: 'DEPRECATED' } },
  ]);
});

test('make catalog-deprecate: an unknown version or product is a clear error and changes nothing', async () => {
  const { api, calls } = fakeCatalog([{ Id: 'pa-1', Name: '0.1.0+aaaaaaaaaaaa' }]);
  try {
    await deprecateVersion(api, 'microservice', '9.9.9+cccccccccccc');
    assert.unreachable();
  } catch (error) {
    assert.is((error as Error).message, 'microservice has no version 9.9.9+cccccccccccc (it has 0.1.0+aaaaaaaaaaaa)');
  }
  try {
    await deprecateVersion(api, 'nope', '0.1.0+aaaaaaaaaaaa');
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, 'no Service Catalog product named nope');
  }
  assert.not.ok(calls.some((c) => c.name === 'UpdateProvisioningArtifactCommand'));
});

test('make catalog-deprecate against moto: says the endpoint lacks DescribeProductAsAdmin (an emulator limit), exit 1', () => {
  const run = runScript('scripts/catalog/cli.ts', { ...moto.env, PRODUCT: 'microservice', VERSION: '0.1.0+aaaaaaaaaaaa', CATALOG_RELEASES: releasesFile }, ['deprecate']);
  assert.is(run.status, 1, run.stdout);
  assert.is(
    run.stderr.trim(),
    `catalog failed: the endpoint ${moto.sandbox.endpoint} does not implement Service Catalog's DescribeProductAsAdmin (it answered HTTP 500 with a body that is not the API's JSON); ` +
      'this is a limit of the emulator, not of the catalogue: deprecate versions against AWS (unset AWS_ENDPOINT_URL)',
  );
});

test('make catalog-deprecate: each way an endpoint says it lacks an operation is named so on a custom endpoint, and only there', async () => {
  const failing = (error: object): CatalogApi => ({ send: async () => Promise.reject(error) }) as unknown as CatalogApi;
  const syntax = Object.assign(new SyntaxError(`Unexpected token '<', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`), { $response: { statusCode: 500 } });
  const lacking: [object, string][] = [
    [syntax, 'it answered HTTP 500 with a body that is not the API\'s JSON'],
    [{ name: 'UnknownOperationException', message: '', $metadata: { httpStatusCode: 400 } }, 'it answered HTTP 400 UnknownOperationException'],
    [{ name: 'InvalidAction', message: 'not valid' }, 'it answered InvalidAction'],
    [{ name: 'NotImplementedException', message: '', $metadata: { httpStatusCode: 501 } }, 'it answered HTTP 501 NotImplementedException'],
    [{ name: 'UnknownError', message: 'Not Found', $metadata: { httpStatusCode: 404 } }, 'it answered HTTP 404'],
    [{ name: 'InternalFailure', message: 'not yet implemented', $metadata: { httpStatusCode: 501 } }, 'it answered HTTP 501'],
  ];
  for (const [error, evidence] of lacking) {
    const message = await deprecateVersion(failing(error), 'microservice', '0.1.0+aaaaaaaaaaaa', 'http://127.0.0.1:4566').then(() => '', (e: Error) => e.message);
    assert.is(message, `the endpoint http://127.0.0.1:4566 does not implement Service Catalog's DescribeProductAsAdmin (${evidence}); this is a limit of the emulator, not of the catalogue: deprecate versions against AWS (unset AWS_ENDPOINT_URL)`);
    const onAws = await deprecateVersion(failing(error), 'microservice', '0.1.0+aaaaaaaaaaaa').then(() => '', (e: Error) => e.message);
    assert.match(onAws, /^cannot read product microservice: /, 'without a custom endpoint it is not blamed on an emulator');
  }
  const ordinary: object[] = [
    { name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 400 } },
    { name: 'ThrottlingException', message: 'slow down', $metadata: { httpStatusCode: 400 } },
    { name: 'InternalFailure', message: 'oops', $metadata: { httpStatusCode: 500 } },
  ];
  for (const error of ordinary) {
    const message = await deprecateVersion(failing(error), 'microservice', '0.1.0+aaaaaaaaaaaa', 'http://127.0.0.1:4566').then(() => '', (e: Error) => e.message);
    assert.match(message, /^cannot read product microservice: /);
  }
  // The second call too: an endpoint with DescribeProductAsAdmin but not UpdateProvisioningArtifact.
  const halfway = {
    send: async (command: object) => {
      if (command instanceof DescribeProductAsAdminCommand) return { ProductViewDetail: { ProductViewSummary: { ProductId: 'prod-abc' } }, ProvisioningArtifactSummaries: [{ Id: 'pa-1', Name: '0.1.0+aaaaaaaaaaaa' }], $metadata: {} };
      throw syntax;
    },
  } as unknown as CatalogApi;
  const message = await deprecateVersion(halfway, 'microservice', '0.1.0+aaaaaaaaaaaa', 'http://127.0.0.1:4566').then(() => '', (e: Error) => e.message);
  assert.match(message, "the endpoint http://127.0.0.1:4566 does not implement Service Catalog's UpdateProvisioningArtifact (it answered HTTP 500");
});

test.run();
