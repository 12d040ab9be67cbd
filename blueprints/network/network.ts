/**
 * A VPC for ECS Fargate: public and private subnets in 1 to 6 availability zones (optionally
 * isolated ones too), an internet gateway, NAT gateways as asked, VPC endpoints and flow logs.
 * Subnet blocks are computed at compile time; every handle is returned for adjustment.
 */
import { Aws, Fn, InputError, check, type Res, type Stack, type Value } from '../../dsl/index.js';
import { endpoints, type InterfaceEndpointService } from './endpoints.js';
import { flowLogs, type FlowLogs, type FlowLogsOptions } from './flow-logs.js';
import { defaultPrefix, planSubnets, type SubnetTier, type TierRequest } from './subnet-plan.js';
import type { NatMode, NetworkRef } from './types.js';

export interface NetworkProps {
  /** Input path prefix for errors. Default 'network'. */
  path?: string;
  /** The VPC's IPv4 block, /16 to /24, e.g. `10.0.0.0/16`. */
  cidr: string;
  /**
   * Availability zones: a count from 1 to 6 (picked with `Fn::GetAZs` in the deployment region)
   * or the zone names (literals or deploy-time parameter values). Default 2.
   */
  availabilityZones?: number | readonly Value<string>[];
  /**
   * Prefix length of each subnet per tier, 16..28 and not larger than the VPC. Defaults: private
   * subnets share half the VPC, public and isolated a quarter each (capped at /28).
   */
  subnetPrefixes?: Partial<Record<SubnetTier, number>>;
  /** Explicit subnet blocks per tier, one per AZ, inside the VPC and not overlapping. */
  subnetCidrs?: Partial<Record<SubnetTier, readonly string[]>>;
  /** Also make isolated subnets (no route out of the VPC). Default false. */
  isolatedSubnets?: boolean;
  /**
   * How private subnets reach the internet: `none` (only through VPC endpoints), `single` (one NAT
   * gateway in the first public subnet) or `perAz` (one per zone, for zone independence). Default `single`.
   */
  nat?: NatMode;
  /**
   * Interface endpoints by short service name (see INTERFACE_ENDPOINT_SERVICES), in the private
   * subnets with private DNS. Default none.
   */
  interfaceEndpoints?: readonly string[];
  /** The S3 gateway endpoint on the private (and isolated) route tables. Default true. */
  s3GatewayEndpoint?: boolean;
  /** VPC flow logs; on by default. */
  flowLogs?: FlowLogsOptions;
  /**
   * Give instances launched in public subnets a public IP by default. Default false: the load
   * balancer and NAT gateways get their addresses explicitly.
   */
  mapPublicIpOnLaunch?: boolean;
  /** Name tag prefix of the resources. Default: the stack name. */
  name?: Value<string>;
}

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
  /** Subnet blocks chosen at compile time, per tier, in AZ order. */
  cidrs: Record<SubnetTier, string[]>;
  /** What consumers of the network take. */
  ref: NetworkRef;
}

const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

export function network(stack: Stack, props: NetworkProps): Network {
  const path = props.path ?? 'network';
  const nat = check.oneOf(`${path}.nat`, props.nat ?? 'single', ['none', 'single', 'perAz'] as const);
  const zones = availabilityZones(path, props.availabilityZones ?? 2);
  const azCount = zones.length;
  const name = props.name ?? Aws.stackName;
  const tag = (suffix: string) => [{ Key: 'Name', Value: Fn.join('-', [name, suffix]) }];

  const tiers: SubnetTier[] = props.isolatedSubnets ? ['public', 'private', 'isolated'] : ['public', 'private'];
  if (props.subnetCidrs?.isolated && !props.isolatedSubnets) {
    throw new InputError(`${path}.subnetCidrs.isolated`, props.subnetCidrs.isolated, 'is given but isolatedSubnets is not true');
  }
  const vpcForDefaults = planSubnets(path, props.cidr, azCount, []).vpc;
  const requests: TierRequest[] = tiers.map((tier) => ({
    tier,
    prefix: props.subnetPrefixes?.[tier] ?? defaultPrefix(vpcForDefaults, azCount, tier),
    ...(props.subnetCidrs?.[tier] ? { cidrs: props.subnetCidrs[tier] } : {}),
  }));
  const plan = planSubnets(path, props.cidr, azCount, requests);
  const cidrs = { public: plan.tiers.public ?? [], private: plan.tiers.private ?? [], isolated: plan.tiers.isolated ?? [] };

  const vpc = stack.add('Vpc', {
    Type: 'AWS::EC2::VPC',
    Properties: { CidrBlock: props.cidr, EnableDnsSupport: true, EnableDnsHostnames: true, Tags: tag('vpc') },
  });
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

  const subnet = (tier: SubnetTier, index: number, routeTable: Res<'AWS::EC2::RouteTable'>) => {
    const id = `${tier.charAt(0).toUpperCase()}${tier.slice(1)}Subnet${index + 1}`;
    const resource = stack.add(id, {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: vpc.ref,
        CidrBlock: cidrs[tier][index]!,
        AvailabilityZone: zones[index]!,
        ...(tier === 'public' ? { MapPublicIpOnLaunch: props.mapPublicIpOnLaunch ?? false } : {}),
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
  const natCount = nat === 'none' ? 0 : nat === 'single' ? 1 : azCount;
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
    const gateway = natGateways[nat === 'perAz' ? index : 0];
    if (gateway) {
      stack.add(`PrivateDefaultRoute${index + 1}`, {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: table.ref, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: gateway.ref },
      });
    }
    return table;
  });
  const privateSubnets = zones.map((_, index) => subnet('private', index, privateRouteTables[index]!));

  const isolatedRouteTable = props.isolatedSubnets
    ? stack.add('IsolatedRouteTable', { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: vpc.ref, Tags: tag('isolated') } })
    : undefined;
  const isolatedSubnets = isolatedRouteTable ? zones.map((_, index) => subnet('isolated', index, isolatedRouteTable)) : [];

  const made = endpoints(stack, {
    path,
    vpcId: vpc.ref,
    vpcCidr: vpc.attr('CidrBlock'),
    subnetIds: privateSubnets.map((s) => s.ref),
    gatewayRouteTableIds: [...privateRouteTables, ...(isolatedRouteTable ? [isolatedRouteTable] : [])].map((t) => t.ref),
    services: props.interfaceEndpoints ?? [],
    s3Gateway: props.s3GatewayEndpoint ?? true,
  });

  const flowLogOptions = props.flowLogs ?? {};
  const logs = flowLogOptions.enabled === false ? undefined : flowLogs(stack, `${path}.flowLogs`, vpc.ref, flowLogOptions);

  const ref: NetworkRef = {
    vpcId: vpc.ref,
    vpcCidr: vpc.attr('CidrBlock'),
    publicSubnetIds: publicSubnets.map((s) => s.ref),
    privateSubnetIds: privateSubnets.map((s) => s.ref),
    privateRouteTableIds: privateRouteTables.map((t) => t.ref),
    nat,
    interfaceEndpoints: new Set(made.interfaceEndpoints.keys()),
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
    cidrs,
    ref,
  };
}

function availabilityZones(path: string, zones: number | readonly Value<string>[]): Value<string>[] {
  const at = `${path}.availabilityZones`;
  if (typeof zones === 'number') {
    check.integerInRange(at, zones, 1, 6);
    return Array.from({ length: zones }, (_, index) => Fn.select(index, Fn.getAZs()));
  }
  check.countInRange(at, zones, 1, 6, 'availability zones');
  zones.forEach((zone, index) => {
    if (typeof zone === 'string') check.matches(`${at}[${index}]`, zone, AZ_NAME, 'an availability zone name such as eu-west-1a');
  });
  // Tokens are distinct at compile time (their values are not known); literals must be.
  check.unique(at, zones, (z) => (typeof z === 'string' ? z : `token ${zones.indexOf(z)}`), 'availability zone');
  return [...zones];
}
