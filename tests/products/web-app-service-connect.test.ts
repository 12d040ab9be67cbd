import { test } from 'uvu';
import * as assert from 'uvu/assert';
import product from '../../build/products/web-app-service-connect.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent, arrayWith } from '../helpers/template.js';
import { allowedActions, inlineStatements, stackView } from './helpers.js';

const built = buildEnvironment(product, 'example', 'json');
const root = stackView(built, 'Root');
const network = stackView(built, 'Root/Network');
const balancing = stackView(built, 'Root/LoadBalancer');
const container = stackView(built, 'Root/Container');
const ALB_GROUP = { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' };

test('nested stacks mirror the seed modules: network, pull-through cache, load balancer, container', () => {
  assert.equal(root.resources.map((r) => r.id), ['Network', 'EcrPullThroughCache', 'LoadBalancer', 'Container']);
  assert.equal(built.manifest.artifacts.map((a) => a.path), ['Network.json', 'EcrPullThroughCache.json', 'LoadBalancer.json', 'Container.json', 'root.json']);
});

test('no NAT: image pulls, logs and ECS Exec go through VPC endpoints', () => {
  network.expectNone('AWS::EC2::NatGateway');
  network.expectNone('AWS::EC2::Route', { NatGatewayId: { Ref: /.*/ } });
  const services = network.resourcesOf('AWS::EC2::VPCEndpoint').map((e) => JSON.stringify(e.properties['ServiceName']).match(/\.([a-z0-9.]+)"/)?.[1]);
  assert.equal(services.sort(), ['ecr.api', 'ecr.dkr', 'kms', 'logs', 's3', 'ssmmessages']);
  network.expectCount('AWS::EC2::VPCEndpoint', 5, { VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
  network.resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', RouteTableIds: [{ Ref: 'PrivateRouteTable1' }, { Ref: 'PrivateRouteTable2' }] });
  // Endpoints admit HTTPS from inside the VPC only.
  network.resource('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } }] });
});

test('client -> ALB: HTTP from the internet, nothing else', () => {
  const group = balancing.resource('AWS::EC2::SecurityGroup');
  assert.equal((group.properties['SecurityGroupIngress'] as unknown[]).length, 1);
  assert.equal((group.properties['SecurityGroupIngress'] as { FromPort: number; CidrIp: string }[])[0]!.FromPort, 80);
  balancing.resource('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'WebTargetGroup' } }] });
});

test('ALB -> web: the web group admits the ALB group only, and the ALB may send to web only', () => {
  container.resource('AWS::EC2::SecurityGroup', {
    GroupDescription: 'Tasks of service Web',
    SecurityGroupIngress: [{ FromPort: 80, ToPort: 80, SourceSecurityGroupId: ALB_GROUP, CidrIp: absent }],
  });
  container.resource('AWS::EC2::SecurityGroupEgress', { GroupId: ALB_GROUP, DestinationSecurityGroupId: { Ref: 'WebSecurityGroup' }, FromPort: 80 });
  container.resource('AWS::ECS::Service', { LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'LoadBalancerWebTargetGroup' } }] });
  // The ALB group id and target group come from the LoadBalancer stack through the root.
  assert.equal(root.byId('Container').properties['Parameters'], {
    NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpc'] },
    LoadBalancerLoadBalancerSecurityGroupGroupId: { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerSecurityGroupId'] },
    NetworkPrivateSubnet1: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPrivateSubnet1'] },
    NetworkPrivateSubnet2: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkPrivateSubnet2'] },
    LoadBalancerWebTargetGroup: { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerWebTargetGroup'] },
  });
});

test('web -> Service Connect -> app: web is a client, app a client-server, and only web may call app', () => {
  container.resource('AWS::ECS::Service', {
    EnableExecuteCommand: true,
    ServiceConnectConfiguration: { Enabled: true, Services: absent },
    LoadBalancers: [{ ContainerName: 'web' }],
  });
  container.resource('AWS::ECS::Service', {
    ServiceConnectConfiguration: { Enabled: true, Services: [{ PortName: 'http', DiscoveryName: 'app', ClientAliases: [{ Port: 80, DnsName: 'app' }] }] },
    LoadBalancers: absent,
  });
  container.resource('AWS::ECS::Cluster', { ServiceConnectDefaults: { Namespace: { 'Fn::GetAtt': ['ServiceConnectNamespace', 'Arn'] } } });
  // The app group has no inline ingress; its one ingress rule is from the web group.
  container.resource('AWS::EC2::SecurityGroup', { GroupDescription: 'Tasks of service App', SecurityGroupIngress: absent });
  assert.equal(container.resourcesOf('AWS::EC2::SecurityGroupIngress').map((r) => r.properties), [
    { GroupId: { Ref: 'AppSecurityGroup' }, SourceSecurityGroupId: { Ref: 'WebSecurityGroup' }, IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Description: 'Web tier to app tier through Service Connect' },
  ]);
  container.resource('AWS::EC2::SecurityGroupEgress', { GroupId: { Ref: 'WebSecurityGroup' }, DestinationSecurityGroupId: { Ref: 'AppSecurityGroup' }, FromPort: 80 });
});

test('three kinds of role: the service-linked role, and an execution and a task role per service', () => {
  container.resource('AWS::IAM::ServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' });
  for (const tier of ['Web', 'App']) {
    const execution = container.byId(`${tier}TaskExecutionRole`, 'AWS::IAM::Role');
    // Pull through the ECR Public cache: create and import only under the cache prefix.
    const pullThrough = inlineStatements(execution).find((s) => s.Action.includes('ecr:BatchImportUpstreamImage'))!;
    assert.equal(pullThrough.Action.sort(), ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']);
    assert.match(JSON.stringify(pullThrough.Resource), 'repository/ecr-public/');
    assert.ok(allowedActions(execution).includes('logs:PutLogEvents'));
    assert.not.ok(allowedActions(execution).some((a) => a.startsWith('ssmmessages:')));
    // ECS Exec: the task role gets the ssmmessages channels and the exec key, nothing wider.
    const task = container.byId(`${tier}TaskRole`, 'AWS::IAM::Role');
    assert.ok(['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'].every((a) => allowedActions(task).includes(a)));
    const decrypt = inlineStatements(task).find((s) => s.Action.includes('kms:Decrypt'))!;
    assert.equal(decrypt.Resource, [{ 'Fn::GetAtt': ['ExecKey', 'Arn'] }]);
  }
});

test('ECS Exec sessions are encrypted with a rotating KMS key and logged to an encrypted group', () => {
  container.resource('AWS::ECS::Cluster', {
    Configuration: { ExecuteCommandConfiguration: { KmsKeyId: { 'Fn::GetAtt': ['ExecKey', 'Arn'] }, Logging: 'OVERRIDE', LogConfiguration: { CloudWatchEncryptionEnabled: true } } },
  });
  container.resource('AWS::KMS::Key', { Description: 'Encrypts ECS Exec sessions of this cluster', EnableKeyRotation: true });
  container.expectCount('AWS::Logs::LogGroup', 3, { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } });
});

test('images come from ECR Public through the pull-through cache', () => {
  stackView(built, 'Root/EcrPullThroughCache').resource('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws' });
  container.resource('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [{ Name: 'web', Image: { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/nginx/nginx:stable' } }],
  });
  container.resource('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [{ Name: 'app', Image: { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/docker/library/httpd:2.4' }, PortMappings: arrayWith({ Name: 'http', ContainerPort: 80, AppProtocol: 'http' }) }],
  });
});

test('cfn-lint and checkov are silent', () => {
  assert.equal(lintCompiled(built.result), []);
  assert.equal(checkovCompiled(built.result), []);
});

test.run();
