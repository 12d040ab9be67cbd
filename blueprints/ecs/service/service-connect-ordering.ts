/**
 * Service Connect clients start after the servers they call. AWS's guidance: a client service's
 * tasks only learn the endpoints that exist when they start, so a client created in parallel with
 * its server may come up without it; the client service should depend on each server service
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html).
 * The blueprints know who calls whom (allowServiceTraffic), so they add the dependency; this check
 * finds any pair the template lets talk over Service Connect without that order.
 */
import type { Json, PreflightCheck, ResourceAddress, TreeIndex, TreeResource } from '../../../dsl/index.js';

type JsonObject = { [key: string]: Json };

interface ConnectedService {
  address: ResourceAddress;
  namespace: string;
  /** Ports this service serves through Service Connect (its port mappings' container ports are not known here: any). */
  serves: boolean;
  groups: string[];
}

/** A stable key for a value: the resource it comes from when it is a Ref/GetAtt, else its JSON. */
function originKey(tree: TreeIndex, stack: string, value: Json | undefined): string {
  if (value === undefined) return '';
  const target = tree.target(stack, value);
  if (target) return `${target.stack}/${target.id}${target.attribute ? `.${target.attribute}` : ''}`.replace(/\.GroupId$/, '');
  return JSON.stringify(tree.origin(stack, value).value);
}

function connectedServices(tree: TreeIndex): ConnectedService[] {
  const found: ConnectedService[] = [];
  for (const service of tree.resources('AWS::ECS::Service')) {
    const config = service.properties['ServiceConnectConfiguration'] as JsonObject | undefined;
    if (!config || config['Enabled'] === false) continue;
    const network = (service.properties['NetworkConfiguration'] as JsonObject | undefined)?.['AwsvpcConfiguration'] as JsonObject | undefined;
    const groups = ((network?.['SecurityGroups'] as Json[] | undefined) ?? []).map((g) => originKey(tree, service.stack, g));
    const services = config['Services'] as Json[] | undefined;
    found.push({
      address: { stack: service.stack, id: service.id },
      namespace: originKey(tree, service.stack, config['Namespace']),
      serves: Array.isArray(services) && services.length > 0,
      groups,
    });
  }
  return found;
}

/** Pairs `from group` -> `to group` that security groups let talk (standalone and inline ingress rules). */
function allowedPairs(tree: TreeIndex): { from: string; to: string }[] {
  const pairs: { from: string; to: string }[] = [];
  const add = (resource: TreeResource, group: Json | undefined, source: Json | undefined) => {
    if (source === undefined || group === undefined) return;
    pairs.push({ from: originKey(tree, resource.stack, source), to: originKey(tree, resource.stack, group) });
  };
  for (const rule of tree.resources('AWS::EC2::SecurityGroupIngress')) add(rule, rule.properties['GroupId'], rule.properties['SourceSecurityGroupId']);
  for (const group of tree.resources('AWS::EC2::SecurityGroup')) {
    for (const rule of (group.properties['SecurityGroupIngress'] as JsonObject[] | undefined) ?? []) {
      add(group, { Ref: group.id }, rule['SourceSecurityGroupId']);
    }
  }
  return pairs;
}

export const serviceConnectOrderingCheck: PreflightCheck = {
  id: 'ecs.service-connect-order',
  title: 'A Service Connect client service is created after every server service it may call',
  why: 'Created in parallel, the client tasks can start before the server endpoint exists and run without it until replaced',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html',
  run(tree, report) {
    const services = connectedServices(tree);
    const pairs = allowedPairs(tree);
    for (const client of services) {
      for (const server of services) {
        if (client === server || !server.serves || client.namespace !== server.namespace) continue;
        const talks = pairs.some((pair) => client.groups.includes(pair.from) && server.groups.includes(pair.to));
        if (!talks || tree.createdAfter(client.address, server.address)) continue;
        // A server that calls its client back cannot wait for it: the pair is reported once, at the later name.
        if (tree.createdAfter(server.address, client.address)) continue;
        report({
          severity: 'error',
          stack: client.address.stack,
          logicalId: client.address.id,
          message: `is a Service Connect client of ${server.address.stack}/${server.address.id} (its security group admits this service) but is not created after it: make it depend on the server service`,
        });
      }
    }
  },
};
