/**
 * A VPC for ECS Fargate: public and private subnets in 1 to 6 availability zones (optionally
 * isolated ones too), an internet gateway, NAT gateways as asked, VPC endpoints, flow logs, and
 * optionally IPv6 (dual-stack). Subnet blocks are computed at compile time; every handle is
 * returned for adjustment.
 */
import { Aws, Fn, InputError, s, type Res, type Stack, type Value } from '../../dsl/index.js';
import { ipv4Cidr } from './cidr.js';
import { checkUniqueServices, endpointServiceList, makeEndpoints, type InterfaceEndpointService } from './endpoints.js';
import { FlowLogsInput, makeFlowLogs, type FlowLogs } from './flow-logs.js';
import { ipv6Addressing, type Ipv6Addressing } from './ipv6.js';
import { SUBNET_PREFIX_MAX, SUBNET_PREFIX_MIN, defaultPrefix, planSubnets, type SubnetTier, type TierRequest } from './subnet-plan.js';
import type { NetworkRef } from './types.js';

/** An availability zone name such as `eu-west-1a` (or `us-east-1-bos-1a`, a Local Zone). */
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

const tierPrefixes = () => s.optional(s.integer(SUBNET_PREFIX_MIN, SUBNET_PREFIX_MAX));
const tierBlocks = () => s.optional(s.list(ipv4Cidr(), { min: 1, max: 6 }, 'blocks'));

export const NetworkInput = s.object({
  /** Input path prefix for errors. Default `network`. */
  path: s.optional(s.string(), 'network'),
  /**
   * The VPC's IPv4 block, /16 to /24, e.g. `10.0.0.0/16`, without host bits. A literal: the subnet
   * blocks are computed from it at compile time.
   */
  cidr: ipv4Cidr(),
  /**
   * Availability zones: a count from 1 to 6 (picked with `Fn::GetAZs` in the deployment region)
   * or 1 to 6 zone names (literals or deploy-time values). Default 2.
   */
  availabilityZones: s.optional(
    s.either(
      [s.integer(1, 6), s.list(s.deployTime(s.text(AZ_NAME, 'an availability zone name such as eu-west-1a')), { min: 1, max: 6 }, 'availability zones')],
      'a count from 1 to 6 or a list of 1 to 6 availability zone names',
    ),
    2,
  ),
  /**
   * Prefix length of each subnet per tier, 16..28 and not larger than the VPC. Defaults: private
   * subnets share half the VPC, public and isolated a quarter each (capped at /27 for public
   * subnets, the smallest a load balancer takes, and /28 for the others).
   */
  subnetPrefixes: s.optional(s.object({ public: tierPrefixes(), private: tierPrefixes(), isolated: tierPrefixes() }), {}),
  /** Explicit subnet blocks per tier, one per AZ, inside the VPC and not overlapping. */
  subnetCidrs: s.optional(s.object({ public: tierBlocks(), private: tierBlocks(), isolated: tierBlocks() }), {}),
  /** Also make isolated subnets (no route out of the VPC). Default false. */
  isolatedSubnets: s.optional(s.boolean(), false),
  /**
   * How private subnets reach the internet: `none` (only through VPC endpoints), `single` (one NAT
   * gateway in the first public subnet) or `perAz` (one per zone, for zone independence). Default `single`.
   */
  nat: s.optional(s.oneOf(['none', 'single', 'perAz']), 'single'),
  /**
   * Interface endpoints by short service name (INTERFACE_ENDPOINT_SERVICES), in the private subnets
   * with private DNS, named right in every partition (China included). Default none.
   */
  interfaceEndpoints: s.optional(endpointServiceList(), []),
  /** The S3 gateway endpoint on the private (and isolated) route tables. Default true. */
  s3GatewayEndpoint: s.optional(s.boolean(), true),
  /** VPC flow logs; on by default. */
  flowLogs: s.optional(FlowLogsInput, {}),
  /**
   * Give instances launched in public subnets a public IPv4 address by default. Default false: the
   * load balancer and NAT gateways get their addresses explicitly.
   */
  mapPublicIpOnLaunch: s.optional(s.boolean(), false),
  /**
   * Dual-stack: an Amazon-provided IPv6 /56 on the VPC, a /64 per subnet, `::/0` from public subnets
   * through the internet gateway and from private subnets through an egress-only internet gateway
   * (outbound only). Isolated subnets get a /64 and no route out. Default false.
   */
  ipv6: s.optional(s.boolean(), false),
  /** Name tag prefix of the resources (or a deploy-time value). Default: the stack name. */
  name: s.optional(s.deployTime(s.string({ max: 200 }))),
});
export type NetworkProps = s.Input<typeof NetworkInput>;

export interface Network {
  vpc: Res<'AWS::EC2::VPC'>;
  internetGateway: Res<'AWS::EC2::InternetGateway'>;
  gatewayAttachment: Res<'AWS::EC2::VPCGatewayAttachment'>;
  publicSubnets: Res<'AWS::EC2::Subnet'>[];
  privateSubnets: Res<'AWS::EC2::Subnet'>[];
  isolatedSubnets: Res<'AWS::EC2::Subnet'>[];
  publicRouteTable: Res<'AWS::EC2::RouteTable'>;
  /** One per AZ, in AZ order. */
  privateRouteTables: Res<'AWS::EC2::RouteTable'>[];
  isolatedRouteTable: Res<'AWS::EC2::RouteTable'> | undefined;
  natGateways: Res<'AWS::EC2::NatGateway'>[];
  natEips: Res<'AWS::EC2::EIP'>[];
  interfaceEndpoints: Map<InterfaceEndpointService, Res<'AWS::EC2::VPCEndpoint'>>;
  s3GatewayEndpoint: Res<'AWS::EC2::VPCEndpoint'> | undefined;
  endpointSecurityGroup: Res<'AWS::EC2::SecurityGroup'> | undefined;
  flowLogs: FlowLogs | undefined;
  /** The IPv6 block and egress-only gateway when `ipv6` is on. */
  ipv6: Ipv6Addressing | undefined;
  /** Subnet blocks chosen at compile time, per tier, in AZ order. */
  cidrs: Record<SubnetTier, string[]>;
  /** What consumers of the network take. */
  ref: NetworkRef;
}

export function network(stack: Stack, props: NetworkProps): Network {
  const p = s.parse(NetworkInput, props, props?.path ?? 'network');
  const path = p.path;
  checkUniqueServices(`${path}.interfaceEndpoints`, p.interfaceEndpoints);
  const zones = availabilityZones(path, p.availabilityZones);
  const azCount = zones.length;
  const name = p.name ?? Aws.stackName;
  const tag = (suffix: string) => [{ Key: 'Name', Value: Fn.join('-', [name, suffix]) }];

  const tiers: SubnetTier[] = p.isolatedSubnets ? ['public', 'private', 'isolated'] : ['public', 'private'];
  if (p.subnetCidrs.isolated && !p.isolatedSubnets) {
    throw new InputError(`${path}.subnetCidrs.isolated`, p.subnetCidrs.isolated, 'is given but isolatedSubnets is not true');
  }
  const vpcForDefaults = planSubnets(path, p.cidr, azCount, []).vpc;
  const requests: TierRequest[] = tiers.map((tier) => {
    const cidrs = p.subnetCidrs[tier];
    return { tier, prefix: p.subnetPrefixes[tier] ?? defaultPrefix(vpcForDefaults, azCount, tier), ...(cidrs ? { cidrs } : {}) };
  });
  const plan = planSubnets(path, p.cidr, azCount, requests);
  const cidrs = { public: plan.tiers.public ?? [], private: plan.tiers.private ?? [], isolated: plan.tiers.isolated ?? [] };

  const vpc = stack.add('Vpc', {
    Type: 'AWS::EC2::VPC',
    Properties: { CidrBlock: p.cidr, EnableDnsSupport: true, EnableDnsHostnames: true, Tags: tag('vpc') },
  });
  const ipv6 = p.ipv6 ? ipv6Addressing(stack, vpc, tiers.length * azCount) : undefined;
  const internetGateway = stack.add('InternetGateway', { Type: 'AWS::EC2::InternetGateway', Properties: { Tags: tag('igw') } });
  const gatewayAttachment = stack.add('InternetGatewayAttachment', {
    Type: 'AWS::EC2::VPCGatewayAttachment',
    Properties: { VpcId: vpc.ref, InternetGatewayId: internetGateway.ref },
  });
  const publicRouteTable = stack.add('PublicRouteTable', {
    Type: 'AWS::EC2::RouteTable',
    Properties: { VpcId: vpc.ref, Tags: tag('public') },
  });
  stack.add('PublicDefaultRoute', {
    Type: 'AWS::EC2::Route',
    DependsOn: [gatewayAttachment],
    Properties: { RouteTableId: publicRouteTable.ref, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGateway.ref },
  });
  if (ipv6) {
    stack.add('PublicDefaultIpv6Route', {
      Type: 'AWS::EC2::Route',
      DependsOn: [gatewayAttachment],
      Properties: { RouteTableId: publicRouteTable.ref, DestinationIpv6CidrBlock: '::/0', GatewayId: internetGateway.ref },
    });
  }

  const subnet = (tier: SubnetTier, index: number, routeTable: Res<'AWS::EC2::RouteTable'>) => {
    const id = `${tier.charAt(0).toUpperCase()}${tier.slice(1)}Subnet${index + 1}`;
    const resource = stack.add(id, {
      Type: 'AWS::EC2::Subnet',
      // The subnet's IPv6 block is carved from the VPC's, which exists only once associated.
      ...(ipv6 ? { DependsOn: [ipv6.block] } : {}),
      Properties: {
        VpcId: vpc.ref,
        CidrBlock: cidrs[tier][index]!,
        ...(ipv6 ? { Ipv6CidrBlock: ipv6.subnetBlock(tiers.indexOf(tier) * azCount + index) } : {}),
        AvailabilityZone: zones[index]!,
        ...(tier === 'public' ? { MapPublicIpOnLaunch: p.mapPublicIpOnLaunch } : {}),
        Tags: [...tag(`${tier}-${index + 1}`), { Key: 'Tier', Value: tier }],
      },
    });
    stack.add(`${id}RouteTableAssociation`, {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: resource.ref, RouteTableId: routeTable.ref },
    });
    return resource;
  };

  const publicSubnets = zones.map((_, index) => subnet('public', index, publicRouteTable));

  const natEips: Res<'AWS::EC2::EIP'>[] = [];
  const natGateways: Res<'AWS::EC2::NatGateway'>[] = [];
  const natCount = p.nat === 'none' ? 0 : p.nat === 'single' ? 1 : azCount;
  for (let index = 0; index < natCount; index++) {
    const eip = stack.add(`NatEip${index + 1}`, {
      Type: 'AWS::EC2::EIP',
      DependsOn: [gatewayAttachment],
      Properties: { Domain: 'vpc', Tags: tag(`nat-${index + 1}`) },
    });
    natEips.push(eip);
    natGateways.push(
      stack.add(`NatGateway${index + 1}`, {
        Type: 'AWS::EC2::NatGateway',
        Properties: { AllocationId: eip.attr('AllocationId'), SubnetId: publicSubnets[index]!.ref, Tags: tag(`nat-${index + 1}`) },
      }),
    );
  }

  const privateRouteTables = zones.map((_, index) => {
    const table = stack.add(`PrivateRouteTable${index + 1}`, {
      Type: 'AWS::EC2::RouteTable',
      Properties: { VpcId: vpc.ref, Tags: tag(`private-${index + 1}`) },
    });
    const gateway = natGateways[p.nat === 'perAz' ? index : 0];
    if (gateway) {
      stack.add(`PrivateDefaultRoute${index + 1}`, {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: table.ref, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: gateway.ref },
      });
    }
    if (ipv6) {
      stack.add(`PrivateDefaultIpv6Route${index + 1}`, {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: table.ref, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: ipv6.egressOnlyGateway.ref },
      });
    }
    return table;
  });
  const privateSubnets = zones.map((_, index) => subnet('private', index, privateRouteTables[index]!));

  const isolatedRouteTable = p.isolatedSubnets
    ? stack.add('IsolatedRouteTable', { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: vpc.ref, Tags: tag('isolated') } })
    : undefined;
  const isolatedSubnets = isolatedRouteTable ? zones.map((_, index) => subnet('isolated', index, isolatedRouteTable)) : [];

  const made = makeEndpoints(stack, {
    path,
    vpcId: vpc.ref,
    vpcCidr: vpc.attr('CidrBlock'),
    subnetIds: privateSubnets.map((subnet) => subnet.ref),
    gatewayRouteTableIds: [...privateRouteTables, ...(isolatedRouteTable ? [isolatedRouteTable] : [])].map((t) => t.ref),
    services: p.interfaceEndpoints,
    s3Gateway: p.s3GatewayEndpoint,
  });

  const logs = p.flowLogs.enabled ? makeFlowLogs(stack, `${path}.flowLogs`, vpc.ref, p.flowLogs) : undefined;

  const prefixLengths = (tier: SubnetTier) => cidrs[tier].map((block) => Number(block.split('/')[1]));
  const ref: NetworkRef = {
    vpcId: vpc.ref,
    vpcCidr: vpc.attr('CidrBlock'),
    publicSubnetIds: publicSubnets.map((subnet) => subnet.ref),
    privateSubnetIds: privateSubnets.map((subnet) => subnet.ref),
    privateRouteTableIds: privateRouteTables.map((t) => t.ref),
    nat: p.nat,
    interfaceEndpoints: new Set(made.interfaceEndpoints.keys()),
    publicSubnetPrefixLengths: prefixLengths('public'),
    privateSubnetPrefixLengths: prefixLengths('private'),
    ipv6: p.ipv6,
  };
  return {
    vpc,
    internetGateway,
    gatewayAttachment,
    publicSubnets,
    privateSubnets,
    isolatedSubnets,
    publicRouteTable,
    privateRouteTables,
    isolatedRouteTable,
    natGateways,
    natEips,
    interfaceEndpoints: made.interfaceEndpoints,
    s3GatewayEndpoint: made.s3Gateway,
    endpointSecurityGroup: made.securityGroup,
    flowLogs: logs,
    ipv6,
    cidrs,
    ref,
  };
}

/** The zones: `Fn::GetAZs` picks for a count; given names, each at most once. */
function availabilityZones(path: string, zones: number | readonly Value<string>[]): Value<string>[] {
  if (typeof zones === 'number') return Array.from({ length: zones }, (_, index) => Fn.select(index, Fn.getAZs()));
  // Tokens are distinct at compile time (their values are not known); literals must be.
  const seen = new Map<string, number>();
  zones.forEach((zone, index) => {
    if (typeof zone !== 'string') return;
    const first = seen.get(zone);
    if (first !== undefined) {
      throw new InputError(`${path}.availabilityZones[${index}]`, zone, `is a duplicate availability zone (already used at ${path}.availabilityZones[${first}])`);
    }
    seen.set(zone, index);
  });
  return [...zones];
}
