/**
 * Preflight check: an interface VPC endpoint whose ServiceName is built as
 * `com.amazonaws.${AWS::Region}.<service>` for a service the China regions name
 * `cn.com.amazonaws.<region>.<service>` fails to create in cn-north-1 and cn-northwest-1, unless a
 * condition on the partition chooses the name (or keeps the endpoint out of China).
 */
import type { PreflightCheck } from '../../dsl/preflight/check.js';
import { subOf, subParts, walkJson } from '../../dsl/preflight/json.js';
import { single, type TreeIndex } from '../../dsl/preflight/tree.js';
import type { Json } from '../../dsl/index.js';
import { CHINA_PREFIXED_INTERFACE_SERVICES } from './endpoint-services.js';

type JsonObject = { [key: string]: Json };

const REGION_BUILT = /^(?:\$\{([^}]+)\})?com\.amazonaws\.\$\{AWS::Region\}\.([a-z0-9.-]+)$/;
const REGION_LITERAL = /^com\.amazonaws\.(cn-[a-z]+-\d+)\.([a-z0-9.-]+)$/;

export const endpointPartitionCheck: PreflightCheck = {
  id: 'partition.endpoint-service-names',
  title: 'Interface VPC endpoint service names hold in the China regions',
  why:
    'cn-north-1 and cn-northwest-1 name some interface endpoint services cn.com.amazonaws.<region>.<service> (ecr.api, ecr.dkr, monitoring, sts, sqs, xray, ...): ' +
    'an endpoint named com.amazonaws.${AWS::Region}.<service> for one of them fails to create there',
  source: 'https://docs.amazonaws.cn/en_us/batch/latest/userguide/vpc-endpoint-create.html',
  run(tree, report) {
    for (const endpoint of tree.resources('AWS::EC2::VPCEndpoint')) {
      // Gateway endpoints (the default type) keep com.amazonaws in China.
      if (endpoint.properties['VpcEndpointType'] !== 'Interface') continue;
      const condition = endpoint.resource['Condition'];
      if (typeof condition === 'string' && conditionOnPartition(tree, endpoint.stack, condition)) continue;
      for (const problem of nameProblems(tree, endpoint.stack, endpoint.properties['ServiceName'])) {
        report({ severity: 'error', stack: endpoint.stack, logicalId: endpoint.id, property: 'Properties.ServiceName', message: problem });
      }
    }
  },
};

function fix(service: string): string {
  return `in the China regions the service is cn.com.amazonaws.<region>.${service}: choose the name with a condition on AWS::Partition (e.g. a "cn." prefix under AWS::Partition == aws-cn)`;
}

function nameProblems(tree: TreeIndex, stack: string, name: Json | undefined): string[] {
  if (name === undefined) return [];
  if (typeof name === 'string') {
    const literal = REGION_LITERAL.exec(name);
    return literal && CHINA_PREFIXED_INTERFACE_SERVICES.has(literal[2]!) ? [`is "${name}", but in ${literal[1]} the service is cn.com.amazonaws.${literal[1]}.${literal[2]}`] : [];
  }
  const choice = single(name, 'Fn::If');
  if (Array.isArray(choice) && typeof choice[0] === 'string') {
    if (conditionOnPartition(tree, stack, choice[0])) return [];
    return [...nameProblems(tree, stack, choice[1]), ...nameProblems(tree, stack, choice[2])];
  }
  const built = builtText(name);
  if (!built) return [];
  const match = REGION_BUILT.exec(built.text);
  if (!match || !CHINA_PREFIXED_INTERFACE_SERVICES.has(match[2]!)) return [];
  const prefix = match[1] === undefined ? undefined : built.variables[match[1]];
  const prefixChoice = single(prefix, 'Fn::If');
  if (Array.isArray(prefixChoice) && typeof prefixChoice[0] === 'string' && conditionOnPartition(tree, stack, prefixChoice[0])) return [];
  return [`builds com.amazonaws.\${AWS::Region}.${match[2]} with no condition on the partition; ${fix(match[2]!)}`];
}

/** The text of an Fn::Sub or Fn::Join with the values it fills in as `${name}` (Join items as `${0}`, `${1}`...). */
function builtText(value: Json): { text: string; variables: Record<string, Json> } | undefined {
  const sub = subOf(value);
  if (sub) {
    const text = subParts(sub.text)
      .map((part) => ('text' in part ? part.text : `\${${part.variable}}`))
      .join('');
    return { text, variables: sub.variables };
  }
  const join = single(value, 'Fn::Join');
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const variables: Record<string, Json> = {};
  const text = join[1]
    .map((item, index) => {
      if (typeof item === 'string') return item;
      if (single(item, 'Ref') === 'AWS::Region') return '${AWS::Region}';
      variables[String(index)] = item;
      return `\${${index}}`;
    })
    .join('');
  return { text, variables };
}

/**
 * True when the condition (through the conditions it names, and the flags a parent stack passes
 * down for it) compares AWS::Partition, or compares AWS::Region with a China region.
 */
function conditionOnPartition(tree: TreeIndex, stack: string, name: string, depth = 0): boolean {
  if (depth > 16) return false;
  const conditions = (tree.template(stack)['Conditions'] as JsonObject | undefined) ?? {};
  const parameters = (tree.template(stack)['Parameters'] as JsonObject | undefined) ?? {};
  let found = false;
  walkJson(conditions[name], '', (value) => {
    if (found || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const ref = single(value, 'Ref');
    if (ref === 'AWS::Partition') found = true;
    const equals = single(value, 'Fn::Equals');
    if (Array.isArray(equals) && equals.some((side) => single(side, 'Ref') === 'AWS::Region') && equals.some((side) => typeof side === 'string' && side.startsWith('cn-'))) found = true;
    const named = single(value, 'Condition');
    if (typeof named === 'string' && conditionOnPartition(tree, stack, named, depth + 1)) found = true;
    if (typeof ref === 'string' && ref in parameters) {
      // A condition used below its stack arrives as a flag: judge the parent's condition.
      const origin = tree.origin(stack, value);
      const passed = single(origin.value, 'Fn::If');
      if (origin.stack !== stack && Array.isArray(passed) && typeof passed[0] === 'string' && conditionOnPartition(tree, origin.stack, passed[0], depth + 1)) found = true;
    }
  });
  return found;
}
