/**
 * Route 53 alias records that point a name in a hosted zone at a load balancer: `A`, and `AAAA`
 * too for a dual-stack load balancer. An alias answers with the load balancer's current addresses
 * and costs no queries (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-elb-load-balancer.html).
 */
import { s, type Res, type Stack } from '../../dsl/index.js';

/** A DNS name of letters, digits and hyphens in dot-separated labels, optionally `*.` first and `.` last. */
const DNS_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

export const LoadBalancerDnsInput = s.object({
  /** The public hosted zone that holds the name: its id (`Z...`), or a deploy-time value. */
  hostedZoneId: s.deployTime(s.text(/^Z[0-9A-Z]{1,32}$/, 'a Route 53 hosted zone id (Z followed by upper-case letters and digits)')),
  /** The name to create in that zone, e.g. `shop.example.com` (at most 255 characters), or a deploy-time value. */
  recordName: s.deployTime(s.text(DNS_NAME, 'a DNS name such as shop.example.com', { max: 255 })),
});
export type LoadBalancerDns = s.Input<typeof LoadBalancerDnsInput>;

/** Alias records for `alb` under the parsed `dns` choice; `dualstack` adds the AAAA record. */
export function aliasRecords(
  stack: Stack,
  alb: Res<'AWS::ElasticLoadBalancingV2::LoadBalancer'>,
  dns: s.Output<typeof LoadBalancerDnsInput>,
  dualstack: boolean,
): Res<'AWS::Route53::RecordSet'>[] {
  const types = dualstack ? (['A', 'AAAA'] as const) : (['A'] as const);
  return types.map((type) =>
    stack.add(`LoadBalancerAlias${type === 'A' ? '' : 'Ipv6'}`, {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        HostedZoneId: dns.hostedZoneId,
        Name: dns.recordName,
        Type: type,
        AliasTarget: {
          DNSName: alb.attr('DNSName'),
          HostedZoneId: alb.attr('CanonicalHostedZoneID'),
          // Route 53 answers from a healthy load balancer only, where it has somewhere to fail over to.
          EvaluateTargetHealth: true,
        },
      },
    }),
  );
}
