/**
 * Hand-made stand-ins for what the service blueprint consumes (network, listener, cluster, task), in
 * a `Base` stack, so the service tests depend on no other blueprint. Services go in a `Services` stack.
 */
import { Fn, type Res, type Stack } from '../../dsl/index.js';
import type { ClusterRef, ContainerInfo, Task } from '../../blueprints/ecs/types.js';
import type { ListenerRef } from '../../blueprints/loadbalancer/types.js';
import type { NatMode, NetworkRef } from '../../blueprints/network/types.js';
import { fargateService, type FargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';

export interface Base {
  stack: Stack;
  network: NetworkRef;
  cluster: ClusterRef;
  clusterHandle: Res<'AWS::ECS::Cluster'>;
  listener: ListenerRef;
  listenerHandle: Res<'AWS::ElasticLoadBalancingV2::Listener'>;
  /** A second listener (port 8080): the blue/green test listener. */
  testListener: ListenerRef;
  albSecurityGroup: Res<'AWS::EC2::SecurityGroup'>;
  vpc: Res<'AWS::EC2::VPC'>;
}

export function base(root: Stack, options: { nat?: NatMode; endpoints?: string[]; execKey?: boolean } = {}): Base {
  const stack = root.nested('Base');
  const vpc = stack.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true } });
  const subnet = (id: string, index: number, az: number) =>
    stack.add(id, {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: vpc.ref, CidrBlock: `10.0.${index}.0/24`, AvailabilityZone: Fn.select(az, Fn.getAZs()) },
    });
  const publicA = subnet('PublicA', 0, 0);
  const publicB = subnet('PublicB', 1, 1);
  const privateA = subnet('PrivateA', 2, 0);
  const privateB = subnet('PrivateB', 3, 1);
  const routeTable = stack.add('PrivateRoutes', { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: vpc.ref } });
  const albSecurityGroup = stack.add('AlbSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'ALB',
      VpcId: vpc.ref,
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP' }],
      SecurityGroupEgress: [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'none' }],
    },
  });
  const alb = stack.add('Alb', {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: [publicA.ref, publicB.ref], SecurityGroups: [albSecurityGroup.ref] },
  });
  const listener = (id: string, port: number) =>
    stack.add(id, {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: alb.ref,
        Port: port,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      },
    });
  const listenerHandle = listener('Listener', 80);
  const testHandle = listener('TestListener', 8080);
  const clusterHandle = stack.add('Cluster', { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] } });
  return {
    stack,
    vpc,
    albSecurityGroup,
    clusterHandle,
    network: {
      vpcId: vpc.ref,
      vpcCidr: vpc.attr('CidrBlock'),
      publicSubnetIds: [publicA.ref, publicB.ref],
      privateSubnetIds: [privateA.ref, privateB.ref],
      privateRouteTableIds: [routeTable.ref],
      nat: options.nat ?? 'single',
      interfaceEndpoints: new Set(options.endpoints ?? []),
    },
    cluster: {
      cluster: clusterHandle.ref,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      ...(options.execKey ? { execKmsKeyArn: Fn.sub`arn:aws:kms:eu-west-1:111122223333:key/exec` } : {}),
    },
    listenerHandle,
    listener: { listener: listenerHandle, loadBalancerSecurityGroupId: albSecurityGroup.ref, priorityScope: 'Root/Base/Listener' },
    testListener: { listener: testHandle, loadBalancerSecurityGroupId: albSecurityGroup.ref, priorityScope: 'Root/Base/TestListener' },
  };
}

/** A Fargate task definition with a raw task role; containers as given (default: `app` on 8080 named `http`). */
export function task(stack: Stack, id: string, options: { containers?: ContainerInfo[]; execEnabled?: boolean } = {}): Task {
  const containers = options.containers ?? [{ name: 'app', essential: true, ports: [{ name: 'http', containerPort: 8080, protocol: 'tcp', appProtocol: 'http' }] }];
  const assume = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const taskRole = stack.add(`${id}TaskRole`, { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: assume } });
  const executionRole = stack.add(`${id}ExecutionRole`, { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: assume } });
  const taskDefinition = stack.add(`${id}TaskDefinition`, {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '256',
      Memory: '512',
      TaskRoleArn: taskRole.attr('Arn'),
      ExecutionRoleArn: executionRole.attr('Arn'),
      ContainerDefinitions: containers.map((c) => ({
        Name: c.name,
        Image: 'public.ecr.aws/nginx/nginx:1.27',
        Essential: c.essential,
        ReadonlyRootFilesystem: true,
        PortMappings: c.ports.map((p) => ({
          ContainerPort: p.containerPort,
          Protocol: p.protocol,
          ...(p.name ? { Name: p.name } : {}),
          ...(p.appProtocol ? { AppProtocol: p.appProtocol } : {}),
        })),
      })),
    },
  });
  return {
    taskDefinition,
    taskRole,
    executionRoleArn: executionRole.attr('Arn'),
    containers,
    execEnabled: options.execEnabled ?? false,
    cpu: 256,
    memory: 512,
  };
}

type ApiServiceProps = Omit<FargateServiceProps, 'cluster' | 'task' | 'network'>;

/**
 * The usual scenario: the base stack, and one service `Api` with its own task in a `Services` stack.
 * Props that need the base (its listeners, say) are given as a function of it.
 */
export function apiService(root: Stack, props: ApiServiceProps | ((base: Base) => ApiServiceProps)): { base: Base; services: Stack; service: FargateService } {
  const b = base(root);
  const services = root.nested('Services');
  const extra = typeof props === 'function' ? props(b) : props;
  const service = fargateService(services, 'Api', { ...extra, cluster: b.cluster, task: task(services, 'Api'), network: b.network });
  return { base: b, services, service };
}
