/**
 * A product declares which of its inputs a launching team chooses: the `self-service` environment
 * turns them into root parameters (typed from the input's schema, constrained by it, grouped and
 * labelled for the console) and the rest of the product is built from the base environment.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEnvironment, environmentNames } from '../../build/compile-product.js';
import { defineProduct, type Product } from '../../build/product.js';
import { catalogue } from '../../build/catalogue.js';
import httpsApp from '../../build/products/https-app.js';
import webApp from '../../build/products/web-app-service-connect.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { stackView } from '../products/helpers.js';
import { arrayWith } from '../helpers/template.js';

const built = buildEnvironment(httpsApp, 'self-service', 'json');
const root = stackView(built, 'Root');

test('a product with launch parameters builds one more environment, self-service', () => {
  assert.equal(environmentNames(httpsApp), ['production', 'development', 'self-service']);
});

test('each launch parameter is a root parameter with its input constraint, label, group and the base environment default', () => {
  assert.equal(root.parameter('ContainerImage')['Default'], 'amazon/amazon-ecs-sample');
  assert.match(String(root.parameter('ContainerImage')['AllowedPattern']), '@sha256:[a-f0-9]{64}');
  assert.equal(root.parameter('HealthCheckPath')['Default'], '/');
  assert.is(root.parameter('HealthCheckPath')['AllowedPattern'], '^/[\\x21-\\x7e]{0,1023}$');
  const face = (root.template['Metadata'] as Record<string, { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] }>)['AWS::CloudFormation::Interface']!;
  assert.equal(face.ParameterGroups, [
    { Label: { default: 'Application' }, Parameters: ['ContainerImage', 'HealthCheckPath'] },
    { Label: { default: 'Load balancer' }, Parameters: ['CertificateArn', 'DeletionProtection'] },
    { Label: { default: 'Scaling' }, Parameters: ['MinTasks', 'MaxTasks', 'CpuTargetPercent', 'MemoryTargetPercent'] },
    { Label: { default: 'Operations' }, Parameters: ['EnableExec'] },
  ]);
  // Numbers from integer inputs, switches as true/false strings; the production base's values as defaults.
  assert.equal(root.parameter('MinTasks'), { Type: 'Number', Description: 'Fewest tasks (at least 2 for production), also at night', Default: 2, MinValue: 1, MaxValue: 100, ConstraintDescription: 'an integer from 1 to 100' });
  assert.equal(root.parameter('MaxTasks')['Default'], 4);
  assert.equal(root.parameter('EnableExec'), { Type: 'String', Description: 'Let operators open a shell in a running task (aws ecs execute-command)', Default: 'true', AllowedValues: ['true', 'false'], ConstraintDescription: 'true or false' });
  assert.equal(root.parameter('DeletionProtection')['Default'], 'true');
  // The certificate is required (no default) and checked as an ACM ARN (and as the listener's certificate).
  assert.is(root.parameter('CertificateArn')['Default'], undefined);
  assert.match(String(root.parameter('CertificateArn')['AllowedPattern']), ':acm:');
});

test('the parameters reach the resources through the nested stacks; the rest is the base environment', () => {
  const container = stackView(built, 'Root/Container');
  const task = container.resource('AWS::ECS::TaskDefinition');
  assert.equal((task.properties['ContainerDefinitions'] as { Image: unknown }[])[0]!.Image, { Ref: 'ContainerImage' });
  stackView(built, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: { Ref: 'HealthCheckPath' } });
  // The production base: HTTPS with the certificate parameter; the scaling range, its night and morning schedules, the targets and exec from parameters.
  stackView(built, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }] });
  stackView(built, 'Root/LoadBalancer').resource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    LoadBalancerAttributes: arrayWith({ Key: 'deletion_protection.enabled', Value: { Ref: 'DeletionProtection' } }),
  });
  container.resource('AWS::ApplicationAutoScaling::ScalableTarget', {
    MinCapacity: { Ref: 'MinTasks' },
    MaxCapacity: { Ref: 'MaxTasks' },
    ScheduledActions: [
      { ScheduledActionName: 'night', ScalableTargetAction: { MinCapacity: { Ref: 'MinTasks' }, MaxCapacity: { Ref: 'MinTasks' } } },
      { ScheduledActionName: 'morning', ScalableTargetAction: { MinCapacity: { Ref: 'MinTasks' }, MaxCapacity: { Ref: 'MaxTasks' } } },
    ],
  });
  container.resource('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: { TargetValue: { Ref: 'CpuTargetPercent' } } });
  container.resource('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: { TargetValue: { Ref: 'MemoryTargetPercent' } } });
  container.resource('AWS::ECS::Service', { EnableExecuteCommand: { 'Fn::If': ['AppExecOn', true, false] } });
  // Stateful resources are retained whatever DeletionProtection says (a DeletionPolicy cannot follow a parameter here).
  for (const id of ['AppTaskLogGroup', 'ExecLogGroup']) assert.is(container.byId(id).resource['DeletionPolicy'], 'Retain', id);
});

test('an input the system takes at compile time only, or no input at all, cannot be a launch parameter', () => {
  const withParameter = (input: string): Product =>
    defineProduct({
      ...httpsApp,
      selfService: { environment: 'production', parameters: [{ input, name: 'Choice', label: 'Choice', group: 'G', description: 'A choice' }] },
    } as Product);
  assert.match(errorOf(() => buildEnvironment(withParameter('protocol'), 'self-service', 'json')), 'https-app/self-service: selfService.parameters[0].input: "protocol" takes literal values only');
  assert.match(errorOf(() => buildEnvironment(withParameter('imagee'), 'self-service', 'json')), 'selfService.parameters[0].input: "imagee" is not an input of https-app');
});

const webBuilt = buildEnvironment(webApp, 'self-service', 'json');
type Face = { ParameterGroups: { Label: { default: string }; Parameters: string[] }[]; ParameterLabels: Record<string, { default: string }> };
const faceOf = (view: ReturnType<typeof stackView>) => (view.template['Metadata'] as Record<string, Face>)['AWS::CloudFormation::Interface']!;

test('at least three products are self-service, and every self-service root parameter is labelled and in exactly one console group', () => {
  const selfService = catalogue.filter((p) => p.selfService);
  assert.equal(selfService.map((p) => p.name), ['web-app-service-connect', 'https-app', 'microservice']);
  for (const product of selfService) {
    const environment = typeof product.selfService === 'object' ? 'self-service' : Object.keys(product.environments)[0]!;
    const view = stackView(buildEnvironment(product, environment, 'json'), 'Root');
    const face = faceOf(view);
    const grouped = face.ParameterGroups.flatMap((g) => g.Parameters);
    assert.equal([...grouped].sort(), [...view.parameterNames].sort(), `${product.name}: every parameter in a group`);
    assert.is(new Set(grouped).size, grouped.length, `${product.name}: no parameter in two groups`);
    for (const name of view.parameterNames) {
      assert.ok(face.ParameterLabels[name]?.default, `${product.name}: ${name} has a label`);
      assert.ok(view.parameter(name)['Description'], `${product.name}: ${name} has a description`);
    }
  }
});

test('web-app-service-connect: images, count, namespace, exec and deletion protection at launch, in console groups', () => {
  const webRoot = stackView(webBuilt, 'Root');
  assert.equal(faceOf(webRoot).ParameterGroups, [
    { Label: { default: 'Images' }, Parameters: ['WebImage', 'AppImage'] },
    { Label: { default: 'Capacity' }, Parameters: ['DesiredCount'] },
    { Label: { default: 'Service Connect' }, Parameters: ['NamespaceName'] },
    { Label: { default: 'Operations' }, Parameters: ['EnableExec', 'DeletionProtection', 'CreateServiceLinkedRole'] },
  ]);
  // The images must be ECR Public ones (the cache only pulls those): the input's pattern is the parameter's.
  assert.match(String(webRoot.parameter('WebImage')['AllowedPattern']), '^public\\.ecr\\.aws/');
  assert.equal(webRoot.parameter('DesiredCount'), { Type: 'Number', Description: 'Tasks each tier runs', ConstraintDescription: 'an integer from 1 to 100', Default: 2, MinValue: 1, MaxValue: 100 });
  assert.equal(webRoot.parameter('CreateServiceLinkedRole')['Default'], 'false');
  const container = stackView(webBuilt, 'Root/Container');
  // The cached URI: what follows public.ecr.aws/ goes after the cache prefix, cut at deploy time.
  container.resource('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [
      {
        Name: 'web',
        Image: {
          'Fn::Join': ['', [{ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/' }, { 'Fn::Select': [1, { 'Fn::Split': ['public.ecr.aws/', { Ref: 'WebImage' }] }] }]],
        },
      },
    ],
  });
  container.resource('AWS::ECS::Service', { DesiredCount: { Ref: 'DesiredCount' }, EnableExecuteCommand: { 'Fn::If': ['WebExecOn', true, false] } });
  container.resource('AWS::ServiceDiscovery::HttpNamespace', { Name: { Ref: 'NamespaceName' } });
  // The service-linked role exists only when asked for at launch (creating it where it exists fails).
  assert.is(container.byId('EcsServiceLinkedRole', 'AWS::IAM::ServiceLinkedRole').resource['Condition'], 'ServiceLinkedRoleWanted');
  assert.equal(container.conditions['ServiceLinkedRoleWanted'], { 'Fn::Equals': [{ Ref: 'CreateServiceLinkedRole' }, 'true'] });
  // The task definitions still wait for the cache rule (a URI made at deploy time orders nothing).
  assert.ok((stackView(webBuilt, 'Root').byId('Container').resource['DependsOn'] as string[]).includes('EcrPullThroughCache'), 'Container waits for EcrPullThroughCache');
});

test('the self-service templates are cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(built.result, webBuilt.result), []);
  assert.equal(checkovCompiled(built.result, webBuilt.result), []);
});

test.run();
