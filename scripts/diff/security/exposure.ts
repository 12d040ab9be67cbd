/**
 * Changes that expose a resource more than before, resource by resource: a listener losing TLS
 * (HTTPS -> HTTP, TLS -> TCP) or accepting an older TLS version, a load balancer becoming
 * internet-facing, a public IP assigned, an S3 public access block relaxed.
 */
import { isObject, type Segment } from '../json.js';
import type { Json, JsonObject, ResourceDefinition, SecurityKind } from '../model.js';
import { shortForm } from '../short-form.js';

export interface ExposureEntry {
  kind: SecurityKind;
  sign: '+' | '-' | '~';
  widening: boolean;
  detail: string;
}

const PLAINTEXT: Record<string, string> = { HTTPS: 'HTTP', TLS: 'TCP' };

/**
 * The oldest TLS version an ELB security policy accepts, from its name
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html):
 * `...TLS13-1-3...` only 1.3, `...TLS13-1-2...`/`TLS-1-2`/`FS-1-2` 1.2, `TLS-1-1`/`FS-1-1` 1.1, others 1.0.
 */
export function minimumTls(policy: string): number {
  if (/TLS13-1-3/.test(policy)) return 1.3;
  if (/TLS13-1-2|TLS-1-2|FS-1-2/.test(policy)) return 1.2;
  if (/TLS-1-1|FS-1-1/.test(policy)) return 1.1;
  return 1.0;
}

function redirectsToHttps(actions: Json | undefined): boolean {
  return Array.isArray(actions) && actions.length > 0 && actions.every((a) => isObject(a) && a['Type'] === 'redirect' && isObject(a['RedirectConfig']) && a['RedirectConfig']['Protocol'] === 'HTTPS');
}

function listener(before: JsonObject | undefined, after: JsonObject | undefined): ExposureEntry[] {
  const entries: ExposureEntry[] = [];
  const oldProtocol = before?.['Protocol'];
  const newProtocol = after?.['Protocol'];
  if (after && typeof newProtocol === 'string' && !before && (newProtocol === 'HTTP' || newProtocol === 'TCP') && !redirectsToHttps(after['DefaultActions'])) {
    entries.push({ kind: 'listener', sign: '+', widening: true, detail: `plaintext listener added: ${newProtocol} on port ${shortForm(after['Port'])}` });
  }
  if (before && after && typeof oldProtocol === 'string' && PLAINTEXT[oldProtocol] === newProtocol && !redirectsToHttps(after['DefaultActions'])) {
    entries.push({ kind: 'listener', sign: '~', widening: true, detail: `listener protocol ${oldProtocol} -> ${newProtocol}: traffic no longer encrypted` });
  }
  const oldPolicy = before?.['SslPolicy'];
  const newPolicy = after?.['SslPolicy'];
  if (before && after && typeof oldPolicy === 'string' && typeof newPolicy === 'string' && oldPolicy !== newPolicy) {
    const widening = minimumTls(newPolicy) < minimumTls(oldPolicy);
    entries.push({ kind: 'listener', sign: '~', widening, detail: `TLS policy ${oldPolicy} -> ${newPolicy}${widening ? `: accepts TLS ${minimumTls(newPolicy).toFixed(1)} (was ${minimumTls(oldPolicy).toFixed(1)})` : ''}` });
  }
  return entries;
}

function scheme(before: JsonObject | undefined, after: JsonObject | undefined): ExposureEntry[] {
  // A load balancer without Scheme is internet-facing (the API's default).
  const schemeOf = (props: JsonObject) => props['Scheme'] ?? 'internet-facing';
  if (!after || schemeOf(after) !== 'internet-facing') return [];
  if (!before) return [{ kind: 'load-balancer-scheme', sign: '+', widening: true, detail: 'internet-facing load balancer added' }];
  if (schemeOf(before) === 'internal') return [{ kind: 'load-balancer-scheme', sign: '~', widening: true, detail: 'load balancer scheme internal -> internet-facing' }];
  return [];
}

/** Property names that put a public IP on what they configure, and the value that does. */
const PUBLIC_IP_KEYS: Record<string, Json> = { AssignPublicIp: 'ENABLED', MapPublicIpOnLaunch: true, AssociatePublicIpAddress: true };

function publicIps(value: Json | undefined, path: Segment[], out: Map<string, Json>): void {
  if (Array.isArray(value)) value.forEach((item, i) => publicIps(item, [...path, i], out));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(PUBLIC_IP_KEYS, key)) out.set([...path, key].join('.'), item);
      else publicIps(item, [...path, key], out);
    }
  }
}

function publicIp(before: JsonObject | undefined, after: JsonObject | undefined): ExposureEntry[] {
  const oldValues = new Map<string, Json>();
  const newValues = new Map<string, Json>();
  publicIps(before, [], oldValues);
  publicIps(after, [], newValues);
  const entries: ExposureEntry[] = [];
  for (const [path, value] of newValues) {
    const key = path.slice(path.lastIndexOf('.') + 1);
    const on = value === PUBLIC_IP_KEYS[key] || (typeof value === 'string' && value.toLowerCase() === 'true' && PUBLIC_IP_KEYS[key] === true);
    const wasOn = oldValues.has(path) && (oldValues.get(path) === PUBLIC_IP_KEYS[key] || String(oldValues.get(path)).toLowerCase() === 'true');
    if (on && !wasOn) entries.push({ kind: 'public-ip', sign: before ? '~' : '+', widening: true, detail: `public IP assigned: ${path} ${before ? `${shortForm(oldValues.get(path))} -> ` : ''}${shortForm(value)}` });
    if (!on && wasOn) entries.push({ kind: 'public-ip', sign: '~', widening: false, detail: `public IP no longer assigned: ${path} -> ${shortForm(value)}` });
  }
  return entries;
}

const BLOCK_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * Since April 2023 new buckets block public access unless told otherwise
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html):
 * a flag turned off, or a configuration removed from an existing bucket, relaxes it.
 */
function publicAccessBlock(before: JsonObject | undefined, after: JsonObject | undefined): ExposureEntry[] {
  const flags = (props: JsonObject | undefined) => (isObject(props?.['PublicAccessBlockConfiguration']) ? (props['PublicAccessBlockConfiguration'] as JsonObject) : undefined);
  const oldFlags = flags(before);
  const newFlags = flags(after);
  const entries: ExposureEntry[] = [];
  for (const flag of BLOCK_FLAGS) {
    const was = oldFlags?.[flag] === true;
    const is = newFlags?.[flag] === true;
    const explicitOff = newFlags?.[flag] === false;
    if ((before && was && !is) || (!before && explicitOff)) {
      entries.push({ kind: 's3-public-access', sign: '~', widening: true, detail: `public access block relaxed: ${flag} ${before ? shortForm(oldFlags?.[flag]) : '(new bucket)'} -> ${shortForm(newFlags?.[flag])}` });
    }
  }
  return entries;
}

export function exposureChanges(before: ResourceDefinition | undefined, after: ResourceDefinition | undefined): ExposureEntry[] {
  const type = (after ?? before)!.Type;
  const oldProps = before?.Properties ?? (before ? {} : undefined);
  const newProps = after?.Properties ?? (after ? {} : undefined);
  switch (type) {
    case 'AWS::ElasticLoadBalancingV2::Listener':
      return listener(oldProps, newProps);
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return scheme(oldProps, newProps);
    case 'AWS::S3::Bucket':
      return publicAccessBlock(oldProps, newProps);
    default:
      return after ? publicIp(oldProps, newProps) : [];
  }
}
