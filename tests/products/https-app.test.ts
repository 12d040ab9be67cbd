import { test } from 'uvu';
import * as assert from 'uvu/assert';
import product from '../../build/products/https-app.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { defineProduct } from '../../build/product.js';
import { httpsApp } from '../../blueprints/systems/https-app.js';
import { Stack } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { allowedActions, inlineStatements, stackView } from './helpers.js';

const production = buildEnvironment(product, 'production', 'json');
const development = buildEnvironment(product, 'development', 'json');

test('two public and two private subnets, an internet gateway, one NAT gateway with its EIP', () => {
  const network = stackView(production, 'Root/Network');
  network.expectCount('AWS::EC2::Subnet', 4);
  network.expectCount('AWS::EC2::NatGateway', 1);
  network.expectCount('AWS::EC2::EIP', 1);
  network.expectCount('AWS::EC2::InternetGateway', 1);
  // Both private route tables send their default route to the one NAT gateway.
  network.expectCount('AWS::EC2::Route', 2, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'NatGateway1' } });
  const endpoints = network.resourcesOf('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }).map((e) => JSON.stringify(e.properties['ServiceName']).match(/\.([a-z0-9.]+)"/)?.[1]);
  // The seed's six, and ssmmessages and kms for ECS Exec (on by default).
  assert.equal(endpoints.sort(), ['ecr.api', 'ecr.dkr', 'events', 'kms', 'logs', 'monitoring', 'sns', 'ssmmessages']);
});

test("the seed's task role and ECS Exec: the role carries the exec statements, the service has exec on, the cluster encrypts and logs sessions", () => {
  const container = stackView(production, 'Root/Container');
  const role = container.byId('AppTaskRole', 'AWS::IAM::Role');
  assert.equal(inlineStatements(role).map((statement) => statement.Sid), ['EcsExecChannels', 'EcsExecSessionKey', 'EcsExecFindLogGroup', 'EcsExecTranscripts']);
  container.resource('AWS::ECS::TaskDefinition', { TaskRoleArn: { 'Fn::GetAtt': ['AppTaskRole', 'Arn'] }, ContainerDefinitions: [{ LinuxParameters: { InitProcessEnabled: true } }] });
  container.resource('AWS::ECS::Service', { EnableExecuteCommand: true });
  container.resource('AWS::ECS::Cluster', { Configuration: { ExecuteCommandConfiguration: { KmsKeyId: { 'Fn::GetAtt': ['ExecKey', 'Arn'] }, Logging: 'OVERRIDE' } } });
});

test('the task role takes the application\'s own permissions; without exec and without them there is no role, and no exec endpoints', () => {
  const bucket = buildEnvironment(defineProduct({ ...product, environments: { x: { protocol: 'http', taskRole: { s3Buckets: [{ bucketName: 'l42-assets', access: 'read' }] } } } }), 'x', 'json');
  const role = stackView(bucket, 'Root/Container').byId('AppTaskRole', 'AWS::IAM::Role');
  assert.ok(allowedActions(role).includes('s3:GetObject') && allowedActions(role).includes('ssmmessages:OpenDataChannel'), allowedActions(role).join());
  const off = buildEnvironment(defineProduct({ ...product, environments: { x: { protocol: 'http', exec: false } } }), 'x', 'json');
  const container = stackView(off, 'Root/Container');
  container.expectCount('AWS::IAM::Role', 1); // the execution role only
  container.resource('AWS::ECS::Service', { EnableExecuteCommand: false });
  const endpoints = stackView(off, 'Root/Network').resourcesOf('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }).length;
  assert.is(endpoints, 6);
});

test('the certificate parameter sits in the console\'s load balancer group; a certificate given as an input takes no parameter; http takes none', () => {
  const root = stackView(production, 'Root');
  assert.equal((root.template['Metadata'] as { 'AWS::CloudFormation::Interface': { ParameterGroups: unknown } })['AWS::CloudFormation::Interface'].ParameterGroups, [{ Label: { default: 'Load balancer' }, Parameters: ['CertificateArn'] }]);
  const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab';
  const given = buildEnvironment(defineProduct({ ...product, environments: { x: { certificateArn: arn } } }), 'x', 'json');
  assert.equal(stackView(given, 'Root').parameterNames, []);
  stackView(given, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: arn }] });
  assert.match(errorOf(() => httpsApp(Stack.root(), { protocol: 'http', certificateArn: arn })), 'httpsApp.certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab" is given but protocol is "http"');
  assert.match(errorOf(() => httpsApp(Stack.root(), { certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' })), 'httpsApp.certificateArn: "arn:aws:iam::123456789012:server-certificate/x" is not an ACM certificate ARN');
});

test('production: HTTPS with the ACM certificate parameter and a modern TLS policy, HTTP redirects to HTTPS', () => {
  const root = stackView(production, 'Root');
  assert.equal(root.parameter('CertificateArn')['Type'], 'String');
  assert.equal(root.byId('LoadBalancer').properties['Parameters'], {
    NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpc'] },
    NetworkPublicSubnet1: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPublicSubnet1'] },
    NetworkPublicSubnet2: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPublicSubnet2'] },
    CertificateArn: { Ref: 'CertificateArn' },
  });
  const balancing = stackView(production, 'Root/LoadBalancer');
  balancing.resource('AWS::ElasticLoadBalancingV2::Listener', {
    Port: 443,
    Protocol: 'HTTPS',
    SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }],
    DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'AppTargetGroup' } }],
  });
  balancing.resource('AWS::ElasticLoadBalancingV2::Listener', {
    Port: 80,
    Protocol: 'HTTP',
    DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
  });
});

test('development: plain HTTP, no certificate parameter, same network and service', () => {
  const root = stackView(development, 'Root');
  assert.not.ok(root.parameterNames.includes('CertificateArn'));
  const balancing = stackView(development, 'Root/LoadBalancer');
  balancing.expectCount('AWS::ElasticLoadBalancingV2::Listener', 1);
  balancing.resource('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] });
  assert.equal(stackView(development, 'Root/Network').resources.map((r) => r.type), stackView(production, 'Root/Network').resources.map((r) => r.type));
});

test('the health check asks the default image for a path it serves, and the tasks admit the ALB only', () => {
  // amazon/amazon-ecs-sample serves `/` only: a `/health` check would never turn the targets healthy.
  const group = stackView(production, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip', Matcher: { HttpCode: '200' } });
  assert.is(group.properties['HealthCheckPath'], '/');
  const custom = buildEnvironment(defineProduct({ ...product, environments: { x: { protocol: 'http', image: 'registry.example.com/l42:1', healthCheckPath: '/health' } } }), 'x', 'json');
  stackView(custom, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health' });
  stackView(production, 'Root/Container').resource('AWS::EC2::SecurityGroup', {
    SecurityGroupIngress: [{ FromPort: 80, ToPort: 80, SourceSecurityGroupId: { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' }, CidrIp: absent }],
  });
});

test('scaling by load and by time between the min and max instances; the template leaves the task count to it', () => {
  const container = stackView(production, 'Root/Container');
  container.resource('AWS::ECS::Service', { DesiredCount: absent, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } } });
  container.resource('AWS::ApplicationAutoScaling::ScalableTarget', {
    MinCapacity: 2,
    MaxCapacity: 4,
    ScheduledActions: [
      { ScheduledActionName: 'night', Schedule: 'cron(0 20 ? * MON-FRI *)', Timezone: 'Australia/Sydney', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 2 } },
      { ScheduledActionName: 'morning', Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Australia/Sydney', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 } },
    ],
  });
  container.resource('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } } });
  container.resource('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: { TargetValue: 80, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' } } });
});

test('the ALB DNS name is an output of the root', () => {
  assert.equal(stackView(production, 'Root').output('AlbDns')['Value'], { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerDnsName'] });
});

test('min and max instances are checked', () => {
  assert.match(errorOf(() => httpsApp(Stack.root(), { minInstances: 3, maxInstances: 2 })), 'httpsApp.maxInstances: 2 is less than minInstances (3)');
  assert.match(errorOf(() => httpsApp(Stack.root(), { minInstances: 0 })), 'httpsApp.minInstances: 0 is not an integer from 1 to 100');
});

test('both environments are cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(production.result, development.result), []);
  assert.equal(checkovCompiled(production.result, development.result), []);
});

test.run();
