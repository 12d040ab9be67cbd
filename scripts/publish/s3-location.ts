/**
 * Where templates go and how CloudFormation finds them: the S3 settings taken from the
 * environment, and the HTTPS URL of an object for its bucket's region and partition.
 */

export interface S3Settings {
  region: string;
  /** An S3-compatible endpoint (the sandbox); addressed path-style. Absent: AWS itself. */
  endpoint?: string;
}

export interface Partition {
  /** The ARN partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b. */
  name: string;
  /** The domain S3 endpoints end with in that partition. */
  dnsSuffix: string;
}

const PARTITIONS: [prefix: RegExp, partition: Partition][] = [
  [/^cn-/, { name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' }],
  [/^us-gov-/, { name: 'aws-us-gov', dnsSuffix: 'amazonaws.com' }],
  [/^us-isob-/, { name: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov' }],
  [/^us-iso-/, { name: 'aws-iso', dnsSuffix: 'c2s.ic.gov' }],
];

export function partitionOf(region: string): Partition {
  return PARTITIONS.find(([prefix]) => prefix.test(region))?.[1] ?? { name: 'aws', dnsSuffix: 'amazonaws.com' };
}

/** The settings `make publish`, `make deploy` and `make catalog` share. */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const region = env['REGION'] || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
  const endpoint = env['S3_ENDPOINT'] || env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || undefined;
  return endpoint ? { region, endpoint: endpoint.replace(/\/+$/, '') } : { region };
}

/**
 * The URL a TemplateURL or provisioning artifact takes: always the bucket's regional HTTPS
 * address in its partition (what CloudFormation accepts), even when uploads went through an
 * S3-compatible endpoint, whose CloudFormation resolves such URLs itself. Bucket names with
 * dots cannot be virtual-hosted over TLS, so they use the path-style form.
 */
export function objectUrl(bucket: string, region: string, key: string): string {
  const { dnsSuffix } = partitionOf(region);
  const path = key.split('/').map(encodeURIComponent).join('/');
  return bucket.includes('.') ? `https://s3.${region}.${dnsSuffix}/${bucket}/${path}` : `https://${bucket}.s3.${region}.${dnsSuffix}/${path}`;
}

/** Bucket names S3 accepts (3-63 of a-z 0-9 . -, starting and ending with a letter or digit). */
export function isBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}
