/**
 * Seed 004, the smallest useful deployment: an ECS cluster, a Fargate task definition (256 CPU /
 * 512 MiB) whose container definitions are read from a JSON file, and a service behind an ALB
 * target group, in a two-AZ network without NAT. The tasks get a public IP in the public subnets,
 * as the seed asks (the network has no NAT to pull images through), but their security group
 * admits the load balancer only.
 */
import { check, type Stack } from '../../dsl/index.js';
import { cluster } from '../ecs/cluster/index.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { fargateTask, readContainerDefinitions } from '../ecs/task/index.js';
import { network } from '../network/index.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

export interface MinimalServiceProps {
  /**
   * JSON file of container definitions in the seed's format (`name`, `image`, `cpu`, `memory`,
   * `essential`, `portMappings`), relative to the project root. Malformed JSON, an unknown field or
   * a bad value is an error naming the file and the field.
   */
  containerDefinitionsFile: string;
  /** VPC CIDR, /16 to /24. Default `10.0.0.0/16`. */
  cidr?: string;
  /** Tasks to run, 1..100. Default 2. */
  desiredCount?: number;
  /** ALB deletion protection. Default false (the seed's environments are disposable). */
  deletionProtection?: boolean;
}

export function minimalService(root: Stack, props: MinimalServiceProps): void {
  root.description = 'Minimal ECS Fargate service behind an Application Load Balancer';
  const desiredCount = check.integerInRange('minimalService.desiredCount', props.desiredCount ?? 2, 1, 100);
  const containers = readContainerDefinitions(props.containerDefinitionsFile);

  const net = network(root.nested('Network'), { cidr: props.cidr ?? '10.0.0.0/16', availabilityZones: 2, nat: 'none', s3GatewayEndpoint: false });

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol: 'http',
    deletionProtection: props.deletionProtection ?? false,
  });

  const container = root.nested('Container');
  const ecs = cluster(container, { exec: false });
  const service = fargateService(container, 'Service', {
    path: 'minimalService.service',
    cluster: ecs.ref,
    network: net.ref,
    publicIp: true,
    desiredCount,
    task: fargateTask(container, 'TaskDefinition', { path: 'minimalService.task', cpu: 256, memory: 512, containers, cluster: ecs.ref }),
    loadBalancer: { listener: lb.listenerRef },
  });
  serviceOutputs(container, service, 'Service');
  root.output('LoadBalancerDns', lb.alb.attr('DNSName'), { Description: 'DNS name of the load balancer' });
}
