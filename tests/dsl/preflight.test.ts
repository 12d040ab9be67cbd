import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, compile } from '../../dsl/index.js';
import type { PreflightCheck } from '../../dsl/preflight/check.js';
import { NAME_RULES, nameProblems } from '../../dsl/preflight/checks/names.js';
import { TreeIndex } from '../../dsl/preflight/tree.js';
import { compileTree, errorOf } from '../helpers/compile.js';

const logGroup = (stack: Stack, id = 'Logs') =>
  stack.add(id, {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { RetentionInDays: 7, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  });

const role = (stack: Stack, id: string, statement: Record<string, unknown>) =>
  stack.add(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Policies: [{ PolicyName: 'P', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }],
    },
  });

test('names: a capacity provider left unnamed takes its stack name, which may start with a reserved prefix', () => {
  const message = errorOf(() => compileTree((root) => void root.add('Provider', { Type: 'AWS::ECS::CapacityProvider', Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: 'arn:asg' } } })));
  assert.match(message, 'stack Root, Provider: Properties.Name: is left out, so CloudFormation names the resource after its stack');
  assert.match(message, 'reserved prefix "aws"');
  assert.match(message, '[names.api-rules]');
  compileTree((root) => void root.add('Provider', { Type: 'AWS::ECS::CapacityProvider', Properties: { Name: Fn.sub`cp-${Aws.stackName}`, AutoScalingGroupProvider: { AutoScalingGroupArn: 'arn:asg' } } }));
});

test('names: every rule trips on a name that breaks it, derived or literal', () => {
  assert.match(nameProblems(NAME_RULES['AWS::KMS::Alias']!, 'alias/aws/mine').join(), 'reserved prefix "alias/aws/"');
  assert.match(nameProblems(NAME_RULES['AWS::KMS::Alias']!, { 'Fn::Sub': 'alias/${AWS::StackName}/logs' }).join(), 'reserved prefix "alias/aws/" for some stack names');
  assert.match(nameProblems(NAME_RULES['AWS::IAM::Role']!, { 'Fn::Sub': '${AWS::StackName}-task' }).join(), 'can be 133 characters long with a 128-character stack name; the limit is 64');
  assert.match(nameProblems(NAME_RULES['AWS::S3::Bucket']!, { 'Fn::Sub': '${AWS::StackName}-logs' }).join(), 'has characters or a shape the API refuses for some stack names ("Upper-Case-1-logs"');
  assert.match(nameProblems(NAME_RULES['AWS::ElasticLoadBalancingV2::TargetGroup']!, 'orders-service-target-group-production').join(), 'is 38 characters long; the limit is 32');
  assert.match(nameProblems(NAME_RULES['AWS::SSM::Parameter']!, 'ssm-config').join(), 'reserved prefix "ssm"');
  assert.equal(nameProblems(NAME_RULES['AWS::ECS::Cluster']!, { 'Fn::Sub': '${AWS::StackName}-cluster' }), []);
  // A value only known at deploy time is not judged by its characters.
  assert.equal(nameProblems(NAME_RULES['AWS::S3::Bucket']!, { 'Fn::Sub': ['${Name}', { Name: { Ref: 'BucketName' } }] }), []);
});

test('partition: built ARNs and host names must use AWS::Partition and AWS::URLSuffix; literal ARNs are left alone', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      role(root, 'Role', { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [Fn.sub`arn:aws:s3:::${Aws.stackName}/*`] });
      root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.amazonaws.com/app` } });
    }),
  );
  assert.match(message, 'stack Root, Role: Properties.Policies[0].PolicyDocument.Statement[0].Resource[0]: builds an ARN with the literal partition "arn:aws:"');
  assert.match(message, 'stack Root, Topic: Properties.DisplayName: builds a host name with the literal ".amazonaws.com"');
  compileTree((root) => {
    role(root, 'Role', { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::my-bucket/*', Fn.sub`arn:${Aws.partition}:s3:::${Aws.stackName}/*`] });
  });
});

test('iam: a suffix after a log group Arn never matches, in its stack or wired from another', () => {
  const same = errorOf(() =>
    compileTree((root) => {
      const logs = logGroup(root);
      role(root, 'Role', { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [Fn.sub`${logs.attr('Arn')}:log-stream:*`] });
    }),
  );
  assert.match(same, 'stack Root, Role: Properties.Policies[0].PolicyDocument.Statement[0].Resource[0]: appends to a log group\'s Arn attribute');
  const wired = errorOf(() =>
    compileTree((root) => {
      const logs = logGroup(root.nested('Logging'));
      role(root.nested('App'), 'Role', { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [Fn.sub`${logs.attr('Arn')}:log-stream:*`] });
    }),
  );
  assert.match(wired, 'stack Root/App, Role:');
  assert.match(wired, '[iam.resource-patterns]');
  compileTree((root) => {
    const logs = logGroup(root);
    role(root, 'Role', { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [logs.attr('Arn')] });
  });
});

test('iam: an action of one service on ARNs of others only can never apply', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const logs = logGroup(root);
      role(root, 'Role', { Effect: 'Allow', Action: ['s3:GetObject', 'logs:PutLogEvents'], Resource: [logs.attr('Arn')] });
    }),
  );
  assert.match(message, 's3:GetObject can never apply to the statement\'s resources (ARNs of logs)');
  assert.not.match(message, 'logs:PutLogEvents can never');
});

test('stateful: log groups, keys and buckets say what happens to them; log groups have retention and a key', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      root.add('Group', { Type: 'AWS::Logs::LogGroup', Properties: {} });
      root.add('Key', { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', Properties: {} });
      root.add('Bucket', { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: {} });
    }),
  );
  assert.match(message, 'stack Root, Group: AWS::Logs::LogGroup has no DeletionPolicy and UpdateReplacePolicy');
  assert.match(message, 'stack Root, Group: Properties.RetentionInDays: is missing');
  assert.match(message, 'stack Root, Group: Properties.KmsKeyId: is missing');
  assert.match(message, 'stack Root, Key: AWS::KMS::Key has no UpdateReplacePolicy');
  assert.not.match(message, 'Bucket');
});

test('tree index: values are followed through nested parameters and outputs, creation order across stacks', () => {
  const root = Stack.root();
  const a = root.nested('A');
  const b = root.nested('B');
  const group = logGroup(a);
  const topic = b.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: group.ref } });
  const lonely = root.nested('C').add('Topic', { Type: 'AWS::SNS::Topic', Properties: {} });
  const result = compile(root);
  const tree = new TreeIndex(result.stacks);
  const used = tree.resource({ stack: 'Root/B', id: 'Topic' })!;
  assert.equal(tree.target('Root/B', used.properties['DisplayName']!), { stack: 'Root/A', id: 'Logs' });
  assert.ok(tree.createdAfter({ stack: topic.stack.path, id: topic.id }, { stack: group.stack.path, id: group.id }));
  assert.not.ok(tree.createdAfter({ stack: group.stack.path, id: group.id }, { stack: topic.stack.path, id: topic.id }));
  assert.not.ok(tree.createdAfter({ stack: lonely.stack.path, id: lonely.id }, { stack: group.stack.path, id: group.id }));
});

test('blueprints register checks on the tree and warn: findings and notes reach the compile result', () => {
  const noTopics: PreflightCheck = {
    id: 'test.no-topics',
    title: 'no topics',
    why: 'a test',
    source: 'none',
    run(tree, report) {
      for (const r of tree.resources('AWS::SNS::Topic')) report({ severity: r.id === 'Bad' ? 'error' : 'warning', stack: r.stack, logicalId: r.id, message: 'a topic' });
    },
  };
  const built = compileTree((root) => {
    const child = root.nested('Child');
    child.addCheck(noTopics);
    child.addCheck(noTopics);
    child.add('Fine', { Type: 'AWS::SNS::Topic', Properties: {} });
    child.warn('chose something with a limitation');
  });
  assert.equal(built.result.warnings.map((w) => `${w.stack}: ${w.message}`), ['Root/Child: Fine: a topic [test.no-topics]', 'Root/Child: chose something with a limitation']);
  const message = errorOf(() =>
    compileTree((root) => {
      root.addCheck(noTopics);
      root.add('Bad', { Type: 'AWS::SNS::Topic', Properties: {} });
    }),
  );
  assert.is(message, 'stack Root, Bad: a topic [test.no-topics]');
});

test.run();
