/**
 * The registry table and the permissions derived from it, over every product of the catalogue compiled here:
 * every resource type is covered, `*` only where IAM takes no resource, the sizes within IAM's quotas.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { catalogue } from '../../build/catalogue.js';
import { buildEnvironment, type BuiltEnvironment } from '../../build/compile-product.js';
import {
  derivePermissions,
  MANAGED_POLICY_MAX_CHARS,
  partitionOfRegion,
  policySize,
  resolveResource,
  splitIntoPolicies,
  uncoveredResourceTypes,
  type DerivedStatement,
} from '../../dsl/permissions.js';
import { footprintOfTemplates, valuePattern } from '../../dsl/permissions-footprint.js';
import {
  actionScope,
  conditionalCreateOnlyProperties,
  createOnlyProperties,
  handlerPermissions,
  hasHandlerPermissions,
  primaryIdentifier,
  readOnlyProperties,
  registrySources,
  registryTypes,
  writeOnlyProperties,
} from '../../dsl/spec/registry-lookup.js';
import { errorOf } from '../helpers/compile.js';

const built: BuiltEnvironment[] = catalogue.flatMap((product) => Object.keys(product.environments).map((env) => buildEnvironment(product, env, 'json')));
const templatesOf = (b: BuiltEnvironment) => b.result.stacks.map((s) => s.template);
const label = (b: BuiltEnvironment) => `${b.product}/${b.environment}`;
const STACK = 'team-app-prod';
const derivedFor = (b: BuiltEnvironment) => {
  const scope = { stackNamePrefix: STACK };
  return derivePermissions(footprintOfTemplates(templatesOf(b), scope, ['arn:${AWS::Partition}:s3:::templates/app/*']), scope);
};

test('every resource type of every product is in the registry table with handler permissions', () => {
  const types = new Set(built.flatMap((b) => templatesOf(b).flatMap((t) => Object.values(t['Resources'] as Record<string, { Type: string }>).map((r) => r.Type))));
  assert.ok(types.size >= 40, `only ${types.size} types: the catalogue did not compile as expected`);
  assert.equal(uncoveredResourceTypes([...types]), []);
  for (const type of types) assert.ok(hasHandlerPermissions(type), type);
  // and the check can fail: a type outside the table, a type whose schema lists no handler permissions
  assert.equal(uncoveredResourceTypes(['AWS::Lambda::Function', 'AWS::IAM::AccessKey']).map((u) => u.type), ['AWS::IAM::AccessKey', 'AWS::Lambda::Function']);
});

test('registry facts: create-only properties, identifiers, read-only and write-only properties, handler actions', () => {
  assert.equal(createOnlyProperties('AWS::ECS::Service'), ['Cluster', 'Role', 'SchedulingStrategy', 'ServiceName']);
  assert.equal(conditionalCreateOnlyProperties('AWS::ECS::Service'), ['LaunchType']);
  assert.ok(createOnlyProperties('AWS::EC2::SecurityGroup').includes('GroupDescription'));
  assert.ok(createOnlyProperties('AWS::ECS::CapacityProvider').includes('AutoScalingGroupProvider/AutoScalingGroupArn'), 'nested paths are slash-separated');
  assert.equal(primaryIdentifier('AWS::Logs::LogGroup'), ['LogGroupName']);
  assert.equal(readOnlyProperties('AWS::ServiceDiscovery::PrivateDnsNamespace'), ['Id', 'HostedZoneId', 'Arn']);
  assert.equal(writeOnlyProperties('AWS::ServiceDiscovery::PrivateDnsNamespace'), ['Vpc']);
  assert.equal(createOnlyProperties('AWS::CloudFormation::Stack'), []);
  assert.equal(handlerPermissions('AWS::ServiceDiscovery::PrivateDnsNamespace', ['delete']), ['servicediscovery:DeleteNamespace', 'servicediscovery:GetOperation']);
  assert.ok(handlerPermissions('AWS::ServiceDiscovery::PrivateDnsNamespace').includes('route53:CreateHostedZone'));
  assert.not.ok(handlerPermissions('AWS::ServiceDiscovery::PrivateDnsNamespace').includes('servicediscovery:ListNamespaces'), 'list is not a deploy operation');
  assert.ok(registryTypes().includes('AWS::VpcLattice::Service') && registryTypes().includes('AWS::EFS::MountTarget'));
  assert.match(errorOf(() => createOnlyProperties('AWS::Lambda::Function')), /AWS::Lambda::Function is not in the registry table/);
});

test('action scopes from the Service Authorization Reference', () => {
  assert.equal(actionScope('ec2:DescribeVpcs'), { action: 'ec2:DescribeVpcs', known: true, needsStar: true, arnFormats: [], unscopedMatches: [] });
  assert.equal(actionScope('route53:GetHostedZone').arnFormats, ['arn:${Partition}:route53:::hostedzone/${Id}']);
  assert.equal(actionScope('iam:PassRole').arnFormats, ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}']);
  assert.not.ok(actionScope('ecs:CreateService').needsStar);
  assert.is(actionScope('s3:REST.PUT.OBJECT').known, false, 'an API name that is no IAM action');
  const getAll = actionScope('ssm:Get*');
  assert.not.ok(getAll.needsStar, 'a mixed wildcard is not granted on *');
  assert.ok(getAll.unscopedMatches.includes('ssm:GetInventory') && !getAll.unscopedMatches.includes('ssm:GetParameter'));
  assert.ok(actionScope('autoscaling:Describe*').needsStar, 'every autoscaling:Describe* action takes no resource');
});

test('the table says where its facts come from, and the cfn-lint it read is the pinned one', () => {
  const pinned = /^cfn-lint==(\S+)$/m.exec(readFileSync('requirements.txt', 'utf8'))?.[1];
  assert.ok(registrySources().schemas.startsWith(`cfn-lint ${pinned} `), registrySources().schemas);
  assert.match(registrySources().actions, /^@cloud-copilot\/iam-data \d+\.\d+\.\d+ /);
});

test('microservice: the private DNS namespace gets Route 53 and EC2 permissions', () => {
  const microservice = built.find((b) => b.product === 'microservice')!;
  const { statements } = derivedFor(microservice);
  const granted = (action: string) => statements.filter((s) => s.Action.includes(action));
  for (const action of ['route53:CreateHostedZone', 'route53:GetHostedZone', 'route53:ListHostedZonesByName', 'ec2:DescribeVpcs']) assert.ok(granted(action).length === 1, `${action} not granted`);
  assert.equal(granted('route53:CreateHostedZone')[0]!.Resource, ['*']);
  assert.equal(granted('route53:GetHostedZone')[0]!.Resource, ['arn:${AWS::Partition}:route53:::*']);
  assert.equal(granted('ecs:CreateService')[0]!.Resource, ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*']);
  assert.equal(granted('iam:CreateRole')[0]!.Resource, [`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${STACK}*`]);
  assert.equal(granted('iam:PassRole'), [{ Sid: 'PassRolesToServices', Effect: 'Allow', Action: ['iam:PassRole'], Resource: [`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${STACK}*`] }]);
});

/** The class of mistake: a `*` action, a `*` resource for an action that takes one, a statement out of scope. */
function problemsOf(statements: readonly DerivedStatement[]): string[] {
  const problems: string[] = [];
  const scopeOf = (sid: string, action: string) => {
    try {
      return actionScope(action);
    } catch {
      problems.push(`${sid}: ${action} is not in the registry table`);
      return undefined;
    }
  };
  const sids = new Set<string>();
  for (const s of statements) {
    if (sids.has(s.Sid)) problems.push(`${s.Sid}: duplicate Sid`);
    sids.add(s.Sid);
    if (!/^[A-Za-z0-9]+$/.test(s.Sid)) problems.push(`${s.Sid}: not an IAM Sid`);
    for (const a of s.Action) if (a === '*' || a.endsWith(':*') || !/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a)) problems.push(`${s.Sid}: action ${a}`);
    if (s.Resource.includes('*')) {
      if (s.Resource.length !== 1) problems.push(`${s.Sid}: * with other resources`);
      for (const a of s.Action) if (scopeOf(s.Sid, a)?.needsStar === false) problems.push(`${s.Sid}: ${a} on * though it takes a resource ARN`);
    } else {
      for (const a of s.Action) if (a !== 'iam:PassRole' && a !== 's3:GetObject' && scopeOf(s.Sid, a)?.needsStar) problems.push(`${s.Sid}: ${a} takes no resource ARN but is scoped`);
      for (const r of s.Resource) {
        if (!r.startsWith('arn:${AWS::Partition}:')) problems.push(`${s.Sid}: resource ${r} is not a partition-neutral ARN`);
        const [, , service, region, account] = r.replace(/\$\{AWS::(\w+)\}/g, '{$1}').split(':');
        if (service === 'iam' && !(r.includes(`/${STACK}*`) || r.endsWith(':role/aws-service-role/*'))) problems.push(`${s.Sid}: IAM resource ${r} not limited to the stack's names`);
        if (service === 'cloudformation' && r.includes(':stack/') && !r.endsWith(`:stack/${STACK}*`)) problems.push(`${s.Sid}: stack ${r} not limited to the stack`);
        if (service === 's3' && !region && !account && !r.includes(`:::${STACK}`) && s.Sid !== 'ReadPublishedTemplates') problems.push(`${s.Sid}: bucket ${r} not limited to the stack's names`);
        if (region && region !== '{Region}' && !/^[a-z]{2}-[a-z]+-\d$/.test(region)) problems.push(`${s.Sid}: region field ${region}`);
        if (account && account !== '{AccountId}') problems.push(`${s.Sid}: account field ${account}`);
      }
    }
  }
  return problems;
}

test('every product: no * action, * resources only for actions that take none, everything else in scope', () => {
  for (const b of built) {
    const { statements } = derivedFor(b);
    assert.ok(statements.length > 0, label(b));
    assert.equal(problemsOf(statements), [], label(b));
  }
  // the checks can fail
  assert.equal(problemsOf([{ Sid: 'Bad', Effect: 'Allow', Action: ['ecs:CreateService', 'ecs:*'], Resource: ['*'] }]), ['Bad: action ecs:*', 'Bad: ecs:CreateService on * though it takes a resource ARN', 'Bad: ecs:* is not in the registry table']);
  assert.equal(problemsOf([{ Sid: 'Wide', Effect: 'Allow', Action: ['iam:CreateRole', 'ec2:DescribeVpcs'], Resource: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*'] }]), ['Wide: ec2:DescribeVpcs takes no resource ARN but is scoped', "Wide: IAM resource arn:${AWS::Partition}:iam::${AWS::AccountId}:role/* not limited to the stack's names"]);
});

test('every product: the policy is JSON within the managed-policy quota, split when larger, deterministic', () => {
  for (const b of built) {
    const { statements } = derivedFor(b);
    const documents = splitIntoPolicies(statements);
    assert.ok(documents.length >= 1 && documents.length <= 10, `${label(b)}: ${documents.length} policies`);
    for (const d of documents) {
      assert.ok(policySize(d.Statement) <= MANAGED_POLICY_MAX_CHARS, `${label(b)}: ${policySize(d.Statement)} characters`);
      assert.equal(JSON.parse(JSON.stringify(d)), d);
    }
    const rejoined = new Map<string, string[]>();
    for (const s of documents.flatMap((d) => d.Statement)) {
      const sid = s.Sid.replace(/Part\d+$/, '');
      rejoined.set(sid, [...(rejoined.get(sid) ?? []), ...s.Action]);
    }
    assert.equal([...rejoined], statements.map((s) => [s.Sid, s.Action]), `${label(b)}: splitting keeps every statement and action, in order`);
    assert.equal(derivedFor(b), derivedFor(b));
  }
  const ecsPlatform = built.find((b) => label(b) === 'ecs-platform/production')!;
  assert.ok(splitIntoPolicies(derivedFor(ecsPlatform).statements).length > 1, 'the largest product needs several policies');
});

test('a statement larger than a policy is cut by actions; too many policies is an error', () => {
  const big: DerivedStatement = { Sid: 'Big', Effect: 'Allow', Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${String(i).padStart(3, '0')}`), Resource: ['*'] };
  const documents = splitIntoPolicies([big]);
  assert.ok(documents.length >= 2);
  assert.equal(documents.flatMap((d) => d.Statement.map((s) => s.Sid)), ['Big', ...documents.slice(1).map((_, i) => `BigPart${i + 2}`)]);
  assert.equal(documents.flatMap((d) => d.Statement.flatMap((s) => s.Action)), big.Action);
  for (const d of documents) assert.ok(policySize(d.Statement) <= MANAGED_POLICY_MAX_CHARS);
  assert.match(errorOf(() => splitIntoPolicies([big], 6144, 1)), /need \d+ managed policies of 6144 characters; a role takes 1/);
  // sizes are measured with the placeholders as long as they get
  assert.ok(policySize([{ Sid: 'A', Effect: 'Allow', Action: ['a:B'], Resource: ['${AWS::Region}'] }]) > JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: ['a:B'], Resource: ['us-east-1'] }] }).length);
});

test('roles passed: created roles under their paths and names, role ARNs written in the templates; policy documents left out', () => {
  const template = {
    Resources: {
      Generated: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      UnderPath: { Type: 'AWS::IAM::Role', Properties: { Path: '/ecs/', AssumeRolePolicyDocument: {} } },
      Named: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': '${Project}-task' }, AssumeRolePolicyDocument: {} } },
      Service: { Type: 'AWS::ECS::Service', Properties: { Role: 'arn:aws:iam::123456789012:role/existing-ecs-role' } },
      Target: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { RoleARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService' } } },
      Principal: { Type: 'AWS::ServiceCatalog::PortfolioPrincipalAssociation', Properties: { PrincipalARN: 'arn:aws:iam::123456789012:role/Developer' } },
      Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/not-passed' }] } } },
    },
  };
  const footprint = footprintOfTemplates([template], { stackNamePrefix: 'app' });
  assert.equal(footprint.passedRoles, [
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*-task',
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app*',
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ecs/app*',
    'arn:aws:iam::123456789012:role/existing-ecs-role',
  ]);
  assert.equal(footprint.iamPaths, ['/', '/ecs/']);
  const { statements } = derivePermissions(footprint, { stackNamePrefix: 'app' });
  assert.equal(statements.find((s) => s.Sid === 'IamRoles')!.Resource, ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app*', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ecs/app*']);
  assert.equal([valuePattern({ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'x']] }), valuePattern({ Ref: 'P' }), valuePattern('a')], ['*-x', '*', 'a']);
});

test('bad input: a type outside the table, a stack prefix that would widen the grant', () => {
  assert.match(errorOf(() => derivePermissions({ resourceTypes: ['AWS::Lambda::Function'], passedRoles: [], templateObjects: [] }, { stackNamePrefix: 'a' })), /AWS::Lambda::Function is not in the registry table/);
  assert.match(errorOf(() => derivePermissions({ resourceTypes: ['AWS::SNS::Topic'], passedRoles: [], templateObjects: [] }, { stackNamePrefix: '*' })), /stack name prefix "\*" is not the start of a stack name/);
});

test('placeholders resolve per partition', () => {
  assert.equal(['eu-west-1', 'cn-north-1', 'us-gov-west-1'].map(partitionOfRegion), ['aws', 'aws-cn', 'aws-us-gov']);
  assert.is(resolveResource('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*', { partition: 'aws-cn', region: 'cn-north-1', accountId: '123456789012' }), 'arn:aws-cn:ecs:cn-north-1:123456789012:*');
});

test.run();
