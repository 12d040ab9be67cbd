/**
 * `make catalog-deprecate`: marks a released version DEPRECATED in Service Catalog (users can
 * no longer launch it; what is running keeps working). CloudFormation has no property for a
 * provisioning artifact's guidance, hence an API call.
 */
import {
  DescribeProductAsAdminCommand,
  ServiceCatalogClient,
  UpdateProvisioningArtifactCommand,
  type DescribeProductAsAdminCommandOutput,
} from '@aws-sdk/client-service-catalog';
import { callOrExplain, MissingOperationError } from './emulator.js';
import { ReleaseError } from './releases.js';

/** The two calls this needs; the SDK client fits, and tests pass a stand-in. */
export interface CatalogApi {
  send(command: DescribeProductAsAdminCommand): Promise<DescribeProductAsAdminCommandOutput>;
  send(command: UpdateProvisioningArtifactCommand): Promise<unknown>;
}

export function serviceCatalogClient(region: string, endpoint?: string): ServiceCatalogClient {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  return new ServiceCatalogClient({ region, maxAttempts: 3, ...(endpoint ? { endpoint } : {}) });
}

/** Sends one call; an endpoint that lacks the operation becomes one plain sentence saying so. */
async function call<T>(operation: string, endpoint: string | undefined, send: () => Promise<T>): Promise<T> {
  try {
    return await callOrExplain('Service Catalog', operation, endpoint, send, 'deprecate versions against AWS (unset AWS_ENDPOINT_URL)');
  } catch (error) {
    throw error instanceof MissingOperationError ? new ReleaseError(error.message) : error;
  }
}

/**
 * `endpoint` is the custom endpoint in use (AWS_ENDPOINT_URL, a sandbox), if any: there, a call
 * the endpoint does not implement is reported as such rather than as a parse error.
 */
export async function deprecateVersion(api: CatalogApi, productName: string, version: string, endpoint?: string): Promise<{ productId: string; artifactId: string }> {
  let product: DescribeProductAsAdminCommandOutput;
  try {
    product = await call('DescribeProductAsAdmin', endpoint, () => api.send(new DescribeProductAsAdminCommand({ Name: productName })));
  } catch (error) {
    if (error instanceof ReleaseError) throw error;
    if ((error as { name?: string }).name === 'ResourceNotFoundException') throw new ReleaseError(`no Service Catalog product named ${productName}: deploy the catalog stack first (make catalog, then make deploy PRODUCT=catalog ...)`);
    throw new ReleaseError(`cannot read product ${productName}: ${(error as Error).name}: ${(error as Error).message}`);
  }
  const productId = product.ProductViewDetail?.ProductViewSummary?.ProductId;
  const artifacts = product.ProvisioningArtifactSummaries ?? [];
  const artifactId = artifacts.find((a) => a.Name === version)?.Id;
  if (!productId || !artifactId) {
    throw new ReleaseError(`${productName} has no version ${version} (it has ${artifacts.map((a) => a.Name).join(', ') || 'none'})`);
  }
  await call('UpdateProvisioningArtifact', endpoint, () => api.send(new UpdateProvisioningArtifactCommand({ ProductId: productId, ProvisioningArtifactId: artifactId, Guidance: 'DEPRECATED' })));
  return { productId, artifactId };
}
