/**
 * Service-to-service traffic: the callee's group admits the caller's group on the port the callee
 * serves (its Service Connect port by default, or the proxy's ingress port override), and the caller's
 * group may send to it. Nothing wider.
 */
import { InputError, s, type Res, type ResourceHandle, type Stack, type Value } from '../../../dsl/index.js';
import { isFargateService, type FargateService } from './fargate-service.js';
import { allowTraffic } from './security-group.js';

export const ServiceTrafficInput = s.object({
  /**
   * Callee port: a port mapping name (its Service Connect listen port when served, else its container
   * port) or a port number 1..65535 (or a deploy-time value). Default: the callee's only Service Connect port.
   */
  port: s.optional(s.either([s.string({ max: 64 }), s.deployTime(s.integer(1, 65535))], 'a port mapping name or a port number (1..65535)')),
  /** Rule description (as for security group rules). Default: `<caller id> to <callee id>`. */
  description: s.optional(s.string({ max: 255 })),
  /** Input path prefix for errors. Default `serviceTraffic`. */
  path: s.optional(s.string()),
});
export type ServiceTrafficProps = s.Input<typeof ServiceTrafficInput>;

const service = () => s.made<FargateService>(isFargateService, 'a service made by fargateService');

export function allowServiceTraffic(
  stack: Stack,
  id: string,
  from: FargateService,
  to: FargateService,
  props: ServiceTrafficProps = {},
): { ingress: Res<'AWS::EC2::SecurityGroupIngress'>; egress: Res<'AWS::EC2::SecurityGroupEgress'> } {
  const path = props.path ?? 'serviceTraffic';
  const p = s.parse(ServiceTrafficInput, props, path);
  s.parse(service(), from, `${path}.from`);
  s.parse(service(), to, `${path}.to`);
  const served = to.serviceConnectPorts;
  let port: number | Value<number>;
  if (p.port === undefined) {
    if (served.length !== 1) {
      throw new InputError(`${path}.port`, undefined, `is missing and ${to.service.id} serves ${served.length} Service Connect ports: name one`);
    }
    port = served[0]!.listenPort;
  } else if (typeof p.port !== 'string') {
    port = p.port;
  } else {
    const name = p.port;
    const servedPort = served.find((entry) => entry.port.name === name);
    const taskPort = to.task.containers.flatMap((c) => c.ports).find((entry) => entry.name === name);
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
    description: p.description ?? `${from.service.id} to ${to.service.id}`,
  });
}

function dependsOnTransitively(resource: ResourceHandle, target: ResourceHandle, seen = new Set<ResourceHandle>()): boolean {
  if (resource === target) return true;
  if (seen.has(resource)) return false;
  seen.add(resource);
  return resource.dependencies.some((dependency) => dependsOnTransitively(dependency, target, seen));
}
