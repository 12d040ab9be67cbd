/**
 * ECS-native blue/green, canary and linear deployments (controller ECS, DeploymentConfiguration
 * Strategy), the CodeDeploy controller's compile-time warning, and the preflight check that finds a
 * CODE_DEPLOY service whose template sets its task definition (an update that will fail).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codeDeployUpdatesCheck } from '../../blueprints/ecs/deployment/code-deploy-updates.js';
import { LIFECYCLE_STAGES } from '../../blueprints/ecs/deployment/deployment-configuration.js';
import { fargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';
import { serviceOutputs } from '../../blueprints/ecs/service/outputs.js';
import { BLUEPRINT_CHECKS } from '../../blueprints/preflight-checks.js';
import type { CompileResult, Stack } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { apiService, base, task, type Base } from './service-fixtures.js';

const trees: CompileResult[] = [];
const ref = (name: string) => ({ Ref: name });
const routed = (b: Base) => ({ listener: b.listener, rule: { priority: 20, pathPatterns: ['/api/*'] } });
const testRoute = (b: Base) => ({ testListener: b.testListener, testRule: { priority: 20, pathPatterns: ['/api/*'] } });
const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:smoke-test';
const OTHER_HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:notify';
const HOOK_ROLE = 'arn:aws:iam::111122223333:role/hooks';

test('BLUE_GREEN: ECS controller, strategy and bake time, the alternate group, both rules, the infrastructure role', () => {
  const out = compileTree((root) => {
    const { services, service } = apiService(root, (b) => ({
      loadBalancer: routed(b),
      deployment: { strategy: 'BLUE_GREEN', alarms: { names: ['api-5xx'] }, blueGreen: testRoute(b) },
    }));
    serviceOutputs(services, service);
    assert.equal(service.controller, 'ECS');
    assert.equal(service.strategy, 'BLUE_GREEN');
  });
  trees.push(out.result);
  const s = out.stack('Services');
  const service = s.resource('AWS::ECS::Service', {
    DeploymentController: { Type: 'ECS' },
    DeploymentConfiguration: {
      Strategy: 'BLUE_GREEN',
      BakeTimeInMinutes: 15,
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { AlarmNames: ['api-5xx'], Enable: true, Rollback: true },
      LifecycleHooks: absent,
    },
    TaskDefinition: ref('ApiTaskDefinition'),
    LoadBalancers: [
      {
        ContainerName: 'app',
        ContainerPort: 8080,
        TargetGroupArn: ref('ApiBlueTargetGroup'),
        AdvancedConfiguration: {
          AlternateTargetGroupArn: ref('ApiGreenTargetGroup'),
          ProductionListenerRule: ref('ApiListenerRule'),
          TestListenerRule: ref('ApiTestListenerRule'),
          RoleArn: { 'Fn::GetAtt': ['ApiTrafficShiftRole', 'Arn'] },
        },
      },
    ],
  });
  // The service names both rules, so CloudFormation creates it after them without a DependsOn.
  assert.equal(service.resource['DependsOn'], undefined);
  // Both rules forward to both groups, all traffic on blue: ECS moves the weights.
  const weighted = { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: ref('ApiBlueTargetGroup'), Weight: 100 }, { TargetGroupArn: ref('ApiGreenTargetGroup'), Weight: 0 }] } };
  assert.equal(s.byId('ApiListenerRule').properties['Actions'], [weighted]);
  assert.equal(s.byId('ApiTestListenerRule').properties['Actions'], [weighted]);
  assert.equal(s.byId('ApiTestListenerRule').properties['ListenerArn'], ref('BaseTestListener'));
  s.expectCount('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
  s.expectNone('AWS::CodeDeploy::Application');
  s.expectNone('AWS::CodeDeploy::DeploymentGroup');
  assert.equal(s.byId('ApiTrafficShiftRole').properties, {
    Description: 'ECS blue/green: moves listener rule weights between the two target groups of one service',
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } } },
      ],
    },
    Policies: [
      {
        PolicyName: 'shift-listener-traffic',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReadLoadBalancing',
              Effect: 'Allow',
              Action: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
              Resource: ['*'],
            },
            { Sid: 'RegisterTasks', Effect: 'Allow', Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], Resource: [ref('ApiBlueTargetGroup'), ref('ApiGreenTargetGroup')] },
            { Sid: 'ModifyListeners', Effect: 'Allow', Action: ['elasticloadbalancing:ModifyListener'], Resource: [ref('BaseListener'), ref('BaseTestListener')] },
            { Sid: 'ShiftRuleWeights', Effect: 'Allow', Action: ['elasticloadbalancing:ModifyRule'], Resource: [ref('ApiListenerRule'), ref('ApiTestListenerRule')] },
          ],
        },
      },
    ],
  });
  assert.equal(s.output('GreenTargetGroupArn')['Value'], ref('ApiGreenTargetGroup'));
  assert.equal(s.outputNames.includes('CodeDeployDeploymentGroup'), false);
  assert.equal(out.result.warnings, []);
});

test('lifecycle hooks: a role for hooks given without one, allowed to invoke exactly their functions; a given role is used', () => {
  const out = compileTree((root) => {
    apiService(root, (b) => ({
      loadBalancer: routed(b),
      deployment: {
        strategy: 'BLUE_GREEN',
        blueGreen: {
          bakeTimeMinutes: 5,
          lifecycleHooks: [
            { functionArn: HOOK, stages: ['POST_TEST_TRAFFIC_SHIFT'], details: { url: 'https://test.example.com/health' }, timeoutMinutes: 30, onTimeout: 'ROLLBACK' },
            { functionArn: OTHER_HOOK, stages: ['PRE_SCALE_UP', 'POST_PRODUCTION_TRAFFIC_SHIFT'], roleArn: HOOK_ROLE },
          ],
        },
      },
    }));
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', {
    DeploymentConfiguration: {
      Strategy: 'BLUE_GREEN',
      BakeTimeInMinutes: 5,
      LifecycleHooks: [
        {
          HookTargetArn: HOOK,
          TargetType: 'AWS_LAMBDA',
          RoleArn: { 'Fn::GetAtt': ['ApiDeploymentHookRole', 'Arn'] },
          LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          HookDetails: { url: 'https://test.example.com/health' },
          TimeoutConfiguration: { TimeoutInMinutes: 30, Action: 'ROLLBACK' },
        },
        { HookTargetArn: OTHER_HOOK, TargetType: 'AWS_LAMBDA', RoleArn: HOOK_ROLE, LifecycleStages: ['PRE_SCALE_UP', 'POST_PRODUCTION_TRAFFIC_SHIFT'] },
      ],
    },
    // No test listener: no test rule.
    LoadBalancers: [{ AdvancedConfiguration: { TestListenerRule: absent, ProductionListenerRule: ref('ApiListenerRule') } }],
  });
  const role = s.byId('ApiDeploymentHookRole').properties;
  assert.equal(role['AssumeRolePolicyDocument'], {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } } }],
  });
  assert.equal(role['Policies'], [
    { PolicyName: 'invoke-hooks', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [HOOK] }] } },
  ]);
  // ModifyListener and ModifyRule on the production route only.
  const policy = (s.byId('ApiTrafficShiftRole').properties['Policies'] as { PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] } }[])[0]!;
  assert.equal(policy.PolicyDocument.Statement.find((x) => x.Sid === 'ShiftRuleWeights')!.Resource, [ref('ApiListenerRule')]);
});

test('CANARY and LINEAR: the strategy with its configuration (defaults from the ECS API), on the same two groups', () => {
  const canary = compileTree((root) => {
    apiService(root, (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'CANARY', canary: { percent: 12.5 } } }));
  });
  const linear = compileTree((root) => {
    apiService(root, (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'LINEAR', linear: { stepPercent: 20, stepBakeTimeMinutes: 3 }, blueGreen: { bakeTimeMinutes: 0 } } }));
  });
  const defaults = compileTree((root) => {
    apiService(root, (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'LINEAR' } }));
  });
  trees.push(canary.result, linear.result, defaults.result);
  canary.stack('Services').resource('AWS::ECS::Service', {
    DeploymentController: { Type: 'ECS' },
    DeploymentConfiguration: { Strategy: 'CANARY', BakeTimeInMinutes: 15, CanaryConfiguration: { CanaryPercent: 12.5, CanaryBakeTimeInMinutes: 10 }, LinearConfiguration: absent },
    LoadBalancers: [{ AdvancedConfiguration: { AlternateTargetGroupArn: ref('ApiGreenTargetGroup') } }],
  });
  linear.stack('Services').resource('AWS::ECS::Service', {
    DeploymentConfiguration: { Strategy: 'LINEAR', BakeTimeInMinutes: 0, LinearConfiguration: { StepPercent: 20, StepBakeTimeInMinutes: 3 }, CanaryConfiguration: absent },
  });
  defaults.stack('Services').resource('AWS::ECS::Service', { DeploymentConfiguration: { LinearConfiguration: { StepPercent: 10, StepBakeTimeInMinutes: 6 } } });
});

test('strategies ECS refuses, refused at compile time: path, value and what is allowed', () => {
  const errorFor = (extra: (b: Base) => Partial<FargateServiceProps>) =>
    inputErrorOf(() =>
      compileTree((root) => {
        const b = base(root);
        const services = root.nested('Services');
        apiServiceIn(services, b, extra(b));
      }),
    );
  const cases: [string, (b: Base) => Partial<FargateServiceProps>, string[]][] = [
    ['no load balancer', () => ({ deployment: { strategy: 'BLUE_GREEN' } }), ['service.deployment.strategy: "BLUE_GREEN"', 'needs a load balancer']],
    ['a dedicated listener', (b) => ({ loadBalancer: { listener: b.listener }, deployment: { strategy: 'CANARY' } }), ['service.loadBalancer.rule: undefined', 'is missing', 'editing a listener rule']],
    ['a test listener without a rule', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'BLUE_GREEN', blueGreen: { testListener: b.testListener } } }), ['service.deployment.blueGreen.testRule: undefined', 'TestListenerRule']],
    ['a test rule without its listener', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'BLUE_GREEN', blueGreen: { testRule: { priority: 3, pathPatterns: ['/*'] } } } }), ['service.deployment.blueGreen.testRule: "given"', 'needs the test listener']],
    ['a strategy under CODE_DEPLOY', (b) => ({ loadBalancer: routed(b), deployment: { controller: 'CODE_DEPLOY', strategy: 'BLUE_GREEN', blueGreen: testRoute(b) } }), ['service.deployment.strategy: "BLUE_GREEN"', 'only applies to the ECS deployment controller, not CODE_DEPLOY']],
    ['CodeDeploy settings under ECS', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'BLUE_GREEN', blueGreen: { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' } } }), ['service.deployment.blueGreen.deploymentConfigName: "CodeDeployDefault.ECSAllAtOnce"', 'only applies to the CODE_DEPLOY controller']],
    ['ECS settings under CODE_DEPLOY', (b) => ({ loadBalancer: routed(b), deployment: { controller: 'CODE_DEPLOY', blueGreen: { ...testRoute(b), bakeTimeMinutes: 5 } } }), ['service.deployment.blueGreen.bakeTimeMinutes: 5', 'only applies to the ECS deployment strategies']],
    ['canary settings with LINEAR', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'LINEAR', canary: { percent: 5 } } }), ['service.deployment.canary: "given"', 'only applies to the CANARY strategy, not LINEAR']],
    ['blue/green settings when rolling', (b) => ({ loadBalancer: routed(b), deployment: { blueGreen: { bakeTimeMinutes: 5 } } }), ['service.deployment.blueGreen: "given"', 'not the ROLLING strategy']],
    ['a canary share not in steps of 0.1', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'CANARY', canary: { percent: 12.55 } } }), ['service.deployment.canary.percent: 12.55', 'is not a multiple of 0.1']],
    ['a linear step below 3 %', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'LINEAR', linear: { stepPercent: 2 } } }), ['service.deployment.linear.stepPercent: 2', 'a percentage from 3 to 100']],
    ['a canary planned past 33 hours', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'CANARY', canary: { bakeTimeMinutes: 1440 }, blueGreen: { bakeTimeMinutes: 600 } } }), ['service.deployment.canary.bakeTimeMinutes: 1440', '2040 minutes', '33 hours']],
    // 100 / 3 is not whole: 33 steps of 60 minutes, plus 15 of bake: 1995 minutes.
    ['a linear deployment planned past 33 hours', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'LINEAR', linear: { stepPercent: 3, stepBakeTimeMinutes: 60 } } }), ['service.deployment.linear.stepBakeTimeMinutes: 60', '33 steps', '1995 minutes']],
    ['an unknown lifecycle stage', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'BLUE_GREEN', blueGreen: { lifecycleHooks: [{ functionArn: HOOK, stages: ['AFTER_LUNCH' as 'PRE_SCALE_UP'] }] } } }), ['service.deployment.blueGreen.lifecycleHooks[0].stages[0]: "AFTER_LUNCH"', LIFECYCLE_STAGES.join(', ')]],
    ['a hook that is no Lambda ARN', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'BLUE_GREEN', blueGreen: { lifecycleHooks: [{ functionArn: 'smoke-test', stages: ['PRE_SCALE_UP'] }] } } }), ['service.deployment.blueGreen.lifecycleHooks[0].functionArn: "smoke-test"', 'a Lambda function ARN']],
    ['request tracking on a group blue/green moves traffic away from', (b) => ({ loadBalancer: routed(b), deployment: { strategy: 'BLUE_GREEN' }, autoScaling: { minCapacity: 1, maxCapacity: 3, targetTracking: { requestsPerTarget: 100 } } }), ['service.autoScaling.targetTracking.requestsPerTarget: 100', 'two target groups']],
  ];
  for (const [what, extra, parts] of cases) {
    const message = errorFor(extra);
    for (const part of parts) assert.ok(message.includes(part), `${what}: "${message}" should contain "${part}"`);
  }
});

test('CODE_DEPLOY stays an option: a compile-time warning says its updates fail, and the preflight check flags the template', () => {
  const out = compileTree((root) => {
    apiService(root, (b) => ({ loadBalancer: routed(b), deployment: { controller: 'CODE_DEPLOY', blueGreen: testRoute(b) } }));
  });
  trees.push(out.result);
  out.stack('Services').resource('AWS::ECS::Service', { DeploymentController: { Type: 'CODE_DEPLOY' }, DeploymentConfiguration: { Strategy: absent, BakeTimeInMinutes: absent } });
  const messages = out.result.warnings.map((w) => `${w.stack}: ${w.message}`);
  assert.ok(messages.some((m) => m.startsWith('Root/Services: service.deployment.controller: CODE_DEPLOY: a stack update that changes') && m.includes('strategy BLUE_GREEN')), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('Root/Services: Api: Properties.TaskDefinition: is set on a service with the CODE_DEPLOY deployment controller') && m.endsWith('[ecs.code-deploy-updates]')), messages.join('\n'));
});

test('the check trips on any CODE_DEPLOY service whose template carries the task definition, and on nothing else', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const hand = root.nested('Hand');
    const taskDefinition = task(hand, 'Raw').taskDefinition;
    const service = (id: string, controller: string, withTask: boolean) =>
      hand.add(id, {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: b.cluster.cluster,
          DesiredCount: 1,
          DeploymentController: { Type: controller },
          ...(withTask ? { TaskDefinition: taskDefinition.ref } : {}),
          LaunchType: 'FARGATE',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: b.network.privateSubnetIds, AssignPublicIp: 'DISABLED' } },
        },
      });
    service('Legacy', 'CODE_DEPLOY', true);
    service('Rolling', 'ECS', true);
    service('TaskSets', 'EXTERNAL', false);
    hand.addCheck(codeDeployUpdatesCheck);
  });
  const flagged = out.result.warnings.filter((w) => w.message.endsWith('[ecs.code-deploy-updates]'));
  assert.equal(flagged.map((w) => `${w.stack} ${w.message.split(':')[0]}`), ['Root/Hand Legacy']);
  assert.ok(BLUEPRINT_CHECKS.includes(codeDeployUpdatesCheck), 'listed for the README table');
});

test('every template above is cfn-lint clean, and checkov clean on the services (the base stands in for a load balancer blueprint)', () => {
  assert.equal(lintCompiled(...trees), []);
  assert.equal(checkovCompiled(...trees).filter((finding) => !finding.includes('/Base.json')), []);
});

/** One service `Api` in `services`, on the base's cluster and network. */
function apiServiceIn(services: Stack, b: Base, extra: Partial<FargateServiceProps>) {
  return fargateService(services, 'Api', { cluster: b.cluster, network: b.network, task: task(services, 'Api'), ...extra });
}

test.run();
