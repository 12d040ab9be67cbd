/**
 * The variables of `make stackset`, checked by schema before anything is read or sent: each bad one
 * fails naming the variable (and item), the value and what is allowed. The grammars are AWS's:
 * - StackSetName: letters, digits and hyphens, starting with a letter, at most 128
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html);
 * - DeploymentTargets.OrganizationalUnitIds: `ou-` ids or the root id `r-`, the pattern of the
 *   AWS::CloudFormation::StackSet registry schema (^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$);
 * - StackSetOperationPreferences: FailureToleranceCount >= 0 or FailureTolerancePercentage 0..100,
 *   MaxConcurrentCount >= 1 or MaxConcurrentPercentage 1..100 (one of each pair), RegionConcurrencyType,
 *   ConcurrencyMode (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html).
 */
import type { StackSetOperationPreferences } from '@aws-sdk/client-cloudformation';
import { InputError, s } from '../../dsl/index.js';
import { isBucketName, partitionOf } from '../publish/s3-location.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const list = <S extends s.Schema>(item: S, what: string, min = 1) => s.list(item, { min, max: 500 }, what);

/** `2` (a count) or `25%` (a percentage), each within its bounds. */
function countOrPercent(countMin: number, percentMin: number) {
  return s.refine(s.text(/^\d{1,9}%?$/, `a count (${countMin === 0 ? '0, 1, 2' : '1, 2, 3'}...) or a percentage (${percentMin}% to 100%)`), (value) => {
    const n = Number(value.replace('%', ''));
    if (value.endsWith('%')) return n < percentMin || n > 100 ? `is not a percentage from ${percentMin}% to 100%` : undefined;
    return n < countMin ? `is not a count of at least ${countMin}` : undefined;
  });
}

export const StackSetVariables = s.object({
  PRODUCT: s.text(/^[a-z][a-z0-9-]{0,62}$/, 'a built product (a folder under dist/)'),
  ENV: s.optional(s.text(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'an environment of the product (a folder under dist/<product>/)')),
  /** One nested stack of the product's root (its logical id), deployed alone with its own children. */
  LAYER: s.optional(s.text(/^[A-Za-z0-9]{1,255}$/, 'the logical id of a nested stack of the product root (Network, LoadBalancer, ...)')),
  STACKSET: s.optional(s.text(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, 'a StackSet name (letters, digits and hyphens, starting with a letter, at most 128)')),
  TARGETS: list(s.text(/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, 'an organisational unit id (ou-xxxx-xxxxxxxx) or the organisation root id (r-xxxx)'), 'targets'),
  REGIONS: list(s.text(REGION, 'a region name (eu-west-1, us-east-1, ...)'), 'regions'),
  REGION_ORDER: s.optional(list(s.text(REGION, 'a region name (eu-west-1, us-east-1, ...)'), 'regions')),
  REGION_CONCURRENCY: s.optional(s.oneOf(['SEQUENTIAL', 'PARALLEL'], 'a region concurrency'), 'SEQUENTIAL'),
  FAILURE_TOLERANCE: s.optional(countOrPercent(0, 0), '0'),
  MAX_CONCURRENT: s.optional(countOrPercent(1, 1), '1'),
  CONCURRENCY_MODE: s.optional(s.oneOf(['STRICT_FAILURE_TOLERANCE', 'SOFT_FAILURE_TOLERANCE'], 'a concurrency mode'), 'STRICT_FAILURE_TOLERANCE'),
  /** `prefix-{region}` (or `${region}`), or `region=bucket,region=bucket`. */
  BUCKET: s.text(/^\S{3,2000}$/, 'a bucket name pattern with {region} (templates-{region}) or region=bucket pairs (eu-west-1=templates-ew1,us-east-1=templates-ue1)'),
  PREFIX: s.optional(s.text(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, 'a key prefix without leading or trailing slash (letters, digits, !_.*\'()- and /)', { max: 512 })),
  PARAMS: s.optional(s.string({ max: 4096 })),
  AUTO_DEPLOY: s.optional(s.oneOf(['1', '0'], 'a switch'), '1'),
  RETAIN_STACKS: s.optional(s.oneOf(['1', '0'], 'a switch'), '1'),
  CALL_AS: s.optional(s.oneOf(['SELF', 'DELEGATED_ADMIN'], 'a caller'), 'SELF'),
});
export type StackSetVariables = s.Output<typeof StackSetVariables>;

export interface StackSetRequest {
  product: string;
  environment?: string;
  layer?: string;
  stackSetName?: string;
  targets: string[];
  regions: string[];
  /** Where the StackSet itself lives (its administrator region): REGION, else AWS_REGION. */
  homeRegion: string;
  /** The bucket of each region that receives templates: every target region and the home region. */
  buckets: TemplateBuckets;
  prefix?: string;
  parametersFile?: string;
  preferences: StackSetOperationPreferences;
  autoDeployment: { Enabled: boolean; RetainStacksOnAccountRemoval?: boolean };
  callAs: 'SELF' | 'DELEGATED_ADMIN';
}

/** A bucket per region: one name pattern (the same TemplateURL works in every region) or an explicit map. */
export type TemplateBuckets = { kind: 'pattern'; pattern: string; bucketOf(region: string): string } | { kind: 'map'; byRegion: Record<string, string>; bucketOf(region: string): string };

const VARIABLES = Object.keys(StackSetVariables.entries);
const LISTS = new Set(['TARGETS', 'REGIONS', 'REGION_ORDER']);

/** The variables given (empty ones are not given: make exports every declared variable, set or not). */
export function variablesFromEnv(env: NodeJS.ProcessEnv): Record<string, string | string[]> {
  const given: Record<string, string | string[]> = {};
  for (const name of VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    given[name] = LISTS.has(name) ? value.split(',').map((item) => item.trim()) : value;
  }
  return given;
}

function percentOrCount(value: string, count: 'FailureToleranceCount' | 'MaxConcurrentCount', percentage: 'FailureTolerancePercentage' | 'MaxConcurrentPercentage'): StackSetOperationPreferences {
  return value.endsWith('%') ? { [percentage]: Number(value.slice(0, -1)) } : { [count]: Number(value) };
}

function unique(path: string, values: readonly string[]): void {
  values.forEach((value, i) => {
    const first = values.indexOf(value);
    if (first !== i) throw new InputError(`${path}[${i}]`, value, `is a duplicate (already at ${path}[${first}])`);
  });
}

/** BUCKET as a pattern (`templates-{region}`) or a map (`eu-west-1=a,us-east-1=b`), each bucket name checked for each region it serves. */
export function templateBuckets(text: string, regions: readonly string[]): TemplateBuckets {
  const needed = [...new Set(regions)];
  let buckets: TemplateBuckets;
  if (text.includes('=')) {
    const byRegion: Record<string, string> = {};
    text.split(',').forEach((pair, i) => {
      const match = /^\s*([a-z]{2}(?:-[a-z]+)+-\d{1,2})=(\S+)\s*$/.exec(pair);
      if (!match) throw new InputError(`BUCKET[${i}]`, pair, 'is not region=bucket (eu-west-1=templates-ew1)');
      if (byRegion[match[1]!]) throw new InputError(`BUCKET[${i}]`, pair, `maps ${match[1]} a second time`);
      byRegion[match[1]!] = match[2]!;
    });
    const missing = needed.filter((r) => !byRegion[r]);
    if (missing.length) throw new InputError('BUCKET', text, `has no bucket for ${missing.join(', ')}: every target region and the StackSet's own region (REGION) need one`);
    buckets = { kind: 'map', byRegion, bucketOf: (region) => byRegion[region]! };
  } else {
    const pattern = text.replace('${region}', '{region}');
    if (!pattern.includes('{region}')) throw new InputError('BUCKET', text, 'names no {region}: give a pattern such as templates-{region} (one bucket per region) or region=bucket pairs');
    buckets = { kind: 'pattern', pattern, bucketOf: (region) => pattern.split('{region}').join(region) };
  }
  for (const region of needed) {
    const bucket = buckets.bucketOf(region);
    if (!isBucketName(bucket)) throw new InputError('BUCKET', text, `gives ${JSON.stringify(bucket)} for ${region}, which is not an S3 bucket name (3-63 of a-z, 0-9, '.', '-')`);
  }
  return buckets;
}

/** The request, from the environment of `make stackset`; `homeRegion` is REGION or AWS_REGION. */
export function stackSetRequest(env: NodeJS.ProcessEnv, homeRegion: string): StackSetRequest {
  const v = s.parse(StackSetVariables, variablesFromEnv(env), '');
  unique('TARGETS', v.TARGETS);
  unique('REGIONS', v.REGIONS);
  // A StackSet works within one partition: its regions and its own region must share it.
  const partition = partitionOf(homeRegion).name;
  v.REGIONS.forEach((region, i) => {
    if (partitionOf(region).name !== partition) throw new InputError(`REGIONS[${i}]`, region, `is in partition ${partitionOf(region).name}, the StackSet's region ${homeRegion} in ${partition}: a StackSet deploys within one partition`);
  });
  const order = v.REGION_ORDER ?? v.REGIONS;
  if (v.REGION_ORDER) {
    unique('REGION_ORDER', v.REGION_ORDER);
    v.REGION_ORDER.forEach((region, i) => {
      if (!v.REGIONS.includes(region)) throw new InputError(`REGION_ORDER[${i}]`, region, `is not in REGIONS (${v.REGIONS.join(', ')})`);
    });
    const left = v.REGIONS.filter((r) => !v.REGION_ORDER!.includes(r));
    if (left.length) throw new InputError('REGION_ORDER', v.REGION_ORDER.join(','), `leaves out ${left.join(', ')}: order every region of REGIONS`);
  }
  const autoDeploy = v.AUTO_DEPLOY === '1';
  return {
    product: v.PRODUCT,
    ...(v.ENV ? { environment: v.ENV } : {}),
    ...(v.LAYER ? { layer: v.LAYER } : {}),
    ...(v.STACKSET ? { stackSetName: v.STACKSET } : {}),
    targets: v.TARGETS,
    regions: v.REGIONS,
    homeRegion,
    buckets: templateBuckets(v.BUCKET, [...v.REGIONS, homeRegion]),
    ...(v.PREFIX ? { prefix: v.PREFIX } : {}),
    ...(v.PARAMS ? { parametersFile: v.PARAMS } : {}),
    preferences: {
      RegionOrder: order,
      RegionConcurrencyType: v.REGION_CONCURRENCY,
      ...percentOrCount(v.FAILURE_TOLERANCE, 'FailureToleranceCount', 'FailureTolerancePercentage'),
      ...percentOrCount(v.MAX_CONCURRENT, 'MaxConcurrentCount', 'MaxConcurrentPercentage'),
      ConcurrencyMode: v.CONCURRENCY_MODE,
    },
    // RetainStacksOnAccountRemoval: "Specify only if Enabled is set to True" (AutoDeployment).
    autoDeployment: autoDeploy ? { Enabled: true, RetainStacksOnAccountRemoval: v.RETAIN_STACKS === '1' } : { Enabled: false },
    callAs: v.CALL_AS,
  };
}
