/**
 * VPC endpoints: interface endpoints by short service name in the private subnets, behind one
 * security group that admits HTTPS from the VPC only, and the S3 gateway endpoint on the private
 * route tables (ECR image layers are served from S3). Service names are right in every partition
 * (see endpoint-services.ts); a preflight check guards the same for endpoints written by hand.
 */
import { InputError, s, type List, type Res, type Stack, type Value } from '../../dsl/index.js';
import { ipv4Cidr } from './cidr.js';
import { endpointPartitionCheck } from './endpoint-naming-check.js';
import { INTERFACE_ENDPOINT_SERVICES, gatewayServiceName, interfaceServiceName, type InterfaceEndpointService } from './endpoint-services.js';
import { listOrToken, routeTableId, subnetId, vpcId } from './ids.js';

export { INTERFACE_ENDPOINT_SERVICES, CHINA_PREFIXED_INTERFACE_SERVICES, type InterfaceEndpointService } from './endpoint-services.js';
export { endpointPartitionCheck } from './endpoint-naming-check.js';

/** Short names of interface endpoint services (`ecr.api`, `logs`, ...), each at most once. */
export const endpointServiceList = () =>
  s.list(s.oneOf(INTERFACE_ENDPOINT_SERVICES, 'an interface endpoint service this blueprint knows'), { max: INTERFACE_ENDPOINT_SERVICES.length }, 'services');

export const EndpointsInput = s.object({
  /** Input path prefix for errors. Default `endpoints`. */
  path: s.optional(s.string(), 'endpoints'),
  vpcId: vpcId(),
  /** The VPC's IPv4 block: the endpoints admit HTTPS from it. */
  vpcCidr: s.deployTime(ipv4Cidr()),
  /** Subnets of the interface endpoints (one per availability zone). */
  subnetIds: listOrToken(subnetId(), { min: 1, max: 16 }, 'subnets'),
  /** Route tables for the S3 gateway endpoint. */
  gatewayRouteTableIds: listOrToken(routeTableId(), { max: 200 }, 'route tables'),
  /** Interface endpoints by short service name (INTERFACE_ENDPOINT_SERVICES). Default none. */
  services: s.optional(endpointServiceList(), []),
  /** The S3 gateway endpoint on gatewayRouteTableIds. Default true. */
  s3Gateway: s.optional(s.boolean(), true),
});
export type EndpointsProps = s.Input<typeof EndpointsInput>;

export interface Endpoints {
  /** The endpoints' security group; undefined when there are no interface endpoints. */
  securityGroup: Res<'AWS::EC2::SecurityGroup'> | undefined;
  interfaceEndpoints: Map<InterfaceEndpointService, Res<'AWS::EC2::VPCEndpoint'>>;
  s3Gateway: Res<'AWS::EC2::VPCEndpoint'> | undefined;
}

/** `ecr.api` -> `EcrApi`: the logical id part of an endpoint. */
export function endpointIdPart(service: string): string {
  return service
    .split(/[.-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Throws on a service named twice (a second endpoint for one service in one VPC fails to create). */
export function checkUniqueServices(path: string, services: readonly string[]): void {
  const seen = new Map<string, number>();
  services.forEach((service, index) => {
    const first = seen.get(service);
    if (first !== undefined) throw new InputError(`${path}[${index}]`, service, `is a duplicate endpoint service (already used at ${path}[${first}])`);
    seen.set(service, index);
  });
}

export function endpoints(stack: Stack, props: EndpointsProps): Endpoints {
  const p = s.parse(EndpointsInput, props, props?.path ?? 'endpoints');
  checkUniqueServices(`${p.path}.services`, p.services);
  return makeEndpoints(stack, p);
}

/** Makes the endpoints of parsed inputs (network() parses them as part of its own). */
export function makeEndpoints(stack: Stack, p: s.Output<typeof EndpointsInput>): Endpoints {
  stack.addCheck(endpointPartitionCheck);
  const interfaceEndpoints = new Map<InterfaceEndpointService, Res<'AWS::EC2::VPCEndpoint'>>();
  let securityGroup: Res<'AWS::EC2::SecurityGroup'> | undefined;
  if (p.services.length) {
    securityGroup = stack.add('EndpointSecurityGroup', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'Interface VPC endpoints: HTTPS from inside the VPC only',
        VpcId: p.vpcId,
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: p.vpcCidr, Description: 'HTTPS from the VPC' }],
        // Endpoints answer requests and never open connections: no egress at all.
        SecurityGroupEgress: [denyAllEgressRule()],
      },
    });
    for (const service of p.services) {
      interfaceEndpoints.set(
        service,
        stack.add(`${endpointIdPart(service)}Endpoint`, {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcEndpointType: 'Interface',
            ServiceName: interfaceServiceName(stack, service),
            VpcId: p.vpcId,
            SubnetIds: p.subnetIds as List<Value<string>>,
            SecurityGroupIds: [securityGroup.ref],
            PrivateDnsEnabled: true,
          },
        }),
      );
    }
  }
  const s3Gateway = p.s3Gateway
    ? stack.add('S3GatewayEndpoint', {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcEndpointType: 'Gateway',
          ServiceName: gatewayServiceName('s3'),
          VpcId: p.vpcId,
          RouteTableIds: p.gatewayRouteTableIds as List<Value<string>>,
        },
      })
    : undefined;
  return { securityGroup, interfaceEndpoints, s3Gateway };
}

/**
 * A security group without egress rules allows all egress in CloudFormation; this rule matches no
 * traffic (ICMP type 252 code 86 to 255.255.255.255), so the group denies all egress. (A group
 * CloudFormation creates gets no default IPv6 egress rule, also in a dual-stack VPC:
 * https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2241.)
 */
export function denyAllEgressRule() {
  return { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' };
}
