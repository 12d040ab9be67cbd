import { test } from 'uvu';
import * as assert from 'uvu/assert';
import product from '../../build/products/minimal-service.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { lintCompiled } from '../helpers/lint.js';
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
  assert.equal(root.output('LoadBalancerDns')['Value'], { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerLoadBalancerDNSName'] });
});

test('the network has two public subnets in two AZs routed to an internet gateway', () => {
  const network = view(prod, 'Root/Network');
  network.expectCount('AWS::EC2::Subnet', 2);
  network.resource('AWS::EC2::Subnet', { AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } });
  network.resource('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } });
  network.expectCount('AWS::EC2::SubnetRouteTableAssociation', 2);
  network.expectNone('AWS::EC2::NatGateway');
});

test('the task definition is Fargate 256/512 with the container read from the JSON file', () => {
  const container = view(prod, 'Root/Container');
  const task = container.resource('AWS::ECS::TaskDefinition', {
    RequiresCompatibilities: ['FARGATE'],
    NetworkMode: 'awsvpc',
    Cpu: '256',
    Memory: '512',
  });
  assert.equal((task.properties['ContainerDefinitions'] as unknown[]).length, 1);
  container.resource('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [{ Name: 'web', Image: '485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:prod', Cpu: 10, Memory: 512, Essential: true, PortMappings: [{ ContainerPort: 80, HostPort: 80 }] }],
  });
});

test('the service runs behind the target group, and only the load balancer reaches the tasks', () => {
  const container = view(prod, 'Root/Container');
  const balancing = view(prod, 'Root/LoadBalancer');
  const albGroup = new Capture();
  container.resource('AWS::ECS::Service', {
    LaunchType: 'FARGATE',
    DesiredCount: 2,
    LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'LoadBalancerTargetGroup' } }],
    NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
  });
  container.resource('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ FromPort: 80, ToPort: 80, SourceSecurityGroupId: albGroup, CidrIp: absent }] });
  // The ingress source is the load balancer's group, wired from the LoadBalancer stack.
  assert.equal(albGroup.value, { Ref: 'LoadBalancerSecurityGroup' });
  assert.equal(view(prod, 'Root').byId('Container').properties['Parameters'], {
    NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpc'] },
    NetworkPublicSubnet1: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPublicSubnet1'] },
    NetworkPublicSubnet2: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPublicSubnet2'] },
    LoadBalancerTargetGroup: { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerTargetGroup'] },
    LoadBalancerSecurityGroup: { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerSecurityGroup'] },
  });
  balancing.resource('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] });
  balancing.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip', Port: 80 });
  balancing.resource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    LoadBalancerAttributes: arrayWith({ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }),
  });
});

test('the execution role may pull images and write to its own log group only', () => {
  const container = view(prod, 'Root/Container');
  const role = container.resource('AWS::IAM::Role');
  const statements = (role.properties['Policies'] as { PolicyDocument: { Statement: unknown[] } }[])[0]!.PolicyDocument.Statement;
  assert.equal(statements, [
    { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ecr:*:${AWS::AccountId}:repository/*' },
    },
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::Sub': '${LogGroup.Arn}:*' } },
  ]);
});

test('prod and staging differ only in the image', () => {
  const differences: string[] = [];
  const compare = (a: unknown, b: unknown, path: string) => {
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare((a as never)[key], (b as never)[key], `${path}.${key}`);
    } else if (a !== b) differences.push(`${path}: ${String(a)} / ${String(b)}`);
  };
  prod.result.stacks.forEach((stack, i) => compare(stack.template, staging.result.stacks[i]!.template, stack.path));
  assert.equal(differences, [
    'Root/Container.Resources.TaskDefinition.Properties.ContainerDefinitions.0.Image: 485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:prod / 485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:staging',
  ]);
});

test('both environments are cfn-lint clean', () => {
  assert.equal(lintCompiled(prod.result, staging.result), []);
});

test.run();
