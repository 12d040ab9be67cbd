/**
 * `make catalog-accept`, run in a recipient account: imports a portfolio shared with it and, optionally,
 * lets roles of this account launch from it.
 * - AcceptPortfolioShare with `PortfolioShareType`: IMPORTED (the default) for an account-to-account share,
 *   AWS_ORGANIZATIONS for one made through Organizations. An organisation share needs no import to be
 *   usable ("You do not need to import a portfolio if the portfolio was shared through AWS Organizations",
 *   https://docs.aws.amazon.com/servicecatalog/latest/adminguide/catalogs_portfolios_sharing_how-to-share.html);
 *   accepting it anyway lists it among this account's accepted shares.
 * - AssociatePrincipalWithPortfolio for each role ARN given (PrincipalType IAM): an account share never
 *   carries the owner's principals, so without this nobody here may launch.
 * - ListAcceptedPortfolioShares then confirms the portfolio is accepted.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_AcceptPortfolioShare.html
 */
import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  ListAcceptedPortfolioSharesCommand,
  type AcceptPortfolioShareCommandOutput,
  type AssociatePrincipalWithPortfolioCommandOutput,
  type ListAcceptedPortfolioSharesCommandOutput,
} from '@aws-sdk/client-service-catalog';
import { s } from '../../dsl/index.js';
import { callOrExplain } from './emulator.js';
import { ReleaseError } from './releases.js';
import { PortfolioIdInput } from './share-plan.js';

export interface AcceptApi {
  send(command: AcceptPortfolioShareCommand): Promise<AcceptPortfolioShareCommandOutput>;
  send(command: AssociatePrincipalWithPortfolioCommand): Promise<AssociatePrincipalWithPortfolioCommandOutput>;
  send(command: ListAcceptedPortfolioSharesCommand): Promise<ListAcceptedPortfolioSharesCommandOutput>;
}

/** The command's variables, checked: each bad one is named with its value and what is allowed. */
export const AcceptInput = s.object({
  PORTFOLIO: PortfolioIdInput,
  SHARE_TYPE: s.optional(s.oneOf(['IMPORTED', 'AWS_ORGANIZATIONS'], 'a share type'), 'IMPORTED'),
  PRINCIPALS: s.optional(s.list(s.text(/^arn:aws(-[a-z-]+)?:iam::\d{12}:(role|user|group)\/[\w+=,.@/-]+$/, 'an IAM role, user or group ARN of this account'), { max: 100 }, 'principals'), []),
});
export type AcceptRequest = s.Output<typeof AcceptInput>;

/** `PORTFOLIO=.. SHARE_TYPE=.. PRINCIPALS=a,b` from the environment, checked. */
export function acceptRequestFromEnv(env: NodeJS.ProcessEnv): AcceptRequest {
  const list = (text: string | undefined) => (text ? text.split(',').map((item) => item.trim()) : undefined);
  const raw = { PORTFOLIO: env['PORTFOLIO'] ?? '', ...(env['SHARE_TYPE'] ? { SHARE_TYPE: env['SHARE_TYPE'] } : {}), ...(env['PRINCIPALS'] ? { PRINCIPALS: list(env['PRINCIPALS']) } : {}) };
  return s.parse(AcceptInput, raw, '');
}

const ADVICE = 'accept shares against AWS (unset AWS_ENDPOINT_URL)';

export async function acceptShare(api: AcceptApi, request: AcceptRequest, options: { endpoint?: string; log?: (line: string) => void } = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { PORTFOLIO: portfolioId, SHARE_TYPE: shareType, PRINCIPALS: principals } = request;
  try {
    await callOrExplain('Service Catalog', 'AcceptPortfolioShare', options.endpoint, () => api.send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: shareType })), ADVICE);
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      throw new ReleaseError(`no ${shareType} share of portfolio ${portfolioId} reaches this account${shareType === 'IMPORTED' ? ' (an organisation share is accepted with SHARE_TYPE=AWS_ORGANIZATIONS)' : ''}`);
    }
    throw error;
  }
  log(`accepted ${portfolioId} (${shareType})`);
  for (const principal of principals) {
    await callOrExplain('Service Catalog', 'AssociatePrincipalWithPortfolio', options.endpoint, () => api.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: principal, PrincipalType: 'IAM' })), ADVICE);
    log(`  ${principal} may launch its products`);
  }
  let PageToken: string | undefined;
  do {
    const page = await callOrExplain('Service Catalog', 'ListAcceptedPortfolioShares', options.endpoint, () => api.send(new ListAcceptedPortfolioSharesCommand({ PortfolioShareType: shareType, ...(PageToken ? { PageToken } : {}) })), ADVICE);
    if (page.PortfolioDetails?.some((p) => p.Id === portfolioId)) return;
    PageToken = page.NextPageToken || undefined;
  } while (PageToken);
  throw new ReleaseError(`portfolio ${portfolioId} was accepted, but ListAcceptedPortfolioShares (${shareType}) does not list it`);
}
