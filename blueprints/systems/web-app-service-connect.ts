/**
 * Seed 000: client -> ALB -> web tasks -> ECS Service Connect -> app tasks, in a VPC with no NAT
 * gateway: image pulls (through the ECR pull-through cache for ECR Public), logs and ECS Exec go
 * through VPC endpoints. Nested stacks mirror the seed's modules: Network, EcrPullThroughCache,
 * LoadBalancer and Container.
 */
import type { Stack } from '../../dsl/index.js';
import { ecrPublicPullThroughCache } from '../ecr/index.js';
import { cluster } from '../ecs/cluster/index.js';
import { fargateTask, type ContainerProps } from '../ecs/task/index.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { allowServiceTraffic } from '../ecs/service/service-traffic.js';
import { network } from '../network/index.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

export interface WebAppServiceConnectProps {
  /** VPC CIDR, /16 to /24. Default `10.0.0.0/16`. */
  cidr?: string;
  /** ECR Public image of the web tier, pulled through the cache. Default `public.ecr.aws/nginx/nginx:stable`. */
  webImage?: string;
  /** ECR Public image of the app tier, pulled through the cache. Default `public.ecr.aws/docker/library/httpd:2.4`. */
  appImage?: string;
  /** Tasks per tier, 1..100. Default 2. */
  desiredCount?: number;
  /** ALB deletion protection. Default true. */
  deletionProtection?: boolean;
  /**
   * Create the ECS service-linked role `AWSServiceRoleForECS`. Default false: most accounts have it
   * already, and creating it again fails.
   */
  createServiceLinkedRole?: boolean;
  /** Name of the Service Connect (Cloud Map HTTP) namespace. Default `internal`. */
  namespace?: string;
}

/** Writable paths the images need under a read-only root filesystem. */
const SCRATCH_VOLUMES: Record<'web' | 'app', string[]> = {
  web: ['/var/cache/nginx', '/var/run'],
  app: ['/usr/local/apache2/logs'],
};

export function webAppServiceConnect(root: Stack, props: WebAppServiceConnectProps = {}): void {
  root.description = 'Web and app tiers on ECS Fargate: ALB -> web -> Service Connect -> app, no NAT';
  const desiredCount = props.desiredCount ?? 2;

  const net = network(root.nested('Network'), {
    cidr: props.cidr ?? '10.0.0.0/16',
    availabilityZones: 2,
    nat: 'none',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages', 'kms'],
  });

  const cache = ecrPublicPullThroughCache(root.nested('EcrPullThroughCache'), 'EcrPublic');

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol: 'http',
    deletionProtection: props.deletionProtection ?? true,
  });

  const container = root.nested('Container');
  const ecs = cluster(container, {
    exec: true,
    serviceConnect: { namespaceName: props.namespace ?? 'internal' },
    serviceLinkedRole: props.createServiceLinkedRole ?? false,
  });

  const tier = (name: 'web' | 'app', image: string): ContainerProps => ({
    name,
    image: cache.image(image),
    portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' }],
    mountPoints: SCRATCH_VOLUMES[name].map((containerPath, i) => ({ sourceVolume: `${name}-scratch-${i}`, containerPath })),
  });
  const task = (id: string, name: 'web' | 'app', image: string) =>
    fargateTask(container, id, {
      path: `${name}.task`,
      cpu: 256,
      memory: 512,
      containers: [tier(name, image)],
      volumes: SCRATCH_VOLUMES[name].map((_, i) => ({ name: `${name}-scratch-${i}` })),
      exec: true,
      cluster: ecs.ref,
    });

  const web = fargateService(container, 'Web', {
    path: 'web',
    cluster: ecs.ref,
    task: task('WebTask', 'web', props.webImage ?? 'public.ecr.aws/nginx/nginx:stable'),
    network: net.ref,
    desiredCount,
    loadBalancer: { listener: lb.listenerRef, targetGroup: { healthCheck: { path: '/' } } },
    serviceConnect: {},
    enableExec: true,
  });
  const app = fargateService(container, 'App', {
    path: 'app',
    cluster: ecs.ref,
    task: task('AppTask', 'app', props.appImage ?? 'public.ecr.aws/docker/library/httpd:2.4'),
    network: net.ref,
    desiredCount,
    serviceConnect: { services: [{ port: 'http', discoveryName: 'app', clientAliases: [{ port: 80, dnsName: 'app' }] }] },
    enableExec: true,
  });
  // The app admits the web tier only, on its Service Connect port; the web tier may call nothing else but AWS APIs.
  allowServiceTraffic(container, 'WebToApp', web, app, { path: 'app.ingress', description: 'Web tier to app tier through Service Connect' });
  serviceOutputs(container, web, 'Web');
  serviceOutputs(container, app, 'App');
  root.output('LoadBalancerDns', lb.alb.attr('DNSName'), { Description: 'Open http://<this>/ to reach the web tier' });
}
