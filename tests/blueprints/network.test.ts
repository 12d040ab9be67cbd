import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fn, type Stack } from '../../dsl/index.js';
import {
  INTERFACE_ENDPOINT_SERVICES,
  LOAD_BALANCER_SUBNET_PREFIX_MAX,
  defaultPrefix,
  existingNetwork,
  firstFree,
  formatCidr,
  network,
  overlaps,
  parseCidr,
  planSubnets,
  type NetworkProps,
} from '../../blueprints/network/index.js';
import { compileTree, inputErrorOf, type Compiled } from '../helpers/compile.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { evaluate } from '../helpers/evaluate.js';
import { arrayWith, expectMatch, present } from '../helpers/template.js';

const compiled: Compiled[] = [];
function build(fn: (root: Stack) => void): Compiled {
  const out = compileTree(fn);
  compiled.push(out);
  return out;
}
const withNetwork = (props: NetworkProps) => {
  let made: ReturnType<typeof network> | undefined;
  const out = build((root) => {
    made = network(root.nested('Network'), props);
  });
  return { out, net: out.stack('Network'), made: made! };
};

// ---------------------------------------------------------------------------------------------- CIDR math

test('CIDR math: parse, format, overlap and first free aligned block', () => {
  const vpc = parseCidr('x', '10.0.0.0/16');
  assert.equal(vpc, { base: 10 * 2 ** 24, prefix: 16 });
  assert.is(formatCidr(vpc), '10.0.0.0/16');
  assert.ok(overlaps(parseCidr('x', '10.0.0.0/24'), parseCidr('x', '10.0.0.128/25')));
  assert.not.ok(overlaps(parseCidr('x', '10.0.0.0/25'), parseCidr('x', '10.0.0.128/25')));
  const taken = [parseCidr('x', '10.0.0.0/24'), parseCidr('x', '10.0.1.0/26')];
  assert.is(formatCidr(firstFree(vpc, 24, taken)!), '10.0.2.0/24');
  assert.is(formatCidr(firstFree(vpc, 26, taken)!), '10.0.1.64/26');
  assert.is(firstFree(parseCidr('x', '10.0.0.0/24'), 23, []), undefined);
  assert.is(formatCidr(parseCidr('x', '255.255.255.255/32')), '255.255.255.255/32');
});

test('subnet plan: private subnets get half the VPC, public and isolated a quarter, in AZ order', () => {
  const two = planSubnets('network', '10.0.0.0/16', 2, [
    { tier: 'public', prefix: 19 },
    { tier: 'private', prefix: 18 },
  ]);
  assert.equal(two.tiers, { private: ['10.0.0.0/18', '10.0.64.0/18'], public: ['10.0.128.0/19', '10.0.160.0/19'] });
  const explicit = planSubnets('network', '10.1.0.0/16', 2, [
    { tier: 'public', prefix: 24, cidrs: ['10.1.0.0/24', '10.1.1.0/24'] },
    { tier: 'private', prefix: 20 },
  ]);
  assert.equal(explicit.tiers.private, ['10.1.16.0/20', '10.1.32.0/20']);
});

// ---------------------------------------------------------------------------------------------- seed 000

test('no NAT, endpoints (seed 000): subnets, routes, endpoint set and its security group', () => {
  const { net, made } = withNetwork({
    cidr: '10.0.0.0/16',
    nat: 'none',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages', 'kms'],
  });
  net.resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true });
  net.expectCount('AWS::EC2::Subnet', 4);
  net.expectCount('AWS::EC2::Subnet', 2, { MapPublicIpOnLaunch: false });
  assert.equal(
    net.resourcesOf('AWS::EC2::Subnet').map((s) => [s.id, s.properties['CidrBlock']]),
    [
      ['PublicSubnet1', '10.0.128.0/19'],
      ['PublicSubnet2', '10.0.160.0/19'],
      ['PrivateSubnet1', '10.0.0.0/18'],
      ['PrivateSubnet2', '10.0.64.0/18'],
    ],
  );
  expectMatch(net.byId('PublicSubnet2').properties['AvailabilityZone'], { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] });
  net.expectCount('AWS::EC2::RouteTable', 3);
  net.expectCount('AWS::EC2::SubnetRouteTableAssociation', 4);
  net.expectCount('AWS::EC2::Route', 1);
  net.resource('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } });
  net.expectNone('AWS::EC2::NatGateway');
  net.expectNone('AWS::EC2::EIP');

  const interfaces = net.resourcesOf('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' });
  assert.equal(
    interfaces.map((e) => evaluate(e.properties['ServiceName']!, net.template, { partition: 'aws', region: 'eu-west-1' })),
    ['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages', 'kms'].map((s) => `com.amazonaws.eu-west-1.${s}`),
  );
  for (const endpoint of interfaces) {
    expectMatch(endpoint.properties, {
      PrivateDnsEnabled: true,
      SubnetIds: [{ Ref: 'PrivateSubnet1' }, { Ref: 'PrivateSubnet2' }],
      SecurityGroupIds: [{ Ref: 'EndpointSecurityGroup' }],
    });
  }
  net.resource('AWS::EC2::VPCEndpoint', {
    VpcEndpointType: 'Gateway',
    ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
    RouteTableIds: [{ Ref: 'PrivateRouteTable1' }, { Ref: 'PrivateRouteTable2' }],
  });
  const sg = net.byId('EndpointSecurityGroup', 'AWS::EC2::SecurityGroup').properties;
  assert.equal(sg['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, Description: 'HTTPS from the VPC' },
  ]);
  assert.equal(sg['SecurityGroupEgress'], [
    { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' },
  ]);
  assert.equal(made.ref.nat, 'none');
  assert.equal([...made.ref.interfaceEndpoints!], ['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages', 'kms']);
  assert.equal(made.cidrs.private, ['10.0.0.0/18', '10.0.64.0/18']);
});

test('flow logs: on by default, KMS-encrypted log group with retention, least-privilege role', () => {
  const { net } = withNetwork({ cidr: '10.0.0.0/16', nat: 'none' });
  net.resource('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['FlowLogKey', 'Arn'] } });
  net.resource('AWS::EC2::FlowLog', {
    ResourceId: { Ref: 'Vpc' },
    ResourceType: 'VPC',
    TrafficType: 'ALL',
    LogDestinationType: 'cloud-watch-logs',
    LogGroupName: { Ref: 'FlowLogGroup' },
    DeliverLogsPermissionArn: { 'Fn::GetAtt': ['FlowLogRole', 'Arn'] },
  });
  const role = net.byId('FlowLogRole', 'AWS::IAM::Role').properties;
  assert.equal(role['Policies'], [
    {
      PolicyName: 'DeliverFlowLogs',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [{ 'Fn::GetAtt': ['FlowLogGroup', 'Arn'] }],
          },
        ],
      },
    },
  ]);
  expectMatch(role['AssumeRolePolicyDocument'], {
    Statement: [{ Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
  });
  const key = net.byId('FlowLogKey', 'AWS::KMS::Key').properties;
  expectMatch(key, {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: arrayWith({
        Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } },
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*' } } },
      }),
    },
  });
});

test('flow logs can be turned off or use an existing key', () => {
  const off = withNetwork({ cidr: '10.0.0.0/16', flowLogs: { enabled: false } }).net;
  off.expectNone('AWS::EC2::FlowLog');
  off.expectNone('AWS::Logs::LogGroup');
  const existing = withNetwork({ cidr: '10.0.0.0/16', flowLogs: { kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', retentionDays: 90 } }).net;
  existing.expectNone('AWS::KMS::Key');
  existing.resource('AWS::Logs::LogGroup', { RetentionInDays: 90, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
});

// ---------------------------------------------------------------------------------------------- NAT modes

test('single NAT (seed 001): one NAT gateway with its EIP, every private route table through it', () => {
  const { net, made } = withNetwork({ cidr: '10.0.0.0/16', nat: 'single', interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'monitoring', 'events', 'sns'] });
  net.expectCount('AWS::EC2::NatGateway', 1);
  net.expectCount('AWS::EC2::EIP', 1);
  net.resource('AWS::EC2::EIP', { Domain: 'vpc' });
  net.resource('AWS::EC2::NatGateway', { AllocationId: { 'Fn::GetAtt': ['NatEip1', 'AllocationId'] }, SubnetId: { Ref: 'PublicSubnet1' } });
  net.expectCount('AWS::EC2::Route', 2, { NatGatewayId: { Ref: 'NatGateway1' }, DestinationCidrBlock: '0.0.0.0/0' });
  net.resource('AWS::EC2::Route', { RouteTableId: { Ref: 'PrivateRouteTable2' }, NatGatewayId: { Ref: 'NatGateway1' } });
  net.expectCount('AWS::EC2::VPCEndpoint', 7);
  assert.is(made.ref.nat, 'single');
});

test('NAT per AZ with three zones and isolated subnets', () => {
  const { net, made } = withNetwork({ cidr: '10.0.0.0/16', nat: 'perAz', availabilityZones: 3, isolatedSubnets: true });
  net.expectCount('AWS::EC2::Subnet', 9);
  net.expectCount('AWS::EC2::NatGateway', 3);
  net.expectCount('AWS::EC2::EIP', 3);
  for (const az of [1, 2, 3]) {
    net.resource('AWS::EC2::NatGateway', { SubnetId: { Ref: `PublicSubnet${az}` }, AllocationId: { 'Fn::GetAtt': [`NatEip${az}`, 'AllocationId'] } });
    net.resource('AWS::EC2::Route', { RouteTableId: { Ref: `PrivateRouteTable${az}` }, NatGatewayId: { Ref: `NatGateway${az}` } });
  }
  net.expectCount('AWS::EC2::RouteTable', 5);
  net.expectNone('AWS::EC2::Route', { RouteTableId: { Ref: 'IsolatedRouteTable' } });
  net.expectCount('AWS::EC2::SubnetRouteTableAssociation', 3, { RouteTableId: { Ref: 'IsolatedRouteTable' } });
  assert.equal(made.cidrs, {
    public: ['10.0.96.0/20', '10.0.112.0/20', '10.0.128.0/20'],
    private: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
    isolated: ['10.0.144.0/20', '10.0.160.0/20', '10.0.176.0/20'],
  });
  const all = [...made.cidrs.public, ...made.cidrs.private, ...made.cidrs.isolated].map((c) => parseCidr('x', c));
  all.forEach((a, i) => all.forEach((b, j) => assert.ok(i === j || !overlaps(a, b))));
  net.resource('AWS::EC2::VPCEndpoint', {
    VpcEndpointType: 'Gateway',
    RouteTableIds: [{ Ref: 'PrivateRouteTable1' }, { Ref: 'PrivateRouteTable2' }, { Ref: 'PrivateRouteTable3' }, { Ref: 'IsolatedRouteTable' }],
  });
  net.expectNone('AWS::EC2::SecurityGroup');
});

test('explicit zones (parameters), explicit subnet blocks and sizes, public IPs on request', () => {
  let made: ReturnType<typeof network> | undefined;
  const out = build((root) => {
    const azs = root.parameter('Zones', { Type: 'List<AWS::EC2::AvailabilityZone::Name>' });
    made = network(root.nested('Network'), {
      cidr: '10.2.0.0/20',
      availabilityZones: [Fn.select(0, azs.ref), Fn.select(1, azs.ref)],
      subnetCidrs: { public: ['10.2.0.0/24', '10.2.1.0/24'] },
      subnetPrefixes: { private: 22 },
      mapPublicIpOnLaunch: true,
      s3GatewayEndpoint: false,
    });
  });
  const net = out.stack('Network');
  assert.equal(made!.cidrs.public, ['10.2.0.0/24', '10.2.1.0/24']);
  assert.equal(made!.cidrs.private, ['10.2.4.0/22', '10.2.8.0/22']);
  net.expectCount('AWS::EC2::Subnet', 2, { MapPublicIpOnLaunch: true });
  net.expectNone('AWS::EC2::VPCEndpoint');
  net.resource('AWS::EC2::Subnet', { CidrBlock: '10.2.4.0/22', AvailabilityZone: { 'Fn::Select': [0, { Ref: 'Zones' }] } });
});

test('network ref: ids for consumers in other stacks', () => {
  const out = build((root) => {
    const { ref } = network(root.nested('Network'), { cidr: '10.0.0.0/16', nat: 'none' });
    root.nested('App').add('Sg', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'app',
        VpcId: ref.vpcId,
        SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: ref.vpcCidr, Description: 'inside the VPC' }],
      },
    });
    root.output('PrivateSubnets', Fn.join(',', ref.privateSubnetIds));
  });
  out.stack('App').resource('AWS::EC2::SecurityGroup', { VpcId: { Ref: 'NetworkVpc' } });
  expectMatch(out.root.output('PrivateSubnets')['Value'], {
    'Fn::Join': [',', [{ 'Fn::GetAtt': ['Network', 'Outputs.NetworkPrivateSubnet1'] }, { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPrivateSubnet2'] }]],
  });
});

test('existing network (seed 002): parameter values as a NetworkRef', () => {
  const out = build((root) => {
    const vpc = root.parameter('VpcId', { Type: 'AWS::EC2::VPC::Id' });
    const cidr = root.parameter('VpcCidr', { Type: 'String', AllowedPattern: '^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$' });
    const subnets = root.parameter('PrivateSubnetIds', { Type: 'List<AWS::EC2::Subnet::Id>' });
    const ref = existingNetwork({ vpcId: vpc.ref, vpcCidr: cidr.ref, privateSubnetIds: subnets.ref, interfaceEndpoints: ['ssmmessages'] });
    assert.is(ref.nat, undefined);
    assert.equal([...ref.interfaceEndpoints!], ['ssmmessages']);
    assert.equal(ref.publicSubnetIds, []);
    const svc = root.nested('Service');
    svc.add('Sg', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'svc',
        VpcId: ref.vpcId,
        SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: ref.vpcCidr, Description: 'inside the VPC' }],
      },
    });
    svc.output('Subnets', Fn.join(',', ref.privateSubnetIds));
  });
  out.stack('Service').resource('AWS::EC2::SecurityGroup', { VpcId: { Ref: 'VpcId' } });
  assert.is(existingNetwork({ vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['subnet-1'] }).interfaceEndpoints, undefined);
});

// ---------------------------------------------------------------------------------------------- input errors

const tryNetwork = (props: NetworkProps) => inputErrorOf(() => compileTree((root) => void network(root.nested('Network'), props)));

test('errors: bad, misaligned and out-of-range VPC CIDRs', () => {
  assert.match(tryNetwork({ cidr: '10.0.0/16' }), /^network\.cidr: "10\.0\.0\/16" is not an IPv4 CIDR block/);
  assert.match(tryNetwork({ cidr: '10.0.300.0/16' }), /^network\.cidr: "10\.0\.300\.0\/16" is not an IPv4 CIDR block \(a\.b\.c\.d\/n, octets 0 to 255, prefix 0 to 32\)$/);
  assert.match(tryNetwork({ cidr: '10.0.1.0/16' }), /^network\.cidr: "10\.0\.1\.0\/16" has host bits set: the block starting at that address is 10\.0\.0\.0\/16/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/25' }), /^network\.cidr: "10\.0\.0\.0\/25" is not a \/16 to \/24 block/);
  assert.match(tryNetwork({ path: 'platform.network', cidr: '10.0.0.0/8' }), /^platform\.network\.cidr: "10\.0\.0\.0\/8" is not a \/16 to \/24 block/);
});

test('errors: AZ count out of range, bad zone names', () => {
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', availabilityZones: 0 }), /^network\.availabilityZones: 0 is not an integer from 1 to 6/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', availabilityZones: 7 }), /^network\.availabilityZones: 7 is not an integer from 1 to 6/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', availabilityZones: [] }), /^network\.availabilityZones: \[\] has 0 availability zones; allowed: 1 to 6$/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west'] }), /^network\.availabilityZones\[1\]: "eu-west" is not an availability zone name/);
  assert.match(
    tryNetwork({ cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1a'] }),
    /^network\.availabilityZones\[1\]: "eu-west-1a" is a duplicate availability zone \(already used at network\.availabilityZones\[0\]\)/,
  );
});

test('errors: subnets too small for the AZ count, subnet prefixes out of range', () => {
  const message = tryNetwork({ cidr: '10.0.0.0/24', availabilityZones: 6, isolatedSubnets: true });
  assert.match(message, /^network\.cidr: "10\.0\.0\.0\/24" is too small for 6 availability zones with public \/27, private \/28, isolated \/28 subnets: they need 384 addresses/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', subnetPrefixes: { private: 17, public: 17 } }), /^network\.cidr: "10\.0\.0\.0\/16" is too small for 2 availability zones/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', subnetPrefixes: { public: 29 } }), /^network\.subnetPrefixes\.public: 29 is not an integer from 16 to 28/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/20', subnetPrefixes: { private: 19 } }), /^network\.subnetPrefixes\.private: 19 is not an integer from 20 to 28/);
});

test('errors: explicit subnet blocks overlapping, outside the VPC, wrong count', () => {
  assert.match(
    tryNetwork({ cidr: '10.0.0.0/16', subnetCidrs: { public: ['10.0.0.0/24', '10.0.0.128/25'] } }),
    /^network\.subnetCidrs\.public\[1\]: "10\.0\.0\.128\/25" overlaps 10\.0\.0\.0\/24 \(network\.subnetCidrs\.public\[0\]\)/,
  );
  assert.match(
    tryNetwork({ cidr: '10.0.0.0/16', isolatedSubnets: true, subnetCidrs: { public: ['10.0.0.0/24', '10.0.1.0/24'], isolated: ['10.0.2.0/24', '10.0.1.0/24'] } }),
    /^network\.subnetCidrs\.isolated\[1\]: "10\.0\.1\.0\/24" overlaps 10\.0\.1\.0\/24 \(network\.subnetCidrs\.public\[1\]\)/,
  );
  assert.match(
    tryNetwork({ cidr: '10.0.0.0/16', subnetCidrs: { private: ['10.0.0.0/24', '10.1.0.0/24'] } }),
    /^network\.subnetCidrs\.private\[1\]: "10\.1\.0\.0\/24" is not inside the VPC block 10\.0\.0\.0\/16/,
  );
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', subnetCidrs: { private: ['10.0.0.0/24'] } }), /^network\.subnetCidrs\.private: \["10\.0\.0\.0\/24"\] has 1 blocks; give one per availability zone \(2\)/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', subnetCidrs: { private: ['10.0.0.0/29', '10.0.0.8/29'] } }), /^network\.subnetCidrs\.private\[0\]: "10\.0\.0\.0\/29" is not a \/16 to \/28 block/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', subnetCidrs: { isolated: ['10.0.0.0/24', '10.0.1.0/24'] } }), /^network\.subnetCidrs\.isolated: .* is given but isolatedSubnets is not true/);
});

test('errors: unknown endpoint service lists the allowed names; duplicates; bad NAT mode and retention', () => {
  const message = tryNetwork({ cidr: '10.0.0.0/16', interfaceEndpoints: ['ecr.api', 'ecr-dkr' as never] });
  assert.match(message, /^network\.interfaceEndpoints\[1\]: "ecr-dkr" is not an interface endpoint service this blueprint knows \(ecr\.api, ecr\.dkr, /);
  for (const name of INTERFACE_ENDPOINT_SERVICES) assert.ok(message.includes(name), name);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', interfaceEndpoints: ['logs', 'logs'] }), /^network\.interfaceEndpoints\[1\]: "logs" is a duplicate endpoint service/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', nat: 'double' as 'single' }), /^network\.nat: "double" is not one of the allowed values \(none, single, perAz\)/);
  assert.match(tryNetwork({ cidr: '10.0.0.0/16', flowLogs: { retentionDays: 10 as never } }), /^network\.flowLogs\.retentionDays: 10 is not one of the allowed values \(1, 3, 5/);
  assert.match(
    inputErrorOf(() => existingNetwork({ vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['subnet-1'], interfaceEndpoints: ['s3' as never] })),
    /^network\.interfaceEndpoints\[0\]: "s3" is not an interface endpoint service/,
  );
});

// ---------------------------------------------------------------------------------------------- IPv6

test('dual-stack: an Amazon /56 on the VPC, a /64 per subnet carved at deploy time, IPv6 routes out', () => {
  const { net, made } = withNetwork({ cidr: '10.0.0.0/16', nat: 'single', ipv6: true, isolatedSubnets: true, flowLogs: { enabled: false } });
  net.resource('AWS::EC2::VPCCidrBlock', { VpcId: { Ref: 'Vpc' }, AmazonProvidedIpv6CidrBlock: true });
  const blocks = { 'Fn::Cidr': [{ 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] }, 6, 64] };
  const order = ['PublicSubnet1', 'PublicSubnet2', 'PrivateSubnet1', 'PrivateSubnet2', 'IsolatedSubnet1', 'IsolatedSubnet2'];
  order.forEach((id, index) => {
    const subnet = net.byId(id, 'AWS::EC2::Subnet');
    assert.equal(subnet.properties['Ipv6CidrBlock'], { 'Fn::Select': [index, blocks] }, id);
    assert.equal(subnet.resource['DependsOn'], ['VpcIpv6Block'], id);
  });
  net.resource('AWS::EC2::EgressOnlyInternetGateway', { VpcId: { Ref: 'Vpc' } });
  net.resource('AWS::EC2::Route', { RouteTableId: { Ref: 'PublicRouteTable' }, DestinationIpv6CidrBlock: '::/0', GatewayId: { Ref: 'InternetGateway' } });
  for (const az of [1, 2]) {
    net.resource('AWS::EC2::Route', { RouteTableId: { Ref: `PrivateRouteTable${az}` }, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: { Ref: 'EgressOnlyInternetGateway' } });
  }
  net.expectNone('AWS::EC2::Route', { RouteTableId: { Ref: 'IsolatedRouteTable' } });
  assert.is(made.ref.ipv6, true);
  assert.ok(made.ipv6);
  // IPv4 only by default: none of it.
  const plain = withNetwork({ cidr: '10.0.0.0/16', nat: 'none', flowLogs: { enabled: false } });
  plain.net.expectNone('AWS::EC2::VPCCidrBlock');
  plain.net.expectNone('AWS::EC2::EgressOnlyInternetGateway');
  plain.net.expectNone('AWS::EC2::Subnet', { Ipv6CidrBlock: present });
  assert.is(plain.made.ref.ipv6, false);
});

// ---------------------------------------------------------------------------------------------- subnets a load balancer takes

test('default subnet plans give public subnets of /27 or larger, for every VPC size, zone count and tier set', () => {
  let plans = 0;
  for (let prefix = 16; prefix <= 24; prefix++) {
    for (let zones = 1; zones <= 6; zones++) {
      for (const isolated of [false, true]) {
        const cidr = `10.0.0.0/${prefix}`;
        const vpc = parseCidr('x', cidr);
        const tiers = (isolated ? ['public', 'private', 'isolated'] : ['public', 'private']) as ('public' | 'private' | 'isolated')[];
        let plan;
        try {
          plan = planSubnets('network', cidr, zones, tiers.map((tier) => ({ tier, prefix: defaultPrefix(vpc, zones, tier) })));
        } catch {
          continue; // too small a VPC for that many zones: refused with its own message
        }
        plans++;
        for (const block of plan.tiers.public!) assert.ok(parseCidr('x', block).prefix <= LOAD_BALANCER_SUBNET_PREFIX_MAX, `${cidr} x${zones}: ${block}`);
      }
    }
  }
  assert.ok(plans > 90, `${plans} plans checked`);
  // The network says how large its subnets are, for the load balancer to check.
  const { made } = withNetwork({ cidr: '10.0.0.0/24', availabilityZones: 4, nat: 'none', flowLogs: { enabled: false } });
  assert.equal(made.ref.publicSubnetPrefixLengths, [27, 27, 27, 27]);
  assert.equal(made.ref.privateSubnetPrefixLengths, [27, 27, 27, 27]);
});

// ---------------------------------------------------------------------------------------------- wrong types and unknown keys

test('errors: wrong types, unknown keys and host bits are refused with the path, the value and what is allowed', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ cidr: '10.0.0.0/16', isolatedSubnets: 'true' }, /^network\.isolatedSubnets: "true" is not true or false$/],
    [{ cidr: '10.0.0.0/16', ipv6: 1 }, /^network\.ipv6: 1 is not true or false$/],
    [{ cidr: '10.0.0.0/16', availabilityZones: '3' }, /^network\.availabilityZones: "3" is not a count from 1 to 6 or a list of 1 to 6 availability zone names$/],
    [{ cidr: '10.0.0.0/16', availabilityZones: Number.NaN }, /^network\.availabilityZones: .* is not a count from 1 to 6 or a list of 1 to 6 availability zone names$/],
    [{ cidr: '10.0.0.0/16', availabilityZones: 2.5 }, /^network\.availabilityZones: 2\.5 is not an integer from 1 to 6$/],
    [{ cidr: '10.0.0.0/16', subnetPrefixes: { public: '24' } }, /^network\.subnetPrefixes\.public: "24" is not an integer from 16 to 28$/],
    [{ cidr: '10.0.0.0/16', subnetPrefixes: [] }, /^network\.subnetPrefixes: \[\] is not an object$/],
    [{ cidr: '10.0.0.0/16', subnetCidrs: { public: ['10.0.0.1/24', '10.0.1.0/24'] } }, /^network\.subnetCidrs\.public\[0\]: "10\.0\.0\.1\/24" has host bits set: the block starting at that address is 10\.0\.0\.0\/24$/],
    [{ cidr: '10.0.0.0/16', interfaceEndpoints: 'logs' }, /^network\.interfaceEndpoints: "logs" is not a list of services$/],
    [{ cidr: '10.0.0.0/16', interfaceEndpoints: ['logs', null] }, /^network\.interfaceEndpoints\[1\]: null is not an interface endpoint service this blueprint knows/],
    [{ cidr: '10.0.0.0/16', natt: 'none' }, /^network\.natt: "none" is not a known input \(did you mean nat\?\)/],
    [{ cidr: '10.0.0.0/16', flowLogs: { enable: false } }, /^network\.flowLogs\.enable: false is not a known input \(did you mean enabled\?\)/],
    [{ cidr: '10.0.0.0/16', flowLogs: { kmsKeyArn: 'alias/logs' } }, /^network\.flowLogs\.kmsKeyArn: "alias\/logs" is not a KMS key ARN/],
    [{ cidr: '10.0.0.0/16', flowLogs: { trafficType: 'all' } }, /^network\.flowLogs\.trafficType: "all" is not one of the allowed values \(ALL, ACCEPT, REJECT\)$/],
    [{ cidr: 167772160 }, /^network\.cidr: 167772160 is not an IPv4 CIDR block/],
    [{ cidr: '10.0.0.0/16', name: '' }, /^network\.name: "" is not a string of 1 to 200 characters$/],
  ];
  for (const [props, expected] of cases) assert.match(tryNetwork(props as NetworkProps), expected, JSON.stringify(props));
  assert.match(
    inputErrorOf(() => existingNetwork({ vpcId: 'vpc-1', vpcCidr: '10.0.0.1/16', privateSubnetIds: ['subnet-1'] })),
    /^network\.vpcCidr: "10\.0\.0\.1\/16" has host bits set: the block starting at that address is 10\.0\.0\.0\/16$/,
  );
  assert.match(inputErrorOf(() => existingNetwork({ vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: [] })), /^network\.privateSubnetIds: \[\] has 0 subnets; allowed: 1 to 16$/);
  assert.match(inputErrorOf(() => existingNetwork({ vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['sg-1'] })), /^network\.privateSubnetIds\[0\]: "sg-1" is not a subnet id \(subnet-\.\.\.\)$/);
  assert.match(inputErrorOf(() => existingNetwork({ vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['subnet-1'], nat: 'nat' as never })), /^network\.nat: "nat" is not one of the allowed values \(none, single, perAz\)$/);
});

test('a deploy-time flow log retention and Name prefix; parameters feeding network inputs get their constraints', () => {
  const out = build((root) => {
    const retention = root.parameter('FlowLogRetention', { Type: 'Number', Default: 30 });
    const name = root.parameter('NamePrefix', { Type: 'String', Default: 'shop' });
    network(root.nested('Network'), { cidr: '10.0.0.0/16', nat: 'none', name: name.ref, flowLogs: { retentionDays: retention.ref } });
  });
  out.stack('Network').resource('AWS::Logs::LogGroup', { RetentionInDays: { Ref: 'FlowLogRetention' } });
  assert.equal(out.root.parameter('FlowLogRetention')['AllowedValues'], [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
  assert.is(out.root.parameter('NamePrefix')['MaxLength'], 200);
});

test('every compiled tree is cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(...compiled.map((c) => c.result)), []);
  assert.equal(checkovCompiled(...compiled.map((c) => c.result)), []);
});

test.run();
