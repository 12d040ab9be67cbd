import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn } from '../../dsl/index.js';
import { compileTree } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const vpcIn = (stack: Parameters<Parameters<typeof compileTree>[0]>[0]) =>
  stack.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });

test('a handle used three levels down is wired through Outputs, GetAtt and Parameters', () => {
  const out = compileTree((root) => {
    const vpc = vpcIn(root.nested('Network'));
    root.nested('App').nested('Web').nested('Task').add('Sg', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'web', VpcId: vpc.ref },
    });
  });
  assert.equal(out.stack('Network').output('NetworkVpc')['Value'], { Ref: 'Vpc' });
  assert.equal(out.root.byId('App').properties['Parameters'], { NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpc'] } });
  assert.equal(out.stack('App').byId('Web').properties['Parameters'], { NetworkVpc: { Ref: 'NetworkVpc' } });
  assert.equal(out.stack('App/Web').byId('Task').properties['Parameters'], { NetworkVpc: { Ref: 'NetworkVpc' } });
  assert.equal(out.stack('App/Web/Task').byId('Sg').properties['VpcId'], { Ref: 'NetworkVpc' });
  assert.equal(out.stack('App/Web/Task').parameter('NetworkVpc')['Type'], 'String');
});

test('a value produced deep in one branch reaches another branch through the common parent only', () => {
  const out = compileTree((root) => {
    const platform = root.nested('Platform');
    const vpc = vpcIn(platform.nested('Network').nested('Core'));
    platform.nested('Services').add('Sg', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 's', VpcId: vpc.ref } });
  });
  // Up two levels as outputs, then one parameter down; the root is not involved.
  assert.equal(out.stack('Platform/Network/Core').output('PlatformNetworkCoreVpc')['Value'], { Ref: 'Vpc' });
  assert.equal(out.stack('Platform/Network').output('PlatformNetworkCoreVpc')['Value'], { 'Fn::GetAtt': ['Core', 'Outputs.PlatformNetworkCoreVpc'] });
  assert.equal(out.stack('Platform').byId('Services').properties['Parameters'], {
    PlatformNetworkCoreVpc: { 'Fn::GetAtt': ['Network', 'Outputs.PlatformNetworkCoreVpc'] },
  });
  assert.equal(out.root.outputNames, []);
  assert.equal(out.root.parameterNames, []);
});

test('a child value used by an ancestor is read with GetAtt, without a parameter', () => {
  const out = compileTree((root) => {
    const vpc = vpcIn(root.nested('Network').nested('Core'));
    root.output('VpcId', vpc.ref);
  });
  assert.equal(out.root.output('VpcId')['Value'], { 'Fn::GetAtt': ['Network', 'Outputs.NetworkCoreVpc'] });
  assert.equal(out.stack('Network').output('NetworkCoreVpc')['Value'], { 'Fn::GetAtt': ['Core', 'Outputs.NetworkCoreVpc'] });
});

test('one wire per distinct value, however often it is used', () => {
  const out = compileTree((root) => {
    const vpc = vpcIn(root.nested('Network'));
    const app = root.nested('App');
    for (const id of ['A', 'B', 'C']) {
      app.add(id, { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: id, VpcId: vpc.ref, Tags: [{ Key: 'cidr', Value: vpc.attr('CidrBlock') }] } });
    }
  });
  assert.equal(out.stack('App').parameterNames, ['NetworkVpc', 'NetworkVpcCidrBlock']);
  assert.equal(out.stack('Network').outputNames, ['NetworkVpc', 'NetworkVpcCidrBlock']);
});

test('a value the producer already declares as an output is read from that output, not wired twice', () => {
  const out = compileTree((root) => {
    const net = root.nested('Network');
    const vpc = vpcIn(net);
    net.output('VpcId', vpc.ref, { Description: 'The VPC' });
    root.nested('App').add('Sg', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'a', VpcId: vpc.ref } });
    root.output('Vpc', vpc.ref);
  });
  assert.equal(out.stack('Network').outputNames, ['VpcId']);
  assert.equal(out.root.byId('App').properties['Parameters'], { NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.VpcId'] } });
  assert.equal(out.root.output('Vpc')['Value'], { 'Fn::GetAtt': ['Network', 'Outputs.VpcId'] });
});

test('list parameters and list attributes cross as comma-joined strings and arrive as lists', () => {
  const out = compileTree((root) => {
    const subnets = root.parameter('Subnets', { Type: 'List<AWS::EC2::Subnet::Id>' });
    const net = root.nested('Network');
    const vpc = vpcIn(net);
    const app = root.nested('App').nested('Svc');
    app.add('Queue', { Type: 'AWS::SQS::Queue', Properties: {} });
    app.output('SubnetCount', Fn.select(0, subnets.ref));
    app.output('Blocks', Fn.select(0, vpc.attr('CidrBlockAssociations')));
  });
  assert.equal(out.root.byId('App').properties['Parameters'], {
    Subnets: { 'Fn::Join': [',', { Ref: 'Subnets' }] },
    NetworkVpcCidrBlockAssociations: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpcCidrBlockAssociations'] },
  });
  assert.equal(out.stack('Network').output('NetworkVpcCidrBlockAssociations')['Value'], { 'Fn::Join': [',', { 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] }] });
  // Intermediate stacks re-join the list they received when passing it on.
  assert.equal(out.stack('App').byId('Svc').properties['Parameters'], {
    Subnets: { 'Fn::Join': [',', { Ref: 'Subnets' }] },
    NetworkVpcCidrBlockAssociations: { 'Fn::Join': [',', { Ref: 'NetworkVpcCidrBlockAssociations' }] },
  });
  assert.equal(out.stack('App/Svc').parameter('Subnets')['Type'], 'CommaDelimitedList');
});

test('a list read by an ancestor is split back into a list (an output carries it as one string)', () => {
  const out = compileTree((root) => {
    const vpc = vpcIn(root.nested('Network').nested('Core'));
    const app = root.nested('App');
    app.add('Queue', { Type: 'AWS::SQS::Queue', Properties: {} });
    const subnets = app.parameter('Subnets', { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2' });
    root.add('First', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: Fn.select(0, vpc.attr('CidrBlockAssociations')) } });
    root.add('Joined', { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: Fn.join('-', subnets.ref) } });
  });
  assert.equal(out.root.byId('First').properties['Value'], {
    'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::GetAtt': ['Network', 'Outputs.NetworkCoreVpcCidrBlockAssociations'] }] }],
  });
  assert.equal(out.root.byId('Joined').properties['Value'], { 'Fn::Join': ['-', { 'Fn::Split': [',', { 'Fn::GetAtt': ['App', 'Outputs.AppSubnets'] }] }] });
  // The intermediate stack passes the joined string on unchanged.
  assert.equal(out.stack('Network').output('NetworkCoreVpcCidrBlockAssociations')['Value'], {
    'Fn::GetAtt': ['Core', 'Outputs.NetworkCoreVpcCidrBlockAssociations'],
  });
  assert.equal(lintCompiled(out.result), []);
});

test('a condition used below its stack is passed down as a flag and re-declared', () => {
  const out = compileTree((root) => {
    const env = root.parameter('Environment', { Type: 'String', AllowedValues: ['prod', 'dev'] });
    const prod = root.condition('IsProd', Fn.equals(env.ref, 'prod'));
    const child = root.nested('Child');
    vpcIn(child).def.Condition = prod;
    child.output('Mode', Fn.if(prod, 'strict', 'relaxed'));
  });
  assert.equal(out.root.byId('Child').properties['Parameters'], { IsProdFlag: { 'Fn::If': ['IsProd', 'true', 'false'] } });
  assert.equal(out.stack('Child').conditions['IsProd'], { 'Fn::Equals': [{ Ref: 'IsProdFlag' }, 'true'] });
  assert.equal(out.stack('Child').byId('Vpc').resource['Condition'], 'IsProd');
});

test('DependsOn across stacks becomes DependsOn between the nested stacks, unless a reference already orders them', () => {
  const out = compileTree((root) => {
    const a = vpcIn(root.nested('A'));
    const b = root.nested('B').add('Queue', { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: 0 } });
    b.dependsOn(a);
    const c = root.nested('C').add('Sg', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'c', VpcId: a.ref } });
    c.dependsOn(a);
  });
  assert.equal(out.root.byId('B').resource['DependsOn'], ['A']);
  assert.is(out.root.byId('C').resource['DependsOn'], undefined);
});

test('Fn.sub interpolates handles, pseudo parameters and wired values, and escapes literal ${', () => {
  const out = compileTree((root) => {
    const vpc = vpcIn(root.nested('Network'));
    const child = root.nested('App');
    child.add('Queue', { Type: 'AWS::SQS::Queue', Properties: {} });
    child.output('Arn', Fn.sub`arn:${Aws.partition}:ec2:${Aws.region}:${Aws.accountId}:vpc/${vpc.ref}`);
    child.output('Literal', Fn.sub`echo \${HOME} ${Fn.select(0, Fn.getAZs())}`);
  });
  assert.equal(out.stack('App').output('Arn')['Value'], { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${NetworkVpc}' });
  assert.equal(out.stack('App').output('Literal')['Value'], {
    'Fn::Sub': ['echo ${!HOME} ${Var0}', { Var0: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } }],
  });
});

test('Fn.length adds the AWS::LanguageExtensions transform to the stack that uses it', () => {
  const out = compileTree((root) => {
    const list = root.parameter('Names', { Type: 'CommaDelimitedList' });
    root.output('Count', Fn.length(list.ref));
    vpcIn(root);
  });
  assert.equal(out.root.template['Transform'], ['AWS::LanguageExtensions']);
});

test('FindInMap with a default value adds the AWS::LanguageExtensions transform', () => {
  const out = compileTree((root) => {
    const accounts = root.mapping('ElbAccounts', { 'us-east-1': { account: '127311923021' } });
    root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: accounts.find(Aws.region, 'account', 'none') } });
  });
  assert.equal(out.root.template['Transform'], ['AWS::LanguageExtensions']);
  assert.equal(out.root.byId('Topic').properties['DisplayName'], { 'Fn::FindInMap': ['ElbAccounts', { Ref: 'AWS::Region' }, 'account', { DefaultValue: 'none' }] });
  assert.equal(lintCompiled(out.result), []);
});

test('wired templates are cfn-lint clean, child parameters cross-checked', () => {
  const out = compileTree((root) => {
    const env = root.parameter('Environment', { Type: 'String', AllowedValues: ['prod', 'dev'], Default: 'dev' });
    const prod = root.condition('IsProd', Fn.equals(env.ref, 'prod'));
    const vpc = vpcIn(root.nested('Network'));
    const sg = root.nested('App').nested('Web').add('Sg', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: Fn.if(prod, 'prod web', 'dev web'), VpcId: vpc.ref },
    });
    root.output('WebGroup', sg.attr('GroupId'));
  });
  assert.equal(lintCompiled(out.result), []);
});

test.run();
