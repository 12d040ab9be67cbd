/**
 * ECS-native blue/green, canary and linear deployments (controller ECS, DeploymentConfiguration
 * Strategy BLUE_GREEN | CANARY | LINEAR): ECS starts the new revision behind the alternate target
 * group, shifts the listener rules' forward weights to it (test rule first, then production), keeps
 * both revisions for the bake time and rolls back on alarms, the circuit breaker or a failing
 * lifecycle hook. Unlike CODE_DEPLOY, a stack update that changes the task definition starts such a
 * deployment. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
 *
 * ECS acts on the load balancer with an infrastructure role named in
 * `LoadBalancers[].AdvancedConfiguration.RoleArn`
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html).
 * Its permissions are those of the AWS managed policy AmazonECSInfrastructureRolePolicyForLoadBalancers
 * (v6: Describe{Listeners,Rules,TargetGroups,TargetHealth}, {Register,Deregister}Targets, ModifyListener,
 * ModifyRule; https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForLoadBalancers.html),
 * granted inline on this service's two target groups, its listeners and its listener rules only: the
 * managed policy grants them on every load balancer of the account, so any service given the role
 * could rewire any listener. The Describe actions take no resource (Service Authorization Reference),
 * hence `*`.
 */
import { Aws, type Res, type ResourceProps, type Stack, type Value } from '../../../dsl/index.js';
import { allow, policyDocument, serviceTrust } from '../../iam/index.js';
import type { LifecycleHookInput } from './deployment-configuration.js';
import type { s } from '../../../dsl/index.js';

type ServiceLoadBalancer = Extract<NonNullable<ResourceProps<'AWS::ECS::Service'>['LoadBalancers']>, readonly unknown[]>[number];
type DeploymentConfiguration = NonNullable<ResourceProps<'AWS::ECS::Service'>['DeploymentConfiguration']>;
export type AdvancedConfiguration = NonNullable<ServiceLoadBalancer['AdvancedConfiguration']>;
type LifecycleHook = Extract<NonNullable<DeploymentConfiguration['LifecycleHooks']>, readonly unknown[]>[number];

/**
 * ECS assumes these roles itself (service principal ecs.amazonaws.com); only on behalf of this account
 * (`aws:SourceAccount`, the confused-deputy guard of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). `aws:SourceArn` is left out:
 * AWS documents no source ARN for these assumptions (its own trust policy for the role has no condition).
 */
export function ecsServiceTrust() {
  return policyDocument([serviceTrust('ecs.amazonaws.com', { StringEquals: { 'aws:SourceAccount': Aws.accountId } })]);
}

export interface TrafficShiftRouting {
  /** Target group the service registers with now (blue), and the alternate one (green). */
  targetGroupArns: readonly [Value<string>, Value<string>];
  /** The production listener and rule, and the test ones when there is a test route. */
  listenerArns: readonly Value<string>[];
  productionRuleArn: Value<string>;
  testRuleArn: Value<string> | undefined;
  /** An existing infrastructure role to use instead of the one made here (it must allow the actions below). */
  roleArn?: Value<string>;
}

export interface TrafficShift {
  /** The infrastructure role made here (none when one was given). */
  role: Res<'AWS::IAM::Role'> | undefined;
  advancedConfiguration: AdvancedConfiguration;
}

export function trafficShift(stack: Stack, id: string, routing: TrafficShiftRouting): TrafficShift {
  const rules = [routing.productionRuleArn, ...(routing.testRuleArn !== undefined ? [routing.testRuleArn] : [])];
  const role = routing.roleArn !== undefined ? undefined : stack.add(`${id}Role`, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'ECS blue/green: moves listener rule weights between the two target groups of one service',
      AssumeRolePolicyDocument: ecsServiceTrust(),
      Policies: [
        {
          PolicyName: 'shift-listener-traffic',
          PolicyDocument: policyDocument([
            allow(['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'], ['*'], { sid: 'ReadLoadBalancing' }),
            allow(['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], [...routing.targetGroupArns], { sid: 'RegisterTasks' }),
            allow(['elasticloadbalancing:ModifyListener'], [...routing.listenerArns], { sid: 'ModifyListeners' }),
            allow(['elasticloadbalancing:ModifyRule'], rules, { sid: 'ShiftRuleWeights' }),
          ]),
        },
      ],
    },
  });
  const advancedConfiguration: AdvancedConfiguration = {
    AlternateTargetGroupArn: routing.targetGroupArns[1],
    ProductionListenerRule: routing.productionRuleArn,
    ...(routing.testRuleArn !== undefined ? { TestListenerRule: routing.testRuleArn } : {}),
    RoleArn: routing.roleArn ?? role!.attr('Arn'),
  };
  return { role, advancedConfiguration };
}

export interface LifecycleHooks {
  hooks: LifecycleHook[];
  /** The role made for hooks given without one. */
  role: Res<'AWS::IAM::Role'> | undefined;
}

/**
 * The service's lifecycle hooks (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html).
 * Hooks without a role share one made here, allowed to invoke exactly their functions.
 */
export function lifecycleHooks(stack: Stack, id: string, hooks: readonly s.Output<typeof LifecycleHookInput>[]): LifecycleHooks {
  const unroled = hooks.filter((hook) => hook.roleArn === undefined);
  const role = unroled.length
    ? stack.add(`${id}HookRole`, {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: 'ECS deployment lifecycle hooks: invoke the hook functions of one service',
          AssumeRolePolicyDocument: ecsServiceTrust(),
          Policies: [{ PolicyName: 'invoke-hooks', PolicyDocument: policyDocument([allow(['lambda:InvokeFunction'], unroled.map((hook) => hook.functionArn))]) }],
        },
      })
    : undefined;
  return {
    role,
    hooks: hooks.map((hook) => ({
      HookTargetArn: hook.functionArn,
      TargetType: 'AWS_LAMBDA',
      RoleArn: hook.roleArn ?? role!.attr('Arn'),
      LifecycleStages: [...hook.stages],
      ...(hook.details !== undefined ? { HookDetails: { ...hook.details } } : {}),
      ...(hook.timeoutMinutes !== undefined || hook.onTimeout !== undefined
        ? { TimeoutConfiguration: { ...(hook.timeoutMinutes !== undefined ? { TimeoutInMinutes: hook.timeoutMinutes } : {}), ...(hook.onTimeout !== undefined ? { Action: hook.onTimeout } : {}) } }
        : {}),
    })),
  };
}
