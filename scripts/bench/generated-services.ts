/**
 * A synthetic platform of N services for the compile benchmark: one network stack and services
 * grouped 50 to a nested stack, each service a log group, security group, task definition and
 * service wired to the network: the cross-stack wiring is exercised as in real products.
 */
import { Aws, Stack } from '../../dsl/index.js';

const SERVICES_PER_STACK = 50;

export function generatedServices(count: number): Stack {
  const root = Stack.root(`${count} generated services`);
  const network = root.nested('Network');
  const vpc = network.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
  const subnets = [0, 1].map((i) =>
    network.add(`Private${i}`, { Type: 'AWS::EC2::Subnet', Properties: { VpcId: vpc.ref, CidrBlock: `10.0.${i}.0/24` } }),
  );
  const platform = root.nested('Platform');
  const cluster = platform.add('Cluster', { Type: 'AWS::ECS::Cluster', Properties: {} });
  const key = platform.add('LogsKey', { Type: 'AWS::KMS::Key', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: { EnableKeyRotation: true } });
  for (let group = 0; group * SERVICES_PER_STACK < count; group++) {
    const stack = root.nested(`Services${group}`);
    for (let i = group * SERVICES_PER_STACK; i < Math.min(count, (group + 1) * SERVICES_PER_STACK); i++) {
      const logs = stack.add(`Logs${i}`, {
        Type: 'AWS::Logs::LogGroup',
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
        Properties: { RetentionInDays: 30, KmsKeyId: key.attr('Arn') },
      });
      const group = stack.add(`Sg${i}`, {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: `service ${i}`, VpcId: vpc.ref, SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] },
      });
      const task = stack.add(`Task${i}`, {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          RequiresCompatibilities: ['FARGATE'],
          NetworkMode: 'awsvpc',
          Cpu: '256',
          Memory: '512',
          ContainerDefinitions: [
            {
              Name: 'app',
              Image: `example/app-${i}:1`,
              PortMappings: [{ ContainerPort: 8080, Name: 'http' }],
              LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': logs.ref, 'awslogs-region': Aws.region, 'awslogs-stream-prefix': 'app' } },
            },
          ],
        },
      });
      stack.add(`Service${i}`, {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: cluster.ref,
          TaskDefinition: task.ref,
          LaunchType: 'FARGATE',
          DesiredCount: 1,
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: subnets.map((s) => s.ref), SecurityGroups: [group.ref] } },
        },
      });
    }
  }
  return root;
}
