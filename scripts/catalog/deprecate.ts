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

export async function deprecateVersion(api: CatalogApi, productName: string, version: string): Promise<{ productId: string; artifactId: string }> {
  let product: DescribeProductAsAdminCommandOutput;
  try {
    product = await api.send(new DescribeProductAsAdminCommand({ Name: productName }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') throw new ReleaseError(`no Service Catalog product named ${productName}: deploy the catalog stack first (make catalog, then make deploy PRODUCT=catalog ...)`);
    throw new ReleaseError(`cannot read product ${productName}: ${(error as Error).name}: ${(error as Error).message}`);
  }
  const productId = product.ProductViewDetail?.ProductViewSummary?.ProductId;
  const artifacts = product.ProvisioningArtifactSummaries ?? [];
  const artifact = artifacts.find((a) => a.Name === version);
  if (!productId || !artifact?.Id) {
    throw new ReleaseError(`${productName} has no version ${version} (it has ${artifacts.map((a) => a.Name).join(', ') || 'none'})`);
  }
  await api.send(new UpdateProvisioningArtifactCommand({ ProductId: productId, ProvisioningArtifactId: artifact.Id, Guidance: 'DEPRECATED' }));
  return { productId, artifactId: artifact.Id };
}
