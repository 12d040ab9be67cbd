/**
 * Seed 001: one containerised app behind an Application Load Balancer, HTTPS with an ACM
 * certificate (a deploy-time parameter) and an HTTP listener that redirects to it, or plain HTTP:
 * one option, not two sets of files. Two public and two private subnets, one NAT gateway, VPC
 * endpoints for the AWS APIs the tasks use, scaling by load (CPU and memory target tracking) and by
 * time (scheduled actions), health checks on a path the image answers, a task role and ECS Exec
 * (the seed's "remote into a running ECS task").
 *
 * The seed's `region` input is the stack's own region: CloudFormation creates a stack, and all its
 * resources, in the region it is deployed to (the CLI's --region, the console's, the Service Catalog
 * launch's), so a second input could only disagree with it.
 */
import { isToken, InputError, s, type Stack, type Tok } from '../../dsl/index.js';
import { containerImage } from '../ecr/image.js';
import { cluster } from '../ecs/cluster/index.js';
import { ScheduleInput, timeZoneProblem } from '../ecs/scaling/scheduled-actions.js';
import { fargateService } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { fargateTask, TaskRoleInput } from '../ecs/task/index.js';
import type { ScheduledAction } from '../ecs/scaling/scalable-target.js';
import { network } from '../network/index.js';
import { isProduction, retainStatefulResources, type SystemContext } from './context.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

/** The seed's default image: Apache serving a sample page at `/` only (no `/health`). */
export const SAMPLE_IMAGE = 'amazon/amazon-ecs-sample';

/** An ACM certificate ARN (the HTTPS listener's). */
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const certificateInput = () => s.deployTime(s.text(ACM_CERTIFICATE_ARN, 'an ACM certificate ARN'));

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
  /**
   * Fewest tasks, 1..100 (at least 2 for production), or a deploy-time value. Default 1. At most
   * maxInstances: two literals are compared, a literal bounds the other's parameter.
   */
  minInstances: s.optional(s.deployTime(s.integer(1, 100)), 1),
  /** Most tasks, minInstances..100, or a deploy-time value. Default 2. */
  maxInstances: s.optional(s.deployTime(s.integer(1, 100)), 2),
  /** Average CPU % target tracking holds, 1..100, or a deploy-time value. Default 70. */
  cpuTargetPercent: s.optional(s.deployTime(s.integer(1, 100)), 70),
  /** Average memory % target tracking holds, 1..100, or a deploy-time value. Default 80. */
  memoryTargetPercent: s.optional(s.deployTime(s.integer(1, 100)), 80),
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
  /**
   * ALB deletion protection (and stateful resources retained). Default: on in production environments
   * (prod, production), off elsewhere. A deploy-time value switches the ALB's protection; stateful
   * resources are then always retained (a DeletionPolicy cannot follow a parameter here).
   */
  deletionProtection: s.optional(s.deployTime(s.boolean())),
  /**
   * ACM certificate of the HTTPS listener (`protocol: https`), or a deploy-time value. Default: a
   * `CertificateArn` template parameter, given at deploy time.
   */
  certificateArn: s.optional(certificateInput()),
  /**
   * ECS Exec, the seed's "remote into a running ECS task": the task role's exec statements (SSM
   * messages, the cluster's exec key and transcript log group), an init process, writable root
   * filesystems, the ssmmessages and kms interface endpoints, and EnableExecuteCommand. Default true.
   * A deploy-time value switches EnableExecuteCommand; the rest is made either way.
   */
  exec: s.optional(s.deployTime(s.boolean()), true),
  /**
   * What the application may do at run time (the seed's ecs_task_role and its policy): identity-policy
   * statements, managed policy ARNs, S3 buckets. Default: nothing beyond ECS Exec's statements; without
   * exec and without permissions there is no task role.
   */
  taskRole: s.optional(TaskRoleInput, {}),
});
export type HttpsAppProps = s.Input<typeof HttpsAppInput>;

export function httpsApp(root: Stack, props: HttpsAppProps = {}, context?: SystemContext): void {
  const p = s.parse(HttpsAppInput, props, 'httpsApp');
  const { protocol, minInstances: min, maxInstances: max, containerPort: port } = p;
  if (typeof min === 'number' && typeof max === 'number' && max < min) throw new InputError('httpsApp.maxInstances', max, `is less than minInstances (${min})`);
  if (protocol === 'http' && p.certificateArn !== undefined) {
    throw new InputError('httpsApp.certificateArn', p.certificateArn, 'is given but protocol is "http": plain HTTP takes no certificate (use protocol "https")');
  }
  const protect = p.deletionProtection ?? isProduction(context);
  /** Exec may be on: its role statements, endpoints and cluster settings are made (a deploy-time switch flips EnableExecuteCommand only). */
  const exec = p.exec !== false;
  root.description = `One app on ECS Fargate behind an ${protocol === 'https' ? 'HTTPS' : 'HTTP'} Application Load Balancer`;

  const certificateArn = protocol === 'https' ? (p.certificateArn ?? certificateParameter(root)) : undefined;

  const net = network(root.nested('Network'), {
    cidr: p.cidr,
    availabilityZones: 2,
    nat: 'single',
    // ECS Exec's agent reaches SSM messages, and the cluster's exec key, without leaving the VPC.
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'events', 'logs', 'monitoring', 'sns', ...(exec ? (['ssmmessages', 'kms'] as const) : [])],
  });

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol,
    ...(certificateArn !== undefined ? { certificateArn } : {}),
    deletionProtection: protect,
  });

  const container = root.nested('Container');
  const ecs = cluster(container, { exec });
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
    taskRole: p.taskRole,
    exec,
    cluster: ecs.ref,
  });
  const timezone = p.timezone;
  // Schedules take literal capacities: deploy-time ones are set on the scheduled actions afterwards.
  const literal = (value: number | Tok, fallback: number) => (typeof value === 'number' ? value : fallback);
  const [floor, ceiling] = [literal(min, 1), literal(max, Math.max(literal(min, 1), 1))];
  const defaultSchedules = !p.schedules;
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
        { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone, minCapacity: floor, maxCapacity: floor },
        { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone, minCapacity: floor, maxCapacity: ceiling },
      ],
    },
    enableExec: p.exec,
  });
  if (defaultSchedules && (isToken(min) || isToken(max))) {
    const [night, morning] = app.autoScaling!.target.props.ScheduledActions as ScheduledAction[] as unknown as { ScalableTargetAction: { MinCapacity: unknown; MaxCapacity: unknown } }[];
    night!.ScalableTargetAction = { MinCapacity: min, MaxCapacity: min };
    morning!.ScalableTargetAction = { MinCapacity: min, MaxCapacity: max };
  }
  serviceOutputs(container, app, 'App');
  root.output('AlbDns', lb.alb.attr('DNSName'), { Description: 'DNS name of the load balancer (point the domain of the certificate here)' });
  if (protect !== false) retainStatefulResources(root);
}

/** The certificate as a template parameter, when the inputs name none: in the console's load balancer group. */
function certificateParameter(root: Stack): Tok {
  const parameter = root.parameter('CertificateArn', {
    Type: 'String',
    Description: 'ACM certificate for the HTTPS listener (in the stack region)',
    ConstraintDescription: 'an ACM certificate ARN',
    Label: 'ACM certificate ARN',
  });
  root.parameterGroup('Load balancer', [parameter]);
  // Checked as the certificateArn input is: its pattern becomes the parameter's.
  s.parse(certificateInput(), parameter.ref, 'httpsApp.certificateArn');
  return parameter.ref;
}
