/**
 * The smallest useful deployment (seed 004): an ECS cluster, a Fargate task definition whose
 * container definitions are read from a JSON file, and a service behind an ALB target group, in a
 * minimal two-AZ public network. Tasks get a public IP (the seed asks for it, and the network has
 * no NAT), but their security group admits the load balancer only.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Aws, Fn, InputError, check, type Stack } from '../../dsl/index.js';

export interface MinimalServiceProps {
  /** Path of a JSON file holding the container definitions (seed 004 format). */
  containerDefinitionsFile: string;
  /** VPC CIDR, /16 to /24. Default `10.0.0.0/16`. */
  cidr?: string;
  /** Tasks to run. Default 2. */
  desiredCount?: number;
  /** CloudWatch log retention in days. Default 30. */
  logRetentionDays?: number;
}

interface ContainerFromFile {
  name: string;
  image: string;
  cpu?: number;
  memory?: number;
  essential?: boolean;
  portMappings: { containerPort: number; hostPort?: number }[];
}

export function minimalService(root: Stack, props: MinimalServiceProps): void {
  const containers = readContainerDefinitions(props.containerDefinitionsFile);
  const desiredCount = check.integerInRange('minimalService.desiredCount', props.desiredCount ?? 2, 1, 100);
  const cidr = props.cidr ?? '10.0.0.0/16';
  check.matches('minimalService.cidr', cidr, /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, 'an IPv4 CIDR from /16 to /24');
  const web = containers.find((c) => c.portMappings.length > 0);
  if (!web) throw new InputError(`${props.containerDefinitionsFile}: portMappings`, containers.length, 'containers: none maps a port for the load balancer');
  const port = web.portMappings[0]!.containerPort;

  root.description = 'Minimal ECS Fargate service behind an Application Load Balancer';
  const network = root.nested('Network');
  const vpc = network.add('Vpc', {
    Type: 'AWS::EC2::VPC',
    Properties: { CidrBlock: cidr, EnableDnsHostnames: true, EnableDnsSupport: true },
  });
  const gateway = network.add('InternetGateway', { Type: 'AWS::EC2::InternetGateway' });
  const attachment = network.add('GatewayAttachment', {
    Type: 'AWS::EC2::VPCGatewayAttachment',
    Properties: { VpcId: vpc.ref, InternetGatewayId: gateway.ref },
  });
  const routes = network.add('PublicRouteTable', { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: vpc.ref } });
  network.add('PublicDefaultRoute', {
    Type: 'AWS::EC2::Route',
    DependsOn: [attachment],
    Properties: { RouteTableId: routes.ref, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway.ref },
  });
  const subnets = [0, 1].map((az) => {
    const subnet = network.add(`PublicSubnet${az + 1}`, {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: vpc.ref,
        AvailabilityZone: Fn.select(az, Fn.getAZs()),
        CidrBlock: Fn.select(az, Fn.cidr(vpc.attr('CidrBlock'), 2, 32 - Number(cidr.split('/')[1]) - 1)),
      },
    });
    network.add(`PublicSubnet${az + 1}Routes`, {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: subnet.ref, RouteTableId: routes.ref },
    });
    return subnet;
  });

  const balancing = root.nested('LoadBalancer');
  const albGroup = balancing.add('SecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'Load balancer: HTTP from the internet',
      VpcId: vpc.ref,
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP from the internet' }],
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: cidr, Description: 'To the tasks in the VPC' }],
    },
  });
  const alb = balancing.add('LoadBalancer', {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: {
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: subnets.map((s) => s.ref),
      SecurityGroups: [albGroup.ref],
      LoadBalancerAttributes: [{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }],
    },
  });
  const targets = balancing.add('TargetGroup', {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      VpcId: vpc.ref,
      TargetType: 'ip',
      Protocol: 'HTTP',
      Port: port,
      HealthCheckPath: '/',
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
    },
  });
  const listener = balancing.add('HttpListener', {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: alb.ref,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targets.ref }],
    },
  });
  balancing.output('LoadBalancerDns', alb.attr('DNSName'), { Description: 'DNS name of the load balancer' });

  const container = root.nested('Container');
  const cluster = container.add('Cluster', {
    Type: 'AWS::ECS::Cluster',
    Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] },
  });
  const logs = container.add('LogGroup', {
    Type: 'AWS::Logs::LogGroup',
    Properties: { RetentionInDays: props.logRetentionDays ?? 30 },
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
  });
  const executionRole = container.add('ExecutionRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': Aws.accountId } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'pull-and-log',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              // GetAuthorizationToken cannot be scoped to a resource.
              { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
              {
                Effect: 'Allow',
                Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
                Resource: Fn.sub`arn:${Aws.partition}:ecr:*:${Aws.accountId}:repository/*`,
              },
              { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: Fn.sub`${logs.attr('Arn')}:*` },
            ],
          },
        },
      ],
    },
  });
  const taskDefinition = container.add('TaskDefinition', {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '256',
      Memory: '512',
      ExecutionRoleArn: executionRole.attr('Arn'),
      ContainerDefinitions: containers.map((c) => ({
        Name: c.name,
        Image: c.image,
        Cpu: c.cpu,
        Memory: c.memory,
        Essential: c.essential ?? true,
        PortMappings: c.portMappings.map((p) => ({ ContainerPort: p.containerPort, HostPort: p.hostPort ?? p.containerPort, Protocol: 'tcp' })),
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: { 'awslogs-group': logs.ref, 'awslogs-region': Aws.region, 'awslogs-stream-prefix': c.name },
        },
      })),
    },
  });
  const serviceGroup = container.add('ServiceSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'Tasks: the load balancer only',
      VpcId: vpc.ref,
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: albGroup.ref, Description: 'From the load balancer' },
      ],
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'Image pulls and logs over HTTPS' }],
    },
  });
  const service = container.add('Service', {
    Type: 'AWS::ECS::Service',
    DependsOn: [listener],
    Properties: {
      Cluster: cluster.ref,
      LaunchType: 'FARGATE',
      TaskDefinition: taskDefinition.ref,
      DesiredCount: desiredCount,
      NetworkConfiguration: {
        AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: subnets.map((s) => s.ref), SecurityGroups: [serviceGroup.ref] },
      },
      LoadBalancers: [{ TargetGroupArn: targets.ref, ContainerName: web.name, ContainerPort: port }],
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    },
  });
  root.output('LoadBalancerDns', alb.attr('DNSName'), { Description: 'DNS name of the load balancer' });
  root.output('ServiceName', service.attr('Name'), { Description: 'ECS service name' });
}

const CONTAINER_FIELDS = ['name', 'image', 'cpu', 'memory', 'essential', 'portMappings'];

/** Reads seed-004 container definitions; every error names the file and the field. */
function readContainerDefinitions(path: string): ContainerFromFile[] {
  const file = relative(process.cwd(), path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(file, '(file)', `is not readable JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new InputError(file, parsed, 'is not a non-empty array of container definitions');
  return parsed.map((raw: unknown, index) => {
    const at = `${file}: [${index}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(at, raw, 'is not an object');
    const c = raw as Record<string, unknown>;
    for (const key of Object.keys(c)) {
      if (!CONTAINER_FIELDS.includes(key)) throw new InputError(`${at}.${key}`, c[key], `is not a supported field (${CONTAINER_FIELDS.join(', ')})`);
    }
    if (typeof c['name'] !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(c['name'])) throw new InputError(`${at}.name`, c['name'], 'is not a container name (letters, digits, - and _)');
    if (typeof c['image'] !== 'string' || !c['image']) throw new InputError(`${at}.image`, c['image'], 'is not an image reference');
    for (const key of ['cpu', 'memory'] as const) {
      if (c[key] !== undefined && (!Number.isInteger(c[key]) || (c[key] as number) < 0)) throw new InputError(`${at}.${key}`, c[key], 'is not a non-negative integer');
    }
    if (c['essential'] !== undefined && typeof c['essential'] !== 'boolean') throw new InputError(`${at}.essential`, c['essential'], 'is not true or false');
    const mappings = c['portMappings'] ?? [];
    if (!Array.isArray(mappings)) throw new InputError(`${at}.portMappings`, mappings, 'is not an array');
    const portMappings = mappings.map((m: Record<string, unknown>, i) => {
      const mAt = `${at}.portMappings[${i}]`;
      const containerPort = m['containerPort'];
      if (!Number.isInteger(containerPort) || (containerPort as number) < 1 || (containerPort as number) > 65535) {
        throw new InputError(`${mAt}.containerPort`, containerPort, 'is not an integer from 1 to 65535');
      }
      if (m['hostPort'] !== undefined && m['hostPort'] !== containerPort) {
        throw new InputError(`${mAt}.hostPort`, m['hostPort'], `must equal containerPort (${containerPort}) in awsvpc mode`);
      }
      return { containerPort: containerPort as number };
    });
    return { name: c['name'], image: c['image'], cpu: c['cpu'] as number | undefined, memory: c['memory'] as number | undefined, essential: c['essential'] as boolean | undefined, portMappings };
  });
}
