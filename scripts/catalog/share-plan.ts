/**
 * What `make catalog-share` applies, read from the built portfolio template (dist/catalog/<env>/):
 * the catalog blueprint writes the organisation shares into the template's metadata, so the script
 * reads the artifact, never the blueprint. Which portfolio: PORTFOLIO=port-..., or the `PortfolioId`
 * output of the deployed catalog stack (STACK=...).
 */
import { DescribeStacksCommand, type DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import type { Manifest } from '../../build/compile-product.js';
import { formatOfFile, parseTemplate, s } from '../../dsl/index.js';
import { ReleaseError } from './releases.js';

/** The metadata key the catalog blueprint writes (blueprints/catalog/sharing.ts; a test keeps them equal). */
export const ORGANIZATION_SHARES_METADATA = 'FargateCfn::OrganizationShares';

/** Portfolio ids as the API defines them: ^[a-zA-Z0-9_\-]*, 1 to 100 characters (AWS's look like port-2qwzkwxt3y5fk). */
export const PortfolioIdInput = s.text(/^[a-zA-Z0-9_-]{1,100}$/, 'a portfolio id (like port-2qwzkwxt3y5fk: letters, digits, _ and -; the PortfolioId output of the catalog stack)');

const NodeSchema = v.object({
  Type: v.picklist(['ORGANIZATION', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']),
  Value: v.pipe(v.string(), v.regex(/^(o-[a-z0-9]{10,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|\d{12})$/)),
});
const PlanSchema = v.object({ ShareTagOptions: v.boolean(), SharePrincipals: v.boolean(), Nodes: v.array(NodeSchema) });

export type OrganizationNode = v.InferOutput<typeof NodeSchema>;

export interface SharePlan {
  shareTagOptions: boolean;
  sharePrincipals: boolean;
  nodes: OrganizationNode[];
}

/** The environment folder of the built catalog: ENV, or the only one built. */
export function catalogFolder(dist: string, environment: string | undefined): string {
  const product = join(dist, 'catalog');
  const built = existsSync(product) ? readdirSync(product).filter((e) => existsSync(join(product, e, 'manifest.json'))) : [];
  const chosen = environment ?? (built.length === 1 ? built[0] : undefined);
  if (!chosen || !built.includes(chosen)) {
    const what = environment ? `catalog/${environment} is not built` : built.length ? `the catalog has several environments (${built.join(', ')}): choose one with ENV=` : 'the catalog is not built';
    throw new ReleaseError(`${what} in ${dist}; run make build PRODUCT=catalog${environment ? ` ENV=${environment}` : ''} (or make catalog)`);
  }
  return join(product, chosen);
}

/** The organisation shares the built portfolio template asks for (none when its inputs name none). */
export function readSharePlan(folder: string): SharePlan {
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const file = join(folder, manifest.root);
  const template = parseTemplate(readFileSync(file, 'utf8'), formatOfFile(file)) as { Metadata?: Record<string, unknown> };
  const raw = template.Metadata?.[ORGANIZATION_SHARES_METADATA];
  if (raw === undefined) return { shareTagOptions: true, sharePrincipals: false, nodes: [] };
  const parsed = v.safeParse(PlanSchema, raw);
  if (!parsed.success) throw new ReleaseError(`${file}: Metadata.${ORGANIZATION_SHARES_METADATA} is not what the catalog blueprint writes (${parsed.issues[0]?.message}); rebuild it with make build PRODUCT=catalog`);
  return { shareTagOptions: parsed.output.ShareTagOptions, sharePrincipals: parsed.output.SharePrincipals, nodes: parsed.output.Nodes };
}

export interface StacksApi {
  send(command: DescribeStacksCommand): Promise<DescribeStacksCommandOutput>;
}

/** The `PortfolioId` output of the deployed catalog stack. */
export async function portfolioIdOfStack(api: StacksApi, stack: string): Promise<string> {
  let described: DescribeStacksCommandOutput;
  try {
    described = await api.send(new DescribeStacksCommand({ StackName: stack }));
  } catch (error) {
    throw new ReleaseError(`cannot read stack ${stack}: ${(error as Error).name}: ${(error as Error).message}`);
  }
  const id = described.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'PortfolioId')?.OutputValue;
  if (!id) throw new ReleaseError(`stack ${stack} has no PortfolioId output: is it the catalog stack (make deploy PRODUCT=catalog ...)?`);
  return s.parse(PortfolioIdInput, id, `${stack}.Outputs.PortfolioId`);
}
