/**
 * Physical names that AWS requires unique are compared at compile time: every entry of the table
 * (dsl/physical-names.ts) is exercised, for each way a name can be equal (literal, stack name,
 * same parameter, same scope) and each way it can be distinct (other stack, other scope, exclusive
 * conditions).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, compile as compileAll, type CfnValue, type ResourceType } from '../../dsl/index.js';
import { PHYSICAL_NAMES, type PhysicalName } from '../../dsl/physical-names.js';
import { errorOf } from '../helpers/compile.js';

/** The stages up to the name clash check: the names here are placeholders, not names AWS would take. */
const compile = (root: Stack) => compileAll(root, { preflight: false });

/** Properties giving `name` the value `value`, and every scope property the value `scope`. */
function properties(name: PhysicalName, value: CfnValue, scope: CfnValue = 'scope-1'): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const set = (path: string, v: CfnValue) => {
    const keys = path.split('.');
    let target = props;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]!] = v;
  };
  set(name.property, value);
  for (const within of name.within ?? []) set(within.properties[0]!, scope);
  return props;
}

const entries = Object.entries(PHYSICAL_NAMES).flatMap(([type, names]) => names!.map((name) => [type as ResourceType, name] as const));

/** Two resources of `type` in two stacks (or one), named by `first` and `second`. */
function tree(type: ResourceType, build: (add: (stack: Stack, id: string, props: Record<string, unknown>) => void, root: Stack) => void): Stack {
  const root = Stack.root();
  build((stack, id, props) => stack.add(id, { Type: type, Properties: props as never }), root);
  return root;
}

test('every name in the table: an equal literal in two stacks of one tree is a clash naming both', () => {
  assert.ok(entries.length >= 30, `${entries.length} entries`);
  for (const [type, name] of entries) {
    const root = tree(type, (add, r) => {
      add(r.nested('A'), 'First', properties(name, 'same-name'));
      add(r.nested('B').nested('C'), 'Second', properties(name, 'same-name'));
    });
    const message = errorOf(() => compile(root));
    assert.match(message, `stack Root/B/C, Second: physical name clash: Root/A/First and Root/B/C/Second are both ${type} with ${name.property} "same-name";`, type);
    assert.match(message, name.source, `${type}: the message names the AWS source`);
  }
});

test('every name in the table: different names, or the same name in different scopes, do not clash', () => {
  for (const [type, name] of entries) {
    compile(tree(type, (add, r) => {
      add(r.nested('A'), 'First', properties(name, 'one-name'));
      add(r.nested('B'), 'Second', properties(name, 'other-name'));
      add(r.nested('C'), 'Unnamed', {});
      add(r.nested('D'), 'AlsoUnnamed', {});
    }));
    if (name.scope !== 'within') continue;
    compile(tree(type, (add, r) => {
      add(r.nested('A'), 'First', properties(name, 'same-name', 'scope-1'));
      add(r.nested('B'), 'Second', properties(name, 'same-name', 'scope-2'));
    }));
  }
});

test('a name built from ${AWS::StackName} clashes within one stack only', () => {
  const alias = () => ({ AliasName: Fn.sub`alias/${Aws.stackName}/logs`, TargetKeyId: 'key' });
  const message = errorOf(() => compile(tree('AWS::KMS::Alias', (add, r) => {
    const network = r.nested('Network');
    add(network, 'FlowLogsAlias', alias());
    add(network, 'LogsAlias', alias());
  })));
  assert.match(
    message,
    'physical name clash: Root/Network/FlowLogsAlias and Root/Network/LogsAlias are both AWS::KMS::Alias with AliasName "alias/${AWS::StackName}/logs" in stack Root/Network; ' +
      'AWS::KMS::Alias AliasName must be unique in the account and Region (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html)',
  );
  // Each nested stack has its own name: the same text in two stacks is two names.
  compile(tree('AWS::KMS::Alias', (add, r) => {
    add(r.nested('Network'), 'LogsAlias', alias());
    add(r.nested('Cluster'), 'LogsAlias', alias());
  }));
});

test('names from the same parameter, or from Region and account, are equal in every stack', () => {
  const viaParameter = errorOf(() => compile(tree('AWS::Logs::LogGroup', (add, r) => {
    const prefix = r.parameter('Prefix', { Type: 'String' });
    add(r, 'Anchor', {});
    add(r.nested('A'), 'Group', { LogGroupName: Fn.sub`/${prefix.ref}/app` });
    add(r.nested('B'), 'Group', { LogGroupName: Fn.sub`/${prefix.ref}/app` });
  })));
  assert.match(viaParameter, 'Root/A/Group and Root/B/Group are both AWS::Logs::LogGroup with LogGroupName "/${Root/Prefix}/app";');
  const viaRegion = errorOf(() => compile(tree('AWS::S3::Bucket', (add, r) => {
    add(r.nested('A'), 'Bucket', { BucketName: Fn.sub`logs-${Aws.accountId}-${Aws.region}` });
    add(r.nested('B'), 'Bucket', { BucketName: Fn.join('-', ['logs', Aws.accountId, Aws.region]) });
    add(r.nested('C'), 'Bucket', { BucketName: Fn.sub`logs-${Aws.accountId}-${Aws.region}` });
  })));
  assert.match(viaRegion, 'Root/A/Bucket and Root/C/Bucket are both AWS::S3::Bucket with BucketName "logs-${AWS::AccountId}-${AWS::Region}";');
  assert.not.match(viaRegion, 'Root/B/Bucket', 'a different expression is not judged equal');
});

test('an ECS service name is compared within its cluster, the same cluster handle wherever it is used', () => {
  const message = errorOf(() => compile(tree('AWS::ECS::Service', (add, r) => {
    const cluster = r.nested('Platform').add('Cluster', { Type: 'AWS::ECS::Cluster', Properties: {} });
    const other = r.nested('Other').add('Cluster', { Type: 'AWS::ECS::Cluster', Properties: {} });
    add(r.nested('Web'), 'Service', { ServiceName: 'web', Cluster: cluster.ref });
    add(r.nested('Elsewhere'), 'Service', { ServiceName: 'web', Cluster: other.ref });
    add(r.nested('Api'), 'Service', { ServiceName: 'web', Cluster: cluster.ref });
  })));
  assert.match(message, 'Root/Web/Service and Root/Api/Service are both AWS::ECS::Service with ServiceName "web";');
  assert.match(message, 'must be unique within the same Cluster');
  assert.not.match(message, 'Elsewhere');
  // Without a cluster, both go to the default cluster.
  assert.match(errorOf(() => compile(tree('AWS::ECS::Service', (add, r) => {
    add(r, 'One', { ServiceName: 'web' });
    add(r, 'Two', { ServiceName: 'web' });
  }))), 'Root/One and Root/Two are both AWS::ECS::Service');
});

test('IAM names differ only if they differ beyond case; other names are case-sensitive', () => {
  assert.match(errorOf(() => compile(tree('AWS::IAM::Role', (add, r) => {
    add(r, 'One', { RoleName: 'DeployRole', AssumeRolePolicyDocument: {} });
    add(r, 'Two', { RoleName: 'deployrole', AssumeRolePolicyDocument: {} });
  }))), 'must be unique in the account, in every Region, ignoring case');
  compile(tree('AWS::SNS::Topic', (add, r) => {
    add(r, 'One', { TopicName: 'Alerts' });
    add(r, 'Two', { TopicName: 'alerts' });
  }));
});

test('resources that exist under different conditions are not compared; one that always exists is', () => {
  const build = (second: 'exclusive' | 'always' | 'nested') => () => {
    const root = Stack.root();
    const env = root.parameter('Env', { Type: 'String' });
    const prod = root.condition('IsProd', Fn.equals(env.ref, 'prod'));
    const dev = root.condition('IsDev', Fn.not(prod));
    root.add('Prod', { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app' }, Condition: prod });
    if (second === 'exclusive') root.add('Dev', { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app' }, Condition: dev });
    if (second === 'always') {
      root.add('Always', { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app' } });
      root.add('Unused', { Type: 'AWS::SNS::Topic', Properties: {}, Condition: dev });
    }
    if (second === 'nested') {
      // Under IsProd through its nested stack, and again under IsProd itself.
      const child = root.nested('Child', { condition: prod });
      child.add('Again', { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app' }, Condition: prod });
      root.add('Unused', { Type: 'AWS::SNS::Topic', Properties: {}, Condition: dev });
    }
    return compile(root);
  };
  build('exclusive')();
  assert.match(errorOf(build('always')), 'Root/Prod and Root/Always are both AWS::Logs::LogGroup');
  assert.match(errorOf(build('nested')), 'Root/Prod and Root/Child/Again are both AWS::Logs::LogGroup');
});

test.run();
