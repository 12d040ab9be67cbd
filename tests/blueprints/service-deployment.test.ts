import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceOutputs } from '../../blueprints/ecs/service/outputs.js';
import type { CompileResult } from '../../dsl/index.js';
import { compileTree } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { apiService } from './service-fixtures.js';

const trees: CompileResult[] = [];
const serviceNameParts = { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Api' }] }] };

test('CODE_DEPLOY blue/green: two target groups, prod and test rules, application, deployment group, role', () => {
  const out = compileTree((root) => {
    const { services, service: svc } = apiService(root, (b) => ({
      loadBalancer: { listener: b.listener, rule: { priority: 20, pathPatterns: ['/api/*'] } },
      deployment: {
        controller: 'CODE_DEPLOY',
        alarms: { names: ['api-5xx'] },
        blueGreen: {
          testListener: b.testListener,
          testRule: { priority: 20, pathPatterns: ['/api/*'] },
          deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
          terminationWaitMinutes: 15,
        },
      },
    }));
    serviceOutputs(services, svc);
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.expectCount('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
  const service = s.resource('AWS::ECS::Service', {
    DeploymentController: { Type: 'CODE_DEPLOY' },
    DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: absent, Alarms: absent },
    LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: 'ApiBlueTargetGroup' } }],
    TaskDefinition: { Ref: 'ApiTaskDefinition' },
  });
  assert.equal(service.resource['DependsOn'], ['ApiListenerRule', 'ApiTestListenerRule']);
  s.resource('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: 'BaseListener' }, Actions: [{ TargetGroupArn: { Ref: 'ApiBlueTargetGroup' } }] });
  s.resource('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: 'BaseTestListener' }, Actions: [{ TargetGroupArn: { Ref: 'ApiBlueTargetGroup' } }] });
  s.resource('AWS::CodeDeploy::Application', { ComputePlatform: 'ECS' });
  s.resource('AWS::CodeDeploy::DeploymentGroup', {
    ApplicationName: { Ref: 'ApiBlueGreenApplication' },
    ServiceRoleArn: { 'Fn::GetAtt': ['ApiBlueGreenRole', 'Arn'] },
    DeploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
    BlueGreenDeploymentConfiguration: {
      DeploymentReadyOption: { ActionOnTimeout: 'CONTINUE_DEPLOYMENT', WaitTimeInMinutes: 0 },
      TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 15 },
    },
    AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'] },
    AlarmConfiguration: { Enabled: true, Alarms: [{ Name: 'api-5xx' }] },
    ECSServices: [{ ClusterName: serviceNameParts, ServiceName: { 'Fn::GetAtt': ['Api', 'Name'] } }],
    LoadBalancerInfo: {
      TargetGroupPairInfoList: [
        {
          TargetGroups: [{ Name: { 'Fn::GetAtt': ['ApiBlueTargetGroup', 'TargetGroupName'] } }, { Name: { 'Fn::GetAtt': ['ApiGreenTargetGroup', 'TargetGroupName'] } }],
          ProdTrafficRoute: { ListenerArns: [{ Ref: 'BaseListener' }] },
          TestTrafficRoute: { ListenerArns: [{ Ref: 'BaseTestListener' }] },
        },
      ],
    },
  });
  s.resource('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{ Effect: 'Allow', Principal: { Service: 'codedeploy.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    },
    ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AWSCodeDeployRoleForECS' }],
  });
  s.output('GreenTargetGroupArn');
  assert.equal(s.output('CodeDeployApplication')['Value'], { Ref: 'ApiBlueGreenApplication' });
  assert.equal(s.output('CodeDeployDeploymentGroup')['Value'], { Ref: 'ApiBlueGreenDeploymentGroup' });
});

test('CODE_DEPLOY with dedicated production and test listeners: both groups live with the listeners', () => {
  const out = compileTree((root) => {
    apiService(root, (b) => ({
      loadBalancer: { listener: b.listener },
      deployment: { controller: 'CODE_DEPLOY', blueGreen: { testListener: b.testListener, readyWaitMinutes: 30 } },
    }));
  });
  trees.push(out.result);
  const baseView = out.stack('Base');
  baseView.expectCount('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
  assert.equal(baseView.byId('Listener').properties['DefaultActions'], [{ Type: 'forward', TargetGroupArn: { Ref: 'ApiBlueTargetGroup' } }]);
  assert.equal(baseView.byId('TestListener').properties['DefaultActions'], [{ Type: 'forward', TargetGroupArn: { Ref: 'ApiBlueTargetGroup' } }]);
  out.stack('Services').resource('AWS::CodeDeploy::DeploymentGroup', {
    BlueGreenDeploymentConfiguration: { DeploymentReadyOption: { ActionOnTimeout: 'STOP_DEPLOYMENT', WaitTimeInMinutes: 30 } },
    AutoRollbackConfiguration: { Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'] },
    AlarmConfiguration: absent,
  });
});

test('EXTERNAL: the service holds no task settings; a task set and the primary task set do', () => {
  const out = compileTree((root) => {
    apiService(root, (b) => ({
      desiredCount: 3,
      loadBalancer: { listener: b.listener, rule: { priority: 30, hostHeaders: ['api.example.com'] } },
      deployment: { controller: 'EXTERNAL', external: { externalId: 'release-1', scalePercent: 100 } },
    }));
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', {
    DeploymentController: { Type: 'EXTERNAL' },
    DesiredCount: 3,
    TaskDefinition: absent,
    LaunchType: absent,
    NetworkConfiguration: absent,
    LoadBalancers: absent,
    DeploymentConfiguration: { DeploymentCircuitBreaker: absent },
  });
  s.resource('AWS::ECS::TaskSet', {
    Cluster: { Ref: 'BaseCluster' },
    Service: { Ref: 'Api' },
    TaskDefinition: { Ref: 'ApiTaskDefinition' },
    LaunchType: 'FARGATE',
    PlatformVersion: 'LATEST',
    ExternalId: 'release-1',
    Scale: { Unit: 'PERCENT', Value: 100 },
    NetworkConfiguration: { AwsVpcConfiguration: { AssignPublicIp: 'DISABLED', SecurityGroups: [{ Ref: 'ApiSecurityGroup' }] } },
    LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: 'ApiTargetGroup' } }],
  });
  s.resource('AWS::ECS::PrimaryTaskSet', { Cluster: { Ref: 'BaseCluster' }, Service: { Ref: 'Api' }, TaskSetId: { 'Fn::GetAtt': ['ApiTaskSet', 'Id'] } });
});

test('every template above is cfn-lint clean', () => {
  assert.equal(lintCompiled(...trees), []);
});

test.run();
