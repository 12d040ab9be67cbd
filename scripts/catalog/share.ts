/**
 * `make catalog-share`: shares the portfolio with the organisation nodes the catalog's inputs name
 * (`shares.organizationNodes`), which CloudFormation cannot: `AWS::ServiceCatalog::PortfolioShare` takes
 * an account id only, so the compiled portfolio template carries them as metadata and this applies them
 * with the Service Catalog API, idempotently:
 * - a node not shared yet: CreatePortfolioShare with `OrganizationNode` (and ShareTagOptions, SharePrincipals);
 * - a node shared with other flags: UpdatePortfolioShare (CreatePortfolioShare "will have no effect" on it);
 * - each share runs asynchronously: its token is followed with DescribePortfolioShareStatus until it ends,
 *   and accounts it failed for are named;
 * - a node shared before but no longer in the inputs is reported, and unshared only with PRUNE=1.
 * Account-to-account shares are resources of the portfolio template; they are left to CloudFormation.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreatePortfolioShare.html
 */
import {
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  UpdatePortfolioShareCommand,
  type CreatePortfolioShareCommandOutput,
  type DeletePortfolioShareCommandOutput,
  type DescribePortfolioSharesCommandOutput,
  type DescribePortfolioShareStatusCommandOutput,
  type DescribePortfolioShareType,
  type PortfolioShareDetail,
  type UpdatePortfolioShareCommandOutput,
} from '@aws-sdk/client-service-catalog';
import { callOrExplain, MissingOperationError } from './emulator.js';
import { ReleaseError } from './releases.js';
import type { OrganizationNode, SharePlan } from './share-plan.js';

/** The Service Catalog calls sharing makes; the SDK client fits, and tests pass a stand-in. */
export interface ShareApi {
  send(command: DescribePortfolioSharesCommand): Promise<DescribePortfolioSharesCommandOutput>;
  send(command: CreatePortfolioShareCommand): Promise<CreatePortfolioShareCommandOutput>;
  send(command: UpdatePortfolioShareCommand): Promise<UpdatePortfolioShareCommandOutput>;
  send(command: DeletePortfolioShareCommand): Promise<DeletePortfolioShareCommandOutput>;
  send(command: DescribePortfolioShareStatusCommand): Promise<DescribePortfolioShareStatusCommandOutput>;
}

export interface ShareOptions {
  /** The custom endpoint in use (a sandbox), if any: calls it lacks are reported as such. */
  endpoint?: string;
  /** Unshare organisation nodes the inputs no longer name. */
  prune?: boolean;
  /** How long to wait between status reads, and how many reads at most (a share of a large OU takes minutes). */
  poll?: { intervalMs: number; attempts: number };
  log?: (line: string) => void;
}

export type ShareAction = 'created' | 'updated' | 'unchanged' | 'removed' | 'kept';

export interface ShareOutcome {
  node: OrganizationNode;
  action: ShareAction;
  /** COMPLETED, or `unverified` when the endpoint cannot report the status (an emulator). */
  status?: string;
}

/** DescribePortfolioShares names an organisation member account share ORGANIZATION_MEMBER_ACCOUNT (ACCOUNT is account-to-account). */
const DESCRIBE_TYPE: Record<OrganizationNode['Type'], DescribePortfolioShareType> = {
  ORGANIZATION: 'ORGANIZATION',
  ORGANIZATIONAL_UNIT: 'ORGANIZATIONAL_UNIT',
  ACCOUNT: 'ORGANIZATION_MEMBER_ACCOUNT',
};
const NODE_TYPE = Object.fromEntries(Object.entries(DESCRIBE_TYPE).map(([node, described]) => [described, node])) as Record<string, OrganizationNode['Type']>;

const ADVICE = 'share with organisation nodes against AWS (unset AWS_ENDPOINT_URL)';
const FINISHED = new Set(['COMPLETED', 'COMPLETED_WITH_ERRORS', 'ERROR']);

/** The portfolio's current organisation shares, every type, every page. */
async function currentShares(api: ShareApi, portfolioId: string, endpoint: string | undefined): Promise<{ node: OrganizationNode; detail: PortfolioShareDetail }[]> {
  const found: { node: OrganizationNode; detail: PortfolioShareDetail }[] = [];
  for (const type of Object.values(DESCRIBE_TYPE)) {
    let PageToken: string | undefined;
    do {
      const page = await callOrExplain('Service Catalog', 'DescribePortfolioShares', endpoint, () => api.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: type, ...(PageToken ? { PageToken } : {}) })), ADVICE);
      for (const detail of page.PortfolioShareDetails ?? []) {
        if (detail.PrincipalId) found.push({ node: { Type: NODE_TYPE[type]!, Value: detail.PrincipalId }, detail });
      }
      PageToken = page.NextPageToken || undefined;
    } while (PageToken);
  }
  return found;
}

/** Follows a share operation to its end; failed accounts make an error naming them. */
async function waitForShare(api: ShareApi, token: string, node: OrganizationNode, options: ShareOptions): Promise<string> {
  const poll = options.poll ?? { intervalMs: 5000, attempts: 360 };
  for (let attempt = 1; ; attempt++) {
    let status: DescribePortfolioShareStatusCommandOutput;
    try {
      status = await callOrExplain('Service Catalog', 'DescribePortfolioShareStatus', options.endpoint, () => api.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token })), ADVICE);
    } catch (error) {
      // The share was accepted; only its progress cannot be read here. Say so rather than claim success.
      if (error instanceof MissingOperationError) return 'unverified';
      throw error;
    }
    const state = status.Status ?? 'NOT_STARTED';
    if (state === 'COMPLETED') return state;
    if (FINISHED.has(state)) {
      const errors = (status.ShareDetails?.ShareErrors ?? []).map((e) => `${e.Error ?? 'error'}: ${e.Message ?? ''}${e.Accounts?.length ? ` (accounts ${e.Accounts.join(', ')})` : ''}`.trim());
      const succeeded = status.ShareDetails?.SuccessfulShares?.length ?? 0;
      throw new ReleaseError(`sharing with ${node.Type} ${node.Value} ended ${state}: ${errors.join('; ') || 'no detail given'}${succeeded ? `; it succeeded for ${succeeded} account(s)` : ''}`);
    }
    if (attempt >= poll.attempts) throw new ReleaseError(`sharing with ${node.Type} ${node.Value} is still ${state} after ${attempt} status reads (token ${token}); check it later with aws servicecatalog describe-portfolio-share-status --portfolio-share-token ${token}`);
    await new Promise((r) => setTimeout(r, poll.intervalMs));
  }
}

/** Applies `plan` to the portfolio; returns what happened to each node, in the plan's order, then the extra ones. */
export async function applyShares(api: ShareApi, portfolioId: string, plan: SharePlan, options: ShareOptions = {}): Promise<ShareOutcome[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const current = await currentShares(api, portfolioId, options.endpoint);
  const outcomes: ShareOutcome[] = [];
  for (const node of plan.nodes) {
    const flags = {
      ShareTagOptions: plan.shareTagOptions,
      // "only supported for portfolios with an OrganizationalNode Type of ORGANIZATION or ORGANIZATIONAL_UNIT"
      ...(node.Type === 'ACCOUNT' ? {} : { SharePrincipals: plan.sharePrincipals }),
    };
    const existing = current.find((c) => c.node.Type === node.Type && c.node.Value === node.Value)?.detail;
    const request = { PortfolioId: portfolioId, OrganizationNode: node, ...flags };
    let action: ShareAction;
    let token: string | undefined;
    if (!existing) {
      action = 'created';
      token = (await callOrExplain('Service Catalog', 'CreatePortfolioShare', options.endpoint, () => api.send(new CreatePortfolioShareCommand(request)), ADVICE)).PortfolioShareToken;
    } else if (Boolean(existing.ShareTagOptions) !== flags.ShareTagOptions || (flags.SharePrincipals !== undefined && Boolean(existing.SharePrincipals) !== flags.SharePrincipals)) {
      action = 'updated';
      token = (await callOrExplain('Service Catalog', 'UpdatePortfolioShare', options.endpoint, () => api.send(new UpdatePortfolioShareCommand(request)), ADVICE)).PortfolioShareToken;
    } else {
      action = 'unchanged';
    }
    const status = token ? await waitForShare(api, token, node, options) : undefined;
    const note = status === 'unverified' ? ` (token ${token}; completion not verified: the endpoint does not implement DescribePortfolioShareStatus)` : '';
    log(`${node.Type.padEnd(19)} ${node.Value.padEnd(36)} ${action}${status === 'COMPLETED' ? ', completed' : ''}${note}`);
    outcomes.push({ node, action, ...(status ? { status } : {}) });
  }
  for (const { node } of current) {
    if (plan.nodes.some((n) => n.Type === node.Type && n.Value === node.Value)) continue;
    if (!options.prune) {
      log(`${node.Type.padEnd(19)} ${node.Value.padEnd(36)} shared, but not in the catalog's inputs: kept (PRUNE=1 unshares it)`);
      outcomes.push({ node, action: 'kept' });
      continue;
    }
    const token = (await callOrExplain('Service Catalog', 'DeletePortfolioShare', options.endpoint, () => api.send(new DeletePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: node })), ADVICE)).PortfolioShareToken;
    const status = token ? await waitForShare(api, token, node, options) : undefined;
    log(`${node.Type.padEnd(19)} ${node.Value.padEnd(36)} removed`);
    outcomes.push({ node, action: 'removed', ...(status ? { status } : {}) });
  }
  return outcomes;
}
