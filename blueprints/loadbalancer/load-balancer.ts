/**
 * An Application Load Balancer with its security group, attributes (invalid headers dropped,
 * HTTP/2, idle timeout, deletion protection, access logs) and listeners: plain HTTP, or HTTPS
 * with a current TLS policy plus an HTTP listener that redirects to it.
 */
import { InputError, check, type List, type Res, type Stack, type Value } from '../../dsl/index.js';
import { accessLogBucket, type AccessLogBucket } from './access-logs.js';
import { loadBalancerSecurityGroup } from './security-group.js';
import { checkElbName } from './target-group.js';
import type { ListenerRef } from './types.js';

/** TLS policies with TLS 1.2 as the floor and forward secrecy; the first is the default. */
export const TLS_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
] as const;

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:(acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+|iam::\d{12}:server-certificate\/.+)$/;

export interface AccessLogsOptions {
  /** Default true. */
  enabled?: boolean;
  /** An existing bucket (its policy must admit ELB log delivery). Default: a bucket made here. */
  bucketName?: Value<string>;
  /** Key prefix, no leading or trailing `/`. Default: none. */
  prefix?: string;
  /** Days before logs expire in the bucket made here, 1..3650. Default 90. */
  expirationDays?: number;
}

export interface LoadBalancerProps {
  /** Input path prefix for errors. Default 'loadBalancer'. */
  path?: string;
  vpcId: Value<string>;
  /** Subnets in at least two availability zones (public ones for an internet-facing ALB). */
  subnetIds: List<Value<string>>;
  /** Default `internet-facing`. */
  scheme?: 'internet-facing' | 'internal';
  /** ALB name, at most 32 characters (checked). Omitted: CloudFormation generates a unique one. */
  name?: string;
  /**
   * `https`: an HTTPS listener (needs certificateArn) plus an HTTP listener that redirects to it.
   * `http`: one HTTP listener. Default `https`.
   */
  protocol?: 'http' | 'https';
  /** ACM certificate ARN (a literal or a deploy-time parameter value). Required with `https`. */
  certificateArn?: Value<string>;
  /** TLS policy of the HTTPS listener, one of TLS_POLICIES. Default `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  sslPolicy?: string;
  /** Default 80. */
  httpPort?: number;
  /** Default 443. */
  httpsPort?: number;
  /**
   * CIDR blocks admitted on the listener ports. Default `['0.0.0.0/0']` when internet-facing; an
   * internal load balancer has no default (give CIDRs, prefix lists or both).
   */
  ingressCidrs?: readonly Value<string>[];
  /** Managed prefix list ids admitted on the listener ports. Default none. */
  ingressPrefixListIds?: readonly Value<string>[];
  /** Target group the main listener forwards to by default. Default: a fixed 404 response. */
  defaultTargetGroupArn?: Value<string>;
  /** Idle connection timeout, 1..4000 seconds. Default 60. */
  idleTimeoutSeconds?: number;
  /** Default true. */
  http2?: boolean;
  /** Drop requests' header fields with invalid names. Default true. */
  dropInvalidHeaderFields?: boolean;
  /** Refuse deletion of the load balancer (turn on for production). Default true. */
  deletionProtection?: boolean;
  accessLogs?: AccessLogsOptions;
}

export interface LoadBalancer {
  alb: Res<'AWS::ElasticLoadBalancingV2::LoadBalancer'>;
  securityGroup: Res<'AWS::EC2::SecurityGroup'>;
  /** The listener services attach rules to: HTTPS when `https`, else HTTP. */
  listener: Res<'AWS::ElasticLoadBalancingV2::Listener'>;
  /** With `https`: the HTTP listener that redirects to HTTPS. */
  redirectListener: Res<'AWS::ElasticLoadBalancingV2::Listener'> | undefined;
  accessLogs: AccessLogBucket | undefined;
  /** What services take to attach to `listener`. */
  listenerRef: ListenerRef;
}

export function loadBalancer(stack: Stack, props: LoadBalancerProps): LoadBalancer {
  const path = props.path ?? 'loadBalancer';
  const scheme = check.oneOf(`${path}.scheme`, props.scheme ?? 'internet-facing', ['internet-facing', 'internal'] as const);
  const protocol = check.oneOf(`${path}.protocol`, props.protocol ?? 'https', ['http', 'https'] as const);
  if (props.name !== undefined) checkElbName(`${path}.name`, props.name);
  if (Array.isArray(props.subnetIds)) check.countInRange(`${path}.subnetIds`, props.subnetIds, 2, 200, 'subnets (an ALB needs two availability zones)');
  const httpPort = check.integerInRange(`${path}.httpPort`, props.httpPort ?? 80, 1, 65535);
  const httpsPort = check.integerInRange(`${path}.httpsPort`, props.httpsPort ?? 443, 1, 65535);
  if (protocol === 'https' && httpPort === httpsPort) {
    throw new InputError(`${path}.httpsPort`, httpsPort, `is also the HTTP port; the two listeners need different ports`);
  }
  if (protocol === 'https' && props.certificateArn === undefined) {
    throw new InputError(`${path}.certificateArn`, undefined, 'is missing: an HTTPS listener needs an ACM certificate ARN (or use protocol "http")');
  }
  if (typeof props.certificateArn === 'string') {
    check.matches(`${path}.certificateArn`, props.certificateArn, CERTIFICATE_ARN, 'an ACM (or IAM server) certificate ARN');
  }
  const sslPolicy = check.oneOf(`${path}.sslPolicy`, props.sslPolicy ?? TLS_POLICIES[0], TLS_POLICIES as readonly string[], 'a current TLS policy');
  const idleTimeout = check.integerInRange(`${path}.idleTimeoutSeconds`, props.idleTimeoutSeconds ?? 60, 1, 4000);
  const cidrs = props.ingressCidrs ?? (scheme === 'internet-facing' ? ['0.0.0.0/0'] : []);
  const prefixLists = props.ingressPrefixListIds ?? [];
  if (!cidrs.length && !prefixLists.length) {
    throw new InputError(`${path}.ingressCidrs`, [], 'is empty and so is ingressPrefixListIds: nothing could reach the load balancer');
  }
  const deletionProtection = props.deletionProtection ?? true;

  const securityGroup = loadBalancerSecurityGroup(stack, 'LoadBalancerSecurityGroup', {
    path,
    vpcId: props.vpcId,
    ports: protocol === 'https' ? [httpPort, httpsPort] : [httpPort],
    cidrs,
    prefixListIds: prefixLists,
  });

  const logOptions = props.accessLogs ?? {};
  const logsOn = logOptions.enabled ?? true;
  const accessLogs =
    logsOn && logOptions.bucketName === undefined
      ? accessLogBucket(stack, 'AccessLogBucket', {
          path: `${path}.accessLogs`,
          ...(logOptions.prefix !== undefined ? { prefix: logOptions.prefix } : {}),
          ...(logOptions.expirationDays !== undefined ? { expirationDays: logOptions.expirationDays } : {}),
        })
      : undefined;
  const logPrefix = accessLogs?.prefix ?? logOptions.prefix ?? '';
  const attribute = (Key: string, Value: Value<string>) => ({ Key, Value });
  const attributes = [
    attribute('routing.http.drop_invalid_header_fields.enabled', String(props.dropInvalidHeaderFields ?? true)),
    attribute('routing.http2.enabled', String(props.http2 ?? true)),
    attribute('idle_timeout.timeout_seconds', String(idleTimeout)),
    attribute('deletion_protection.enabled', String(deletionProtection)),
    attribute('access_logs.s3.enabled', String(logsOn)),
    ...(logsOn
      ? [
          attribute('access_logs.s3.bucket', accessLogs ? accessLogs.bucket.ref : (logOptions.bucketName as Value<string>)),
          ...(logPrefix ? [attribute('access_logs.s3.prefix', logPrefix)] : []),
        ]
      : []),
  ];

  const skips = [
    ...(logsOn ? [] : [{ id: 'CKV_AWS_91', comment: 'Access logging is off by input' }]),
    ...((props.dropInvalidHeaderFields ?? true) ? [] : [{ id: 'CKV_AWS_131', comment: 'Dropping invalid header fields is off by input' }]),
  ];
  const alb = stack.add('LoadBalancer', {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    // ALB checks that it may write to the log bucket when created.
    ...(accessLogs ? { DependsOn: [accessLogs.policy] } : {}),
    ...(skips.length ? { Metadata: { checkov: { skip: skips } } } : {}),
    Properties: {
      Type: 'application',
      Scheme: scheme,
      IpAddressType: 'ipv4',
      ...(props.name !== undefined ? { Name: props.name } : {}),
      Subnets: props.subnetIds,
      SecurityGroups: [securityGroup.ref],
      LoadBalancerAttributes: attributes,
    },
  });

  const defaultActions = [
    props.defaultTargetGroupArn !== undefined
      ? { Type: 'forward', TargetGroupArn: props.defaultTargetGroupArn }
      : { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not Found' } },
  ];
  let listener: Res<'AWS::ElasticLoadBalancingV2::Listener'>;
  let redirectListener: Res<'AWS::ElasticLoadBalancingV2::Listener'> | undefined;
  if (protocol === 'https') {
    listener = stack.add('HttpsListener', {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: alb.ref,
        Port: httpsPort,
        Protocol: 'HTTPS',
        SslPolicy: sslPolicy,
        Certificates: [{ CertificateArn: props.certificateArn as Value<string> }],
        DefaultActions: defaultActions,
      },
    });
    redirectListener = stack.add('HttpRedirectListener', {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: alb.ref,
        Port: httpPort,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: String(httpsPort), StatusCode: 'HTTP_301' } }],
      },
    });
  } else {
    listener = stack.add('HttpListener', {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Metadata: {
        checkov: {
          skip: [
            { id: 'CKV_AWS_2', comment: 'Plain HTTP chosen by input (protocol "http"), e.g. no certificate for the domain yet' },
            { id: 'CKV_AWS_103', comment: 'Plain HTTP chosen by input (protocol "http"): the listener has no TLS to configure' },
          ],
        },
      },
      Properties: { LoadBalancerArn: alb.ref, Port: httpPort, Protocol: 'HTTP', DefaultActions: defaultActions },
    });
  }

  return {
    alb,
    securityGroup,
    listener,
    redirectListener,
    accessLogs,
    listenerRef: { listener, loadBalancerSecurityGroupId: securityGroup.attr('GroupId'), priorityScope: listener.path },
  };
}
