/**
 * An architecture picture (Mermaid flowchart) drawn from the compiled templates alone: nested
 * stacks as boxes, the resources that carry traffic or run code as nodes, everything else
 * summarised, and the request paths that the security groups allow as arrows. References are
 * traced through the nested-stack wiring, so an arrow crosses stacks the way the traffic does.
 */
import type { CompiledStack, Json } from '../dsl/index.js';

type JsonObject = { [key: string]: Json };

/** Resource types drawn as nodes, with their label. */
const PRINCIPAL: Record<string, string> = {
  'AWS::EC2::VPC': 'VPC',
  'AWS::EC2::NatGateway': 'NAT gateway',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Load balancer',
  'AWS::ECS::Cluster': 'ECS cluster',
  'AWS::ECS::Service': 'ECS service',
  'AWS::ECS::TaskSet': 'ECS task set',
  'AWS::ECR::PullThroughCacheRule': 'ECR pull-through cache',
  'AWS::ServiceDiscovery::HttpNamespace': 'Cloud Map namespace',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'Cloud Map DNS namespace',
  'AWS::CodeDeploy::DeploymentGroup': 'CodeDeploy blue/green',
  'AWS::AutoScaling::AutoScalingGroup': 'EC2 capacity (ASG)',
  'AWS::ServiceCatalog::Portfolio': 'Service Catalog portfolio',
  'AWS::ServiceCatalog::CloudFormationProduct': 'Service Catalog product',
};
const ENDPOINT = 'AWS::EC2::VPCEndpoint';

interface Place {
  stack: string;
  id: string;
}

export function architectureDiagram(stacks: readonly CompiledStack[]): string {
  const byPath = new Map(stacks.map((s) => [s.path, s]));
  const section = (stack: CompiledStack, name: string) => (stack.template[name] as JsonObject | undefined) ?? {};
  const resourcesOf = (stack: CompiledStack) => section(stack, 'Resources') as Record<string, JsonObject>;
  const props = (r: JsonObject) => (r['Properties'] as JsonObject | undefined) ?? {};

  /** The resource a value designates, following Ref/GetAtt through parameters and outputs. */
  const trace = (path: string, value: Json | undefined, depth = 0): Place | undefined => {
    const stack = byPath.get(path);
    if (!stack || depth > 20 || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const ref = value['Ref'];
    if (typeof ref === 'string') {
      if (resourcesOf(stack)[ref]) return { stack: path, id: ref };
      if (section(stack, 'Parameters')[ref] && path.includes('/')) {
        const parentPath = path.slice(0, path.lastIndexOf('/'));
        const parent = byPath.get(parentPath);
        const passed = parent && (props(resourcesOf(parent)[path.slice(parentPath.length + 1)] ?? {})['Parameters'] as JsonObject | undefined);
        return trace(parentPath, passed?.[ref], depth + 1);
      }
      return undefined;
    }
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      const [target, attribute] = getAtt as [string, string];
      const resource = resourcesOf(stack)[target];
      if (resource?.['Type'] === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        const childPath = `${path}/${target}`;
        const child = byPath.get(childPath);
        const output = child && (section(child, 'Outputs')[attribute.slice('Outputs.'.length)] as JsonObject | undefined);
        return trace(childPath, output?.['Value'], depth + 1);
      }
      if (resource) return { stack: path, id: target };
    }
    return undefined;
  };
  const key = (p: Place) => `${p.stack}/${p.id}`;
  const nodeId = (k: string) => 'n_' + k.replace(/[^A-Za-z0-9]/g, '_');

  // Which drawn node sits behind each security group.
  const owners = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(resourcesOf(stack))) {
      const type = r['Type'] as string;
      const p = props(r);
      const here = key({ stack: stack.path, id });
      if (PRINCIPAL[type]) labels.set(here, `${PRINCIPAL[type]}<br/><small>${id}</small>`);
      const groups = [
        p['SecurityGroups'],
        (p['NetworkConfiguration'] as JsonObject | undefined)?.['AwsvpcConfiguration'] &&
          ((p['NetworkConfiguration'] as JsonObject)['AwsvpcConfiguration'] as JsonObject)['SecurityGroups'],
        type === ENDPOINT ? p['SecurityGroupIds'] : undefined,
      ].flatMap((g) => (Array.isArray(g) ? g : []));
      for (const group of groups) {
        const place = trace(stack.path, group);
        if (place && (PRINCIPAL[type] || type === ENDPOINT)) owners.set(key(place), type === ENDPOINT ? `${stack.path}/endpoints` : here);
      }
    }
  }

  // Request paths: ingress rules, inline or standalone.
  const edges = new Set<string>();
  const externals = new Set<string>();
  const internet = 'client((client))';
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(resourcesOf(stack))) {
      const rules: [Place | undefined, JsonObject][] = [];
      if (r['Type'] === 'AWS::EC2::SecurityGroup') {
        for (const rule of (props(r)['SecurityGroupIngress'] as JsonObject[] | undefined) ?? []) rules.push([{ stack: stack.path, id }, rule]);
      }
      if (r['Type'] === 'AWS::EC2::SecurityGroupIngress') rules.push([trace(stack.path, props(r)['GroupId']), props(r)]);
      for (const [target, rule] of rules) {
        const to = target && owners.get(key(target));
        if (!to) continue;
        const port = portLabel(rule['FromPort'], rule['ToPort']);
        const source = rule['SourceSecurityGroupId'] !== undefined ? trace(stack.path, rule['SourceSecurityGroupId']) : undefined;
        const from = source ? owners.get(key(source)) : undefined;
        if (from) {
          edges.add(`  ${nodeId(from)} -->|"${port}"| ${nodeId(to)}`);
        } else if (rule['CidrIp'] === '0.0.0.0/0') {
          edges.add(`  client -->|"${port}"| ${nodeId(to)}`);
        } else {
          // A source outside the templates: a CIDR, a prefix list or a group given by parameter.
          const outside = describe(rule['SourceSecurityGroupId'] ?? rule['SourcePrefixListId'] ?? rule['CidrIp']);
          externals.add(outside);
          edges.add(`  ${nodeId(`outside/${outside}`)} -->|"${port}"| ${nodeId(to)}`);
        }
      }
    }
  }

  const lines = ['flowchart LR', `  ${internet}`];
  const drawStack = (stack: CompiledStack, indent: string) => {
    const resources = Object.entries(resourcesOf(stack));
    const others = new Map<string, number>();
    const endpoints: string[] = [];
    lines.push(`${indent}subgraph ${nodeId(stack.path)}["${stack.path.split('/').at(-1)} stack"]`);
    for (const [id, r] of resources) {
      const type = r['Type'] as string;
      const here = key({ stack: stack.path, id });
      if (type === 'AWS::CloudFormation::Stack') continue;
      if (labels.has(here)) lines.push(`${indent}  ${nodeId(here)}["${labels.get(here)}"]`);
      else if (type === ENDPOINT) endpoints.push(endpointName(props(r)['ServiceName']));
      else others.set(type.split('::').slice(1).join(' '), (others.get(type.split('::').slice(1).join(' ')) ?? 0) + 1);
    }
    if (endpoints.length) lines.push(`${indent}  ${nodeId(`${stack.path}/endpoints`)}["VPC endpoints<br/><small>${endpoints.join(', ')}</small>"]`);
    if (others.size) {
      const summary = [...others].map(([t, n]) => (n > 1 ? `${n} × ${t}` : t)).join('<br/>');
      lines.push(`${indent}  ${nodeId(`${stack.path}/others`)}["<small>${summary}</small>"]`);
    }
    for (const child of stacks.filter((s) => s.path.startsWith(stack.path + '/') && !s.path.slice(stack.path.length + 1).includes('/'))) {
      drawStack(child, indent + '  ');
    }
    lines.push(`${indent}end`);
  };
  drawStack(stacks.find((s) => !s.path.includes('/'))!, '  ');
  for (const outside of [...externals].sort()) lines.push(`  ${nodeId(`outside/${outside}`)}(["${outside}"])`);
  lines.push(...[...edges].sort());
  return lines.join('\n') + '\n';
}

/** A literal, or the parameter or attribute a value comes from. */
function describe(value: Json | undefined): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (typeof value['Ref'] === 'string') return value['Ref'];
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return getAtt.join('.');
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'deploy-time value';
}

function portLabel(from: Json | undefined, to: Json | undefined): string {
  if (JSON.stringify(from) === JSON.stringify(to)) return `:${describe(from)}`;
  const [first, last] = [describe(from), describe(to)];
  // Both ends computed at deploy time (a range chosen at launch): one label, not two.
  return first === last ? `:${first}s` : `:${first}-${last}`;
}

/** `ecr.api` from `com.amazonaws.${AWS::Region}.ecr.api` (literal or in a Sub). */
function endpointName(serviceName: Json | undefined): string {
  const text = typeof serviceName === 'string' ? serviceName : JSON.stringify(serviceName ?? '');
  return /(?:\$\{AWS::Region\}|com\.amazonaws\.[a-z0-9-]+)\.([a-z0-9.-]+)/.exec(text)?.[1] ?? 'endpoint';
}
