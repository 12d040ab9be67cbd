import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execKey, logsKey } from '../../blueprints/kms/index.js';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { network } from '../../blueprints/network/index.js';
import type { Json } from '../../dsl/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const rootAdmin = {
  Sid: 'AccountRootAdministersKey',
  Effect: 'Allow',
  Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
  Action: ['kms:*'],
  Resource: ['*'],
};

/** Trees compiled by the tests below, linted at the end. */
const compiled: ReturnType<typeof compileTree>[] = [];

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
    AliasName: { 'Fn::Sub': 'alias/LogsKey/${AWS::StackName}' },
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

test('default aliases are distinct for every key of a stack, and stay within 256 characters', () => {
  const longId = 'K'.repeat(200);
  const out = compileTree((root) => {
    for (const id of ['LogsKey', 'FlowLogKey', 'ApiTaskLogsKey']) logsKey(root, id);
    execKey(root, 'ExecKey');
    execKey(root, longId);
  });
  const aliases = out.root.resourcesOf('AWS::KMS::Alias').map((a) => (a.properties['AliasName'] as { 'Fn::Sub': string })['Fn::Sub']);
  assert.equal(aliases.slice(0, 4), ['alias/LogsKey/${AWS::StackName}', 'alias/FlowLogKey/${AWS::StackName}', 'alias/ApiTaskLogsKey/${AWS::StackName}', 'alias/ExecKey/${AWS::StackName}']);
  // alias/ + a stack name of at most 128 characters + / + the id part.
  const longest = aliases[4]!.replace('${AWS::StackName}', 'S'.repeat(128));
  assert.is(longest.length, 256);
  assert.match(aliases[4]!, /^alias\/K{113}[0-9a-f]{8}\/\$\{AWS::StackName\}$/);
  compiled.push(out);
});

test('network() and cluster() in one stack: two logs keys, two aliases, no name clash', () => {
  const out = compileTree((root) => {
    const stack = root.nested('Platform');
    const net = network(stack, { cidr: '10.0.0.0/16', availabilityZones: 2, nat: 'none' });
    assert.ok(net.flowLogs, 'the network makes its flow-log key');
    cluster(stack, { exec: true });
  });
  const aliases = out.stack('Platform').resourcesOf('AWS::KMS::Alias').map((a) => a.properties['AliasName'] as Json);
  assert.ok(aliases.length >= 2, `${aliases.length} aliases`);
  assert.is(new Set(aliases.map((a) => JSON.stringify(a))).size, aliases.length, 'every alias is distinct');
  compiled.push(out);
});

test('two keys given the same alias in one tree are a compile error naming both', () => {
  const message = errorOf(() => compileTree((root) => {
    logsKey(root.nested('A'), 'LogsKey', { alias: 'alias/platform/logs' });
    logsKey(root.nested('B'), 'LogsKey', { alias: 'alias/platform/logs' });
  }));
  assert.match(message, 'physical name clash: Root/A/LogsKeyAlias and Root/B/LogsKeyAlias are both AWS::KMS::Alias with AliasName "alias/platform/logs"');
});

test('cfn-lint is clean', () => {
  assert.equal(lintCompiled(logs.result, exec.result, ...compiled.map((c) => c.result)), []);
});

test.run();
