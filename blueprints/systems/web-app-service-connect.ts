/**
 * Seed 000: client -> ALB -> web tasks -> ECS Service Connect -> app tasks, in a VPC with no NAT
 * gateway: image pulls (through the ECR pull-through cache for ECR Public), logs and ECS Exec go
 * through VPC endpoints. Nested stacks mirror the seed's modules: Network, EcrPullThroughCache,
 * LoadBalancer and Container.
 */
import { Fn, s, type Stack } from '../../dsl/index.js';
import { ecrPublicPullThroughCache } from '../ecr/index.js';
import { ecsServiceLinkedRole } from '../iam/index.js';
import { cluster } from '../ecs/cluster/index.js';
import { fargateTask, type ContainerProps } from '../ecs/task/index.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { allowServiceTraffic } from '../ecs/service/service-traffic.js';
import { network } from '../network/index.js';
import { isProduction, retainStatefulResources, type SystemContext } from './context.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

/** An ECR Public image (pulled through the account's cache): `public.ecr.aws/<namespace>/<repository>[:tag]`, or a deploy-time value. */
const publicImage = () => s.deployTime(s.text(/^public\.ecr\.aws\/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$/, 'an ECR Public image (public.ecr.aws/<namespace>/<repository>[:tag])', { max: 255 }));

export const WebAppServiceConnectInput = s.object({
  /** VPC CIDR, /16 to /24. Default `10.0.0.0/16`. */
  cidr: s.optional(s.string({ max: 18 }), '10.0.0.0/16'),
  /** ECR Public image of the web tier, pulled through the cache (or a deploy-time value). Default `public.ecr.aws/nginx/nginx:stable`. */
  webImage: s.optional(publicImage(), 'public.ecr.aws/nginx/nginx:stable'),
  /** ECR Public image of the app tier, pulled through the cache (or a deploy-time value). Default `public.ecr.aws/docker/library/httpd:2.4`. */
  appImage: s.optional(publicImage(), 'public.ecr.aws/docker/library/httpd:2.4'),
  /** Tasks per tier, 1..100, or a deploy-time value. Default 2. */
  desiredCount: s.optional(s.deployTime(s.integer(1, 100)), 2),
  /**
   * ALB deletion protection (and stateful resources retained). Default: on in production environments
   * (prod, production), off elsewhere. A deploy-time value switches the ALB's protection; stateful
   * resources are then always retained (a DeletionPolicy cannot follow a parameter here).
   */
  deletionProtection: s.optional(s.deployTime(s.boolean())),
  /**
   * Create the ECS service-linked role `AWSServiceRoleForECS`. Default false: most accounts have it
   * already, and creating it again fails. A deploy-time value makes the role under a Condition (ECS
   * makes the role itself when it creates a cluster in an account without it).
   */
  createServiceLinkedRole: s.optional(s.deployTime(s.boolean()), false),
  /** Name of the Service Connect (Cloud Map HTTP) namespace (lower-case DNS name), or a deploy-time value. Default `internal`. */
  namespace: s.optional(s.deployTime(s.text(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'a lower-case DNS name', { max: 253 })), 'internal'),
  /**
   * ECS Exec into both tiers (the seed's: task roles with the exec statements, the exec KMS key, the
   * ssmmessages and kms endpoints). Default true. A deploy-time value switches EnableExecuteCommand;
   * the rest is made either way.
   */
  exec: s.optional(s.deployTime(s.boolean()), true),
});
export type WebAppServiceConnectProps = s.Input<typeof WebAppServiceConnectInput>;

export function webAppServiceConnect(root: Stack, props: WebAppServiceConnectProps = {}, context?: SystemContext): void {
  const p = s.parse(WebAppServiceConnectInput, props, 'webApp');
  root.description = 'Web and app tiers on ECS Fargate: ALB -> web -> Service Connect -> app, no NAT';
  const desiredCount = p.desiredCount;
  const protect = p.deletionProtection ?? isProduction(context);

  const net = network(root.nested('Network'), {
    cidr: p.cidr,
    availabilityZones: 2,
    nat: 'none',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages', 'kms'],
  });

  const cache = ecrPublicPullThroughCache(root.nested('EcrPullThroughCache'), 'EcrPublic');

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol: 'http',
    deletionProtection: protect,
  });

  const container = root.nested('Container');
  const linkedRole = p.createServiceLinkedRole;
  /** Exec may be on: its key, log group and role statements are made (a deploy-time switch flips EnableExecuteCommand only). */
  const exec = p.exec !== false;
  const ecs = cluster(container, {
    exec,
    serviceConnect: { namespaceName: p.namespace },
    serviceLinkedRole: linkedRole === true,
  });
  if (typeof linkedRole !== 'boolean') {
    const create = container.condition('ServiceLinkedRoleWanted', Fn.equals(linkedRole, 'true'));
    ecsServiceLinkedRole(container).def.Condition = create;
  }

  // With ECS Exec on, the containers' root filesystems are writable (ECS Exec does not support
  // read-only ones; the build says so); without it too, as nginx and httpd write outside any volume.
  // The image comes through the cache, and the task definition depends on its rule.
  const tier = (name: 'web' | 'app', image: s.Output<ReturnType<typeof publicImage>>): ContainerProps => ({
    name,
    image: cache.image(image),
    portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' }],
    ...(exec ? {} : { readonlyRootFilesystem: false }),
  });
  const task = (id: string, name: 'web' | 'app', image: s.Output<ReturnType<typeof publicImage>>) =>
    fargateTask(container, id, {
      path: `${name}.task`,
      cpu: 256,
      memory: 512,
      containers: [tier(name, image)],
      exec,
      cluster: ecs.ref,
    });

  const web = fargateService(container, 'Web', {
    path: 'web',
    cluster: ecs.ref,
    task: task('WebTask', 'web', p.webImage),
    network: net.ref,
    desiredCount,
    loadBalancer: { listener: lb.listenerRef, targetGroup: { healthCheck: { path: '/' } } },
    serviceConnect: {},
    enableExec: p.exec,
  });
  const app = fargateService(container, 'App', {
    path: 'app',
    cluster: ecs.ref,
    task: task('AppTask', 'app', p.appImage),
    network: net.ref,
    desiredCount,
    serviceConnect: { services: [{ port: 'http', discoveryName: 'app', clientAliases: [{ port: 80, dnsName: 'app' }] }] },
    enableExec: p.exec,
  });
  // The app admits the web tier only, on its Service Connect port; the web tier may call nothing else but AWS APIs.
  allowServiceTraffic(container, 'WebToApp', web, app, { path: 'app.ingress', description: 'Web tier to app tier through Service Connect' });
  serviceOutputs(container, web, 'Web');
  serviceOutputs(container, app, 'App');
  root.output('LoadBalancerDns', lb.alb.attr('DNSName'), { Description: 'Open http://<this>/ to reach the web tier' });
  if (protect !== false) retainStatefulResources(root);
}
