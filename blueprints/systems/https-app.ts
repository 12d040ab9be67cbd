/**
 * Seed 001: one containerised app behind an Application Load Balancer, HTTPS with an ACM
 * certificate (a deploy-time parameter) and an HTTP listener that redirects to it, or plain HTTP:
 * one option, not two sets of files. Two public and two private subnets, one NAT gateway, VPC
 * endpoints for the AWS APIs the tasks use, scaling by load (CPU and memory target tracking) and by
 * time (scheduled actions), health checks on a path the image answers.
 */
import { InputError, s, type Stack } from '../../dsl/index.js';
import { containerImage } from '../ecr/image.js';
import { cluster } from '../ecs/cluster/index.js';
import { ScheduleInput, timeZoneProblem } from '../ecs/scaling/scheduled-actions.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { fargateTask } from '../ecs/task/index.js';
import { network } from '../network/index.js';
import { isProduction, retainStatefulResources, type SystemContext } from './context.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

/** The seed's default image: Apache serving a sample page at `/` only (no `/health`). */
export const SAMPLE_IMAGE = 'amazon/amazon-ecs-sample';

export const HttpsAppInput = s.object({
  /** `https` (HTTPS listener with the certificate, HTTP redirects to it) or `http` only. Default `https`. */
  protocol: s.optional(s.oneOf(['http', 'https']), 'https'),
  /** Container image (`[registry/]repository[:tag]` or `@sha256:` digest). Default `amazon/amazon-ecs-sample` (the seed's default). */
  image: s.optional(containerImage(), SAMPLE_IMAGE),
  /** Container port, 1..65535. Default 80. */
  containerPort: s.optional(s.integer(1, 65535), 80),
  /**
   * Path the load balancer checks (200 is healthy). Default `/`: the default image serves `/` only,
   * so a product deploys as it is; the seed's `/health` is for images that serve it.
   */
  healthCheckPath: s.optional(s.deployTime(s.text(/^\/[\x21-\x7e]{0,1023}$/, 'a path starting with "/" (at most 1024 characters)')), '/'),
  /** Fewest tasks, 1..100 (at least 2 for production). Default 1. */
  minInstances: s.optional(s.integer(1, 100), 1),
  /** Most tasks, minInstances..100. Default 2. */
  maxInstances: s.optional(s.integer(1, 100), 2),
  /** Average CPU % target tracking holds, 1..100. Default 70. */
  cpuTargetPercent: s.optional(s.integer(1, 100), 70),
  /** Average memory % target tracking holds, 1..100. Default 80. */
  memoryTargetPercent: s.optional(s.integer(1, 100), 80),
  /**
   * Time-based scaling: by default down to `minInstances` at night (20:00) and back up to
   * `maxInstances` as the floor in the morning (07:00), Monday to Friday, in `timezone`.
   * Give `[]` for none.
   */
  schedules: s.optional(s.list(ScheduleInput, { max: 20 }, 'schedules')),
  /** IANA time zone of the default schedules. Default `UTC`. */
  timezone: s.optional(s.refine(s.string({ max: 50 }), timeZoneProblem), 'UTC'),
  /** VPC CIDR, /16 to /24. Default `10.10.0.0/16`. */
  cidr: s.optional(s.string({ max: 18 }), '10.10.0.0/16'),
  /** ALB deletion protection (and stateful resources retained). Default: on in production environments (prod, production), off elsewhere. */
  deletionProtection: s.optional(s.boolean()),
});
export type HttpsAppProps = s.Input<typeof HttpsAppInput>;

export function httpsApp(root: Stack, props: HttpsAppProps = {}, context?: SystemContext): void {
  const p = s.parse(HttpsAppInput, props, 'httpsApp');
  const { protocol, minInstances: min, maxInstances: max, containerPort: port } = p;
  if (max < min) throw new InputError('httpsApp.maxInstances', max, `is less than minInstances (${min})`);
  const protect = p.deletionProtection ?? isProduction(context);
  root.description = `One app on ECS Fargate behind an ${protocol === 'https' ? 'HTTPS' : 'HTTP'} Application Load Balancer`;

  const certificate =
    protocol === 'https'
      ? root.parameter('CertificateArn', {
          Type: 'String',
          Description: 'ACM certificate for the HTTPS listener (in the stack region)',
          AllowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+$',
          ConstraintDescription: 'an ACM certificate ARN',
          Label: 'ACM certificate ARN',
        })
      : undefined;

  const net = network(root.nested('Network'), {
    cidr: p.cidr,
    availabilityZones: 2,
    nat: 'single',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'events', 'logs', 'monitoring', 'sns'],
  });

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol,
    ...(certificate ? { certificateArn: certificate.ref } : {}),
    deletionProtection: protect,
  });

  const container = root.nested('Container');
  const ecs = cluster(container, { exec: false });
  const task = fargateTask(container, 'AppTask', {
    path: 'httpsApp.task',
    cpu: 256,
    memory: 512,
    containers: [
      {
        name: 'app',
        image: p.image,
        portMappings: [{ name: 'http', containerPort: port, appProtocol: 'http' }],
        // The sample image writes to its web root at start.
        readonlyRootFilesystem: false,
      },
    ],
    cluster: ecs.ref,
  });
  const timezone = p.timezone;
  const app = fargateService(container, 'App', {
    path: 'httpsApp.service',
    cluster: ecs.ref,
    task,
    network: net.ref,
    loadBalancer: { listener: lb.listenerRef, targetGroup: { healthCheck: { path: p.healthCheckPath, matcher: '200' } } },
    autoScaling: {
      minCapacity: min,
      maxCapacity: max,
      targetTracking: { cpuPercent: p.cpuTargetPercent, memoryPercent: p.memoryTargetPercent },
      schedules: p.schedules ?? [
        { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone, minCapacity: min, maxCapacity: min },
        { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone, minCapacity: min, maxCapacity: max },
      ],
    },
  });
  serviceOutputs(container, app, 'App');
  root.output('AlbDns', lb.alb.attr('DNSName'), { Description: 'DNS name of the load balancer (point the domain of the certificate here)' });
  if (protect) retainStatefulResources(root);
}
