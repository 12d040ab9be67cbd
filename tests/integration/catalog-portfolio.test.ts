import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ORGANIZATION_SHARES_METADATA, portfolio, type CatalogProductInput, type PortfolioProps } from '../../blueprints/catalog/portfolio.js';
import { catalogue } from '../../build/catalogue.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { defineProduct, type Product } from '../../build/product.js';
import catalogProduct, { type CatalogInputs } from '../../build/products/catalog.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { arrayWith, expectMatch } from '../helpers/template.js';

const url = (hash: string) => `https://templates-bucket.s3.eu-west-1.amazonaws.com/microservice/${hash.padEnd(64, '0')}.json`;
const product = (over: Partial<CatalogProductInput> = {}): CatalogProductInput => ({
  name: 'microservice',
  description: 'A containerised service',
  owner: 'Platform team',
  supportEmail: 'platform@example.com',
  versions: [
    { name: '0.1.0+aaaaaaaaaaaa', description: 'first', templateUrl: url('aaaa') },
    { name: '0.2.0+bbbbbbbbbbbb', description: 'second', templateUrl: url('bbbb') },
  ],
  templates: [{ bucket: 'templates-bucket', prefix: 'microservice' }],
  resourceTypes: ['AWS::ECS::Service', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'],
  ...over,
});
const props = (over: Partial<PortfolioProps> = {}): PortfolioProps => ({
  displayName: 'Platform self-service',
  providerName: 'Platform team',
  description: 'self-service products',
  principals: ['ProductTeamDeveloper', 'arn:aws:iam::123456789012:role/Admin', 'team-*'],
  tagOptions: { 'cost-centre': ['platform', 'product'] },
  products: [product()],
  ...over,
});
interface Statement { Sid?: string; Action: string[]; Resource: unknown[] }
const build = (p: PortfolioProps) => compileTree((root) => void portfolio(root, p));

test('a product per self-service product, every version a provisioning artifact at its published URL', () => {
  const { root } = build(props());
  const sc = root.resource('AWS::ServiceCatalog::CloudFormationProduct');
  assert.is(sc.id, 'ProductMicroservice');
  expectMatch(sc.properties, {
    Name: 'microservice',
    Owner: 'Platform team',
    SupportEmail: 'platform@example.com',
    ProvisioningArtifactParameters: [
      { Name: '0.1.0+aaaaaaaaaaaa', Description: 'first', Info: { LoadTemplateFromURL: url('aaaa') } },
      { Name: '0.2.0+bbbbbbbbbbbb', Description: 'second', Info: { LoadTemplateFromURL: url('bbbb') } },
    ],
  });
  root.resource('AWS::ServiceCatalog::PortfolioProductAssociation', { PortfolioId: { Ref: 'Portfolio' }, ProductId: { Ref: 'ProductMicroservice' } });
  const constraint = root.resource('AWS::ServiceCatalog::LaunchRoleConstraint', { PortfolioId: { Ref: 'Portfolio' }, ProductId: { Ref: 'ProductMicroservice' }, RoleArn: { 'Fn::GetAtt': ['LaunchRole', 'Arn'] } });
  assert.equal(constraint.resource['DependsOn'], ['ProductMicroserviceAssociation'], 'the constraint needs the association first');
  root.resource('AWS::ServiceCatalog::Portfolio', { DisplayName: 'Platform self-service', ProviderName: 'Platform team' });
});

test('principal associations from the inputs: role names, ARNs and patterns', () => {
  const { root } = build(props());
  root.expectCount('AWS::ServiceCatalog::PortfolioPrincipalAssociation', 3);
  root.resource('AWS::ServiceCatalog::PortfolioPrincipalAssociation', { PrincipalType: 'IAM', PrincipalARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ProductTeamDeveloper' } });
  root.resource('AWS::ServiceCatalog::PortfolioPrincipalAssociation', { PrincipalType: 'IAM', PrincipalARN: 'arn:aws:iam::123456789012:role/Admin' });
  root.resource('AWS::ServiceCatalog::PortfolioPrincipalAssociation', { PrincipalType: 'IAM_PATTERN', PrincipalARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam:::role/team-*' } });
});

test('tag options: one per allowed value, each associated with the portfolio', () => {
  const { root } = build(props({ tagOptions: { 'cost-centre': ['platform', 'product'], tier: ['gold'] } }));
  root.expectCount('AWS::ServiceCatalog::TagOption', 3);
  root.resource('AWS::ServiceCatalog::TagOption', { Key: 'cost-centre', Value: 'platform', Active: true });
  root.expectCount('AWS::ServiceCatalog::TagOptionAssociation', 3);
  root.resource('AWS::ServiceCatalog::TagOptionAssociation', { ResourceId: { Ref: 'Portfolio' }, TagOptionId: { Ref: 'TagOptionTierGold' } });
});

test('launch role: trusted by Service Catalog of this account, reads only the product templates, no wildcard actions on *', () => {
  const { root } = build(props());
  const role = root.byId('LaunchRole', 'AWS::IAM::Role');
  expectMatch(role.properties['AssumeRolePolicyDocument'], {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'servicecatalog.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
  });
  const inline = role.properties['Policies'] as unknown as { PolicyName: string; PolicyDocument: { Statement: Statement[] } }[];
  assert.equal(inline[0], {
    PolicyName: 'ReadPublishedTemplates',
    PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'ProductTemplates', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::templates-bucket/microservice/*' }] }] },
  });
  const stacks = inline[1]!.PolicyDocument.Statement.find((s) => s.Sid === 'ProvisionedStacks')!;
  expectMatch(stacks.Resource as never, arrayWith({ 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/SC-*' }));

  // The derived part: managed policies the role attaches, one per 6,144 characters.
  const managed = root.resourcesOf('AWS::IAM::ManagedPolicy');
  assert.ok(managed.length >= 1);
  assert.equal(role.properties['ManagedPolicyArns'], managed.map((m) => ({ Ref: m.id })));
  const derived = managed.flatMap((m) => (m.properties['PolicyDocument'] as unknown as { Statement: Statement[] }).Statement);
  const statements = [...inline.flatMap((p) => p.PolicyDocument.Statement), ...derived];
  for (const s of statements) assert.not.ok(s.Action.some((a) => a === '*' || a.endsWith(':*')), `${s.Sid}: a service-wide action`);
  const iam = statements.find((s) => s.Sid === 'IamRoles')!;
  assert.equal(iam.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*/SC-*' }, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/SC-*' }]);
  const passRole = statements.find((s) => s.Action.includes('iam:PassRole'))!;
  assert.equal(passRole.Resource, iam.Resource, 'PassRole only on the roles of provisioned stacks');
  assert.ok(statements.some((s) => s.Sid === 'Ecs' && s.Action.includes('ecs:CreateService')));
  assert.not.ok(statements.some((s) => s.Sid?.startsWith('Sns') || s.Sid?.startsWith('Route53')), 'no permissions for services the product does not use');
});

test('launch role of the released microservice: everything its resource types need, e.g. the private DNS namespace (Route 53, EC2)', () => {
  const microservice = buildEnvironment(catalogue.find((p) => p.name === 'microservice')!, 'template', 'json');
  const types = [...new Set(Object.values(microservice.result.root.template['Resources'] as Record<string, { Type: string }>).map((r) => r.Type))].sort();
  assert.ok(types.includes('AWS::ServiceDiscovery::PrivateDnsNamespace'));
  const { root } = build(props({ products: [product({ resourceTypes: types })] }));
  const actions = new Set(root.resourcesOf('AWS::IAM::ManagedPolicy').flatMap((m) => (m.properties['PolicyDocument'] as unknown as { Statement: Statement[] }).Statement.flatMap((s) => s.Action)));
  for (const needed of ['route53:CreateHostedZone', 'route53:GetHostedZone', 'route53:ListHostedZonesByName', 'ec2:DescribeVpcs', 'ec2:DescribeRegions', 'servicediscovery:CreatePrivateDnsNamespace']) {
    assert.ok(actions.has(needed), `${needed} missing from the launch role`);
  }
});

test('an empty release list: a portfolio ready for its first product, no launch role', () => {
  const { root } = build(props({ products: [] }));
  root.expectNone('AWS::ServiceCatalog::CloudFormationProduct');
  root.expectNone('AWS::IAM::Role');
  root.output('PortfolioId');
});

test('the catalog product builds from the committed releases file; portfolio templates are cfn-lint and checkov clean', () => {
  const committed = buildEnvironment(catalogProduct, 'shared', 'json');
  assert.ok(committed.result.root.template['Resources']);
  const withProducts = build(props({ products: [product(), product({ name: 'worker', versions: [{ name: '1.0.0-rc.1+cccccccccccc', description: '', templateUrl: url('cccc') }] })] }));
  const shared = build(props({ principals: ['Admin', { rolePattern: 'ProductTeam' }], shares: { accounts: ['111122223333', '444455556666'], organizationNodes: ['o-abcdefghij', 'ou-ab12-cdef3456'], sharePrincipals: true } }));
  const results = [committed.result, withProducts.result, build(props({ products: [] })).result, shared.result];
  assert.equal(lintCompiled(...results), []);
  assert.equal(checkovCompiled(shared.result), []);
});

const catalogWith = (inputs: Partial<CatalogInputs>): Product =>
  defineProduct({ ...catalogProduct, environments: { org: { ...(catalogProduct.environments['shared'] as CatalogInputs), ...inputs } } } as unknown as Product);
const buildCatalog = (inputs: Partial<CatalogInputs>) => buildEnvironment(catalogWith(inputs), 'org', 'json').result.root.template;

test('account shares are PortfolioShare resources (what CloudFormation can express): account id and tag-option sharing', () => {
  const { root } = build(props({ shares: { accounts: ['111122223333', '444455556666'], shareTagOptions: false } }));
  root.expectCount('AWS::ServiceCatalog::PortfolioShare', 2);
  root.resource('AWS::ServiceCatalog::PortfolioShare', { PortfolioId: { Ref: 'Portfolio' }, AccountId: '111122223333', ShareTagOptions: false });
  assert.is(root.template['Metadata']?.[ORGANIZATION_SHARES_METADATA as never], undefined, 'no organisation node, no plan for make catalog-share');
  const defaults = build(props({ shares: { accounts: ['111122223333'] } })).root;
  defaults.resource('AWS::ServiceCatalog::PortfolioShare', { AccountId: '111122223333', ShareTagOptions: true });
  build(props()).root.expectNone('AWS::ServiceCatalog::PortfolioShare');
});

test('organisation nodes travel in the template metadata for make catalog-share, each with its OrganizationNode type', () => {
  const template = buildCatalog({ principals: [{ rolePattern: 'ProductTeam' }], shares: { organizationNodes: ['o-abcdefghij', 'ou-ab12-cdef3456', '444455556666'], sharePrincipals: true } });
  assert.equal((template['Metadata'] as Record<string, unknown>)[ORGANIZATION_SHARES_METADATA], {
    Description: 'Organisation shares CloudFormation cannot make (AWS::ServiceCatalog::PortfolioShare takes an account id only): make catalog-share makes them with CreatePortfolioShare',
    ShareTagOptions: true,
    SharePrincipals: true,
    Nodes: [
      { Type: 'ORGANIZATION', Value: 'o-abcdefghij' },
      { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-ab12-cdef3456' },
      { Type: 'ACCOUNT', Value: '444455556666' },
    ],
  });
  assert.not.ok(Object.values(template['Resources'] as Record<string, { Type: string }>).some((r) => r.Type === 'AWS::ServiceCatalog::PortfolioShare'), 'organisation shares are not resources');
});

test('principal names for roles in every account: { rolePattern } is IAM_PATTERN without an account, exact names and wildcards', () => {
  const { root } = build(props({ principals: [{ rolePattern: 'ProductTeam' }, { rolePattern: 'teams/Web?' }, 'Admin'] }));
  root.resource('AWS::ServiceCatalog::PortfolioPrincipalAssociation', { PrincipalType: 'IAM_PATTERN', PrincipalARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam:::role/ProductTeam' } });
  root.resource('AWS::ServiceCatalog::PortfolioPrincipalAssociation', { PrincipalType: 'IAM_PATTERN', PrincipalARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam:::role/teams/Web?' } });
  root.resource('AWS::ServiceCatalog::PortfolioPrincipalAssociation', { PrincipalType: 'IAM', PrincipalARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Admin' } });
  const ten = Array.from({ length: 10 }, (_, i) => ({ rolePattern: `Team${i}` }));
  build(props({ principals: ten })).root.expectCount('AWS::ServiceCatalog::PortfolioPrincipalAssociation', 10);
});

/** Grammars of the ids the sharing inputs take, with what each must not accept (generated, not hand-picked). */
const idClasses = {
  account: { valid: ['111122223333', '000000000000', '999999999999'], invalid: ['11112222333', '1111222233334', '1111-2222-3333', 'abcdefghijkl', ' 111122223333', '111122223333 ', ''] },
  ou: { valid: ['ou-ab12-cdef3456', 'ou-0000-00000000', `ou-${'a'.repeat(32)}-${'b'.repeat(32)}`], invalid: ['ou-ab1-cdef3456', 'ou-ab12-cdef345', 'OU-AB12-CDEF3456', 'ou-AB12-cdef3456', 'ou-ab12-CDEF3456', 'ou-ab12_cdef3456', `ou-${'a'.repeat(33)}-cdef3456`, 'ou-ab12-cdef3456-x', 'ou-'] },
  organization: { valid: ['o-abcdefghij', `o-${'a1'.repeat(16)}`], invalid: ['o-abcdefghi', 'o-ABCDEFGHIJ', `o-${'a'.repeat(33)}`, 'o_abcdefghij', 'org-abcdefghij'] },
  root: { valid: [], invalid: ['r-ab12', 'r-abcdefgh'] },
};

test('sharing inputs: every valid id is accepted with its node type; every malformed one is refused naming path, value and the allowed forms', () => {
  for (const account of idClasses.account.valid) {
    const template = buildCatalog({ shares: { accounts: [account] } });
    assert.ok(Object.values(template['Resources'] as Record<string, { Properties?: { AccountId?: string } }>).some((r) => r.Properties?.AccountId === account), account);
  }
  for (const [kind, type] of [['ou', 'ORGANIZATIONAL_UNIT'], ['organization', 'ORGANIZATION'], ['account', 'ACCOUNT']] as const) {
    for (const node of idClasses[kind].valid) {
      const plan = (buildCatalog({ shares: { organizationNodes: [node] } })['Metadata'] as Record<string, { Nodes: unknown[] }>)[ORGANIZATION_SHARES_METADATA]!;
      assert.equal(plan.Nodes, [{ Type: type, Value: node }]);
    }
  }
  const accountAllowed = 'is not an AWS account id (12 digits)';
  for (const bad of [...idClasses.account.invalid, ...idClasses.ou.valid, ...idClasses.organization.valid]) {
    assert.is(errorOf(() => buildCatalog({ shares: { accounts: ['111122223333', bad] } })), `catalog/org: shares.accounts[1]: ${JSON.stringify(bad)} ${accountAllowed}`);
  }
  const nodeAllowed = 'is not an organisation id (o-xxxxxxxxxx), an organisational unit id (ou-xxxx-xxxxxxxx) or a member account id (12 digits); a root id (r-xxxx) is not a share target: give the organisation id';
  for (const bad of [...idClasses.ou.invalid, ...idClasses.organization.invalid, ...idClasses.root.invalid, ...idClasses.account.invalid]) {
    assert.is(errorOf(() => buildCatalog({ shares: { organizationNodes: [bad] } })), `catalog/org: shares.organizationNodes[0]: ${JSON.stringify(bad)} ${nodeAllowed}`);
  }
});

test('sharing inputs: flags, duplicates and cross-field rules fail naming the input', () => {
  const cases: [Partial<CatalogInputs>, string][] = [
    [{ shares: { accounts: '111122223333' as never } }, 'catalog/org: shares.accounts: "111122223333" is not a list of accounts'],
    [{ shares: { shareTagOptions: 'yes' as never } }, 'catalog/org: shares.shareTagOptions: "yes" is not true or false'],
    [{ shares: { organisationNodes: [] } as never }, 'catalog/org: shares.organisationNodes: [] is not a known input (did you mean organizationNodes?)'],
    [{ shares: { accounts: Array.from({ length: 101 }, (_, i) => String(100000000000 + i)) } }, 'catalog/org: shares.accounts: '],
    [{ shares: { accounts: ['111122223333', '111122223333'] } }, 'catalog/org: catalog.shares.accounts[1]: "111122223333" is a duplicate (already at catalog.shares.accounts[0])'],
    [{ shares: { accounts: ['111122223333'], organizationNodes: ['111122223333'] } }, 'catalog/org: catalog.shares.organizationNodes[0]: "111122223333" is also in catalog.shares.accounts: share an account one way only'],
    [{ principals: [{ rolePattern: 'A' }], shares: { organizationNodes: ['111122223333'], sharePrincipals: true } }, 'catalog/org: catalog.shares.sharePrincipals: true applies to organisation and OU shares only (CreatePortfolioShare SharePrincipals), and catalog.shares.organizationNodes names none'],
    [{ principals: ['Admin'], shares: { organizationNodes: ['ou-ab12-cdef3456'], sharePrincipals: true } }, 'catalog/org: catalog.shares.sharePrincipals: true shares nothing: principal sharing carries IAM_PATTERN associations only'],
    [{ principals: [{ rolePattern: '*' }] }, 'catalog/org: principals[0].rolePattern: "*" matches every role in every account the portfolio reaches; name the roles'],
    [{ principals: [{ rolePattern: '*/?*' }] }, 'catalog/org: principals[0].rolePattern: "*/?*" matches every role in every account'],
    [{ principals: [{ rolePattern: 'team web' }] }, 'catalog/org: principals[0].rolePattern: "team web" is not a role name pattern'],
    [{ principals: [{ rolePattern: 'A', extra: 1 } as never] }, 'catalog/org: principals[0]: {"rolePattern":"A","extra":1} is not a principal: a role name of this account'],
    [{ principals: ['arn:aws:sts::123456789012:assumed-role/x/y'] }, 'catalog/org: principals[0]: "arn:aws:sts::123456789012:assumed-role/x/y" is not a principal: a role name of this account (ProductTeam, teams/Web), a role or user ARN'],
    [{ principals: Array.from({ length: 11 }, (_, i) => ({ rolePattern: `Team${i}` })) }, 'catalog/org: catalog.principals: "11 role patterns" is more than AWS allows: at most 10 IAM_PATTERN principals per portfolio'],
    [{ principals: [{ rolePattern: 'team-a' }, { rolePattern: 'team_a' }] }, 'catalog/org: catalog.principals[1]: {"rolePattern":"team_a"} gives the same logical id (PrincipalTeamAPattern) as catalog.principals[0]'],
  ];
  for (const [inputs, message] of cases) {
    const error = errorOf(() => buildCatalog(inputs));
    assert.ok(error.startsWith(message), `expected ${JSON.stringify(message)}\n     got ${JSON.stringify(error)}`);
  }
});

test('bad inputs name the path, the value and what is allowed', () => {
  const cases: [PortfolioProps, string][] = [
    [props({ products: [product({ versions: [{ name: '1.0', description: '', templateUrl: url('a') }] })] }), 'catalog.products[0].versions[0].name: "1.0" is not a version name <semver>+<12 hex digits of the template hash>'],
    [props({ products: [product({ versions: [] })] }), 'catalog.products[0].versions: "0 versions" is outside the allowed range (1 to 100)'],
    [props({ products: [product({ versions: [product().versions[0]!, { ...product().versions[0]!, templateUrl: url('dd') }] })] }), 'catalog.products[0].versions[1]: "0.1.0+aaaaaaaaaaaa" is a duplicate version name'],
    [props({ products: [product({ versions: [{ name: '0.1.0+aaaaaaaaaaaa', description: '', templateUrl: 'http://127.0.0.1:4566/b/k.json' }] })] }), 'catalog.products[0].versions[0].templateUrl: "http://127.0.0.1:4566/b/k.json" is not an HTTPS S3 URL'],
    [props({ principals: ['arn:aws:sts::1:assumed-role/x'] }), 'catalog.principals[0]: "arn:aws:sts::1:assumed-role/x" is not an IAM role name'],
    [props({ principals: [] }), 'catalog.principals: "0 principals" is outside the allowed range (1 to 100)'],
    [props({ tagOptions: { team: [] } }), 'catalog.tagOptions.team: [] is empty'],
    [props({ tagOptions: { 'aws:x': ['a'] } }), 'catalog.tagOptions: "aws:x" is not a tag key'],
    [props({ products: [product({ resourceTypes: ['AWS::Lambda::Function'] })] }), 'catalog.products[0].resourceTypes[0]: "AWS::Lambda::Function" is not in the registry table'],
    [props({ products: [product({ templates: [{ bucket: 'b', prefix: 'x' }] })] }), 'catalog.products[0].templates[0].bucket: "b" is not an S3 bucket name'],
    [props({ products: [product(), product()] }), 'catalog.products[1]: "Microservice" is a duplicate product name'],
  ];
  for (const [p, message] of cases) {
    const error = errorOf(() => build(p));
    assert.ok(error.includes(message), `expected ${JSON.stringify(message)}\n     got ${JSON.stringify(error)}`);
  }
});

test.run();
