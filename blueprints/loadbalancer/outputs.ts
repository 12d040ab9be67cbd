/** Declares a load balancer's outputs (DNS name, hosted zone, listener ARNs, security group, record name) on a stack. */
import type { Stack } from '../../dsl/index.js';
import type { LoadBalancer } from './load-balancer.js';

/** Output ids are `<prefix>DnsName`, `<prefix>HostedZoneId`, `<prefix>ListenerArn`, ... Default prefix `LoadBalancer`. */
export function loadBalancerOutputs(stack: Stack, lb: LoadBalancer, prefix = 'LoadBalancer'): void {
  stack.output(`${prefix}DnsName`, lb.alb.attr('DNSName'), { Description: 'DNS name of the load balancer' });
  stack.output(`${prefix}HostedZoneId`, lb.alb.attr('CanonicalHostedZoneID'), { Description: 'Route 53 hosted zone of the load balancer (for alias records)' });
  stack.output(`${prefix}ListenerArn`, lb.listener.ref, { Description: 'ARN of the listener services attach rules to' });
  if (lb.redirectListener) {
    stack.output(`${prefix}RedirectListenerArn`, lb.redirectListener.ref, { Description: 'ARN of the HTTP listener that redirects to HTTPS' });
  }
  stack.output(`${prefix}SecurityGroupId`, lb.securityGroup.attr('GroupId'), { Description: 'Security group of the load balancer' });
  if (lb.domainName !== undefined) {
    stack.output(`${prefix}DomainName`, lb.domainName, { Description: 'Name of the alias record that points at the load balancer' });
  }
}
