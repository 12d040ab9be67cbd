/**
 * The security list: IAM statements added, removed and widened (a wildcard added widens; an
 * action moved between statements does not), Deny statements dropped, conditions removed;
 * security-group rules opened by a wider source, wider ports or a new source; each over a real
 * product and as generated cases over the comparison itself.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import minimal from '../../build/products/minimal-service.js';
import type { Json } from '../../scripts/diff/model.js';
import { comparePolicies, normaliseStatement, type Statement } from '../../scripts/diff/security/iam.js';
import { compareRules, parseCidr, rulesOf } from '../../scripts/diff/security/security-groups.js';
import type { Template } from '../../scripts/diff/model.js';
import { diffEdit, propsOf, resourceAt } from './helpers.js';

const ROLE = 'Root/Container/TaskDefinitionExecutionRole';
type Root = Parameters<Parameters<typeof diffEdit>[2]>[0];

function statements(root: Root): Record<string, unknown>[] {
  const policies = propsOf(resourceAt(root, ROLE))['Policies'] as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  return policies[0]!.PolicyDocument.Statement;
}
const statement = (root: Root, sid: string) => statements(root).find((s) => s['Sid'] === sid)!;

test('IAM: a statement added to a role is a widening, listed with its actions and resources', () => {
  const { report, env } = diffEdit(minimal, 'prod', (root) => statements(root).push({ Sid: 'ReadConfig', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::shop-config/*'] }));
  const iam = env.security.filter((s) => s.kind === 'iam');
  assert.equal(iam.map((s) => [s.resource, s.sign, s.widening]), [['TaskDefinitionExecutionRole', '+', true]]);
  assert.match(iam[0]!.detail, /^Policies\[TaskExecution\]\.PolicyDocument: statement added: ReadConfig: Allow s3:GetObject on arn:aws:s3:::shop-config\/\*$/);
  assert.is(report.exitCode, 2);
});

test('IAM: a wildcard action or resource added widens; an action removed narrows', () => {
  const wildcard = diffEdit(minimal, 'prod', (root) => (statement(root, 'WriteLogs')['Action'] = ['logs:*'])).env.security;
  assert.equal(wildcard.map((s) => [s.sign, s.widening]), [['~', true]]);
  assert.match(wildcard[0]!.detail, /statement WriteLogs changed: actions \+logs:\* -logs:CreateLogStream -logs:PutLogEvents; widens: logs:\* on \$\{TaskDefinitionLogGroup\.Arn\}/);
  const star = diffEdit(minimal, 'prod', (root) => (statement(root, 'WriteLogs')['Resource'] = ['*'])).env.security;
  assert.ok(star[0]!.widening);
  assert.match(star[0]!.detail, /resources \+\* -\$\{TaskDefinitionLogGroup\.Arn\}/);
  const narrower = diffEdit(minimal, 'prod', (root) => (statement(root, 'WriteLogs')['Action'] = ['logs:PutLogEvents'])).env;
  assert.equal(narrower.security.map((s) => [s.sign, s.widening]), [['~', false]]);
});

test('IAM: a trust policy admitting a new principal widens', () => {
  const { env } = diffEdit(minimal, 'prod', (root) => {
    const trust = propsOf(resourceAt(root, ROLE))['AssumeRolePolicyDocument'] as { Statement: { Principal: Record<string, unknown> }[] };
    trust.Statement[0]!.Principal = { Service: ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com'] };
  });
  const trust = env.security.find((s) => s.detail.startsWith('AssumeRolePolicyDocument'))!;
  assert.ok(trust.widening);
  assert.match(trust.detail, /principals \+Service:lambda\.amazonaws\.com; widens: sts:AssumeRole to Service:lambda\.amazonaws\.com/);
});

test('KMS key policy changes are listed as such', () => {
  const { env } = diffEdit(minimal, 'prod', (root) => {
    const policy = propsOf(resourceAt(root, 'Root/Container/LogsKey'))['KeyPolicy'] as { Statement: Record<string, unknown>[] };
    policy.Statement.push({ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt'], Resource: ['*'] });
  });
  assert.equal(env.security.map((s) => [s.kind, s.resource, s.widening]), [['kms-key-policy', 'LogsKey', true]]);
});

const s = (raw: Record<string, Json>) => normaliseStatement(raw) as Statement;
const allow = (action: Json, resource: Json = '*', extra: Record<string, Json> = {}) => s({ Effect: 'Allow', Action: action, Resource: resource, ...extra });

test('IAM coverage, generated: a grant widens exactly when no old statement matches it', () => {
  const cases: [old: string, next: string, widens: boolean][] = [
    ['s3:GetObject', 's3:GetObject', false],
    ['s3:GetObject', 's3:*', true],
    ['s3:*', 's3:GetObject', false],
    ['s3:Get*', 's3:GetObject', false],
    ['s3:Get*', 's3:GetBucketPolicy', false],
    ['s3:Get*', 's3:PutObject', true],
    ['s3:GetObject', '*', true],
    ['*', 'ec2:RunInstances', false],
    ['S3:getobject', 's3:GetObject', false], // actions are case-insensitive
    ['s3:Get?bject', 's3:GetObject', false],
  ];
  for (const [before, after, widens] of cases) {
    const entries = comparePolicies([allow(before)], [allow(after)]);
    assert.is(entries.some((e) => e.widening), widens, `${before} -> ${after}`);
  }
  const resources: [string, string, boolean][] = [
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*', false],
    ['arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*', true],
    ['arn:aws:s3:::B/*', 'arn:aws:s3:::b/x', true], // resources are case-sensitive
  ];
  for (const [before, after, widens] of resources) {
    assert.is(comparePolicies([allow('s3:GetObject', before)], [allow('s3:GetObject', after)]).some((e) => e.widening), widens, `${before} -> ${after}`);
  }
});

test('IAM: one ARN written as !GetAtt, !Sub or !Join is the same resource (no widening)', () => {
  const forms: Json[] = [
    { 'Fn::GetAtt': ['Logs', 'Arn'] },
    { 'Fn::Sub': '${Logs.Arn}' },
    { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Logs', 'Arn'] }]] },
  ];
  for (const before of forms) {
    for (const after of forms) {
      const entries = comparePolicies([allow('logs:PutLogEvents', [before, { 'Fn::Sub': '${Logs.Arn}:log-stream:*' }])], [allow('logs:PutLogEvents', after)]);
      assert.is(entries.some((e) => e.widening), false, `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    }
  }
  const bucket: Json = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']] };
  assert.is(comparePolicies([allow('s3:GetObject', bucket)], [allow('s3:GetObject', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/logs/*' })]).some((e) => e.widening), false);
});

test('IAM: moving an action between statements is no widening; dropping a Deny or a condition is', () => {
  const moved = comparePolicies([allow(['s3:GetObject', 's3:PutObject'])], [allow('s3:GetObject'), allow('s3:PutObject')]);
  assert.ok(moved.length > 0 && moved.every((e) => !e.widening));
  const deny = s({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });
  assert.equal(comparePolicies([allow('s3:*'), deny], [allow('s3:*')]).map((e) => [e.sign, e.widening]), [['-', true]]);
  const conditioned = allow('s3:GetObject', '*', { Sid: 'Read', Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
  const unconditioned = allow('s3:GetObject', '*', { Sid: 'Read' });
  const dropped = comparePolicies([conditioned], [unconditioned]);
  assert.equal(dropped.map((e) => [e.sign, e.widening]), [['~', true]]);
  assert.match(dropped[0]!.detail, /condition removed/);
  assert.is(comparePolicies([unconditioned], [conditioned]).some((e) => e.widening), false);
});

function group(rules: Record<string, Json>[], egress: Record<string, Json>[] = []): Template {
  return { Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: rules, SecurityGroupEgress: egress } } } };
}
const ingress = (cidr: string, from = 443, to = from, protocol: string | number = 'tcp') => ({ IpProtocol: protocol, FromPort: from, ToPort: to, CidrIp: cidr });

test('security groups, generated: a source opens exactly when its CIDR prefix is shorter (IPv4 and IPv6)', () => {
  for (let before = 0; before <= 32; before += 4) {
    for (let after = 0; after <= 32; after += 4) {
      const entries = compareRules(rulesOf(group([ingress(`10.0.0.0/${before}`)])), rulesOf(group([ingress(`10.0.0.0/${after}`)])));
      assert.is(entries.some((e) => e.sign === '+' && e.widening), after < before, `/${before} -> /${after}`);
    }
  }
  const v6 = (cidr: string) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: cidr });
  assert.ok(compareRules(rulesOf(group([v6('2001:db8::/64')])), rulesOf(group([v6('2001:db8::/32')]))).some((e) => e.widening));
  assert.not.ok(compareRules(rulesOf(group([v6('2001:db8::/32')])), rulesOf(group([v6('2001:db8:0:1::/64')]))).some((e) => e.widening));
  assert.is(parseCidr('10.0.0.0/33').kind, 'other');
});

test('security groups: wider ports, a new source, all traffic and 0.0.0.0/0 open a group; narrowing closes it', () => {
  const open = (before: Record<string, Json>[], after: Record<string, Json>[]) => compareRules(rulesOf(group(before)), rulesOf(group(after)));
  const ports = open([ingress('10.0.0.0/16', 443)], [ingress('10.0.0.0/16', 0, 65535)]);
  assert.equal(ports.map((e) => [e.sign, e.widening]), [['+', true]]);
  assert.match(ports[0]!.detail, /opened: ingress tcp 0-65535 from 10\.0\.0\.0\/16 on Sg: ports wider \(was tcp 443\)/);
  const anywhere = open([ingress('10.0.0.0/16')], [ingress('0.0.0.0/0')]);
  assert.match(anywhere[0]!.detail, /from 0\.0\.0\.0\/0 \(anywhere\) on Sg: source wider \(was 10\.0\.0\.0\/16\)/);
  assert.match(open([ingress('10.0.0.0/16')], [ingress('10.0.0.0/16'), ingress('192.168.0.0/24')])[0]!.detail, /new source/);
  assert.ok(open([ingress('10.0.0.0/16', 443)], [ingress('10.0.0.0/16', 443, 443, -1)])[0]!.widening, 'protocol -1 is all traffic');
  const narrower = open([ingress('10.0.0.0/16')], [ingress('10.0.1.0/24')]);
  assert.equal(narrower.map((e) => [e.sign, e.widening]), [['-', false]]);
  assert.equal(open([ingress('10.0.0.0/16', 80, 443)], [ingress('10.0.0.0/16', 443)]).map((e) => e.sign), ['-']);
});

test('security groups over a product: an ingress rule opened to the internet, inline and as a resource', () => {
  const { report, env } = diffEdit(minimal, 'prod', (root) => {
    const rules = propsOf(resourceAt(root, 'Root/Container/ServiceSecurityGroup'))['SecurityGroupIngress'] as Record<string, unknown>[];
    rules.push(ingress('0.0.0.0/0', 22));
  });
  const opened = env.security.filter((e) => e.kind === 'security-group');
  assert.equal(opened.map((e) => [e.resource, e.sign, e.widening]), [['ServiceSecurityGroup', '+', true]]);
  assert.match(opened[0]!.detail, /ingress tcp 22 from 0\.0\.0\.0\/0 \(anywhere\) on ServiceSecurityGroup: new source/);
  assert.is(report.exitCode, 2);
  const standalone = diffEdit(minimal, 'prod', (root) => {
    const sg = resourceAt(root, 'Root/Container/ServiceSecurityGroup');
    sg.stack.add('DebugIngress', { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: sg.attr('GroupId'), IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/8' } });
  }).env.security.filter((e) => e.kind === 'security-group');
  assert.equal(standalone.map((e) => [e.resource, e.widening]), [['DebugIngress', true]]);
  assert.match(standalone[0]!.detail, /on ServiceSecurityGroup/);
});

test.run();
