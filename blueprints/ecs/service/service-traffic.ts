/**
 * Service-to-service traffic: the callee's group admits the caller's group on the port the callee
 * serves (its Service Connect port by default, or the proxy's ingress port override), and the caller's
 * group may send to it. Nothing wider.
 */
import { InputError, type Res, type ResourceHandle, type Stack } from '../../../dsl/index.js';
import type { FargateService } from './fargate-service.js';
import { allowTraffic } from './security-group.js';

export interface ServiceTrafficProps {
  /** Callee port name (Service Connect) or container port. Default: the callee's only Service Connect port. */
  port?: string | number;
  /** Rule description. Default: `From <caller id>` / `To <callee id>`. */
  description?: string;
  /** Input path prefix for errors. Default `serviceTraffic`. */
  path?: string;
}

export function allowServiceTraffic(
  stack: Stack,
  id: string,
  from: FargateService,
  to: FargateService,
  props: ServiceTrafficProps = {},
): { ingress: Res<'AWS::EC2::SecurityGroupIngress'>; egress: Res<'AWS::EC2::SecurityGroupEgress'> } {
  const path = props.path ?? 'serviceTraffic';
  const served = to.serviceConnectPorts;
  let port: number | undefined;
  if (props.port === undefined) {
    if (served.length !== 1) {
      throw new InputError(`${path}.port`, undefined, `is missing and ${to.service.id} serves ${served.length} Service Connect ports: name one`);
    }
    port = served[0]!.listenPort;
  } else if (typeof props.port === 'number') {
    port = props.port;
  } else {
    const name = props.port;
    const servedPort = served.find((s) => s.port.name === name);
    const taskPort = to.task.containers.flatMap((c) => c.ports).find((p) => p.name === name);
    if (!servedPort && !taskPort) throw new InputError(`${path}.port`, name, `is not a port name of ${to.service.id}`);
    port = servedPort ? servedPort.listenPort : taskPort!.containerPort;
  }
  // A Service Connect client starts after the server it calls, or its tasks may start without the
  // endpoint (see service-connect-ordering.ts). Two services calling each other cannot both wait:
  // the second call is left unordered, with a warning.
  if (from.serviceConnect && to.serviceConnectPorts.length) {
    if (dependsOnTransitively(to.service, from.service)) {
      stack.warn(`${from.service.id} and ${to.service.id} call each other over Service Connect: only one can start after the other`);
    } else {
      from.service.dependsOn(to.service);
    }
  }
  return allowTraffic(stack, id, { securityGroupId: from.securityGroupId }, { securityGroupId: to.securityGroupId }, {
    path,
    port,
    description: props.description ?? `${from.service.id} to ${to.service.id}`,
  });
}

function dependsOnTransitively(resource: ResourceHandle, target: ResourceHandle, seen = new Set<ResourceHandle>()): boolean {
  if (resource === target) return true;
  if (seen.has(resource)) return false;
  seen.add(resource);
  return resource.dependencies.some((dependency) => dependsOnTransitively(dependency, target, seen));
}
