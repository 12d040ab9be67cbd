import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execKey, logsKey } from '../../blueprints/kms/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const rootAdmin = {
  Sid: 'AccountRootAdministersKey',
  Effect: 'Allow',
  Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
  Action: ['kms:*'],
  Resource: ['*'],
};

const logs = compileTree((root) => {
  const key = logsKey(root, 'LogsKey');
  root.add('Group', { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: { RetentionInDays: 30, KmsKeyId: key.arn } });
});
const exec = compileTree((root) => {
  execKey(root, 'ExecKey', { alias: 'alias/platform/exec' });
});

test('logs key: rotation, root admin and the CloudWatch Logs service scoped by encryption context', () => {
  const key = logs.root.resource('AWS::KMS::Key', {});
  assert.equal(key.properties['EnableKeyRotation'], true);
  assert.equal(key.properties['KeyPolicy'], {
    Version: '2012-10-17',
    Statement: [
      rootAdmin,
      {
        Sid: 'CloudWatchLogsUsesKey',
        Effect: 'Allow',
        Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: ['*'],
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': {
              'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*',
            },
          },
        },
      },
    ],
  });
  logs.root.resource('AWS::KMS::Alias', {
    AliasName: { 'Fn::Sub': 'alias/logs/${AWS::StackName}' },
    TargetKeyId: { Ref: 'LogsKey' },
  });
});

test('exec key: root admin only, given alias', () => {
  const key = exec.root.resource('AWS::KMS::Key', { EnableKeyRotation: true });
  assert.equal(key.properties['KeyPolicy'], { Version: '2012-10-17', Statement: [rootAdmin] });
  exec.root.resource('AWS::KMS::Alias', { AliasName: 'alias/platform/exec' });
});

test('a bad alias names the input path', () => {
  const message = errorOf(() => compileTree((root) => logsKey(root, 'K', { path: 'network.flowLogs.key', alias: 'alias/aws/logs' })));
  assert.match(message, 'network.flowLogs.key.alias: "alias/aws/logs" is not a KMS alias name');
});

test('cfn-lint is clean', () => {
  assert.equal(lintCompiled(logs.result, exec.result), []);
});

test.run();
