import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allow, allowUnscopable, checkStatements, ecsServiceLinkedRole, ecsTasksTrustPolicy } from '../../blueprints/iam/index.js';
import { compileTree, errorOf, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

test('the statement builder refuses "*" on "*" and scopable actions on "*"', () => {
  assert.equal(allow(['s3:GetObject'], ['arn:aws:s3:::b/*'], { sid: 'Read' }), { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] });
  assert.match(errorOf(() => allow(['*'], ['*'])), 'Action "*" on Resource "*" is never allowed');
  assert.match(errorOf(() => allowUnscopable(['s3:GetObject'])), 's3:GetObject can be scoped to a resource');
  assert.equal(allowUnscopable(['ecr:GetAuthorizationToken']).Resource, ['*']);
  assert.match(errorOf(() => checkStatements('svc.statements', [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }])), 'svc.statements[0].Resource: "*" is a wildcard resource');
  assert.match(errorOf(() => checkStatements('svc.statements', [{ Effect: 'Allow', Action: [], Resource: ['x'] }])), 'svc.statements[0].Action: [] has 0 actions; allowed: 1 to 100');
});

test('caller statements are identity-policy statements: a Principal, wrong types and unknown keys are refused', () => {
  const ok = { Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/*'] };
  assert.equal(checkStatements('svc.statements', [ok, { ...ok, Sid: 'Read2', Condition: { StringEquals: { 's3:prefix': ['a/', 'b/'] }, Bool: { 'aws:SecureTransport': true } } }]).length, 2);
  assert.equal(checkStatements('svc.statements', [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] }])[0]!.Resource, ['*']);
  const cases: [unknown, RegExp][] = [
    [[{ ...ok, Principal: { AWS: '*' } }], /^svc\.statements\[0\]\.Principal: \{"AWS":"\*"\} is not a known input/],
    [[{ ...ok, Effect: 'allow' }], /^svc\.statements\[0\]\.Effect: "allow" is not one of the allowed values \(Allow, Deny\)$/],
    [[{ ...ok, Action: 's3:GetObject' }], /^svc\.statements\[0\]\.Action: "s3:GetObject" is not a list of actions$/],
    [[{ ...ok, Action: ['*'] }], /^svc\.statements\[0\]\.Action\[0\]: "\*" is not an IAM action of the form service:Action/],
    [[{ ...ok, Action: ['s3:GetObject', null] }], /^svc\.statements\[0\]\.Action\[1\]: null is not an IAM action/],
    [[{ ...ok, Resource: [] }], /^svc\.statements\[0\]\.Resource: \[\] has 0 resources; allowed: 1 to 100$/],
    [[{ ...ok, Resource: [7] }], /^svc\.statements\[0\]\.Resource\[0\]: 7 is not an ARN or a deploy-time value$/],
    [[{ ...ok, Sid: 'read-all' }], /^svc\.statements\[0\]\.Sid: "read-all" is not a statement id of letters and digits$/],
    [[{ ...ok, Actions: ['s3:GetObject'] }], /^svc\.statements\[0\]\.Actions: \["s3:GetObject"\] is not a known input \(did you mean Action\?\)/],
    [[{ ...ok, Condition: { StringEquals: { 'aws:SourceVpc': { nested: 1 } } } }], /^svc\.statements\[0\]\.Condition\.StringEquals\.aws:SourceVpc: \{"nested":1\} is not a condition value/],
    [[{ ...ok, Condition: { 'String Equals': {} } }], /^svc\.statements\[0\]\.Condition\.String Equals: "String Equals" is not a condition operator/],
    [{ ...ok }, /^svc\.statements: .* is not a list of statements$/],
    [[null], /^svc\.statements\[0\]: null is not an object$/],
  ];
  for (const [statements, expected] of cases) assert.match(inputErrorOf(() => checkStatements('svc.statements', statements as never)), expected, JSON.stringify(statements));
});

test('ECS tasks trust policy carries the confused-deputy conditions', () => {
  const out = compileTree((root) => {
    root.add('Role', { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: ecsTasksTrustPolicy() } });
    ecsServiceLinkedRole(root);
  });
  out.root.resource('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    },
  });
  const slr = out.root.resource('AWS::IAM::ServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' });
  assert.equal(slr.resource['DeletionPolicy'], 'Retain');
  assert.equal(lintCompiled(out.result), []);
});

test.run();
