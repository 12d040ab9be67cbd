/**
 * Seed 004, the smallest useful deployment: an ECS cluster, a Fargate task definition (256 CPU /
 * 512 MiB) whose container definitions are read from a JSON file, and a service behind an ALB
 * target group, in a two-AZ network without NAT. The tasks get a public IP in the public subnets,
 * as the seed asks (the network has no NAT to pull images through), but their security group
 * admits the load balancer only.
 */
import { s, type Stack } from '../../dsl/index.js';
import { cluster } from '../ecs/cluster/index.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { fargateTask, readContainerDefinitions } from '../ecs/task/index.js';
import { network } from '../network/index.js';
import { isProduction, retainStatefulResources, type SystemContext } from './context.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

export const MinimalServiceInput = s.object({
  /**
   * JSON file of container definitions in ECS's own format (as `aws ecs describe-task-definition`
   * prints them), relative to the project root. Malformed JSON, an unknown field or a bad value is
   * an error naming the file and the field.
   */
  containerDefinitionsFile: s.text(/^[^\0]+\.json$/, 'a path to a .json file', { max: 1024 }),
  /** VPC CIDR, /16 to /24. Default `10.0.0.0/16`. */
  cidr: s.optional(s.string({ max: 18 }), '10.0.0.0/16'),
  /** Tasks to run, 1..100. Default 2. */
  desiredCount: s.optional(s.integer(1, 100), 2),
  /** ALB deletion protection (and stateful resources retained). Default: on in production environments (prod, production), off elsewhere. */
  deletionProtection: s.optional(s.boolean()),
});
export type MinimalServiceProps = s.Input<typeof MinimalServiceInput>;

export function minimalService(root: Stack, props: MinimalServiceProps, context?: SystemContext): void {
  const p = s.parse(MinimalServiceInput, props, 'minimalService');
  root.description = 'Minimal ECS Fargate service behind an Application Load Balancer';
  const { desiredCount } = p;
  const protect = p.deletionProtection ?? isProduction(context);
  const containers = readContainerDefinitions(p.containerDefinitionsFile);

  const net = network(root.nested('Network'), { cidr: p.cidr, availabilityZones: 2, nat: 'none', s3GatewayEndpoint: false });

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol: 'http',
    deletionProtection: protect,
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
  if (protect) retainStatefulResources(root);
}
