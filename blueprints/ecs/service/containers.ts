/** Finding the container and port a service feature names, with errors that list what the task has. */
import { InputError, type Tok } from '../../../dsl/index.js';
import type { ContainerInfo, PortInfo, Task } from '../types.js';

export interface ContainerPort {
  container: ContainerInfo;
  port: PortInfo;
}

function describePorts(task: Task): string {
  const all = task.containers.flatMap((c) => c.ports.map((p) => `${c.name}:${p.containerPort}${p.name ? ` (${p.name})` : ''}`));
  return all.length ? all.join(', ') : 'no container ports';
}

/** Where load balancer traffic lands: a container and its port (a deploy-time value when the port is one). */
export interface LoadBalancerTarget {
  container: ContainerInfo;
  containerPort: number | Tok;
}

/**
 * The container and TCP port that receive load balancer traffic. Defaults: the first essential
 * container with a TCP port, and that container's first TCP port. A deploy-time port is taken as
 * given (the container's port mappings cannot be compared with it at compile time).
 */
export function loadBalancerTarget(task: Task, path: string, containerName: string | undefined, containerPort: number | Tok | undefined): LoadBalancerTarget {
  if (containerPort === undefined || typeof containerPort === 'number') {
    const found = targetContainerPort(task, path, containerName, containerPort);
    return { container: found.container, containerPort: found.port.containerPort };
  }
  const container = containerName !== undefined ? task.containers.find((c) => c.name === containerName) : task.containers.find((c) => c.essential);
  if (!container) {
    throw new InputError(`${path}.containerName`, containerName, `is not a container of the task (${task.containers.map((c) => c.name).join(', ')})`);
  }
  return { container, containerPort };
}

/**
 * The container and TCP port that receive load balancer traffic. Defaults: the first essential
 * container with a TCP port, and that container's first TCP port.
 */
export function targetContainerPort(task: Task, path: string, containerName?: string, containerPort?: number): ContainerPort {
  const container = containerName !== undefined
    ? task.containers.find((c) => c.name === containerName)
    : task.containers.find((c) => c.essential && c.ports.some((p) => p.protocol === 'tcp'));
  if (!container) {
    if (containerName !== undefined) {
      throw new InputError(`${path}.containerName`, containerName, `is not a container of the task (${task.containers.map((c) => c.name).join(', ')})`);
    }
    throw new InputError(`${path}.containerName`, undefined, `is missing and no essential container has a TCP port (task has ${describePorts(task)})`);
  }
  const tcp = container.ports.filter((p) => p.protocol === 'tcp');
  const port = containerPort !== undefined ? tcp.find((p) => p.containerPort === containerPort) : tcp[0];
  if (!port) {
    throw new InputError(
      `${path}.containerPort`,
      containerPort,
      `is not a TCP port of container ${container.name} (${tcp.map((p) => p.containerPort).join(', ') || 'it has none'})`,
    );
  }
  return { container, port };
}

/**
 * The named port mapping Service Connect serves: by port name, or by container port number (which
 * must then carry a name, as Service Connect addresses port mappings by name).
 */
export function serviceConnectPort(task: Task, path: string, port: string | number): ContainerPort {
  for (const container of task.containers) {
    for (const p of container.ports) {
      if (typeof port === 'string' ? p.name === port : p.containerPort === port) {
        if (!p.name) {
          throw new InputError(path, port, `is port ${p.containerPort} of container ${container.name}, which has no name: Service Connect needs a named port mapping (PortInfo.name)`);
        }
        return { container, port: p };
      }
    }
  }
  throw new InputError(path, port, `is not a port of the task (${describePorts(task)})`);
}
