/**
 * How a service deploys: the controller (ECS rolling, CODE_DEPLOY blue/green, EXTERNAL task sets),
 * the rolling bounds, the circuit breaker and deployment alarms. Combinations ECS refuses at
 * deployment time are refused here.
 */
import { check, InputError, type ResourceProps, type Value } from '../../../dsl/index.js';
import type { ListenerRef } from '../../loadbalancer/types.js';
import type { ListenerRouting } from '../service/load-balancing.js';

export type DeploymentController = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';

export interface BlueGreenProps {
  /** Listener CodeDeploy sends test traffic through before it shifts production traffic. */
  testListener: ListenerRef;
  /** Rule on the test listener. Omitted: the test listener is dedicated to this service. */
  testRule?: ListenerRouting;
  /**
   * Traffic shifting. Default `CodeDeployDefault.ECSAllAtOnce`; also `CodeDeployDefault.ECSLinear10PercentEvery1Minutes`,
   * `...ECSLinear10PercentEvery3Minutes`, `...ECSCanary10Percent5Minutes`, `...ECSCanary10Percent15Minutes` or a custom config name.
   */
  deploymentConfigName?: string;
  /** Minutes the previous (blue) tasks are kept after a successful shift, for a fast rollback: 0..2880. Default 5. */
  terminationWaitMinutes?: number;
  /** Minutes to wait for a manual go-ahead before rerouting; 0 (default) reroutes as soon as green is ready. 0..2880. */
  readyWaitMinutes?: number;
}

export interface ExternalProps {
  /** Identifier the external controller knows the task set by. Default: none. */
  externalId?: string;
  /** Share of the desired count the primary task set runs, 0..100. Default 100. */
  scalePercent?: number;
}

export interface DeploymentProps {
  /** Default `ECS` (rolling update). */
  controller?: DeploymentController;
  /** Lower bound of running tasks during a deployment, % of desired, 0..100. Default 100. */
  minimumHealthyPercent?: number;
  /** Upper bound of running tasks during a deployment, % of desired, 100..200. Default 200. */
  maximumPercent?: number;
  /**
   * Stop a deployment whose tasks keep failing, and roll back to the last good one (rollback default true).
   * ECS controller only; default on. `false` turns it off.
   */
  circuitBreaker?: { rollback?: boolean } | false;
  /**
   * CloudWatch alarms that fail a deployment while in ALARM (names). With ECS: the service's deployment
   * alarms (rollback default true); with CODE_DEPLOY: the deployment group's alarms (which roll back).
   */
  alarms?: { names: Value<string>[]; rollback?: boolean };
  /** Required with CODE_DEPLOY. */
  blueGreen?: BlueGreenProps;
  /** With EXTERNAL. */
  external?: ExternalProps;
}

type ServiceProps = ResourceProps<'AWS::ECS::Service'>;

export interface ResolvedDeployment {
  controller: DeploymentController;
  deploymentConfiguration: NonNullable<ServiceProps['DeploymentConfiguration']>;
}

export interface DeploymentContext {
  /** Service input path, e.g. `service`. */
  servicePath: string;
  serviceConnect: boolean;
  loadBalanced: boolean;
}

export function resolveDeployment(props: DeploymentProps | undefined, context: DeploymentContext): ResolvedDeployment {
  const path = `${context.servicePath}.deployment`;
  const p = props ?? {};
  const controller = check.oneOf(`${path}.controller`, p.controller ?? 'ECS', ['ECS', 'CODE_DEPLOY', 'EXTERNAL'] as const);
  const minimum = check.integerInRange(`${path}.minimumHealthyPercent`, p.minimumHealthyPercent ?? 100, 0, 100);
  const maximum = check.integerInRange(`${path}.maximumPercent`, p.maximumPercent ?? 200, 100, 200);

  if (controller !== 'ECS') {
    if (context.serviceConnect) {
      throw new InputError(`${path}.controller`, controller, `cannot be combined with Service Connect (${context.servicePath}.serviceConnect): Service Connect needs the ECS deployment controller`);
    }
    if (p.circuitBreaker) {
      throw new InputError(`${path}.circuitBreaker`, p.circuitBreaker, `only applies to the ECS deployment controller, not ${controller} (${controller === 'CODE_DEPLOY' ? 'CodeDeploy rolls back on its own' : 'the external controller decides'})`);
    }
  }
  if (controller === 'CODE_DEPLOY') {
    if (!context.loadBalanced) {
      throw new InputError(`${path}.controller`, controller, `needs a load balancer (${context.servicePath}.loadBalancer): blue/green shifts listener traffic`);
    }
    if (!p.blueGreen) throw new InputError(`${path}.blueGreen`, undefined, 'is missing: CODE_DEPLOY needs the test listener and traffic settings');
  } else if (p.blueGreen) {
    throw new InputError(`${path}.blueGreen`, 'given', `only applies to the CODE_DEPLOY controller, not ${controller}`);
  }
  if (p.external && controller !== 'EXTERNAL') {
    throw new InputError(`${path}.external`, 'given', `only applies to the EXTERNAL controller, not ${controller}`);
  }

  const deploymentConfiguration: ResolvedDeployment['deploymentConfiguration'] = {
    MinimumHealthyPercent: minimum,
    MaximumPercent: maximum,
  };
  if (p.alarms) check.countInRange(`${path}.alarms.names`, p.alarms.names, 1, 10, 'alarms');
  if (controller === 'ECS') {
    if (p.circuitBreaker !== false) {
      deploymentConfiguration.DeploymentCircuitBreaker = { Enable: true, Rollback: p.circuitBreaker?.rollback ?? true };
    }
    if (p.alarms) {
      deploymentConfiguration.Alarms = { AlarmNames: p.alarms.names, Enable: true, Rollback: p.alarms.rollback ?? true };
    }
  }
  return { controller, deploymentConfiguration };
}
