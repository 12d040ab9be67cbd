/**
 * Wire names are injective: two values whose stack paths and ids concatenate to the same text, or a
 * wire named like something the blueprint declared, must never share a parameter, an output or a
 * condition. Each case follows every consumer's wire back to its source (tests/helpers/wires.ts)
 * and lints the compiled trees with the real cfn-lint.
 */
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, compile, type CompileResult } from '../../dsl/index.js';
import { lintCompiled } from '../helpers/lint.js';
import { WireScenario as Scenario } from '../helpers/wires.js';

const group = (stack: Stack, id: string) => stack.add(id, { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: id } });
const vpc = (stack: Stack, id: string) => stack.add(id, { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });

const linted: CompileResult[] = [];

test('Container/WebSecurityGroup and Container/Web/SecurityGroup reach their own consumers', () => {
  const s = new Scenario();
  const container = s.root.nested('Container');
  const first = group(container, 'WebSecurityGroup');
  const second = group(container.nested('Web'), 'SecurityGroup');
  s.use(s.root.nested('Other'), 'Use', first.attr('GroupId'), 'Root/Container/WebSecurityGroup.GroupId');
  s.use(s.root.nested('Another'), 'Use', second.attr('GroupId'), 'Root/Container/Web/SecurityGroup.GroupId');
  const both = s.root.nested('Both');
  s.use(both, 'First', first.attr('GroupId'), 'Root/Container/WebSecurityGroup.GroupId');
  s.use(both, 'Second', second.attr('GroupId'), 'Root/Container/Web/SecurityGroup.GroupId');
  linted.push(s.check());
});

test('A/BVpc and AB/Vpc used in one stack are two parameters', () => {
  const s = new Scenario();
  const first = vpc(s.root.nested('A'), 'BVpc');
  const second = vpc(s.root.nested('AB'), 'Vpc');
  const consumer = s.root.nested('C');
  s.use(consumer, 'First', first.ref, 'Root/A/BVpc');
  s.use(consumer, 'Second', second.ref, 'Root/AB/Vpc');
  linted.push(s.check());
});

test('three paths that read alike, used three levels down and read back by the root', () => {
  const s = new Scenario();
  const x = s.root.nested('X');
  const sources = [vpc(x.nested('Y'), 'ZVpc'), vpc(x.nested('YZ'), 'Vpc'), vpc(s.root.nested('XY').nested('Z'), 'Vpc')];
  const deep = s.root.nested('C').nested('D').nested('E');
  sources.forEach((source, index) => {
    s.use(deep, `Ref${index}`, source.ref, source.path);
    s.use(deep, `Cidr${index}`, source.attr('CidrBlock'), `${source.path}.CidrBlock`);
    s.output(s.root, `Read${index}`, source.ref, source.path);
  });
  linted.push(s.check());
});

test('lists that read alike (list attributes, a root and a nested list parameter) stay apart', () => {
  const s = new Scenario();
  const a = s.root.nested('A');
  const first = vpc(a, 'BVpc');
  const second = vpc(s.root.nested('AB'), 'Vpc');
  const rootList = s.root.parameter('ABSubnets', { Type: 'CommaDelimitedList', Default: 'x,y' });
  const nestedList = a.parameter('BSubnets', { Type: 'CommaDelimitedList', Default: 'p,q' });
  const consumer = s.root.nested('C').nested('D');
  s.use(consumer, 'First', Fn.join(',', first.attr('CidrBlockAssociations')), 'Root/A/BVpc.CidrBlockAssociations');
  s.use(consumer, 'Second', Fn.join(',', second.attr('CidrBlockAssociations')), 'Root/AB/Vpc.CidrBlockAssociations');
  s.use(consumer, 'RootList', Fn.join(',', rootList.ref), 'Root/ABSubnets');
  s.use(consumer, 'NestedList', Fn.join(',', nestedList.ref), 'Root/A/BSubnets');
  linted.push(s.check());
});

test('conditions that read alike, used below their stacks, guard their own resources', () => {
  const s = new Scenario();
  const a = s.root.nested('A');
  const b = a.nested('B');
  const outer = a.condition('BIsProd', Fn.equals(Aws.region, 'eu-west-1'));
  const inner = b.condition('IsProd', Fn.equals(Aws.region, 'us-east-1'));
  const topic = s.root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: {} });
  const consumer = b.nested('C');
  s.use(consumer, 'Outer', topic.ref, 'Root/Topic', outer);
  s.use(consumer, 'Inner', topic.ref, 'Root/Topic', inner);
  linted.push(s.check());
});

test("a stack's own condition and parameter named like a wired condition and its flag stay its own", () => {
  const s = new Scenario();
  const prod = s.root.condition('IsProd', Fn.equals(Aws.region, 'eu-west-1'));
  const topic = s.root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: {} });
  const child = s.root.nested('Child');
  const own = child.condition('IsProd', Fn.equals(Aws.region, 'us-east-1'));
  const flag = child.parameter('IsProdFlag', { Type: 'String', Default: 'mine' });
  s.use(child, 'Wired', topic.ref, 'Root/Topic', prod);
  s.use(child, 'Own', topic.ref, 'Root/Topic', own);
  s.use(child, 'Flag', flag.ref, 'Root/Child/IsProdFlag');
  linted.push(s.check());
});

test("a consumer's declared parameter, resource, mapping or nested stack named like a wire stays its own", () => {
  const s = new Scenario();
  const net = s.root.nested('Network');
  const source = vpc(net, 'Vpc');
  const withParameter = s.root.nested('WithParameter');
  const declared = withParameter.parameter('NetworkVpc', { Type: 'String', Default: 'vpc-0123' });
  s.use(withParameter, 'Declared', declared.ref, 'Root/WithParameter/NetworkVpc');
  s.use(withParameter, 'Wired', source.ref, 'Root/Network/Vpc');

  const withResource = s.root.nested('WithResource');
  withResource.add('NetworkVpc', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'not the vpc' } });
  s.use(withResource, 'Wired', source.ref, 'Root/Network/Vpc');

  const withMapping = s.root.nested('WithMapping');
  const mapping = withMapping.mapping('NetworkVpc', { Main: { Id: 'vpc-mapped' } });
  withMapping.add('Mapped', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: mapping.find('Main', 'Id') } });
  s.use(withMapping, 'Wired', source.ref, 'Root/Network/Vpc');

  const withChild = s.root.nested('WithChild');
  group(withChild.nested('NetworkVpc'), 'Group');
  s.use(withChild, 'Wired', source.ref, 'Root/Network/Vpc');

  // A root resource Vpc wired into a stack that has its own resource Vpc.
  const rootVpc = vpc(s.root, 'Vpc');
  const withOwnVpc = s.root.nested('WithOwnVpc');
  const ownVpc = vpc(withOwnVpc, 'Vpc');
  s.use(withOwnVpc, 'Own', ownVpc.ref, 'Root/WithOwnVpc/Vpc');
  s.use(withOwnVpc, 'Wired', rootVpc.ref, 'Root/Vpc');
  linted.push(s.check());
});

test("a producer's or an intermediate stack's declared output named like a wire output keeps its value", () => {
  const s = new Scenario();
  const net = s.root.nested('Network');
  const source = vpc(net, 'Vpc');
  s.output(net, 'NetworkVpc', source.attr('CidrBlock'), 'Root/Network/Vpc.CidrBlock');
  s.use(s.root.nested('App'), 'Wired', source.ref, 'Root/Network/Vpc');

  const platform = s.root.nested('Platform');
  const network = platform.nested('Network');
  const core = vpc(network.nested('Core'), 'Vpc');
  s.output(network, 'PlatformNetworkCoreVpc', 'declared by the blueprint', 'declared by the blueprint');
  s.use(platform.nested('Services'), 'Wired', core.ref, 'Root/Platform/Network/Core/Vpc');
  linted.push(s.check());
});

test('an intermediate stack that declares a parameter named like a wire passing through it keeps its own', () => {
  const s = new Scenario();
  const source = vpc(s.root.nested('Network'), 'Vpc');
  const app = s.root.nested('App');
  const declared = app.parameter('NetworkVpc', { Type: 'String', Default: 'vpc-0123' });
  s.use(app, 'Declared', declared.ref, 'Root/App/NetworkVpc');
  s.use(app.nested('Web'), 'Wired', source.ref, 'Root/Network/Vpc');
  linted.push(s.check());
});

test('wire names stay within the 255-character logical id limit and apart', () => {
  const s = new Scenario();
  // Both concatenate to 303 characters: 200 + 100 + 'Vpc' and 250 + 50 + 'Vpc'.
  const first = vpc(s.root.nested('L'.repeat(200)), `${'L'.repeat(100)}Vpc`);
  const second = vpc(s.root.nested('L'.repeat(250)), `${'L'.repeat(50)}Vpc`);
  const consumer = s.root.nested('C');
  s.use(consumer, 'First', first.ref, first.path);
  s.use(consumer, 'Second', second.ref, second.path);
  const result = s.check();
  for (const stack of result.stacks) {
    for (const name of [...stack.parameters, ...stack.outputs]) assert.ok(name.length <= 255, `${stack.path}: ${name.length} characters`);
  }
  linted.push(result);
});

test('names the wiring adds are readable, deterministic, and stable when unrelated values are wired', () => {
  const build = (extra: boolean) => {
    const root = Stack.root();
    const container = root.nested('Container');
    const first = group(container, 'WebSecurityGroup');
    const second = group(container.nested('Web'), 'SecurityGroup');
    const other = root.nested('Other');
    if (extra) {
      const unrelated = vpc(root.nested('Zone'), 'Vpc');
      other.add('Unrelated', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: unrelated.ref } });
    }
    other.add('First', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: first.attr('GroupId') } });
    other.add('Second', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: second.attr('GroupId') } });
    return compile(root);
  };
  const parametersOf = (result: CompileResult) => result.stacks.find((s) => s.path === 'Root/Other')!.parameters;
  const plain = build(false);
  assert.is(build(false).root.body, plain.root.body, 'byte-identical rebuild');
  const names = parametersOf(plain);
  assert.is(names.length, 2);
  assert.is(names[0], 'ContainerWebSecurityGroupGroupId', 'the first keeps the readable name');
  assert.match(names[1]!, /^ContainerWebSecurityGroupGroupId[0-9a-f]{8}$/, 'the second gets the readable name and a short hash');
  assert.equal(parametersOf(build(true)).filter((n) => n !== 'ZoneVpc'), names, 'adding an unrelated wire renames nothing');
});

test('where both the readable name and its hashed form are declared, the error names both holders', () => {
  const root = Stack.root();
  const source = vpc(root.nested('Network'), 'Vpc');
  const app = root.nested('App');
  const hashed = `NetworkVpc${createHash('sha256').update('Root/Network/Vpc').digest('hex').slice(0, 8)}`;
  for (const id of ['NetworkVpc', hashed]) {
    const declared = app.parameter(id, { Type: 'String', Default: 'x' });
    app.add(`Use${id}`, { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: declared.ref } });
  }
  app.add('Wired', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: source.ref } });
  assert.throws(
    () => compile(root),
    (error: Error) =>
      error.message ===
      `stack Root/App: no distinct logical-id name for Ref of Root/Network/Vpc: NetworkVpc (the parameter NetworkVpc declared in Root/App) and ${hashed} (the parameter ${hashed} declared in Root/App) are taken; rename one of them`,
  );
});

test('every compiled tree above is cfn-lint clean', () => {
  assert.ok(linted.length >= 9);
  assert.equal(lintCompiled(...linted), []);
});

test.run();
