/**
 * IAM statements whose resources can never match their actions:
 * - a log group's `Arn` attribute already ends in `:*`, so `${Group.Arn}:log-stream:*` (or any text
 *   after it) names nothing;
 * - an action of one service on ARNs of other services only (`logs:PutLogEvents` on an S3 ARN).
 * Resources are followed through nested-stack parameters to the attribute they carry.
 */
import type { Json } from '../../wiring.js';
import type { PreflightCheck } from '../check.js';
import { subOf, subParts, walkJson } from '../json.js';
import { actionScope, hasActionScope } from '../../spec/registry-lookup.js';
import type { TreeIndex } from '../tree.js';

type JsonObject = { [key: string]: Json };

/** CloudFormation namespace -> the service part of its ARNs, where the two differ. */
const ARN_SERVICE: Record<string, string> = {
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  ApplicationAutoScaling: 'application-autoscaling',
  ServiceDiscovery: 'servicediscovery',
  SecretsManager: 'secretsmanager',
  CertificateManager: 'acm',
  AutoScaling: 'autoscaling',
  CloudWatch: 'cloudwatch',
  CodeDeploy: 'codedeploy',
  CloudFormation: 'cloudformation',
};

function serviceOfType(type: string): string | undefined {
  const namespace = /^AWS::([A-Za-z0-9]+)::/.exec(type)?.[1];
  return namespace ? (ARN_SERVICE[namespace] ?? namespace.toLowerCase()) : undefined;
}

interface ResourceFacts {
  /** The service of the ARN, when known. */
  service?: string;
  /** A log group's Arn attribute (ends in `:*`) with text after it. */
  logGroupArnWithSuffix?: boolean;
}

/** The resource type whose Arn attribute `value` carries (followed through the wiring). */
function arnAttributeType(tree: TreeIndex, stack: string, value: Json): string | undefined {
  const target = tree.target(stack, value);
  return target?.attribute === 'Arn' ? tree.resource(target)?.type : undefined;
}

function factsOf(tree: TreeIndex, stack: string, resource: Json, parameters: JsonObject): ResourceFacts {
  if (typeof resource === 'string') {
    if (resource === '*') return {};
    const service = /^arn:[^:]+:([^:]+):/.exec(resource)?.[1];
    return service ? { service } : {};
  }
  const sub = subOf(resource);
  if (sub) {
    const parts = subParts(sub.text);
    const facts: ResourceFacts = {};
    const first = parts.map((p) => ('text' in p ? p.text : '${' + p.variable + '}')).join('');
    const service = /^arn:(?:\$\{AWS::Partition\}|[^:]+):([a-z0-9-]+):/.exec(first)?.[1];
    if (service) facts.service = service;
    parts.forEach((part, index) => {
      if (!('variable' in part)) return;
      const [name, attribute] = part.variable.split('.');
      const variable = sub.variables[part.variable];
      const type = variable !== undefined
        ? arnAttributeType(tree, stack, variable)
        : attribute === 'Arn'
          ? tree.resource({ stack, id: name! })?.type
          : name! in parameters
            ? arnAttributeType(tree, stack, { Ref: name! })
            : undefined;
      if (type === 'AWS::Logs::LogGroup' && index < parts.length - 1) facts.logGroupArnWithSuffix = true;
      if (index === 0 && type) facts.service = serviceOfType(type);
    });
    return facts;
  }
  const type = arnAttributeType(tree, stack, resource);
  return type ? { service: serviceOfType(type) } : {};
}

function statementsOf(properties: JsonObject): { path: string; statement: JsonObject }[] {
  const found: { path: string; statement: JsonObject }[] = [];
  walkJson(properties, 'Properties', (value, path) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    if (path.endsWith('AssumeRolePolicyDocument') || path.endsWith('KeyPolicy')) return;
    const statements = value['Statement'];
    if (value['Version'] === undefined || !Array.isArray(statements)) return;
    statements.forEach((statement, index) => {
      if (statement && typeof statement === 'object' && !Array.isArray(statement) && !('Principal' in statement)) {
        found.push({ path: `${path}.Statement[${index}]`, statement: statement as JsonObject });
      }
    });
  });
  return found;
}

/**
 * The services whose ARNs an action can name: from the Service Authorization Reference when the
 * registry table holds the action (`vpce:AllowMultiRegion` acts on `ec2` endpoint ARNs), else the
 * action's own prefix.
 */
function arnServicesOf(action: string): string[] {
  const prefix = action.split(':')[0]!;
  if (!hasActionScope(action)) return [prefix];
  const formats = actionScope(action).arnFormats.map((format) => /^arn:[^:]+:([^:]+):/.exec(format)?.[1]).filter((s): s is string => !!s);
  return [prefix, ...formats];
}

const asList = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export const iamResourcesCheck: PreflightCheck = {
  id: 'iam.resource-patterns',
  title: 'IAM statements name resources their actions can match',
  why: 'A resource pattern that matches nothing silently denies: the task fails at run time with AccessDenied although the template deployed',
  source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html; https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html (the log group arn ends in :*)',
  run(tree, report) {
    for (const resource of tree.resources()) {
      if (!resource.type.startsWith('AWS::IAM::')) continue;
      const parameters = (tree.template(resource.stack)['Parameters'] as JsonObject | undefined) ?? {};
      for (const { path, statement } of statementsOf(resource.properties)) {
        if (statement['Effect'] !== 'Allow') continue;
        const resources = asList(statement['Resource']);
        const facts = resources.map((r) => factsOf(tree, resource.stack, r, parameters));
        facts.forEach((f, i) => {
          if (f.logGroupArnWithSuffix) {
            report({
              severity: 'error',
              stack: resource.stack,
              logicalId: resource.id,
              property: `${path}.Resource[${i}]`,
              message: "appends to a log group's Arn attribute, which already ends in \":*\": the pattern never matches; build it from the log group name (arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:<name>:log-stream:*)",
            });
          }
        });
        if (resources.some((r) => r === '*') || facts.some((f) => !f.service)) continue;
        const services = new Set(facts.map((f) => f.service!));
        for (const action of asList(statement['Action'])) {
          if (typeof action !== 'string') continue;
          if (!arnServicesOf(action).some((service) => services.has(service))) {
            report({
              severity: 'error',
              stack: resource.stack,
              logicalId: resource.id,
              property: `${path}.Action`,
              message: `${action} can never apply to the statement's resources (ARNs of ${[...services].join(', ')})`,
            });
          }
        }
      }
    }
  },
};
