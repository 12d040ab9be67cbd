/**
 * Who else gets the portfolio: other accounts and nodes of the AWS Organization.
 *
 * CloudFormation can express an account share only: `AWS::ServiceCatalog::PortfolioShare` takes an
 * `AccountId` (12 digits) and `ShareTagOptions`, nothing else (its registry schema, bundled with
 * cfn-lint: additionalProperties false). Shares to the organisation, an OU or a member account through
 * Organizations (`CreatePortfolioShare` with `OrganizationNode`, `SharePrincipals`) are API calls: the
 * template carries them as metadata (`ORGANIZATION_SHARES_METADATA`) and `make catalog-share` makes them.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreatePortfolioShare.html
 */
import { InputError, s, type Stack, type Value } from '../../dsl/index.js';

/** An AWS account id: 12 digits (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html). */
export const ACCOUNT_ID = /^\d{12}$/;
/**
 * Organizations ids, as the Organizations API reference gives their patterns: an organisation
 * `o-` + 10-32, an OU `ou-` + 4-32 + `-` + 8-32, a root `r-` + 4-32 lower-case letters or digits.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
 */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
export const OU_ID = /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_ID = /^r-[a-z0-9]{4,32}$/;

export const AccountIdInput = s.text(ACCOUNT_ID, 'an AWS account id (12 digits)');

/** What `OrganizationNode` takes: the organisation, an OU or a member account (a root is not a share target). */
export const OrganizationNodeInput = s.text(
  /^(o-[a-z0-9]{10,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|\d{12})$/,
  'an organisation id (o-xxxxxxxxxx), an organisational unit id (ou-xxxx-xxxxxxxx) or a member account id (12 digits); a root id (r-xxxx) is not a share target: give the organisation id',
);

export const PortfolioSharesInput = s.object({
  /**
   * Accounts shared with one by one (account-to-account): an `AWS::ServiceCatalog::PortfolioShare` each,
   * in the portfolio template; each recipient imports the share (`make catalog-accept`). Default none.
   */
  accounts: s.optional(s.list(AccountIdInput, { max: 100 }, 'accounts'), []),
  /**
   * Nodes of your AWS Organization: the organisation (`o-...`), OUs (`ou-...`) or member accounts (12 digits),
   * shared by `make catalog-share` (CreatePortfolioShare; CloudFormation cannot). Their accounts need not
   * import the portfolio. Default none.
   */
  organizationNodes: s.optional(s.list(OrganizationNodeInput, { max: 100 }, 'organisation nodes'), []),
  /** Share the tag options with every recipient (ShareTagOptions). Default true. */
  shareTagOptions: s.optional(s.boolean(), true),
  /**
   * Share the `{ rolePattern }` principals with organisation and OU shares (SharePrincipals), so roles of
   * those names in the recipient accounts may launch without the recipient associating anyone. AWS
   * supports it for organisation and OU shares only. Default false.
   */
  sharePrincipals: s.optional(s.boolean(), false),
});
export type PortfolioShares = s.Input<typeof PortfolioSharesInput>;

/** The template metadata key under which the organisation shares travel to `make catalog-share`. */
export const ORGANIZATION_SHARES_METADATA = 'FargateCfn::OrganizationShares';

export type OrganizationNodeType = 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

/** The `OrganizationNode.Type` of an id (CreatePortfolioShare). */
export function organizationNodeType(id: string): OrganizationNodeType {
  if (ORGANIZATION_ID.test(id)) return 'ORGANIZATION';
  if (OU_ID.test(id)) return 'ORGANIZATIONAL_UNIT';
  return 'ACCOUNT';
}

/** What `make catalog-share` reads from the portfolio template. */
export interface OrganizationSharePlan {
  Description: string;
  ShareTagOptions: boolean;
  SharePrincipals: boolean;
  Nodes: { Type: OrganizationNodeType; Value: string }[];
}

/**
 * Adds the account shares to `stack` and records the organisation shares in its metadata.
 * `patternPrincipals` is how many `{ rolePattern }` principals the portfolio has (what principal sharing shares).
 */
export function sharePortfolio(stack: Stack, portfolioId: Value<string>, shares: PortfolioShares, patternPrincipals: number, path: string): void {
  const p = s.parse(PortfolioSharesInput, shares, path);
  uniqueIn(`${path}.accounts`, p.accounts);
  uniqueIn(`${path}.organizationNodes`, p.organizationNodes);
  p.organizationNodes.forEach((node, i) => {
    if (p.accounts.includes(node)) {
      throw new InputError(`${path}.organizationNodes[${i}]`, node, `is also in ${path}.accounts: share an account one way only (an organisation share needs no import, an account share does)`);
    }
  });
  const nodes = p.organizationNodes.map((value) => ({ Type: organizationNodeType(value), Value: value }));
  if (p.sharePrincipals) {
    // SharePrincipals is "only supported for portfolios with an OrganizationalNode Type of ORGANIZATION or
    // ORGANIZATIONAL_UNIT" (CreatePortfolioShare), and it shares IAM_PATTERN associations only.
    if (!nodes.some((n) => n.Type !== 'ACCOUNT')) {
      throw new InputError(`${path}.sharePrincipals`, true, `applies to organisation and OU shares only (CreatePortfolioShare SharePrincipals), and ${path}.organizationNodes names none`);
    }
    if (patternPrincipals === 0) {
      throw new InputError(`${path}.sharePrincipals`, true, 'shares nothing: principal sharing carries IAM_PATTERN associations only; add a { rolePattern: "<role name>" } principal');
    }
  }
  for (const account of p.accounts) {
    stack.add(`Share${account}`, {
      Type: 'AWS::ServiceCatalog::PortfolioShare',
      Properties: { PortfolioId: portfolioId, AccountId: account, ShareTagOptions: p.shareTagOptions },
    });
  }
  if (nodes.length) {
    const plan = {
      Description: 'Organisation shares CloudFormation cannot make (AWS::ServiceCatalog::PortfolioShare takes an account id only): make catalog-share makes them with CreatePortfolioShare',
      ShareTagOptions: p.shareTagOptions,
      SharePrincipals: p.sharePrincipals,
      Nodes: nodes,
    } satisfies OrganizationSharePlan;
    stack.metadata.set(ORGANIZATION_SHARES_METADATA, plan);
  }
}

function uniqueIn(path: string, values: readonly string[]): void {
  values.forEach((value, i) => {
    const first = values.indexOf(value);
    if (first !== i) throw new InputError(`${path}[${i}]`, value, `is a duplicate (already at ${path}[${first}])`);
  });
}
