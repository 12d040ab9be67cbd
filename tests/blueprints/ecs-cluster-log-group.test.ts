/**
 * Seed 003: "Create and manage a CloudWatch log group for the cluster", also when ECS Exec is off. One group,
 * encrypted with the logs key, with a retention, deleted with the stack; exec transcripts go there when exec
 * is on, and its name is on the cluster's ref.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

test('exec off, log group asked for: the group without exec key or exec configuration; exec off and no group: none', () => {
  const withGroup = compileTree((root) => {
    const c = cluster(root, { exec: false, logGroup: { retentionInDays: 90 } });
    assert.equal(c.ref.logGroupName, c.execLogGroup!.ref);
    assert.is(c.ref.execLogGroupName, undefined);
    assert.is(c.ref.execKmsKeyArn, undefined);
  });
  const group = withGroup.root.resource('AWS::Logs::LogGroup', { RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } });
  assert.is(group.resource['DeletionPolicy'], 'Delete');
  assert.equal(withGroup.root.resource('AWS::ECS::Cluster').properties['Configuration'], undefined);
  withGroup.root.expectCount('AWS::KMS::Key', 1);

  const defaultRetention = compileTree((root) => cluster(root, { exec: false, logGroup: true }));
  defaultRetention.root.resource('AWS::Logs::LogGroup', { RetentionInDays: 365 });

  const none = compileTree((root) => {
    const c = cluster(root, { exec: false });
    assert.is(c.ref.logGroupName, undefined);
  });
  none.root.expectNone('AWS::Logs::LogGroup');

  const exec = compileTree((root) => {
    const c = cluster(root, { logGroup: { retentionInDays: 30 } });
    assert.equal(c.ref.execLogGroupName, c.ref.logGroupName);
  });
  exec.root.resource('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  exec.root.resource('AWS::ECS::Cluster', { Configuration: { ExecuteCommandConfiguration: { LogConfiguration: { CloudWatchLogGroupName: { Ref: 'ExecLogGroup' } } } } });

  assert.equal(lintCompiled(withGroup.result, defaultRetention.result, none.result, exec.result), []);
  assert.equal(checkovCompiled(withGroup.result, exec.result), []);
});

test('a group refused under exec, and a retention given twice, fail with the path, the value and what is allowed', () => {
  assert.match(inputErrorOf(() => compileTree((root) => cluster(root, { logGroup: false }))), /^cluster\.logGroup: false is refused with exec on/);
  assert.match(
    inputErrorOf(() => compileTree((root) => cluster(root, { exec: { logRetentionInDays: 30 }, logGroup: { retentionInDays: 90 } }))),
    /^cluster\.exec\.logRetentionInDays: 30 is given twice: the cluster has one log group/,
  );
  assert.match(inputErrorOf(() => compileTree((root) => cluster(root, { exec: false, logGroup: { retentionInDays: 8 } }))), /^cluster\.logGroup\.retentionInDays: 8 is not a CloudWatch Logs retention/);
});

test.run();
