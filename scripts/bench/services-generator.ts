/**
 * A synthetic platform of load-balanced, autoscaled Fargate services, for the partitioning
 * benchmark and tests: each service is 12 resources that reference each other and the platform
 * (log group, security group and its ingress from the load balancer, task role, task definition,
 * target group, listener rule, service, scalable target, CPU and request-count target tracking,
 * a 5xx alarm), as a product of real services would be, not the 4-resource shape of
 * generated-services.ts.
 *
 * Two layouts, the two ways a product meets CloudFormation's quotas:
 * - `flat`: the cluster, its execution role and log key, a size mapping and a condition in one
 *   `Container` stack with every service (50 services: 600+ resources in one template);
 * - `stackPerService`: each service in its own nested stack under the root (500 services: 500+
 *   AWS::CloudFormation::Stack resources in the root).
 * The network and the load balancer live in their own stacks, so every service reads values wired
 * across nested stacks.
 */
import { Aws, Fn, Stack, type PartitionOptions, type Res, type Tok } from '../../dsl/index.js';

export type ServicesLayout = 'flat' | 'stackPerService';

export interface GeneratedServicesOptions {
  /** Logical id prefix of each service, in order; a service's listener rule priority is its place + 1. */
  names: readonly string[];
  layout: ServicesLayout;
  /** Turns partitioning on for the stack that grows (`Container`, or the root). */
  partition?: PartitionOptions;
}

/** `Svc00000`, `Svc00001`, ...: names that sort as they count. */
export function serviceNames(count: number, prefix = 'Svc'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
}

interface Platform {
  vpc: Res<'AWS::EC2::VPC'>;
  privateSubnets: Res<'AWS::EC2::Subnet'>[];
  albSecurityGroup: Res<'AWS::EC2::SecurityGroup'>;
  alb: Res<'AWS::ElasticLoadBalancingV2::LoadBalancer'>;
  listener: Res<'AWS::ElasticLoadBalancingV2::Listener'>;
}

interface ClusterParts {
  cluster: Res<'AWS::ECS::Cluster'>;
  executionRole: Res<'AWS::IAM::Role'>;
  logsKey: Res<'AWS::KMS::Key'>;
}

export function loadBalancedServices(options: GeneratedServicesOptions): Stack {
  const root = Stack.root(`${options.names.length} generated load-balanced, autoscaled services (${options.layout})`);
  const platform = networkAndLoadBalancer(root);
  if (options.layout === 'flat') {
    const environment = root.parameter('Environment', { Type: 'String', AllowedValues: ['staging', 'production'], Default: 'staging' });
    const container = root.nested('Container');
    if (options.partition) container.partition(options.partition);
    const parts = cluster(container);
    const sizes = container.mapping('Sizes', { small: { Cpu: '256', Memory: '512' }, large: { Cpu: '1024', Memory: '2048' } });
    const production = container.condition('IsProduction', Fn.equals(environment.ref, 'production'));
    options.names.forEach((name, index) =>
      service(container, name, index, platform, parts, { cpu: sizes.find(index % 2 ? 'large' : 'small', 'Cpu'), memory: sizes.find(index % 2 ? 'large' : 'small', 'Memory'), minCapacity: Fn.if(production, 2, 1) }),
    );
  } else {
    if (options.partition) root.partition(options.partition);
    const parts = cluster(root.nested('Cluster'));
    options.names.forEach((name, index) => service(root.nested(name), name, index, platform, parts, { cpu: '256', memory: '512', minCapacity: 1 }));
  }
  return root;
}

function networkAndLoadBalancer(root: Stack): Platform {
  const network = root.nested('Network');
  const vpc = network.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true } });
  const subnet = (id: string, third: number, zone: number) =>
    network.add(id, { Type: 'AWS::EC2::Subnet', Properties: { VpcId: vpc.ref, CidrBlock: `10.0.${third}.0/24`, AvailabilityZone: Fn.select(zone, Fn.getAZs()) } });
  const publicSubnets = [subnet('PublicA', 0, 0), subnet('PublicB', 1, 1)];
  const privateSubnets = [subnet('PrivateA', 2, 0), subnet('PrivateB', 3, 1)];

  const balancing = root.nested('LoadBalancer');
  const albSecurityGroup = balancing.add('AlbSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'Load balancer: HTTP from anywhere',
      VpcId: vpc.ref,
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP' }],
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/16', Description: 'Tasks' }],
    },
  });
  const alb = balancing.add('Alb', {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: publicSubnets.map((s) => s.ref), SecurityGroups: [albSecurityGroup.ref] },
  });
  const listener = balancing.add('Listener', {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: alb.ref,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } }],
    },
  });
  return { vpc, privateSubnets, albSecurityGroup, alb, listener };
}

function cluster(stack: Stack): ClusterParts {
  const cluster = stack.add('Cluster', { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] } });
  const executionRole = stack.add('ExecutionRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: taskTrust(),
      ManagedPolicyArns: [Fn.sub`arn:${Aws.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`],
    },
  });
  const logsKey = stack.add('LogsKey', {
    Type: 'AWS::KMS::Key',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Account', Effect: 'Allow', Principal: { AWS: Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'Logs',
            Effect: 'Allow',
            Principal: { Service: Fn.sub`logs.${Aws.region}.${Aws.urlSuffix}` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Fn.sub`arn:${Aws.partition}:logs:${Aws.region}:${Aws.accountId}:*` } },
          },
        ],
      },
    },
  });
  return { cluster, executionRole, logsKey };
}

function taskTrust() {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:SourceArn': Fn.sub`arn:${Aws.partition}:ecs:${Aws.region}:${Aws.accountId}:*` }, StringEquals: { 'aws:SourceAccount': Aws.accountId } },
      },
    ],
  };
}

interface Sizing {
  cpu: string | Tok;
  memory: string | Tok;
  minCapacity: number | Tok;
}

function service(stack: Stack, name: string, index: number, platform: Platform, parts: ClusterParts, sizing: Sizing): void {
  const port = 8080;
  const logs = stack.add(`${name}Logs`, {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { RetentionInDays: 30, KmsKeyId: parts.logsKey.attr('Arn') },
  });
  const securityGroup = stack.add(`${name}SecurityGroup`, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `Service ${name}: from the load balancer only`,
      VpcId: platform.vpc.ref,
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS' }],
    },
  });
  stack.add(`${name}Ingress`, {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: securityGroup.attr('GroupId'),
      SourceSecurityGroupId: platform.albSecurityGroup.attr('GroupId'),
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      Description: 'Load balancer',
    },
  });
  const taskRole = stack.add(`${name}TaskRole`, { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: taskTrust() } });
  const taskDefinition = stack.add(`${name}TaskDefinition`, {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: sizing.cpu,
      Memory: sizing.memory,
      ExecutionRoleArn: parts.executionRole.attr('Arn'),
      TaskRoleArn: taskRole.attr('Arn'),
      ContainerDefinitions: [
        {
          Name: 'app',
          Image: `public.ecr.aws/docker/library/httpd:2.4`,
          Essential: true,
          ReadonlyRootFilesystem: true,
          PortMappings: [{ ContainerPort: port, Protocol: 'tcp', Name: 'http' }],
          LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': logs.ref, 'awslogs-region': Aws.region, 'awslogs-stream-prefix': 'app' } },
        },
      ],
    },
  });
  const targetGroup = stack.add(`${name}TargetGroup`, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: { VpcId: platform.vpc.ref, Port: port, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health', Matcher: { HttpCode: '200' } },
  });
  const rule = stack.add(`${name}ListenerRule`, {
    Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
    Properties: {
      ListenerArn: platform.listener.ref,
      Priority: index + 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [`/${name.toLowerCase()}/*`] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroup.ref }],
    },
  });
  const ecsService = stack.add(`${name}Service`, {
    Type: 'AWS::ECS::Service',
    // The target group must belong to a listener before ECS registers tasks in it.
    DependsOn: [rule],
    Properties: {
      Cluster: parts.cluster.ref,
      TaskDefinition: taskDefinition.ref,
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: platform.privateSubnets.map((s) => s.ref), SecurityGroups: [securityGroup.attr('GroupId')] } },
      LoadBalancers: [{ ContainerName: 'app', ContainerPort: port, TargetGroupArn: targetGroup.ref }],
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    },
  });
  const target = stack.add(`${name}ScalableTarget`, {
    Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    Properties: {
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: Fn.sub`service/${parts.cluster.ref}/${ecsService.attr('Name')}`,
      MinCapacity: sizing.minCapacity,
      MaxCapacity: 4,
    },
  });
  stack.add(`${name}CpuScaling`, {
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: {
      PolicyName: `${name}-cpu`,
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: target.ref,
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 60 },
    },
  });
  stack.add(`${name}RequestScaling`, {
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: {
      PolicyName: `${name}-requests`,
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: target.ref,
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: Fn.sub`${platform.alb.attr('LoadBalancerFullName')}/${targetGroup.attr('TargetGroupFullName')}`,
        },
        TargetValue: 1000,
      },
    },
  });
  stack.add(`${name}Errors`, {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: `Service ${name}: targets answer with 5xx`,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Dimensions: [
        { Name: 'LoadBalancer', Value: platform.alb.attr('LoadBalancerFullName') },
        { Name: 'TargetGroup', Value: targetGroup.attr('TargetGroupFullName') },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 5,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
  });
}
