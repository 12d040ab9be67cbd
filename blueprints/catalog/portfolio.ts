/**
 * A Service Catalog portfolio of self-service products: each product lists every released version
 * (a provisioning artifact per published root template URL), is launched through a launch role
 * constraint, and is offered to the principals given; tag options travel with the portfolio.
 * Versions are only ever added here: marking one deprecated is an API call (make catalog-deprecate).
 */
import { check, InputError, type Stack } from '../../dsl/index.js';
import { launchRole } from './launch-role.js';
import { checkTemplateUrl, checkText, idFragment, VERSION_NAME } from './names.js';
import { associatePrincipals, isPatternPrincipal } from './principals.js';
import { sharePortfolio } from './sharing.js';
import { addTagOptions } from './tag-options.js';
import type { CatalogProductInput, PortfolioProps } from './types.js';

export type { CatalogProductInput, CatalogVersion, PortfolioProps, TemplateLocation } from './types.js';
export { PrincipalSchema, RolePatternPrincipalInput, type PrincipalInput } from './principals.js';
export { ORGANIZATION_SHARES_METADATA, PortfolioSharesInput, type OrganizationSharePlan, type PortfolioShares } from './sharing.js';
export { VERSION_NAME } from './names.js';

function checkProduct(path: string, product: CatalogProductInput): void {
  checkText(`${path}.name`, product.name, 1, 100);
  checkText(`${path}.description`, product.description, 1, 8191);
  checkText(`${path}.owner`, product.owner, 1, 8191);
  if (product.supportEmail !== undefined) check.matches(`${path}.supportEmail`, product.supportEmail, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address');
  check.countInRange(`${path}.versions`, product.versions, 1, 100, 'versions');
  check.unique(`${path}.versions`, product.versions, (v) => v.name, 'version name');
  check.unique(`${path}.versions`, product.versions, (v) => v.templateUrl, 'template URL');
  product.versions.forEach((v, i) => {
    check.matches(`${path}.versions[${i}].name`, v.name, VERSION_NAME, 'a version name <semver>+<12 hex digits of the template hash>, e.g. 1.2.0+3f9a1c2b7d4e');
    checkText(`${path}.versions[${i}].description`, v.description, 0, 8191);
    checkTemplateUrl(`${path}.versions[${i}].templateUrl`, v.templateUrl);
  });
  check.countInRange(`${path}.templates`, product.templates, 1, 20, 'template locations');
  product.templates.forEach((t, i) => {
    check.matches(`${path}.templates[${i}].bucket`, t.bucket, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');
    check.matches(`${path}.templates[${i}].prefix`, t.prefix, /^[\w!.*'()-]+(\/[\w!.*'()-]+)*$/, 'a key prefix without leading or trailing slash');
  });
}

export function portfolio(stack: Stack, props: PortfolioProps) {
  const path = props.path ?? 'catalog';
  checkText(`${path}.displayName`, props.displayName, 1, 100);
  checkText(`${path}.providerName`, props.providerName, 1, 50);
  checkText(`${path}.description`, props.description, 0, 2000);
  check.countInRange(`${path}.principals`, props.principals, 1, 100, 'principals');
  check.unique(`${path}.principals`, props.principals, (p) => JSON.stringify(p), 'principal');
  check.unique(`${path}.products`, props.products, (p) => idFragment(p.name), 'product name (after removing punctuation)');
  props.products.forEach((p, i) => checkProduct(`${path}.products[${i}]`, p));

  const portfolioRes = stack.add('Portfolio', {
    Type: 'AWS::ServiceCatalog::Portfolio',
    Properties: { DisplayName: props.displayName, ProviderName: props.providerName, Description: props.description },
  });
  associatePrincipals(stack, portfolioRes.ref, props.principals, `${path}.principals`);
  addTagOptions(stack, portfolioRes.ref, props.tagOptions ?? {}, `${path}.tagOptions`);
  sharePortfolio(stack, portfolioRes.ref, props.shares ?? {}, props.principals.filter(isPatternPrincipal).length, `${path}.shares`);

  const role = props.products.length ? launchRole(stack, props.products, path) : undefined;
  const products = props.products.map((p) => {
    const id = `Product${idFragment(p.name)}`;
    const product = stack.add(id, {
      Type: 'AWS::ServiceCatalog::CloudFormationProduct',
      Properties: {
        Name: p.name,
        Description: p.description,
        Owner: p.owner,
        ...(p.supportEmail ? { SupportEmail: p.supportEmail } : {}),
        ProvisioningArtifactParameters: p.versions.map((v) => ({ Name: v.name, Description: v.description, Info: { LoadTemplateFromURL: v.templateUrl } })),
      },
    });
    const association = stack.add(`${id}Association`, {
      Type: 'AWS::ServiceCatalog::PortfolioProductAssociation',
      Properties: { PortfolioId: portfolioRes.ref, ProductId: product.ref },
    });
    if (!role) throw new InputError(path, p.name, 'has no launch role (internal)');
    stack.add(`${id}LaunchConstraint`, {
      Type: 'AWS::ServiceCatalog::LaunchRoleConstraint',
      DependsOn: [association],
      Properties: { PortfolioId: portfolioRes.ref, ProductId: product.ref, RoleArn: role.attr('Arn'), Description: `Launch ${p.name} with the catalog's launch role` },
    });
    stack.output(`${id}Id`, product.ref, { Description: `Service Catalog product id of ${p.name}` });
    return product;
  });
  stack.output('PortfolioId', portfolioRes.ref, { Description: 'Service Catalog portfolio id' });
  if (role) stack.output('LaunchRoleArn', role.attr('Arn'), { Description: 'Role Service Catalog launches the products with' });
  return { portfolio: portfolioRes, products, launchRole: role };
}
