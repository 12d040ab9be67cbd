/**
 * `make permissions` over built (and published) products, the role template it prints linted by cfn-lint and
 * checkov, and `make deploy ROLE=...` handing the role to `aws cloudformation deploy`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { portfolio } from '../../blueprints/catalog/portfolio.js';
import { catalogue } from '../../build/catalogue.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { writeDist } from '../../build/write-dist.js';
import type { CompileResult } from '../../dsl/index.js';
import { MANAGED_POLICY_MAX_CHARS, policySize, type DerivedStatement } from '../../dsl/permissions.js';
import { deployArguments } from '../../scripts/deploy/deploy.js';
import { runDeploy } from '../../scripts/deploy/run.js';
import { publishEnvironment } from '../../scripts/publish/publish.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree } from '../helpers/compile.js';
import { lintFiles } from '../helpers/lint.js';
import { REGION, startFixture, type MotoFixture } from './helpers/sandbox.js';

const scratch = mkdtempSync(join(tmpdir(), 'permissions-test-'));
const dist = join(scratch, 'dist');
const product = (name: string) => catalogue.find((p) => p.name === name)!;
let moto: MotoFixture;

/** `make permissions` as a user runs it; the variables go in through the environment like make's own. */
function makePermissions(vars: Record<string, string>): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('make', ['-s', 'permissions'], { env: { ...process.env, DIST: dist, ...vars }, encoding: 'utf8' });
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

interface RoleTemplate {
  Resources: Record<string, { Type: string; Properties: { PolicyDocument?: { Statement: DerivedStatement[] }; ManagedPolicyArns?: unknown[]; AssumeRolePolicyDocument?: unknown } }>;
  Outputs: Record<string, unknown>;
}

test.before(async () => {
  writeDist(dist, [
    buildEnvironment(product('minimal-service'), 'prod', 'json'),
    buildEnvironment(product('microservice'), 'template', 'json'),
    buildEnvironment(product('ecs-platform'), 'staging', 'json'),
    buildEnvironment(product('ecs-platform'), 'production', 'json'),
  ]);
  moto = await startFixture();
  await moto.bucket('role-templates');
  await publishEnvironment({ folder: join(dist, 'minimal-service', 'prod'), bucket: 'role-templates', prefix: 'teams/minimal', settings: { region: REGION, endpoint: moto.sandbox.endpoint }, log: () => {} });
});
test.after(async () => {
  await moto.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('make permissions: a role template for the stack, its managed policies within the quota, notes on stderr', () => {
  const run = makePermissions({ PRODUCT: 'minimal-service', ENV: 'prod', STACK: 'shop-prod' });
  assert.is(run.status, 0, run.stderr);
  const template = JSON.parse(run.stdout) as RoleTemplate;
  const policies = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');
  assert.ok(policies.length >= 1);
  const role = template.Resources['DeployRole']!;
  assert.equal(role.Properties.ManagedPolicyArns, policies.map(([id]) => ({ Ref: id })));
  assert.equal(role.Properties.AssumeRolePolicyDocument, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
  });
  assert.ok(template.Outputs['RoleArn']);
  const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument!.Statement) as unknown as { Sid: string; Action: string[]; Resource: unknown[] }[];
  // published: the nested templates are read from where make publish put them, nothing else of the bucket
  assert.equal(statements.find((s) => s.Sid === 'ReadPublishedTemplates'), { Sid: 'ReadPublishedTemplates', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::role-templates/teams/minimal/*' }] });
  assert.equal(statements.find((s) => s.Sid === 'CloudformationStacks')!.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/shop-prod*' }]);
  assert.equal(statements.find((s) => s.Sid === 'PassRolesToServices')!.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/shop-prod*' }]);
  assert.match(run.stderr, /permissions: \d+ statements in \d+ managed polic(y|ies) \(/);
  assert.match(run.stderr, /nested templates read from arn:\$\{AWS::Partition\}:s3:::role-templates\/teams\/minimal\/\*/);
});

test('make permissions OUTPUT=policy: documents for one account and region, within the quota', () => {
  const run = makePermissions({ PRODUCT: 'ecs-platform', ENV: 'production', STACK: 'platform', OUTPUT: 'policy', ACCOUNT: '123456789012', REGION: 'cn-north-1' });
  assert.is(run.status, 0, run.stderr);
  const policies = JSON.parse(run.stdout) as { PolicyName: string; PolicyDocument: { Version: string; Statement: DerivedStatement[] } }[];
  assert.ok(policies.length > 1, 'the largest product is split into several policies');
  assert.equal(policies.map((p) => p.PolicyName), policies.map((_, i) => `platform-deploy-${i + 1}`));
  for (const p of policies) {
    assert.ok(JSON.stringify(p.PolicyDocument).replace(/\s/g, '').length <= MANAGED_POLICY_MAX_CHARS, p.PolicyName);
    assert.ok(policySize(p.PolicyDocument.Statement) <= MANAGED_POLICY_MAX_CHARS);
    for (const s of p.PolicyDocument.Statement) for (const r of s.Resource) assert.ok(r === '*' || r.startsWith('arn:aws-cn:'), `${s.Sid}: ${r}`);
  }
  const text = run.stdout;
  assert.not.ok(text.includes('${'), 'every placeholder resolved');
  assert.ok(text.includes('arn:aws-cn:ecs:cn-north-1:123456789012:*'));
  assert.match(run.stderr, /no s3:GetObject for the nested templates: run make publish first/);
});

test('make permissions: one environment needs no ENV; mistakes are one message and exit 1', () => {
  const single = makePermissions({ PRODUCT: 'microservice' });
  assert.is(single.status, 0, single.stderr);
  assert.ok((JSON.parse(single.stdout) as RoleTemplate).Resources['DeployRole']);
  const cases: [Record<string, string>, RegExp][] = [
    [{ PRODUCT: 'ecs-platform' }, /ecs-platform has several environments: give ENV= one of production, staging/],
    [{ PRODUCT: 'ecs-platform', ENV: 'qa' }, /ecs-platform has no built environment "qa"/],
    [{ PRODUCT: 'nothing' }, /holds no built environment: run make build PRODUCT=nothing first/],
    [{ PRODUCT: 'microservice', OUTPUT: 'policy', REGION: 'eu-west-1' }, /ACCOUNT "" is not a 12-digit account id/],
    [{ PRODUCT: 'microservice', OUTPUT: 'policy', ACCOUNT: '123456789012', REGION: 'Europe' }, /REGION "Europe" is not a region name/],
    [{ PRODUCT: 'microservice', STACK: 'bad_name' }, /STACK "bad_name" is not a stack name/],
    [{ PRODUCT: 'microservice', OUTPUT: 'yaml' }, /OUTPUT "yaml" is not template or policy/],
  ];
  for (const [vars, message] of cases) {
    const run = makePermissions(vars);
    assert.is(run.status, 2, `${JSON.stringify(vars)}: make reports the script's exit 1 as 2`);
    assert.match(run.stderr, message);
    assert.is(run.stdout, '');
  }
});

test('the role templates and a launch role for every resource type of the catalogue are cfn-lint and checkov clean', () => {
  const files: string[] = [];
  for (const [name, env] of [['minimal-service', 'prod'], ['microservice', 'template'], ['ecs-platform', 'production']] as const) {
    const run = makePermissions({ PRODUCT: name, ENV: env });
    assert.is(run.status, 0, run.stderr);
    const file = join(scratch, `${name}-role.json`);
    writeFileSync(file, run.stdout);
    files.push(file);
  }
  assert.equal(lintFiles(files, []), []);
  const types = [...new Set(catalogue.flatMap((p) => Object.keys(p.environments).flatMap((env) => buildEnvironment(p, env, 'json').result.stacks.flatMap((s) => Object.values(s.template['Resources'] as Record<string, { Type: string }>).map((r) => r.Type)))))].sort();
  const url = `https://templates.s3.${REGION}.amazonaws.com/all/${'a'.repeat(64)}.json`;
  const launch = compileTree((root) => void portfolio(root, { displayName: 'All', providerName: 'Platform', description: 'every type', principals: ['Developer'], products: [{ name: 'all', description: 'd', owner: 'o', versions: [{ name: '1.0.0+aaaaaaaaaaaa', description: '', templateUrl: url }], templates: [{ bucket: 'templates', prefix: 'all' }], resourceTypes: types }] }));
  assert.ok(launch.root.resourcesOf('AWS::IAM::ManagedPolicy').length > 1);
  // checkov reads compiled trees: each role template is a tree of one stack
  const roleTrees = files.map((file) => ({ stacks: [{ file: basename(file), body: readFileSync(file, 'utf8') }] }) as unknown as CompileResult);
  assert.equal(checkovCompiled(launch.result, ...roleTrees), []);
});

test('make deploy ROLE=: the service role goes to aws cloudformation deploy; anything else is refused before any call', () => {
  const args = deployArguments({ templateFile: 't.json', stack: 's', parameters: {}, tags: {}, review: false, roleArn: 'arn:aws:iam::123456789012:role/shop-prod-deploy' });
  assert.equal(args.slice(-2), ['--role-arn', 'arn:aws:iam::123456789012:role/shop-prod-deploy']);
  assert.not.ok(deployArguments({ templateFile: 't.json', stack: 's', parameters: {}, tags: {}, review: false }).includes('--role-arn'));
  const errors: string[] = [];
  const status = runDeploy({ PRODUCT: 'minimal-service', ENV: 'prod', STACK: 'shop', DIST: dist, ROLE: 'shop-prod-deploy' }, { out: () => {}, err: (l) => errors.push(l) });
  assert.is(status, 1);
  assert.match(errors.join('\n'), /ROLE "shop-prod-deploy" is not an IAM role ARN/);
});

test.run();
