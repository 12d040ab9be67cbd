/**
 * An Application Load Balancer with its security group, attributes (invalid headers dropped,
 * HTTP/2, idle timeout, deletion protection, access logs) and listeners: plain HTTP, or HTTPS
 * with a current TLS policy plus an HTTP listener that redirects to it. IPv4 or dual-stack; an
 * optional Route 53 alias record.
 */
import { InputError, s, type List, type Res, type Stack, type Value } from '../../dsl/index.js';
import { ipv4Cidr, ipv6Cidr, LOAD_BALANCER_SUBNET_PREFIX_MAX, listOrToken, prefixListId, subnetId, vpcId } from '../network/index.js';
import { accessLogBucket, accessLogPrefix, type AccessLogBucket } from './access-logs.js';
import { aliasRecords, LoadBalancerDnsInput } from './dns-record.js';
import { loadBalancerSecurityGroup, port } from './security-group.js';
import { targetGroupArn } from './target-group.js';
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
/** 1..32 letters, digits and inner hyphens, not starting with `internal-` (CreateLoadBalancer, Name). */
const ALB_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
/** S3 bucket names: 3..63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const AccessLogsInput = s.object({
  /** Access logs on. Default true. */
  enabled: s.optional(s.boolean(), true),
  /** An existing bucket (its policy must admit ELB log delivery), or a deploy-time value. Default: a bucket made here. */
  bucketName: s.optional(s.deployTime(s.text(BUCKET_NAME, 'an S3 bucket name'))),
  /** Key prefix, no leading or trailing `/`, not containing `AWSLogs`. Default: none. */
  prefix: s.optional(accessLogPrefix()),
  /** Days before logs expire in the bucket made here, 1..3650 (or a deploy-time value). Default 90. */
  expirationDays: s.optional(s.deployTime(s.integer(1, 3650))),
});
export type AccessLogsOptions = s.Input<typeof AccessLogsInput>;

export const LoadBalancerInput = s.object({
  /** Input path prefix for errors. Default `loadBalancer`. */
  path: s.optional(s.string(), 'loadBalancer'),
  vpcId: vpcId(),
  /** Subnets in at least two availability zones (public ones for an internet-facing ALB), or a deploy-time list. */
  subnetIds: listOrToken(subnetId(), { min: 2, max: 200 }, 'subnets (an ALB needs subnets in at least two availability zones)'),
  /**
   * Prefix length of each of subnetIds, when known (network().ref carries them): each must be /27 or
   * larger, the smallest subnet a load balancer takes. Default: not known, not checked.
   */
  subnetPrefixLengths: s.optional(s.list(s.integer(16, 28), { max: 200 }, 'prefix lengths')),
  /** `internet-facing` (default) or `internal`. */
  scheme: s.optional(s.oneOf(['internet-facing', 'internal']), 'internet-facing'),
  /** ALB name, at most 32 characters, not starting with `internal-` (or a deploy-time value). Omitted: CloudFormation generates a unique one. */
  name: s.optional(s.deployTime(s.text(ALB_NAME, 'a name of letters, digits and inner hyphens (1 to 32 characters, not starting with "internal-")', { max: 32 }))),
  /**
   * `https`: an HTTPS listener (needs certificateArn) plus an HTTP listener that redirects to it.
   * `http`: one HTTP listener. Default `https`.
   */
  protocol: s.optional(s.oneOf(['http', 'https']), 'https'),
  /** ACM (or IAM server) certificate ARN, or a deploy-time value. Required with `https`, refused with `http`. */
  certificateArn: s.optional(s.deployTime(s.text(CERTIFICATE_ARN, 'an ACM (or IAM server) certificate ARN'))),
  /** TLS policy of the HTTPS listener, one of TLS_POLICIES (or a deploy-time value). Default `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  sslPolicy: s.optional(s.deployTime(s.oneOf(TLS_POLICIES, 'a current TLS policy')), TLS_POLICIES[0]),
  /** HTTP listener port, 1..65535 (or a deploy-time value). Default 80. */
  httpPort: s.optional(port(), 80),
  /**
   * HTTPS listener port, 1..65535 (or a deploy-time value), other than the HTTP port. Default 443.
   * When either port is a deploy-time value the two are not compared: give their parameters
   * disjoint AllowedValues.
   */
  httpsPort: s.optional(port(), 443),
  /** `ipv4` (default) or `dualstack` (IPv4 and IPv6 clients; the subnets must have IPv6 blocks). */
  ipAddressType: s.optional(s.oneOf(['ipv4', 'dualstack']), 'ipv4'),
  /**
   * IPv4 CIDR blocks admitted on the listener ports (or deploy-time values). Default `['0.0.0.0/0']`
   * when internet-facing; an internal load balancer has no default (give CIDRs, prefix lists or both).
   */
  ingressCidrs: s.optional(s.list(s.deployTime(ipv4Cidr()), { max: 50 }, 'CIDR blocks')),
  /** IPv6 CIDR blocks admitted on the listener ports, `dualstack` only. Default `['::/0']` when internet-facing and dual-stack, else none. */
  ingressIpv6Cidrs: s.optional(s.list(s.deployTime(ipv6Cidr()), { max: 50 }, 'IPv6 CIDR blocks')),
  /** Managed prefix list ids admitted on the listener ports. Default none. */
  ingressPrefixListIds: s.optional(s.list(prefixListId(), { max: 50 }, 'prefix lists'), []),
  /** Target group the main listener forwards to by default. Default: a fixed 404 response. */
  defaultTargetGroupArn: s.optional(targetGroupArn()),
  /** Idle connection timeout, 1..4000 seconds (or a deploy-time value). Default 60. */
  idleTimeoutSeconds: s.optional(s.deployTime(s.integer(1, 4000)), 60),
  /** HTTP/2 to clients (or a deploy-time value). Default true. */
  http2: s.optional(s.deployTime(s.boolean()), true),
  /** Drop requests' header fields with invalid names. Default true; a literal (a security setting of the platform, not of a launch). */
  dropInvalidHeaderFields: s.optional(s.boolean(), true),
  /** Refuse deletion of the load balancer (or a deploy-time value: a String parameter of true/false). Default true. */
  deletionProtection: s.optional(s.deployTime(s.boolean()), true),
  accessLogs: s.optional(AccessLogsInput, {}),
  /** A Route 53 alias record (A, and AAAA when dual-stack) for the load balancer. Default: none. */
  dns: s.optional(LoadBalancerDnsInput),
});
export type LoadBalancerProps = s.Input<typeof LoadBalancerInput>;

export interface LoadBalancer {
  alb: Res<'AWS::ElasticLoadBalancingV2::LoadBalancer'>;
  securityGroup: Res<'AWS::EC2::SecurityGroup'>;
  /** The listener services attach rules to: HTTPS when `https`, else HTTP. */
  listener: Res<'AWS::ElasticLoadBalancingV2::Listener'>;
  /** With `https`: the HTTP listener that redirects to HTTPS. */
  redirectListener: Res<'AWS::ElasticLoadBalancingV2::Listener'> | undefined;
  accessLogs: AccessLogBucket | undefined;
  /** The alias records when `dns` is given (A, then AAAA when dual-stack). */
  dnsRecords: Res<'AWS::Route53::RecordSet'>[];
  /** The record name when `dns` is given. */
  domainName: Value<string> | undefined;
  /** What services take to attach to `listener`. */
  listenerRef: ListenerRef;
}

/** A literal boolean as the text an attribute takes; a deploy-time value as it is. */
const flag = (value: boolean | Value<string>): Value<string> => (typeof value === 'boolean' ? String(value) : value);
/** A literal number as text; a deploy-time value as it is. */
const numberText = (value: number | Value<number>): Value<string> => (typeof value === 'number' ? String(value) : (value as Value<string>));

export function loadBalancer(stack: Stack, props: LoadBalancerProps): LoadBalancer {
  const p = s.parse(LoadBalancerInput, props, props?.path ?? 'loadBalancer');
  const { path, protocol, scheme } = p;
  checkSubnetSizes(path, p.subnetIds, p.subnetPrefixLengths);
  const { httpPort, httpsPort } = p;
  if (protocol === 'https' && typeof httpPort === 'number' && httpPort === httpsPort) {
    throw new InputError(`${path}.httpsPort`, httpsPort, `is also the HTTP port; the two listeners need different ports`);
  }
  if (protocol === 'https' && p.certificateArn === undefined) {
    throw new InputError(`${path}.certificateArn`, undefined, 'is missing: an HTTPS listener needs an ACM certificate ARN (or use protocol "http")');
  }
  if (protocol === 'http' && p.certificateArn !== undefined) {
    throw new InputError(`${path}.certificateArn`, p.certificateArn, 'is given but protocol is "http": an HTTP listener takes no certificate (use protocol "https")');
  }
  const dualstack = p.ipAddressType === 'dualstack';
  if (!dualstack && p.ingressIpv6Cidrs?.length) {
    throw new InputError(`${path}.ingressIpv6Cidrs`, p.ingressIpv6Cidrs, 'admit IPv6 clients, but ipAddressType is "ipv4": set ipAddressType "dualstack"');
  }
  const internetFacing = scheme === 'internet-facing';
  const cidrs = p.ingressCidrs ?? (internetFacing ? ['0.0.0.0/0'] : []);
  const ipv6Cidrs = p.ingressIpv6Cidrs ?? (internetFacing && dualstack ? ['::/0'] : []);
  if (!cidrs.length && !ipv6Cidrs.length && !p.ingressPrefixListIds.length) {
    throw new InputError(`${path}.ingressCidrs`, [], 'is empty and so is ingressPrefixListIds: nothing could reach the load balancer');
  }
  const logOptions = p.accessLogs;
  if (logOptions.bucketName !== undefined && logOptions.expirationDays !== undefined) {
    throw new InputError(`${path}.accessLogs.expirationDays`, logOptions.expirationDays, 'applies to the bucket made here, but bucketName names an existing one: set its lifecycle there');
  }

  const securityGroup = loadBalancerSecurityGroup(stack, 'LoadBalancerSecurityGroup', {
    path,
    vpcId: p.vpcId,
    ports: protocol === 'https' ? [httpPort, httpsPort] : [httpPort],
    cidrs,
    ipv6Cidrs,
    prefixListIds: p.ingressPrefixListIds,
  });

  const logsOn = logOptions.enabled;
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
    attribute('routing.http.drop_invalid_header_fields.enabled', String(p.dropInvalidHeaderFields)),
    attribute('routing.http2.enabled', flag(p.http2)),
    attribute('idle_timeout.timeout_seconds', numberText(p.idleTimeoutSeconds)),
    attribute('deletion_protection.enabled', flag(p.deletionProtection)),
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
    ...(p.dropInvalidHeaderFields ? [] : [{ id: 'CKV_AWS_131', comment: 'Dropping invalid header fields is off by input' }]),
  ];
  const alb = stack.add('LoadBalancer', {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    // ALB checks that it may write to the log bucket when created.
    ...(accessLogs ? { DependsOn: [accessLogs.policy] } : {}),
    ...(skips.length ? { Metadata: { checkov: { skip: skips } } } : {}),
    Properties: {
      Type: 'application',
      Scheme: scheme,
      IpAddressType: p.ipAddressType,
      ...(p.name !== undefined ? { Name: p.name } : {}),
      Subnets: p.subnetIds as List<Value<string>>,
      SecurityGroups: [securityGroup.ref],
      LoadBalancerAttributes: attributes,
    },
  });

  const defaultActions = [
    p.defaultTargetGroupArn !== undefined
      ? { Type: 'forward', TargetGroupArn: p.defaultTargetGroupArn }
      : { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not Found' } },
  ];
  let listener: Res<'AWS::ElasticLoadBalancingV2::Listener'>;
  let redirectListener: Res<'AWS::ElasticLoadBalancingV2::Listener'> | undefined;
  if (protocol === 'https') {
    listener = stack.add('HttpsListener', {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      // checkov cannot read a parameter's AllowedValues; the parameter is held to TLS_POLICIES.
      ...(typeof p.sslPolicy === 'string'
        ? {}
        : { Metadata: { checkov: { skip: [{ id: 'CKV_AWS_103', comment: 'TLS policy chosen at deploy time among TLS 1.2+ policies (the parameter\'s AllowedValues)' }] } } }),
      Properties: {
        LoadBalancerArn: alb.ref,
        Port: httpsPort as Value<number>,
        Protocol: 'HTTPS',
        SslPolicy: p.sslPolicy,
        Certificates: [{ CertificateArn: p.certificateArn as Value<string> }],
        DefaultActions: defaultActions,
      },
    });
    redirectListener = stack.add('HttpRedirectListener', {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: alb.ref,
        Port: httpPort as Value<number>,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: numberText(httpsPort), StatusCode: 'HTTP_301' } }],
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
      Properties: { LoadBalancerArn: alb.ref, Port: httpPort as Value<number>, Protocol: 'HTTP', DefaultActions: defaultActions },
    });
  }
  const dnsRecords = p.dns ? aliasRecords(stack, alb, p.dns, dualstack) : [];

  return {
    alb,
    securityGroup,
    listener,
    redirectListener,
    accessLogs,
    dnsRecords,
    domainName: p.dns?.recordName,
    listenerRef: { listener, loadBalancerSecurityGroupId: securityGroup.attr('GroupId'), priorityScope: listener.path },
  };
}

/**
 * An Application Load Balancer needs subnets of /27 or larger with at least 8 free addresses
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer):
 * a smaller subnet fails CreateLoadBalancer, or a later scale-out.
 */
function checkSubnetSizes(path: string, subnetIds: readonly unknown[] | unknown, prefixLengths: readonly number[] | undefined): void {
  if (!prefixLengths) return;
  if (Array.isArray(subnetIds) && subnetIds.length !== prefixLengths.length) {
    throw new InputError(`${path}.subnetPrefixLengths`, prefixLengths, `has ${prefixLengths.length} prefix lengths for ${subnetIds.length} subnets: give one per subnet`);
  }
  prefixLengths.forEach((prefix, index) => {
    if (prefix > LOAD_BALANCER_SUBNET_PREFIX_MAX) {
      throw new InputError(
        `${path}.subnetPrefixLengths[${index}]`,
        prefix,
        `makes subnetIds[${index}] a /${prefix}, smaller than a load balancer takes (/${LOAD_BALANCER_SUBNET_PREFIX_MAX} or larger, with 8 free addresses): give the network larger subnets there (e.g. subnetPrefixes.public ${LOAD_BALANCER_SUBNET_PREFIX_MAX} or less)`,
      );
    }
  });
}
