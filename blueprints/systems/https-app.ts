/**
 * Seed 001: one containerised app behind an Application Load Balancer, HTTPS with an ACM
 * certificate (a deploy-time parameter) and an HTTP listener that redirects to it, or plain HTTP:
 * one option, not two sets of files. Two public and two private subnets, one NAT gateway, VPC
 * endpoints for the AWS APIs the tasks use, scaling by load (CPU and memory target tracking) and by
 * time (scheduled actions), `/health` health checks.
 */
import { check, type Stack } from '../../dsl/index.js';
import { cluster } from '../ecs/cluster/index.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import type { ScheduleProps } from '../ecs/scaling/scheduled-actions.js';
import { fargateTask } from '../ecs/task/index.js';
import { network } from '../network/index.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

export interface HttpsAppProps {
  /** `https` (HTTPS listener with the certificate, HTTP redirects to it) or `http` only. Default `https`. */
  protocol?: 'http' | 'https';
  /** Container image. Default `amazon/amazon-ecs-sample` (the seed's default). */
  image?: string;
  /** Container port. Default 80. */
  containerPort?: number;
  /** Fewest tasks, 1..100 (at least 2 for production). Default 1. */
  minInstances?: number;
  /** Most tasks, minInstances..100. Default 2. */
  maxInstances?: number;
  /** Average CPU % target tracking holds. Default 70. */
  cpuTargetPercent?: number;
  /** Average memory % target tracking holds. Default 80. */
  memoryTargetPercent?: number;
  /**
   * Time-based scaling: by default down to `minInstances` at night (20:00) and back up to
   * `maxInstances` as the floor in the morning (07:00), Monday to Friday, in `timezone`.
   * Give `[]` for none.
   */
  schedules?: ScheduleProps[];
  /** IANA time zone of the default schedules. Default `UTC`. */
  timezone?: string;
  /** VPC CIDR, /16 to /24. Default `10.10.0.0/16`. */
  cidr?: string;
  /** ALB deletion protection. Default true. */
  deletionProtection?: boolean;
}

export function httpsApp(root: Stack, props: HttpsAppProps = {}): void {
  const protocol = props.protocol ?? 'https';
  const min = check.integerInRange('httpsApp.minInstances', props.minInstances ?? 1, 1, 100);
  const max = check.integerInRange('httpsApp.maxInstances', props.maxInstances ?? 2, min, 100);
  const port = props.containerPort ?? 80;
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
    cidr: props.cidr ?? '10.10.0.0/16',
    availabilityZones: 2,
    nat: 'single',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'events', 'logs', 'monitoring', 'sns'],
  });

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol,
    ...(certificate ? { certificateArn: certificate.ref } : {}),
    deletionProtection: props.deletionProtection ?? true,
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
        image: props.image ?? 'amazon/amazon-ecs-sample',
        portMappings: [{ name: 'http', containerPort: port, appProtocol: 'http' }],
        // The sample image writes to its web root at start.
        readonlyRootFilesystem: false,
      },
    ],
    cluster: ecs.ref,
  });
  const timezone = props.timezone ?? 'UTC';
  const app = fargateService(container, 'App', {
    path: 'httpsApp.service',
    cluster: ecs.ref,
    task,
    network: net.ref,
    loadBalancer: { listener: lb.listenerRef, targetGroup: { healthCheck: { path: '/health', matcher: '200' } } },
    autoScaling: {
      minCapacity: min,
      maxCapacity: max,
      targetTracking: { cpuPercent: props.cpuTargetPercent ?? 70, memoryPercent: props.memoryTargetPercent ?? 80 },
      schedules: props.schedules ?? [
        { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone, minCapacity: min, maxCapacity: min },
        { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone, minCapacity: min, maxCapacity: max },
      ],
    },
  });
  serviceOutputs(container, app, 'App');
  root.output('AlbDns', lb.alb.attr('DNSName'), { Description: 'DNS name of the load balancer (point the domain of the certificate here)' });
}
