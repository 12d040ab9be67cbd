/**
 * Seed 003: the full ECS platform. One cluster with Fargate, Fargate Spot and an EC2 Auto Scaling
 * group capacity provider (Fargate providers in the default strategy: EC2 and Fargate do not mix
 * in one), and one service per deployment controller and logging mode, each in its own nested
 * stack under `Services`. Every log group a service writes to is a resource of the product: the
 * task blueprint's `ecsCreatedGroup` mode (seed 003's "group ECS creates") stays a blueprint option,
 * but no service here uses it (such a group is unencrypted, kept forever and shared by staging and
 * production):
 *
 * | service | controller | logging | execution role | scaling |
 * |---|---|---|---|---|
 * | api | ECS rolling, circuit breaker | managed log group | shared | target tracking + schedules |
 * | web | ECS-native blue/green (test listener, bake time) | managed log group | its own | target tracking |
 * | worker | EXTERNAL (task set) | none | shared | target tracking (CPU) |
 * | ingest | ECS rolling | FireLens + Fluent Bit (multi-container) | its own | step scaling on CPU |
 * | batch | ECS rolling, on the EC2 capacity provider (spread over zones, bin-packed by memory) | managed log group | shared | target tracking (CPU) |
 *
 * The cluster keeps a CloudWatch log group of its own (seed 003) although Exec is off. The api image
 * may come from SSM Parameter Store (`apiImage`), where a release tool writes it (seed 003's image tag
 * in SSM).
 *
 * Auto scaling is on for every service by default, as seed 003 has it (`enable_autoscaling`); with
 * `autoScaling: false` each runs a fixed count.
 */
import { Aws, s, type Stack } from '../../dsl/index.js';
import { cluster } from '../ecs/cluster/index.js';
import { knownInstanceType } from '../ecs/cluster/instance-types.js';
import { fargateService, type FargateService, type FargateServiceProps } from '../ecs/service/fargate-service.js';
import { serviceOutputs } from '../ecs/service/outputs.js';
import { fargateTask } from '../ecs/task/index.js';
import { ssmImage, SsmImageInput } from '../ecs/task/ssm-image.js';
import { allow } from '../iam/index.js';
import type { ListenerRef } from '../loadbalancer/index.js';
import { network } from '../network/index.js';
import { isProduction, retainStatefulResources, type SystemContext } from './context.js';
import { publicLoadBalancerStack } from './public-load-balancer.js';

export const EcsPlatformInput = s.object({
  /** VPC CIDR, /16 to /24. Default `10.20.0.0/16`. */
  cidr: s.optional(s.string({ max: 18 }), '10.20.0.0/16'),
  /** Availability zones, 2..6. Default 3. */
  availabilityZones: s.optional(s.integer(2, 6), 3),
  /** EC2 capacity of the cluster's Auto Scaling group capacity provider. */
  ec2: s.optional(
    s.object({
      /** Instance type: one the EC2 API knows (e.g. `m6i.large`; a misspelt type fails the build). Default `t3.medium`. */
      instanceType: s.optional(knownInstanceType(), 't3.medium'),
      /** Most instances, 1..1000. Default 2. */
      maxSize: s.optional(s.integer(1, 1000), 2),
    }),
    {},
  ),
  /**
   * The api service's image from an SSM String parameter a release tool writes (seed 003): CloudFormation
   * reads it at every stack update. `parameterName` holds the tag of `repository` (an ECR repository of the
   * account), or without `repository` the whole image reference. Default: the public httpd image at `imageTag`.
   */
  apiImage: s.optional(SsmImageInput),
  /** Image tag deployed by every service (a Docker tag). Default `stable`. */
  imageTag: s.optional(s.text(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag (letters, digits, _ . -; at most 128)'), 'stable'),
  /** ALB deletion protection (and stateful resources retained). Default: on in production environments (prod, production), off elsewhere. */
  deletionProtection: s.optional(s.boolean()),
  /**
   * Scale every service's desired count (seed 003's enable_autoscaling; the worker's task set follows
   * its service's count). Default true. false: fixed counts (api 2, web 2, worker 2, ingest 1).
   */
  autoScaling: s.optional(s.boolean(), true),
});
export type EcsPlatformProps = s.Input<typeof EcsPlatformInput>;

const TEST_LISTENER_PORT = 8443;

export function ecsPlatform(root: Stack, props: EcsPlatformProps = {}, context?: SystemContext): void {
  const p = s.parse(EcsPlatformInput, props, 'ecsPlatform');
  const protect = p.deletionProtection ?? isProduction(context);
  root.description = 'ECS platform: one cluster (Fargate, Fargate Spot, EC2), services for each deployment controller and logging mode';
  const tag = p.imageTag;
  const image = (name: string) => `public.ecr.aws/docker/library/${name}:${tag}`;
  const certificate = root.parameter('CertificateArn', {
    Type: 'String',
    Description: 'ACM certificate of the platform load balancer',
    AllowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+$',
    ConstraintDescription: 'an ACM certificate ARN',
    Label: 'ACM certificate ARN',
  });

  const cidr = p.cidr;
  const net = network(root.nested('Network'), {
    cidr,
    availabilityZones: p.availabilityZones,
    nat: 'perAz',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
  });

  const lb = publicLoadBalancerStack(root, net.ref, {
    protocol: 'https',
    certificateArn: certificate.ref,
    deletionProtection: protect,
  });
  // Blue/green test traffic: a second HTTPS listener, reachable from inside the VPC only.
  const balancing = lb.alb.stack;
  const testListener = balancing.add('TestListener', {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: lb.alb.ref,
      Port: TEST_LISTENER_PORT,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: certificate.ref }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } }],
    },
  });
  balancing.add('TestListenerIngress', {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: lb.securityGroup.attr('GroupId'),
      IpProtocol: 'tcp',
      FromPort: TEST_LISTENER_PORT,
      ToPort: TEST_LISTENER_PORT,
      CidrIp: cidr,
      Description: 'Blue/green test traffic from inside the VPC',
    },
  });
  const testListenerRef: ListenerRef = { listener: testListener, loadBalancerSecurityGroupId: lb.securityGroup.attr('GroupId'), priorityScope: testListener.path };

  const platform = root.nested('Cluster');
  const instances = platform.add('InstanceSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'EC2 container instances: no ingress; HTTPS out for the ECS agent and image pulls',
      VpcId: net.ref.vpcId,
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'ECS agent, ECR and AWS APIs' }],
    },
  });
  const ecs = cluster(platform, {
    containerInsights: 'enabled',
    capacity: {
      fargate: true,
      fargateSpot: true,
      ec2: {
        instanceType: p.ec2.instanceType,
        maxSize: p.ec2.maxSize,
        subnetIds: net.ref.privateSubnetIds,
        securityGroupIds: [instances.attr('GroupId')],
      },
    },
    defaultStrategy: [
      { provider: 'FARGATE', base: 1, weight: 1 },
      { provider: 'FARGATE_SPOT', weight: 3 },
    ],
    exec: false,
    logGroup: true,
    sharedExecutionRole: true,
  });
  const shared = { shared: ecs.sharedExecutionRole! };
  const services = root.nested('Services');
  const made: FargateService[] = [];
  /** The scaling of a service, or its fixed count when auto scaling is off. */
  const scaling = (fixed: number, auto: FargateServiceProps['autoScaling']) => (p.autoScaling ? { autoScaling: auto } : { desiredCount: fixed });

  // api: rolling with circuit breaker, managed log group, shared execution role, load- and time-based scaling.
  const api = services.nested('Api');
  made.push(
    fargateService(api, 'Api', {
      path: 'api',
      cluster: ecs.ref,
      network: net.ref,
      task: fargateTask(api, 'ApiTask', {
        path: 'api.task',
        cpu: 512,
        memory: 1024,
        containers: [{ name: 'api', image: p.apiImage ? ssmImage(root, 'ApiImage', { ...p.apiImage, path: 'apiImage' }) : image('httpd'), portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' }], readonlyRootFilesystem: false }],
        executionRole: shared,
        cluster: ecs.ref,
      }),
      loadBalancer: { listener: lb.listenerRef, rule: { priority: 10, pathPatterns: ['/api/*'] }, targetGroup: { healthCheck: { path: '/' } } },
      deployment: { controller: 'ECS', circuitBreaker: { rollback: true }, minimumHealthyPercent: 100, maximumPercent: 200 },
      ...scaling(2, {
        minCapacity: 2,
        maxCapacity: 10,
        targetTracking: { cpuPercent: 60, requestsPerTarget: 1000 },
        schedules: [
          { name: 'evening', schedule: 'cron(0 21 * * ? *)', minCapacity: 2, maxCapacity: 4 },
          { name: 'morning', schedule: 'cron(0 6 * * ? *)', minCapacity: 2, maxCapacity: 10 },
        ],
      }),
    }),
  );

  // web: ECS-native blue/green (test traffic first, 15 minutes' bake), its own execution role; logs to a
  // log group of the stack (not one ECS creates: unencrypted, kept forever, shared by staging and
  // production). Not CODE_DEPLOY: its next stack update with a new imageTag would fail.
  const web = services.nested('Web');
  made.push(
    fargateService(web, 'Web', {
      path: 'web',
      cluster: ecs.ref,
      network: net.ref,
      task: fargateTask(web, 'WebTask', {
        path: 'web.task',
        cpu: 256,
        memory: 512,
        containers: [{ name: 'web', image: image('nginx'), portMappings: [{ name: 'http', containerPort: 80 }], readonlyRootFilesystem: false }],
        cluster: ecs.ref,
      }),
      loadBalancer: { listener: lb.listenerRef, rule: { priority: 100, pathPatterns: ['/*'] } },
      deployment: {
        strategy: 'BLUE_GREEN',
        blueGreen: { testListener: testListenerRef, testRule: { priority: 100, pathPatterns: ['/*'] }, bakeTimeMinutes: 15 },
      },
      ...scaling(2, { minCapacity: 2, maxCapacity: 6, targetTracking: { cpuPercent: 70 } }),
    }),
  );

  // worker: an external controller owns deployments through task sets; no logging. Its primary task
  // set runs a share of the service's count, which the scaler owns like any other service's.
  const worker = services.nested('Worker');
  made.push(
    fargateService(worker, 'Worker', {
      path: 'worker',
      cluster: ecs.ref,
      network: net.ref,
      ...scaling(2, { minCapacity: 2, maxCapacity: 6, targetTracking: { cpuPercent: 70 } }),
      task: fargateTask(worker, 'WorkerTask', {
        path: 'worker.task',
        cpu: 256,
        memory: 512,
        containers: [{ name: 'worker', image: image('busybox'), command: ['sh', '-c', 'while true; do sleep 60; done'] }],
        logging: { mode: 'none' },
        executionRole: shared,
        cluster: ecs.ref,
      }),
      deployment: { controller: 'EXTERNAL', circuitBreaker: false, external: { externalId: 'worker-v1', scalePercent: 100 } },
    }),
  );

  // ingest: FireLens with a Fluent Bit sidecar, an app and a metrics sidecar; step scaling on CPU; Spot.
  const ingest = services.nested('Ingest');
  const ingestLogs = ingest.add('IngestLogGroup', {
    Type: 'AWS::Logs::LogGroup',
    Properties: { RetentionInDays: 365, KmsKeyId: ecs.logsKey.arn },
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
  });
  made.push(
    fargateService(ingest, 'Ingest', {
      path: 'ingest',
      cluster: ecs.ref,
      network: net.ref,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      task: fargateTask(ingest, 'IngestTask', {
        path: 'ingest.task',
        cpu: 1024,
        memory: 2048,
        containers: [
          { name: 'ingest', image: image('httpd'), portMappings: [{ name: 'http', containerPort: 80 }], readonlyRootFilesystem: false, dependsOn: [{ containerName: 'metrics', condition: 'START' }] },
          { name: 'metrics', image: image('busybox'), essential: false, command: ['sh', '-c', 'while true; do sleep 60; done'] },
        ],
        logging: {
          mode: 'firelens',
          options: {
            Name: 'cloudwatch_logs',
            region: Aws.region,
            log_group_name: ingestLogs.ref,
            log_stream_prefix: 'ingest/',
            auto_create_group: 'false',
          },
        },
        executionRole: 'perService',
        taskRole: {
          // A log group's Arn attribute ends in `:*`, so it already covers the group's streams.
          statements: [allow(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], [ingestLogs.attr('Arn')])],
        },
        cluster: ecs.ref,
      }),
      ...scaling(1, {
        minCapacity: 1,
        maxCapacity: 8,
        stepScaling: { cpuHighThreshold: 75, cpuLowThreshold: 20, highEvaluationPeriods: 3, lowEvaluationPeriods: 5, cooldownSeconds: 120 },
      }),
    }),
  );

  // batch: on the cluster's EC2 capacity (seed 003: services on the EC2 capacity provider), awsvpc in
  // the private subnets, spread over the zones and bin-packed by memory on the instances.
  const batch = services.nested('Batch');
  made.push(
    fargateService(batch, 'Batch', {
      path: 'batch',
      cluster: ecs.ref,
      network: net.ref,
      capacityProviderStrategy: [{ capacityProvider: 'EC2' }],
      placementStrategies: [{ type: 'spread' }, { type: 'binpack', field: 'memory' }],
      task: fargateTask(batch, 'BatchTask', {
        path: 'batch.task',
        compatibilities: ['EC2'],
        cpu: 256,
        memory: 512,
        containers: [{ name: 'batch', image: image('busybox'), command: ['sh', '-c', 'while true; do sleep 60; done'] }],
        executionRole: shared,
        cluster: ecs.ref,
      }),
      // At most 2 tasks: each awsvpc task takes an interface of its instance, and a t3.medium (staging's
      // one instance) has 2 besides its own (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html).
      ...scaling(1, { minCapacity: 1, maxCapacity: 2, targetTracking: { cpuPercent: 70 } }),
    }),
  );

  for (const svc of made) serviceOutputs(svc.service.stack, svc, svc.service.id);
  root.output('LoadBalancerDns', lb.alb.attr('DNSName'), { Description: 'DNS name of the platform load balancer' });
  if (protect) retainStatefulResources(root);
}
