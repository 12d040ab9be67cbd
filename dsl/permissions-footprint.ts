/**
 * Reads, from compiled templates (a product's tree: root and nested children), what the permissions of
 * permissions.ts need: the resource types, the IAM paths roles are created under, and the roles handed to
 * services (every role the templates create, named by CloudFormation after the stack unless `RoleName` is set,
 * and role ARNs written into properties that hand a role over). A role ARN given as a parameter value is not
 * seen: it is chosen at deploy time.
 */
import type { DeploymentFootprint, DeploymentScope } from './permissions.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type TemplateJson = { [section: string]: Json };

const IAM_NAMED_TYPES = ['AWS::IAM::Role', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy'];
/** Properties whose strings are policy text, not values handed to a service. */
const POLICY_PROPERTIES = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Policies', 'KeyPolicy', 'PolicyText']);

/**
 * A CloudFormation value as an IAM resource pattern: literal text kept, anything decided at deploy time (a `Ref`,
 * a `${Parameter}` in a `Fn::Sub`, a `Fn::Join` part) becomes `*`; pseudo parameters stay as `${AWS::...}`.
 */
export function valuePattern(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const sub = value['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text !== undefined) return text.replace(/\$\{(?!AWS::(?:Partition|Region|AccountId)\})[^}]*\}/g, '*').replace(/\*+/g, '*');
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map((part) => valuePattern(part)).join(join[0]).replace(/\*+/g, '*');
  }
  return '*';
}

/** `arn:aws:iam::123456789012:role/...`, also with the partition and account as placeholders. */
const ROLE_ARN = /^arn:(?:\$\{AWS::Partition\}|[^:$]+):iam::(?:\$\{AWS::AccountId\}|\d{12}|\*):role\//;

/** A property that hands a role to a service: `RoleArn`, `ExecutionRoleArn`, `ServiceRoleARN`, `DeliverLogsPermissionArn`... */
const ROLE_PROPERTY = /Role|DeliverLogsPermissionArn/;

/**
 * Role ARNs (literal or `Fn::Sub`) in role-handing properties (`PrincipalARN` of a portfolio, a statement in a
 * policy document, name roles that are not passed).
 */
function roleArnsIn(value: Json, found: Set<string>, handsRole = false): void {
  if (typeof value === 'string') {
    if (handsRole && ROLE_ARN.test(value)) found.add(value);
    return;
  }
  if (Array.isArray(value)) return value.forEach((v) => roleArnsIn(v, found, handsRole));
  if (value && typeof value === 'object') {
    if (value['Fn::Sub'] !== undefined) {
      const pattern = valuePattern(value);
      if (handsRole && ROLE_ARN.test(pattern)) found.add(pattern);
      return;
    }
    for (const [key, v] of Object.entries(value)) if (!POLICY_PROPERTIES.has(key)) roleArnsIn(v, found, handsRole || ROLE_PROPERTY.test(key));
  }
}

function iamPath(properties: { [key: string]: Json }): string {
  const path = properties['Path'];
  if (path === undefined) return '/';
  const pattern = valuePattern(path);
  return pattern === '*' ? '/*/' : pattern;
}

/** The footprint of a tree of templates; `templateObjects` are the published children's S3 object patterns. */
export function footprintOfTemplates(templates: readonly TemplateJson[], scope: DeploymentScope, templateObjects: readonly string[] = []): DeploymentFootprint {
  const types = new Set<string>();
  const paths = new Set<string>();
  const roles = new Set<string>();
  for (const template of templates) {
    const resources = template['Resources'];
    if (!resources || typeof resources !== 'object' || Array.isArray(resources)) continue;
    for (const resource of Object.values(resources)) {
      if (!resource || typeof resource !== 'object' || Array.isArray(resource)) continue;
      const type = resource['Type'];
      if (typeof type !== 'string') continue;
      types.add(type);
      const properties = resource['Properties'];
      const props = properties && typeof properties === 'object' && !Array.isArray(properties) ? properties : {};
      if (IAM_NAMED_TYPES.includes(type)) paths.add(iamPath(props));
      if (type === 'AWS::IAM::Role') {
        const name = props['RoleName'];
        const path = iamPath(props).slice(1);
        roles.add(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${path}${name === undefined ? `${scope.stackNamePrefix}*` : valuePattern(name)}`);
      }
      roleArnsIn(props, roles);
    }
  }
  return { resourceTypes: [...types].sort(), passedRoles: [...roles].sort(), templateObjects: [...templateObjects], iamPaths: [...paths].sort() };
}
