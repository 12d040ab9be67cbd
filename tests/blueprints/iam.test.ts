import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allow, allowUnscopable, checkStatements, ecsServiceLinkedRole, ecsTasksTrustPolicy } from '../../blueprints/iam/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

test('the statement builder refuses "*" on "*" and scopable actions on "*"', () => {
  assert.equal(allow(['s3:GetObject'], ['arn:aws:s3:::b/*'], { sid: 'Read' }), { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] });
  assert.match(errorOf(() => allow(['*'], ['*'])), 'Action "*" on Resource "*" is never allowed');
  assert.match(errorOf(() => allowUnscopable(['s3:GetObject'])), 's3:GetObject can be scoped to a resource');
  assert.equal(allowUnscopable(['ecr:GetAuthorizationToken']).Resource, ['*']);
  assert.match(errorOf(() => checkStatements('svc.statements', [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }])), 'svc.statements[0].Resource: "*" is a wildcard resource');
  assert.match(errorOf(() => checkStatements('svc.statements', [{ Effect: 'Allow', Action: [], Resource: ['x'] }])), 'svc.statements[0].Action: [] is empty');
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
