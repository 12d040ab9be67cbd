/**
 * VPC endpoints: interface endpoints by short service name in the private subnets, behind one
 * security group that admits HTTPS from the VPC only, and the S3 gateway endpoint on the private
 * route tables (ECR image layers are served from S3).
 */
import { Aws, Fn, check, type List, type Res, type Stack, type Value } from '../../dsl/index.js';

/**
 * Short names (`com.amazonaws.<region>.<name>`) of the interface endpoints this blueprint offers:
 * the services ECS Fargate platforms reach from private subnets.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'logs',
  'monitoring',
  'events',
  'sns',
  'sqs',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'kms',
  'secretsmanager',
  'sts',
  'elasticloadbalancing',
  'application-autoscaling',
  'servicediscovery',
  'xray',
  'dynamodb',
  'elasticfilesystem',
  'execute-api',
  'codedeploy',
  'codedeploy-commands-secure',
  'appmesh-envoy-management',
] as const;

export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

export interface EndpointsProps {
  path: string;
  vpcId: Value<string>;
  vpcCidr: Value<string>;
  subnetIds: List<Value<string>>;
  /** Route tables for the S3 gateway endpoint; empty: no gateway endpoint. */
  gatewayRouteTableIds: List<Value<string>>;
  services: readonly string[];
  s3Gateway: boolean;
}

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

export function checkEndpointServices(path: string, services: readonly string[]): InterfaceEndpointService[] {
  services.forEach((service, index) =>
    check.oneOf(`${path}[${index}]`, service, INTERFACE_ENDPOINT_SERVICES as readonly string[], 'an interface endpoint service this blueprint knows'),
  );
  check.unique(path, services, (s) => s, 'endpoint service');
  return services as InterfaceEndpointService[];
}

export function endpoints(stack: Stack, props: EndpointsProps): Endpoints {
  const services = checkEndpointServices(`${props.path}.interfaceEndpoints`, props.services);
  const interfaceEndpoints = new Map<InterfaceEndpointService, Res<'AWS::EC2::VPCEndpoint'>>();
  let securityGroup: Res<'AWS::EC2::SecurityGroup'> | undefined;
  if (services.length) {
    securityGroup = stack.add('EndpointSecurityGroup', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'Interface VPC endpoints: HTTPS from inside the VPC only',
        VpcId: props.vpcId,
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: props.vpcCidr, Description: 'HTTPS from the VPC' }],
        // Endpoints answer requests and never open connections: no egress at all.
        SecurityGroupEgress: [denyAllEgressRule()],
      },
    });
    for (const service of services) {
      interfaceEndpoints.set(
        service,
        stack.add(`${endpointIdPart(service)}Endpoint`, {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcEndpointType: 'Interface',
            ServiceName: Fn.sub`com.amazonaws.${Aws.region}.${service}`,
            VpcId: props.vpcId,
            SubnetIds: props.subnetIds,
            SecurityGroupIds: [securityGroup.ref],
            PrivateDnsEnabled: true,
          },
        }),
      );
    }
  }
  const s3Gateway = props.s3Gateway
    ? stack.add('S3GatewayEndpoint', {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcEndpointType: 'Gateway',
          ServiceName: Fn.sub`com.amazonaws.${Aws.region}.s3`,
          VpcId: props.vpcId,
          RouteTableIds: props.gatewayRouteTableIds,
        },
      })
    : undefined;
  return { securityGroup, interfaceEndpoints, s3Gateway };
}

/**
 * A security group without egress rules allows all egress in CloudFormation; this rule matches no
 * traffic (ICMP type 252 code 86 to 255.255.255.255), so the group denies all egress.
 */
export function denyAllEgressRule() {
  return { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' };
}
