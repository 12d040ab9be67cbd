/**
 * The S3 bucket for ALB access logs: SSE-S3 (the only encryption ALB log delivery supports),
 * public access blocked, TLS only, versioned, expiring, and the bucket policy log delivery needs
 * in every region: the regional ELB account where AWS still uses one, the log delivery service
 * principal elsewhere (chosen at deploy time by a condition on the region).
 */
import { Aws, Fn, s, type Res, type Stack, type Tok, type Value } from '../../dsl/index.js';

/**
 * ELB accounts of the regions opened before August 2022, which deliver logs as that account.
 * Regions not listed deliver as `logdelivery.elasticloadbalancing.amazonaws.com`.
 */
export const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-gov-west-1': '048591011584',
  'us-gov-east-1': '190560391635',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
};

/**
 * Regions opened since August 2022, where log delivery uses the service principal. They are in
 * the mapping too (with no account) so that the lookup in the branch not taken cannot fail,
 * whatever order CloudFormation resolves `Fn::If` and `Fn::FindInMap` in.
 */
export const LOG_DELIVERY_SERVICE_REGIONS: readonly string[] = [
  'ap-south-2',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-east-2',
  'eu-south-2',
  'eu-central-2',
  'me-central-1',
  'il-central-1',
  'ca-west-1',
  'mx-central-1',
];
const NO_ACCOUNT = 'none';

/**
 * A key prefix for ALB access logs: S3 key characters in `/`-separated parts, no leading or
 * trailing `/`, and not containing `AWSLogs`, which ALB log delivery refuses
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
export const accessLogPrefix = () =>
  s.refine(
    s.text(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, 'an S3 key prefix without leading or trailing "/" (and not containing "AWSLogs")', { max: 512 }),
    (prefix) => (/awslogs/i.test(prefix) ? 'contains "AWSLogs", which ALB log delivery does not allow' : undefined),
  );

export const AccessLogBucketInput = s.object({
  /** Input path prefix for errors. Default `accessLogs`. */
  path: s.optional(s.string(), 'accessLogs'),
  /** Days before log objects expire, 1..3650 (or a deploy-time value). Default 90. */
  expirationDays: s.optional(s.deployTime(s.integer(1, 3650)), 90),
  /** Key prefix of the logs (no leading or trailing slash). Default: none. */
  prefix: s.optional(accessLogPrefix()),
});
export type AccessLogBucketProps = s.Input<typeof AccessLogBucketInput>;

export interface AccessLogBucket {
  bucket: Res<'AWS::S3::Bucket'>;
  policy: Res<'AWS::S3::BucketPolicy'>;
  prefix: string;
}

/** Fn::Or takes 2 to 10 conditions: region checks are grouped to fit. */
function regionIsOneOf(regions: readonly string[]): Tok {
  const equals = regions.map((region) => Fn.equals(Aws.region, region));
  const groups: Tok[] = [];
  for (let i = 0; i < equals.length; i += 10) {
    const group = equals.slice(i, i + 10);
    groups.push(group.length === 1 ? group[0]! : Fn.or(...group));
  }
  return groups.length === 1 ? groups[0]! : Fn.or(...groups);
}

export function accessLogBucket(stack: Stack, id: string, props: AccessLogBucketProps): AccessLogBucket {
  const p = s.parse(AccessLogBucketInput, props, props?.path ?? 'accessLogs');
  const prefix = p.prefix ?? '';

  const bucket = stack.add(id, {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Metadata: {
      checkov: {
        skip: [
          { id: 'CKV_AWS_18', comment: 'This bucket receives access logs; logging it to itself would loop' },
        ],
      },
    },
    Properties: {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireAccessLogs',
            Status: 'Enabled',
            ExpirationInDays: p.expirationDays as Value<number>,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    },
  });

  const mapping = stack.mapping(`${id}ElbAccounts`, {
    ...Object.fromEntries(Object.entries(ELB_ACCOUNT_BY_REGION).map(([region, account]) => [region, { Account: account }])),
    ...Object.fromEntries(LOG_DELIVERY_SERVICE_REGIONS.map((region) => [region, { Account: NO_ACCOUNT }])),
  });
  const hasElbAccount = stack.condition(`${id}RegionHasElbAccount`, regionIsOneOf(Object.keys(ELB_ACCOUNT_BY_REGION)));
  const logObjects = Fn.sub`${bucket.attr('Arn')}/${prefix ? `${prefix}/` : ''}AWSLogs/${Aws.accountId}/*`;
  const policy = stack.add(`${id}Policy`, {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: bucket.ref,
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'LoadBalancerLogDelivery',
            Effect: 'Allow',
            Principal: Fn.if(
              hasElbAccount,
              { AWS: Fn.sub`arn:${Aws.partition}:iam::${mapping.find(Aws.region, 'Account')}:root` },
              { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
            ),
            Action: 's3:PutObject',
            Resource: logObjects,
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.attr('Arn'), Fn.sub`${bucket.attr('Arn')}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    },
  });
  return { bucket, policy, prefix };
}
