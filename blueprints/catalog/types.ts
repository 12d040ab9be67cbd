/** Inputs of the Service Catalog portfolio blueprint. */
import type { PrincipalInput } from './principals.js';
import type { PortfolioShares } from './sharing.js';

export interface CatalogVersion {
  /** `<semantic version>+<first 12 hex of the root template's SHA-256>`, e.g. `1.2.0+3f9a1c2b7d4e`. */
  name: string;
  /** Shown to users picking a version (max 8,191 characters). */
  description: string;
  /** HTTPS S3 URL of the published root template (`make publish` prints it). */
  templateUrl: string;
}

export interface TemplateLocation {
  bucket: string;
  /** Key prefix the product's templates were published under (no leading or trailing slash). */
  prefix: string;
}

export interface CatalogProductInput {
  /** Service Catalog product name, 1-100 characters; also its logical id, so keep it stable. */
  name: string;
  /** One line: what a team gets when it launches this (max 8,191 characters). */
  description: string;
  /** Who owns the product (max 8,191 characters). */
  owner: string;
  /** Contact address shown to users. Default: none. */
  supportEmail?: string;
  /** Every released version, oldest first; released versions are never removed (at least 1). */
  versions: CatalogVersion[];
  /** Where the versions' templates (root and children) live; the launch role may read them. */
  templates: TemplateLocation[];
  /** CloudFormation resource types the templates create; they decide the launch role's permissions. */
  resourceTypes: string[];
}

export interface PortfolioProps {
  /** Input path prefix for errors. Default `catalog`. */
  path?: string;
  /** Portfolio name, 1-100 characters. */
  displayName: string;
  /** Portfolio provider, 1-50 characters. */
  providerName: string;
  description: string;
  /**
   * Who may launch the products: IAM role names of this account (`ProductTeam`, `teams/Web`), full IAM
   * role or user ARNs (PrincipalType IAM), or `{ rolePattern: 'ProductTeam' }` / a role name ending in `*`
   * (PrincipalType IAM_PATTERN: that role name in this account and in every account principal names are
   * shared with; at most 10). At least 1, at most 100.
   */
  principals: PrincipalInput[];
  /** Allowed values per tag key users pick when launching, e.g. `{ 'cost-centre': ['web', 'data'] }`. Default none; at most 50 in all. */
  tagOptions?: Record<string, string[]>;
  /** Accounts and organisation nodes the portfolio is shared with. Default: not shared. */
  shares?: PortfolioShares;
  /** The self-service products. May be empty (a portfolio ready for its first release). */
  products: CatalogProductInput[];
}
