/**
 * How a service deploys: the controller (ECS, CODE_DEPLOY, EXTERNAL), the ECS strategy (rolling,
 * blue/green, canary, linear), the rolling bounds, the circuit breaker and deployment alarms.
 * Combinations ECS refuses at deployment time are refused here.
 */
import { InputError, s, type ResourceProps } from '../../../dsl/index.js';
import { listenerRef, switchOr } from '../inputs.js';
import { ListenerRoutingInput } from '../service/load-balancing.js';

export type DeploymentController = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
export const DEPLOYMENT_STRATEGIES = ['ROLLING', 'BLUE_GREEN', 'CANARY', 'LINEAR'] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** The strategies in which ECS itself shifts traffic between two target groups (AdvancedConfiguration). */
export const TRAFFIC_SHIFTING: readonly DeploymentStrategy[] = ['BLUE_GREEN', 'CANARY', 'LINEAR'];

/**
 * Stages a lifecycle hook may run at (AWS::ECS::Service DeploymentLifecycleHook.LifecycleStages, in the
 * registry schema; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html).
 */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
] as const;

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
const CODE_DEPLOY_CONFIG = /^[A-Za-z0-9.\-_+=,@]{1,100}$/;

export const LifecycleHookInput = s.object({
  /** The Lambda function ECS invokes at the stages (its ARN, or a deploy-time value). */
  functionArn: s.deployTime(s.text(LAMBDA_ARN, 'a Lambda function ARN', { max: 256 })),
  /** Stages at which ECS invokes it: 1 to 8 of RECONCILE_SERVICE, PRE_SCALE_UP, ..., POST_PRODUCTION_TRAFFIC_SHIFT. */
  stages: s.list(s.oneOf(LIFECYCLE_STAGES, 'a deployment lifecycle stage'), { min: 1, max: LIFECYCLE_STAGES.length }, 'lifecycle stages'),
  /** Role ECS assumes to invoke the function (or a deploy-time value). Default: a role made here that may invoke this service's hook functions only. */
  roleArn: s.optional(s.deployTime(s.text(ROLE_ARN, 'an IAM role ARN', { max: 2048 }))),
  /** Parameters ECS passes to the function with each invocation (a JSON object of strings). Default: none. */
  details: s.optional(s.record(s.text(/^[A-Za-z0-9_.-]{1,128}$/, 'a key of letters, digits, _ . -', { max: 128 }), s.string({ max: 1024 }))),
  /** Minutes ECS waits for the hook, 1..20160, then rolls back (or continues, `onTimeout`). Default: ECS's. */
  timeoutMinutes: s.optional(s.deployTime(s.integer(1, 20160))),
  /** What ECS does when the hook times out: `ROLLBACK` or `CONTINUE`. Default: ECS's. */
  onTimeout: s.optional(s.oneOf(['ROLLBACK', 'CONTINUE'], 'a timeout action')),
});
export type LifecycleHookProps = s.Input<typeof LifecycleHookInput>;

/** Traffic shares ECS takes in steps of 0.1 % (CanaryPercent, StepPercent in the registry schema: multipleOf 0.1). */
function tenthsProblem(percent: number): string | undefined {
  return Math.abs(Math.round(percent * 10) - percent * 10) < 1e-9 ? undefined : 'is not a multiple of 0.1';
}
const percentInTenths = (min: number) => s.deployTime(s.refine(s.decimal(min, 100, `a percentage from ${min} to 100 in steps of 0.1`), tenthsProblem));

export const BlueGreenInput = s.object({
  /** A second listener for test traffic (the new revision answers there before production moves). ECS strategies: optional; CODE_DEPLOY: required. */
  testListener: s.optional(listenerRef()),
  /** Rule on the test listener. ECS strategies need one (ECS edits it); with CODE_DEPLOY, omitted: the test listener is dedicated to this service. */
  testRule: s.optional(ListenerRoutingInput),
  /**
   * ECS strategies only: minutes both revisions keep running after production traffic has moved,
   * 0..1440 (or a deploy-time value). Default 15 (ECS's default; the ECS API requires it for BLUE_GREEN).
   */
  bakeTimeMinutes: s.optional(s.deployTime(s.integer(0, 1440))),
  /** ECS strategies only: Lambda functions ECS calls at deployment stages; a failure or timeout rolls back. Default: none. */
  lifecycleHooks: s.optional(s.list(LifecycleHookInput, { max: 20 }, 'lifecycle hooks')),
  /**
   * CODE_DEPLOY only: traffic shifting. Default `CodeDeployDefault.ECSAllAtOnce`; also
   * `CodeDeployDefault.ECSLinear10PercentEvery1Minutes`, `...ECSLinear10PercentEvery3Minutes`,
   * `...ECSCanary10Percent5Minutes`, `...ECSCanary10Percent15Minutes` or a custom config name.
   */
  deploymentConfigName: s.optional(s.text(CODE_DEPLOY_CONFIG, 'a CodeDeploy deployment config name', { max: 100 })),
  /** CODE_DEPLOY only: minutes the previous (blue) tasks are kept after a successful shift, 0..2880 (or a deploy-time value). Default 5. */
  terminationWaitMinutes: s.optional(s.deployTime(s.integer(0, 2880))),
  /** CODE_DEPLOY only: minutes to wait for a manual go-ahead before rerouting, 0..2880 (or deploy-time); 0 (default) reroutes as soon as green is ready. */
  readyWaitMinutes: s.optional(s.deployTime(s.integer(0, 2880))),
});
export type BlueGreenProps = s.Input<typeof BlueGreenInput>;

export const CanaryInput = s.object({
  /** Share of production traffic the new revision takes first, 0.1..100 in steps of 0.1 (or a deploy-time value). Default 5. */
  percent: s.optional(percentInTenths(0.1), 5),
  /** Minutes the canary share runs before the rest moves, 0..1440 (or a deploy-time value). Default 10. */
  bakeTimeMinutes: s.optional(s.deployTime(s.integer(0, 1440)), 10),
});
export const LinearInput = s.object({
  /** Share of production traffic moved per step, 3..100 in steps of 0.1 (or a deploy-time value). Default 10. */
  stepPercent: s.optional(percentInTenths(3), 10),
  /** Minutes between steps, 0..1440 (or a deploy-time value). Default 6. */
  stepBakeTimeMinutes: s.optional(s.deployTime(s.integer(0, 1440)), 6),
});

export const ExternalInput = s.object({
  /** Identifier the external controller knows the task set by, at most 255 characters (or a deploy-time value). Default: none. */
  externalId: s.optional(s.deployTime(s.string({ max: 255 }))),
  /** Share of the desired count the primary task set runs, 0..100 (or a deploy-time value). Default 100. */
  scalePercent: s.optional(s.deployTime(s.integer(0, 100))),
  /**
   * false: the task set's Scale is left out of the template, so the external controller owns it
   * (UpdateTaskSet): no stack update sets it back (seed 003: "task set that ignores scale"); ECS starts the
   * task set at its default scale. Not with scalePercent. Default true (Scale is scalePercent, default 100).
   */
  manageScale: s.optional(s.boolean(), true),
});
export type ExternalProps = s.Input<typeof ExternalInput>;

const CircuitBreakerInput = s.object({
  /** Roll back to the last completed deployment when the breaker trips: true, false or a deploy-time value. Default true. */
  rollback: s.optional(s.deployTime(s.boolean()), true),
});

export const DeploymentInput = s.object({
  /**
   * `ECS` (default): ECS deploys, with `strategy`. `CODE_DEPLOY`: CodeDeploy blue/green. A stack update
   * that changes the task definition (a new image, say) then FAILS ("Unable to update task definition on
   * services with a CODE_DEPLOY deployment controller": only CodeDeploy deployments may change it,
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html); choosing it prints a
   * compile-time warning. Prefer `strategy: 'BLUE_GREEN'`. `EXTERNAL`: an external controller owns task sets.
   */
  controller: s.optional(s.oneOf(['ECS', 'CODE_DEPLOY', 'EXTERNAL'], 'a deployment controller'), 'ECS'),
  /**
   * ECS controller only: `ROLLING` (default), `BLUE_GREEN` (the new revision behind the alternate target
   * group, test traffic first, then all production traffic, kept `blueGreen.bakeTimeMinutes`), `CANARY`
   * (`canary.percent` first) or `LINEAR` (`linear.stepPercent` per step). The last three need a load
   * balancer with a listener rule, and update through CloudFormation like any ECS service.
   */
  strategy: s.optional(s.oneOf(DEPLOYMENT_STRATEGIES, 'an ECS deployment strategy')),
  /** Lower bound of running tasks during a deployment, % of desired, 0..100 (or a deploy-time value). Default 100. */
  minimumHealthyPercent: s.optional(s.deployTime(s.integer(0, 100)), 100),
  /** Upper bound of running tasks during a deployment, % of desired, 100..200 (or a deploy-time value). Default 200. */
  maximumPercent: s.optional(s.deployTime(s.integer(100, 200)), 200),
  /**
   * Stop a deployment whose tasks keep failing, and roll back (`{ rollback }`, default true). ECS
   * controller only (rolling and the blue/green family,
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html); default on.
   * `false` turns it off.
   */
  circuitBreaker: s.optional(switchOr(CircuitBreakerInput, 'true, false or { rollback }')),
  /**
   * CloudWatch alarms (1 to 10 names, each literal or deploy-time) that fail a deployment while in ALARM.
   * With ECS: the service's deployment alarms (rollback default true, or a deploy-time value); with
   * CODE_DEPLOY: the deployment group's alarms (which roll back).
   */
  alarms: s.optional(
    s.object({
      names: s.list(s.deployTime(s.string({ max: 255 })), { min: 1, max: 10 }, 'alarms'),
      rollback: s.optional(s.deployTime(s.boolean()), true),
    }),
  ),
  /** Test listener, bake time and lifecycle hooks of BLUE_GREEN, CANARY and LINEAR; test listener and traffic settings of CODE_DEPLOY (required there). */
  blueGreen: s.optional(BlueGreenInput),
  /** With strategy CANARY: the canary share and its bake time. Default `{ percent: 5, bakeTimeMinutes: 10 }`. */
  canary: s.optional(CanaryInput),
  /** With strategy LINEAR: the step share and the time between steps. Default `{ stepPercent: 10, stepBakeTimeMinutes: 6 }`. */
  linear: s.optional(LinearInput),
  /** With EXTERNAL: the primary task set's id and scale. */
  external: s.optional(ExternalInput),
});
export type DeploymentProps = s.Input<typeof DeploymentInput>;
export type Deployment = s.Output<typeof DeploymentInput>;

type ServiceProps = ResourceProps<'AWS::ECS::Service'>;

export interface ResolvedDeployment {
  controller: DeploymentController;
  /** The ECS strategy (ECS controller only). */
  strategy: DeploymentStrategy | undefined;
  /** Whether ECS shifts traffic between two target groups (BLUE_GREEN, CANARY, LINEAR). */
  shiftsTraffic: boolean;
  deployment: Deployment;
  /** Everything but the lifecycle hooks, which need roles (see ecs-traffic-shift.ts). */
  deploymentConfiguration: NonNullable<ServiceProps['DeploymentConfiguration']>;
}

export interface DeploymentContext {
  /** Service input path, e.g. `service`. */
  servicePath: string;
  serviceConnect: boolean;
  loadBalanced: boolean;
}

/**
 * CloudFormation refuses a canary or linear deployment whose planned duration passes 33 hours (its
 * handler times out at 36): BakeTimeInMinutes + CanaryBakeTimeInMinutes, or BakeTimeInMinutes +
 * StepBakeTimeInMinutes x steps (the registry schema of AWS::ECS::Service, CanaryConfiguration and
 * LinearConfiguration). Checked when every part is a literal.
 */
const MAX_PLANNED_MINUTES = 33 * 60;

const given = (value: unknown) => value !== undefined;

export function resolveDeployment(props: DeploymentProps | undefined, context: DeploymentContext): ResolvedDeployment {
  const path = `${context.servicePath}.deployment`;
  const p = s.parse(DeploymentInput, props ?? {}, path);
  const controller = p.controller;
  if (p.strategy !== undefined && controller !== 'ECS') {
    throw new InputError(`${path}.strategy`, p.strategy, `only applies to the ECS deployment controller, not ${controller}`);
  }
  const strategy = controller === 'ECS' ? (p.strategy ?? 'ROLLING') : undefined;
  const shiftsTraffic = strategy !== undefined && TRAFFIC_SHIFTING.includes(strategy);

  if (controller !== 'ECS') {
    if (context.serviceConnect) {
      throw new InputError(`${path}.controller`, controller, `cannot be combined with Service Connect (${context.servicePath}.serviceConnect): Service Connect needs the ECS deployment controller`);
    }
    if (p.circuitBreaker) {
      throw new InputError(`${path}.circuitBreaker`, p.circuitBreaker, `only applies to the ECS deployment controller, not ${controller} (${controller === 'CODE_DEPLOY' ? 'CodeDeploy rolls back on its own' : 'the external controller decides'})`);
    }
  }
  const blueGreen = p.blueGreen;
  if (controller === 'CODE_DEPLOY') {
    if (!context.loadBalanced) {
      throw new InputError(`${path}.controller`, controller, `needs a load balancer (${context.servicePath}.loadBalancer): blue/green shifts listener traffic`);
    }
    if (!blueGreen) throw new InputError(`${path}.blueGreen`, undefined, 'is missing: CODE_DEPLOY needs the test listener and traffic settings');
    if (!blueGreen.testListener) throw new InputError(`${path}.blueGreen.testListener`, undefined, 'is missing: CODE_DEPLOY sends test traffic through it before shifting production traffic');
    for (const key of ['bakeTimeMinutes', 'lifecycleHooks'] as const) {
      if (given(blueGreen[key])) throw new InputError(`${path}.blueGreen.${key}`, blueGreen[key], 'only applies to the ECS deployment strategies (BLUE_GREEN, CANARY, LINEAR), not CODE_DEPLOY (its deployment group has its own settings)');
    }
  } else if (shiftsTraffic) {
    if (!context.loadBalanced) {
      throw new InputError(`${path}.strategy`, strategy, `needs a load balancer (${context.servicePath}.loadBalancer): ECS shifts listener traffic between two target groups`);
    }
    for (const key of ['deploymentConfigName', 'terminationWaitMinutes', 'readyWaitMinutes'] as const) {
      if (given(blueGreen?.[key])) throw new InputError(`${path}.blueGreen.${key}`, blueGreen![key], `only applies to the CODE_DEPLOY controller, not the ECS ${strategy} strategy (use bakeTimeMinutes and lifecycleHooks)`);
    }
  } else if (blueGreen) {
    throw new InputError(`${path}.blueGreen`, 'given', `only applies to the BLUE_GREEN, CANARY and LINEAR strategies and the CODE_DEPLOY controller, not ${strategy ? `the ${strategy} strategy` : controller}`);
  }
  if (blueGreen?.testRule && !blueGreen.testListener) {
    throw new InputError(`${path}.blueGreen.testRule`, 'given', 'needs the test listener it is a rule of (blueGreen.testListener)');
  }
  if (p.canary && strategy !== 'CANARY') throw new InputError(`${path}.canary`, 'given', `only applies to the CANARY strategy, not ${strategy ?? controller}`);
  if (p.linear && strategy !== 'LINEAR') throw new InputError(`${path}.linear`, 'given', `only applies to the LINEAR strategy, not ${strategy ?? controller}`);
  if (p.external && controller !== 'EXTERNAL') {
    throw new InputError(`${path}.external`, 'given', `only applies to the EXTERNAL controller, not ${controller}`);
  }
  if (p.external && !p.external.manageScale && p.external.scalePercent !== undefined) {
    throw new InputError(`${path}.external.scalePercent`, p.external.scalePercent, 'cannot be given with manageScale false: the template then leaves the scale to the external controller');
  }

  const deploymentConfiguration: ResolvedDeployment['deploymentConfiguration'] = {
    MinimumHealthyPercent: p.minimumHealthyPercent,
    MaximumPercent: p.maximumPercent,
  };
  if (controller === 'ECS') {
    if (p.circuitBreaker !== false) {
      const breaker = s.parse(CircuitBreakerInput, p.circuitBreaker === true || p.circuitBreaker === undefined ? {} : p.circuitBreaker, `${path}.circuitBreaker`);
      deploymentConfiguration.DeploymentCircuitBreaker = { Enable: true, Rollback: breaker.rollback };
    }
    if (p.alarms) deploymentConfiguration.Alarms = { AlarmNames: p.alarms.names, Enable: true, Rollback: p.alarms.rollback };
  }
  if (shiftsTraffic) {
    const bake = blueGreen?.bakeTimeMinutes ?? 15;
    deploymentConfiguration.Strategy = strategy;
    deploymentConfiguration.BakeTimeInMinutes = bake;
    if (strategy === 'CANARY') {
      const canary = s.parse(CanaryInput, p.canary ?? {}, `${path}.canary`);
      deploymentConfiguration.CanaryConfiguration = { CanaryPercent: canary.percent, CanaryBakeTimeInMinutes: canary.bakeTimeMinutes };
      if (typeof bake === 'number' && typeof canary.bakeTimeMinutes === 'number' && bake + canary.bakeTimeMinutes > MAX_PLANNED_MINUTES) {
        throw new InputError(`${path}.canary.bakeTimeMinutes`, canary.bakeTimeMinutes, `plus the bake time (${bake}) is ${bake + canary.bakeTimeMinutes} minutes; CloudFormation refuses canary deployments planned longer than 33 hours (${MAX_PLANNED_MINUTES} minutes)`);
      }
    }
    if (strategy === 'LINEAR') {
      const linear = s.parse(LinearInput, p.linear ?? {}, `${path}.linear`);
      deploymentConfiguration.LinearConfiguration = { StepPercent: linear.stepPercent, StepBakeTimeInMinutes: linear.stepBakeTimeMinutes };
      const { stepPercent: step, stepBakeTimeMinutes: wait } = linear;
      if (typeof bake === 'number' && typeof step === 'number' && typeof wait === 'number') {
        // Steps as CloudFormation counts them: no wait after the shift that reaches 100 %.
        const tenths = Math.round(step * 10);
        const steps = 1000 % tenths === 0 ? 1000 / tenths - 1 : Math.floor(1000 / tenths);
        if (bake + wait * steps > MAX_PLANNED_MINUTES) {
          throw new InputError(`${path}.linear.stepBakeTimeMinutes`, wait, `x ${steps} steps plus the bake time (${bake}) is ${bake + wait * steps} minutes; CloudFormation refuses linear deployments planned longer than 33 hours (${MAX_PLANNED_MINUTES} minutes)`);
        }
      }
    }
  }
  return { controller, strategy, shiftsTraffic, deployment: p, deploymentConfiguration };
}
