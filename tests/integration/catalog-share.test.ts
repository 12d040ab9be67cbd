/**
 * Portfolio sharing at organisation scale: `make catalog-share` (organisation nodes, an API call) and
 * `make catalog-accept` (in a recipient account). Against moto where it implements the calls
 * (CreatePortfolio, CreatePortfolioShare, DescribePortfolioShares for the organisation, DescribeStacks),
 * and a stand-in client that records the calls where it does not (UpdatePortfolioShare,
 * DescribePortfolioShareStatus, DeletePortfolioShare status, AcceptPortfolioShare,
 * AssociatePrincipalWithPortfolio, ListAcceptedPortfolioShares; OU and member-account shares, which
 * moto records but never lists).
 */
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  CreatePortfolioCommand,
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  ListAcceptedPortfolioSharesCommand,
  UpdatePortfolioShareCommand,
  type PortfolioShareDetail,
} from '@aws-sdk/client-service-catalog';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORGANIZATION_SHARES_METADATA as BLUEPRINT_KEY } from '../../blueprints/catalog/sharing.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { defineProduct, type Product } from '../../build/product.js';
import catalogProduct, { type CatalogInputs } from '../../build/products/catalog.js';
import { writeDist } from '../../build/write-dist.js';
import { acceptRequestFromEnv, acceptShare, type AcceptApi } from '../../scripts/catalog/accept.js';
import { serviceCatalogClient } from '../../scripts/catalog/deprecate.js';
import { applyShares, type ShareApi } from '../../scripts/catalog/share.js';
import { catalogFolder, ORGANIZATION_SHARES_METADATA, readSharePlan, type SharePlan } from '../../scripts/catalog/share-plan.js';
import { cloudFormationClient } from '../../scripts/stackset/client.js';
import { REGION, runScript, startFixture, type MotoFixture } from './helpers/sandbox.js';

let moto: MotoFixture;
const scratch = mkdtempSync(join(tmpdir(), 'catalog-share-'));
const ORG = 'o-abcdefghij';
const OU = 'ou-ab12-cdef3456';
const MEMBER = '444455556666';

/** The catalog product with organisation shares, built into `dist` (what make build PRODUCT=catalog writes). */
function buildCatalog(dist: string, shares: CatalogInputs['shares'], principals: CatalogInputs['principals'] = [{ rolePattern: 'ProductTeam' }, 'PlatformAdmin']): string {
  const inputs = { ...(catalogProduct.environments['shared'] as CatalogInputs), principals, shares };
  writeDist(dist, [buildEnvironment(defineProduct({ ...catalogProduct, environments: { shared: inputs } } as unknown as Product), 'shared', 'json')]);
  return join(dist, 'catalog', 'shared');
}

test.before(async () => {
  moto = await startFixture();
});
test.after(async () => {
  await moto.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('the share plan is read from the built portfolio template, under the key the blueprint writes', () => {
  assert.is(ORGANIZATION_SHARES_METADATA, BLUEPRINT_KEY);
  const folder = buildCatalog(join(scratch, 'plan'), { organizationNodes: [ORG, OU, MEMBER], sharePrincipals: true, shareTagOptions: false });
  assert.equal(readSharePlan(folder), {
    shareTagOptions: false,
    sharePrincipals: true,
    nodes: [
      { Type: 'ORGANIZATION', Value: ORG },
      { Type: 'ORGANIZATIONAL_UNIT', Value: OU },
      { Type: 'ACCOUNT', Value: MEMBER },
    ],
  });
  assert.equal(readSharePlan(buildCatalog(join(scratch, 'none'), {})).nodes, []);
  assert.is(catalogFolder(join(scratch, 'plan'), undefined), folder);
  assert.throws(() => catalogFolder(join(scratch, 'plan'), 'prod'), /catalog\/prod is not built in .*; run make build PRODUCT=catalog ENV=prod/);
});

test('make catalog-share against moto: CreatePortfolioShare per organisation node with the flags; the organisation share is listed; a rerun changes nothing there', async () => {
  const dist = join(scratch, 'moto');
  buildCatalog(dist, { organizationNodes: [ORG, OU, MEMBER], sharePrincipals: true });
  const client = serviceCatalogClient(REGION, moto.sandbox.endpoint);
  try {
    const created = await client.send(new CreatePortfolioCommand({ DisplayName: 'Platform self-service', ProviderName: 'Platform team', IdempotencyToken: 'share-test' }));
    const portfolioId = created.PortfolioDetail!.Id!;
    const run = runScript('scripts/catalog/cli.ts', { ...moto.env, DIST: dist, PORTFOLIO: portfolioId }, ['share']);
    assert.is(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.is(lines[0], `sharing portfolio ${portfolioId} (tag options shared, principal names shared):`);
    for (const [type, value] of [['ORGANIZATION', ORG], ['ORGANIZATIONAL_UNIT', OU], ['ACCOUNT', MEMBER]]) {
      assert.ok(lines.some((l) => new RegExp(`^${type} +${value} +created \\(token \\S+; completion not verified: the endpoint does not implement DescribePortfolioShareStatus\\)$`).test(l)), `${type} ${value}: ${run.stdout}`);
    }
    assert.is(lines.at(-1), 'catalog-share: 3 created, 0 updated, 0 unchanged, 0 removed, 0 kept');
    const listed = await client.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: 'ORGANIZATION' }));
    assert.equal(listed.PortfolioShareDetails?.map((d) => [d.PrincipalId, d.ShareTagOptions, d.SharePrincipals]), [[ORG, true, true]]);

    const again = runScript('scripts/catalog/cli.ts', { ...moto.env, DIST: dist, PORTFOLIO: portfolioId }, ['share']);
    assert.is(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`ORGANIZATION +${ORG} +unchanged\\n`));
  } finally {
    client.destroy();
  }
});

test('make catalog-share STACK=: the portfolio id is the PortfolioId output of the catalog stack (moto)', async () => {
  const dist = join(scratch, 'stack');
  buildCatalog(dist, { organizationNodes: [ORG] });
  const cfn = cloudFormationClient(REGION, moto.sandbox.endpoint);
  const sc = serviceCatalogClient(REGION, moto.sandbox.endpoint);
  try {
    const portfolioId = (await sc.send(new CreatePortfolioCommand({ DisplayName: 'From a stack', ProviderName: 'Platform team', IdempotencyToken: 'stack-test' }))).PortfolioDetail!.Id!;
    const body = { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }, Outputs: { PortfolioId: { Value: portfolioId } } };
    await cfn.send(new CreateStackCommand({ StackName: 'catalog', TemplateBody: JSON.stringify(body) }));
    const run = runScript('scripts/catalog/cli.ts', { ...moto.env, DIST: dist, STACK: 'catalog' }, ['share']);
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, `sharing portfolio ${portfolioId} `);
    const missing = runScript('scripts/catalog/cli.ts', { ...moto.env, DIST: dist, STACK: 'no-such-stack' }, ['share']);
    assert.is(missing.status, 1);
    assert.match(missing.stderr, /^catalog failed: cannot read stack no-such-stack: ValidationError: /);
  } finally {
    cfn.destroy();
    sc.destroy();
  }
});

/** Service Catalog as sharing uses it: shares kept in memory, statuses scripted per token. */
function standIn(existing: PortfolioShareDetail[] = [], statuses: Record<string, string[]> = {}, errors: Record<string, object> = {}) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  let tokens = 0;
  const api = {
    send: async (command: { input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      calls.push({ name, input: command.input });
      if (command instanceof DescribePortfolioSharesCommand) {
        const matching = existing.filter((e) => e.Type === command.input.Type);
        // Two pages when there are two or more, to exercise PageToken.
        if (matching.length > 1 && !command.input.PageToken) return { PortfolioShareDetails: matching.slice(0, 1), NextPageToken: 'page-2' };
        return { PortfolioShareDetails: command.input.PageToken ? matching.slice(1) : matching };
      }
      if (command instanceof CreatePortfolioShareCommand || command instanceof UpdatePortfolioShareCommand || command instanceof DeletePortfolioShareCommand) {
        return { PortfolioShareToken: `share-${++tokens}` };
      }
      if (command instanceof DescribePortfolioShareStatusCommand) {
        const token = String(command.input.PortfolioShareToken);
        const queue = statuses[token] ?? ['COMPLETED'];
        const state = queue.length > 1 ? queue.shift()! : queue[0]!;
        return { PortfolioShareToken: token, Status: state, ...(errors[token] ? { ShareDetails: errors[token] } : {}) };
      }
      throw new Error(`unexpected ${name}`);
    },
  } as unknown as ShareApi;
  return { api, calls };
}
const plan = (over: Partial<SharePlan> = {}): SharePlan => ({
  shareTagOptions: true,
  sharePrincipals: true,
  nodes: [
    { Type: 'ORGANIZATIONAL_UNIT', Value: OU },
    { Type: 'ACCOUNT', Value: MEMBER },
  ],
  ...over,
});
const quick = { poll: { intervalMs: 0, attempts: 5 }, log: () => {} };

test('stand-in: a new share is created with its node and flags (no SharePrincipals on a member account), then followed to COMPLETED', async () => {
  const { api, calls } = standIn([], { 'share-1': ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'] });
  const outcomes = await applyShares(api, 'port-abc', plan(), quick);
  assert.equal(outcomes, [
    { node: { Type: 'ORGANIZATIONAL_UNIT', Value: OU }, action: 'created', status: 'COMPLETED' },
    { node: { Type: 'ACCOUNT', Value: MEMBER }, action: 'created', status: 'COMPLETED' },
  ]);
  const writes = calls.filter((c) => c.name !== 'DescribePortfolioSharesCommand');
  assert.equal(writes, [
    { name: 'CreatePortfolioShareCommand', input: { PortfolioId: 'port-abc', OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU }, ShareTagOptions: true, SharePrincipals: true } },
    { name: 'DescribePortfolioShareStatusCommand', input: { PortfolioShareToken: 'share-1' } },
    { name: 'DescribePortfolioShareStatusCommand', input: { PortfolioShareToken: 'share-1' } },
    { name: 'DescribePortfolioShareStatusCommand', input: { PortfolioShareToken: 'share-1' } },
    { name: 'CreatePortfolioShareCommand', input: { PortfolioId: 'port-abc', OrganizationNode: { Type: 'ACCOUNT', Value: MEMBER }, ShareTagOptions: true } },
    { name: 'DescribePortfolioShareStatusCommand', input: { PortfolioShareToken: 'share-2' } },
  ]);
  assert.equal(
    calls.filter((c) => c.name === 'DescribePortfolioSharesCommand').map((c) => c.input.Type),
    ['ORGANIZATION', 'ORGANIZATIONAL_UNIT', 'ORGANIZATION_MEMBER_ACCOUNT'],
    'every organisation share type is read before anything is changed',
  );
});

test('stand-in: a share with other flags is updated (CreatePortfolioShare would do nothing), an identical one left alone', async () => {
  const { api, calls } = standIn([
    { Type: 'ORGANIZATIONAL_UNIT', PrincipalId: OU, ShareTagOptions: true, SharePrincipals: false },
    { Type: 'ORGANIZATION_MEMBER_ACCOUNT', PrincipalId: MEMBER, ShareTagOptions: true, SharePrincipals: false },
  ]);
  const outcomes = await applyShares(api, 'port-abc', plan(), quick);
  assert.equal(outcomes.map((o) => o.action), ['updated', 'unchanged'], 'SharePrincipals does not apply to a member account, so its share is as wanted');
  assert.equal(calls.find((c) => c.name === 'UpdatePortfolioShareCommand')?.input, { PortfolioId: 'port-abc', OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU }, ShareTagOptions: true, SharePrincipals: true });
  assert.not.ok(calls.some((c) => c.name === 'CreatePortfolioShareCommand'));
});

test('stand-in: shares no longer in the inputs are kept and reported, unshared with PRUNE; every page of shares is read', async () => {
  const extra: PortfolioShareDetail[] = [
    { Type: 'ORGANIZATIONAL_UNIT', PrincipalId: 'ou-ab12-00000000', ShareTagOptions: true, SharePrincipals: true },
    { Type: 'ORGANIZATIONAL_UNIT', PrincipalId: OU, ShareTagOptions: true, SharePrincipals: true },
    { Type: 'ORGANIZATION', PrincipalId: ORG, ShareTagOptions: true, SharePrincipals: false },
  ];
  const kept = standIn(extra);
  const lines: string[] = [];
  const outcomes = await applyShares(kept.api, 'port-abc', plan({ nodes: [{ Type: 'ORGANIZATIONAL_UNIT', Value: OU }] }), { ...quick, log: (l) => lines.push(l) });
  assert.equal(outcomes.map((o) => `${o.node.Value} ${o.action}`), [`${OU} unchanged`, `${ORG} kept`, 'ou-ab12-00000000 kept']);
  assert.ok(lines.some((l) => /^ORGANIZATION +o-abcdefghij +shared, but not in the catalog's inputs: kept \(PRUNE=1 unshares it\)$/.test(l)), lines.join('\n'));
  assert.not.ok(kept.calls.some((c) => c.name === 'DeletePortfolioShareCommand'));

  const pruned = standIn(extra);
  const removed = await applyShares(pruned.api, 'port-abc', plan({ nodes: [{ Type: 'ORGANIZATIONAL_UNIT', Value: OU }] }), { ...quick, prune: true });
  assert.equal(removed.map((o) => `${o.node.Value} ${o.action}`), [`${OU} unchanged`, `${ORG} removed`, 'ou-ab12-00000000 removed']);
  assert.equal(pruned.calls.filter((c) => c.name === 'DeletePortfolioShareCommand').map((c) => c.input), [
    { PortfolioId: 'port-abc', OrganizationNode: { Type: 'ORGANIZATION', Value: ORG } },
    { PortfolioId: 'port-abc', OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-ab12-00000000' } },
  ]);
});

test('stand-in: a share that ends with errors, or never ends, fails naming the node, the accounts and the token', async () => {
  const failing = standIn([], { 'share-1': ['IN_PROGRESS', 'COMPLETED_WITH_ERRORS'] }, { 'share-1': { SuccessfulShares: ['111122223333'], ShareErrors: [{ Accounts: ['555566667777', '888899990000'], Error: 'AccessDenied', Message: 'not enabled' }] } });
  const message = await applyShares(failing.api, 'port-abc', plan(), quick).then(() => '', (e: Error) => e.message);
  assert.is(message, `sharing with ORGANIZATIONAL_UNIT ${OU} ended COMPLETED_WITH_ERRORS: AccessDenied: not enabled (accounts 555566667777, 888899990000); it succeeded for 1 account(s)`);
  assert.not.ok(failing.calls.some((c) => c.name === 'CreatePortfolioShareCommand' && (c.input.OrganizationNode as { Type: string }).Type === 'ACCOUNT'), 'stops at the first failed share');

  const stuck = standIn([], { 'share-1': ['IN_PROGRESS'] });
  const timeout = await applyShares(stuck.api, 'port-abc', plan(), { ...quick, poll: { intervalMs: 0, attempts: 3 } }).then(() => '', (e: Error) => e.message);
  assert.is(timeout, `sharing with ORGANIZATIONAL_UNIT ${OU} is still IN_PROGRESS after 3 status reads (token share-1); check it later with aws servicecatalog describe-portfolio-share-status --portfolio-share-token share-1`);
});

/** AcceptPortfolioShare and friends, as the recipient's side uses them. */
function acceptStandIn(accepted: string[], acceptError?: object) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const api = {
    send: async (command: { input: Record<string, unknown> }) => {
      calls.push({ name: command.constructor.name, input: command.input });
      if (command instanceof AcceptPortfolioShareCommand) {
        if (acceptError) throw acceptError;
        return {};
      }
      if (command instanceof AssociatePrincipalWithPortfolioCommand) return {};
      if (command instanceof ListAcceptedPortfolioSharesCommand) {
        return command.input.PageToken ? { PortfolioDetails: accepted.slice(1).map((Id) => ({ Id })) } : { PortfolioDetails: accepted.slice(0, 1).map((Id) => ({ Id })), ...(accepted.length > 1 ? { NextPageToken: 'p2' } : {}) };
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    },
  } as unknown as AcceptApi;
  return { api, calls };
}

test('make catalog-accept (stand-in): AcceptPortfolioShare with the share type, principals associated, then confirmed in the accepted list', async () => {
  const { api, calls } = acceptStandIn(['port-other', 'port-abc']);
  const request = acceptRequestFromEnv({ PORTFOLIO: 'port-abc', SHARE_TYPE: 'AWS_ORGANIZATIONS', PRINCIPALS: 'arn:aws:iam::444455556666:role/ProductTeam, arn:aws:iam::444455556666:role/Ops' });
  await acceptShare(api, request, { log: () => {} });
  assert.equal(calls, [
    { name: 'AcceptPortfolioShareCommand', input: { PortfolioId: 'port-abc', PortfolioShareType: 'AWS_ORGANIZATIONS' } },
    { name: 'AssociatePrincipalWithPortfolioCommand', input: { PortfolioId: 'port-abc', PrincipalARN: 'arn:aws:iam::444455556666:role/ProductTeam', PrincipalType: 'IAM' } },
    { name: 'AssociatePrincipalWithPortfolioCommand', input: { PortfolioId: 'port-abc', PrincipalARN: 'arn:aws:iam::444455556666:role/Ops', PrincipalType: 'IAM' } },
    { name: 'ListAcceptedPortfolioSharesCommand', input: { PortfolioShareType: 'AWS_ORGANIZATIONS' } },
    { name: 'ListAcceptedPortfolioSharesCommand', input: { PortfolioShareType: 'AWS_ORGANIZATIONS', PageToken: 'p2' } },
  ]);
  assert.equal(acceptRequestFromEnv({ PORTFOLIO: 'port-abc' }), { PORTFOLIO: 'port-abc', SHARE_TYPE: 'IMPORTED', PRINCIPALS: [] }, 'IMPORTED is the default, as in the API');
});

test('make catalog-accept (stand-in): no such share, or not listed after accepting, is a clear error', async () => {
  const notShared = acceptStandIn([], { name: 'ResourceNotFoundException', message: 'nope' });
  const message = await acceptShare(notShared.api, acceptRequestFromEnv({ PORTFOLIO: 'port-abc' }), { log: () => {} }).then(() => '', (e: Error) => e.message);
  assert.is(message, 'no IMPORTED share of portfolio port-abc reaches this account (an organisation share is accepted with SHARE_TYPE=AWS_ORGANIZATIONS)');
  const unlisted = acceptStandIn(['port-other']);
  const missing = await acceptShare(unlisted.api, acceptRequestFromEnv({ PORTFOLIO: 'port-abc' }), { log: () => {} }).then(() => '', (e: Error) => e.message);
  assert.is(missing, 'portfolio port-abc was accepted, but ListAcceptedPortfolioShares (IMPORTED) does not list it');
});

test('make catalog-accept against moto: the emulator lacks AcceptPortfolioShare, and the command says so (exit 1)', () => {
  const run = runScript('scripts/catalog/cli.ts', { ...moto.env, PORTFOLIO: 'port-abc' }, ['accept']);
  assert.is(run.status, 1, run.stdout);
  assert.is(
    run.stderr.trim(),
    `catalog failed: the endpoint ${moto.sandbox.endpoint} does not implement Service Catalog's AcceptPortfolioShare (it answered HTTP 500 with a body that is not the API's JSON); this is a limit of the emulator, not of the catalogue: accept shares against AWS (unset AWS_ENDPOINT_URL)`,
  );
});

test('bad command variables are refused before any call, naming the variable, the value and what is allowed', () => {
  const cases: [NodeJS.ProcessEnv, string][] = [
    [{ PORTFOLIO: 'port abc' }, 'PORTFOLIO: "port abc" is not a portfolio id (like port-2qwzkwxt3y5fk: letters, digits, _ and -; the PortfolioId output of the catalog stack)'],
    [{ PORTFOLIO: 'p'.repeat(101) }, `PORTFOLIO: "${'p'.repeat(101)}" is not a portfolio id`],
    [{ PORTFOLIO: 'port-abc', SHARE_TYPE: 'AWS_SERVICECATALOG' }, 'SHARE_TYPE: "AWS_SERVICECATALOG" is not a share type (IMPORTED, AWS_ORGANIZATIONS)'],
    [{ PORTFOLIO: 'port-abc', PRINCIPALS: 'arn:aws:iam::444455556666:role/A,ProductTeam' }, 'PRINCIPALS[1]: "ProductTeam" is not an IAM role, user or group ARN of this account'],
    [{ PORTFOLIO: 'port-abc', PRINCIPALS: 'arn:aws:sts::444455556666:assumed-role/A/b' }, 'PRINCIPALS[0]: "arn:aws:sts::444455556666:assumed-role/A/b" is not an IAM role, user or group ARN'],
  ];
  for (const [env, message] of cases) {
    const error = (() => {
      try {
        acceptRequestFromEnv(env);
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    assert.ok(error.startsWith(message), `expected ${JSON.stringify(message)}\n     got ${JSON.stringify(error)}`);
  }
  const dist = join(scratch, 'plan');
  const share = runScript('scripts/catalog/cli.ts', { ...moto.env, DIST: dist, PORTFOLIO: 'port abc' }, ['share']);
  assert.is(share.status, 1);
  assert.match(share.stderr, 'catalog failed: PORTFOLIO: "port abc" is not a portfolio id');
  const usage = runScript('scripts/catalog/cli.ts', { ...moto.env, DIST: dist }, ['share']);
  assert.is(usage.status, 2);
  assert.match(usage.stderr, 'usage: make catalog-share PORTFOLIO=<portfolio id> | STACK=<catalog stack name>');
});

test.run();
