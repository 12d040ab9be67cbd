import { test } from 'uvu';
import * as assert from 'uvu/assert';
import product from '../../build/products/minimal-service.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { stackView } from './helpers.js';
import { Capture, TemplateView, absent, arrayWith } from '../helpers/template.js';

const prod = buildEnvironment(product, 'prod', 'json');
const staging = buildEnvironment(product, 'staging', 'json');
const view = (built: typeof prod, path: string) => new TemplateView(built.result.stacks.find((s) => s.path === path)!.template, path);

test('a root with network, load balancer and container stacks', () => {
  const root = view(prod, 'Root');
  assert.equal(root.resources.map((r) => [r.id, r.type, r.properties['TemplateURL']]), [
    ['Network', 'AWS::CloudFormation::Stack', 'Network.json'],
    ['LoadBalancer', 'AWS::CloudFormation::Stack', 'LoadBalancer.json'],
    ['Container', 'AWS::CloudFormation::Stack', 'Container.json'],
  ]);
  assert.equal(root.output('LoadBalancerDns')['Value'], { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerDnsName'] });
});

test('the network has two public and two private subnets in two AZs, an internet gateway and no NAT', () => {
  const network = view(prod, 'Root/Network');
  network.expectCount('AWS::EC2::Subnet', 4);
  network.expectCount('AWS::EC2::Subnet', 2, { AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } });
  network.expectNone('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
  network.resource('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } });
  network.expectNone('AWS::EC2::NatGateway');
  network.expectCount('AWS::EC2::FlowLog', 1);
});

test('the task definition is Fargate 256/512 with the container read from the JSON file', () => {
  const container = view(prod, 'Root/Container');
  container.resource('AWS::ECS::TaskDefinition', {
    RequiresCompatibilities: ['FARGATE'],
    NetworkMode: 'awsvpc',
    Cpu: '256',
    Memory: '512',
    ContainerDefinitions: [
      {
        Name: 'web',
        Image: '485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:prod',
        Cpu: 10,
        Memory: 512,
        Essential: true,
        PortMappings: [{ ContainerPort: 80, HostPort: 80, Protocol: 'tcp' }],
        LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'TaskDefinitionLogGroup' } } },
      },
    ],
  });
  container.resource('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 365 });
});

test('the service runs with a public IP behind the target group, and only the load balancer reaches the tasks', () => {
  const container = view(prod, 'Root/Container');
  container.resource('AWS::ECS::Service', {
    LaunchType: 'FARGATE',
    DesiredCount: 2,
    LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'LoadBalancerServiceTargetGroup' } }],
    NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: [{ Ref: 'NetworkPublicSubnet1' }, { Ref: 'NetworkPublicSubnet2' }] } },
    DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
  });
  const albGroup = new Capture();
  container.resource('AWS::EC2::SecurityGroup', {
    SecurityGroupIngress: [{ FromPort: 80, ToPort: 80, SourceSecurityGroupId: albGroup, CidrIp: absent }],
    SecurityGroupEgress: [{ FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
  });
  // The ingress source is the load balancer's group, wired from the LoadBalancer stack.
  assert.equal(albGroup.value, { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' });
  assert.equal(view(prod, 'Root').byId('Container').properties['Parameters'], {
    NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpc'] },
    LoadBalancerLoadBalancerSecurityGroupGroupId: { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerSecurityGroupId'] },
    NetworkPublicSubnet1: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPublicSubnet1'] },
    NetworkPublicSubnet2: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPublicSubnet2'] },
    LoadBalancerServiceTargetGroup: { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerServiceTargetGroup'] },
  });
  // The load balancer may send to the tasks' group only, on the container port.
  container.resource('AWS::EC2::SecurityGroupEgress', {
    GroupId: { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' },
    DestinationSecurityGroupId: { Ref: 'ServiceSecurityGroup' },
    FromPort: 80,
    ToPort: 80,
  });
  const balancing = view(prod, 'Root/LoadBalancer');
  balancing.resource('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] });
  balancing.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip', Port: 80 });
  balancing.resource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    LoadBalancerAttributes: arrayWith({ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }),
  });
});

test('the execution role may write to its own log group and pull the image named in the file', () => {
  const container = view(prod, 'Root/Container');
  const role = container.byId('TaskDefinitionExecutionRole', 'AWS::IAM::Role');
  const statements = (role.properties['Policies'] as { PolicyDocument: { Statement: { Sid: string; Action: string[]; Resource: unknown[] }[] } }[])[0]!.PolicyDocument.Statement;
  assert.equal(statements.map((s) => s.Sid), ['WriteLogs', 'AuthenticateToEcr', 'PullImages']);
  assert.equal(statements[0]!.Resource, [{ 'Fn::GetAtt': ['TaskDefinitionLogGroup', 'Arn'] }]);
  assert.equal(statements[1]!.Resource, ['*']);
  assert.equal(statements[2]!.Action, ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage']);
  assert.equal(statements[2]!.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:us-west-2:485876055632:repository/matabit-ecr' }]);
});

test('prod and staging differ in the image and in what production keeps: deletion protection, stateful resources retained', () => {
  const differences: string[] = [];
  const compare = (a: unknown, b: unknown, path: string) => {
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare((a as never)[key], (b as never)[key], `${path}.${key}`);
    } else if (a !== b) differences.push(`${path}: ${String(a)} / ${String(b)}`);
  };
  prod.result.stacks.forEach((stack, i) => compare(stack.template, staging.result.stacks[i]!.template, stack.path));
  const retained = (stack: string, id: string) => [`${stack}.Resources.${id}.DeletionPolicy: Retain / Delete`, `${stack}.Resources.${id}.UpdateReplacePolicy: Retain / Delete`];
  assert.equal(differences, [
    ...retained('Root/Network', 'FlowLogKey'),
    ...retained('Root/Network', 'FlowLogGroup'),
    'Root/LoadBalancer.Resources.LoadBalancer.Properties.LoadBalancerAttributes.3.Value: true / false',
    ...retained('Root/Container', 'LogsKey'),
    ...retained('Root/Container', 'TaskDefinitionLogGroup'),
    'Root/Container.Resources.TaskDefinitionDefinition.Properties.ContainerDefinitions.0.Image: 485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:prod / 485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:staging',
  ]);
  // The load balancer attribute that differs is deletion protection, on in prod.
  const attributes = stackView(prod, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::LoadBalancer').properties['LoadBalancerAttributes'] as { Key: string; Value: string }[];
  assert.equal(attributes[3], { Key: 'deletion_protection.enabled', Value: 'true' });
});

test('both environments are cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(prod.result, staging.result), []);
  assert.equal(checkovCompiled(prod.result, staging.result), []);
});

test.run();
