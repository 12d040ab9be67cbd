/**
 * What the launch role may do. Two parts:
 * - Service Catalog's own calls with the role: create, update and delete the provisioned stack, whose name
 *   Service Catalog makes `SC-<account>-pp-<id>`, and read the template it launches from
 *   (https://docs.aws.amazon.com/servicecatalog/latest/adminguide/constraints-launch.html);
 * - what CloudFormation then does with the role: the permissions derived from the registry schemas of every
 *   resource type the released templates hold (dsl/permissions.ts), scoped to what those stacks create (IAM roles
 *   and buckets named after `SC-` stacks, any IAM path), with `iam:PassRole` on those roles only.
 */
import { Aws, Fn, InputError } from '../../dsl/index.js';
import { derivePermissions, resourceValue, splitIntoPolicies, uncoveredResourceTypes, type DerivedStatement } from '../../dsl/permissions.js';
import { allow, policyDocument, type PolicyDocument, type PolicyStatement } from '../iam/index.js';

/** Every stack Service Catalog provisions, and every nested stack of it, has a name that starts with this. */
export const PROVISIONED_STACK_PREFIX = 'SC-';

/** The Service Catalog calls of the launch role itself (the template reads are added by the caller). */
export function serviceCatalogStatements(): PolicyStatement[] {
  return [
    allow(
      [
        'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStackResource', 'cloudformation:DescribeStackResources', 'cloudformation:ListStackResources', 'cloudformation:GetTemplate',
        'cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ListChangeSets',
        'cloudformation:SetStackPolicy', 'cloudformation:TagResource', 'cloudformation:UntagResource',
      ],
      [Fn.sub`arn:${Aws.partition}:cloudformation:${Aws.region}:${Aws.accountId}:stack/${PROVISIONED_STACK_PREFIX}*`, Fn.sub`arn:${Aws.partition}:cloudformation:${Aws.region}:${Aws.accountId}:changeSet/*`],
      { sid: 'ProvisionedStacks' },
    ),
    // Service Catalog calls these with a template URL and no stack: IAM then authorises them against `*`.
    allow(['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'], ['*'], { sid: 'ReadTemplates' }),
  ];
}

/**
 * The derived permissions of the products' resource types, as managed-policy documents within IAM's size quota.
 * A type the registry table does not cover is an input error naming where it came from.
 */
export function provisioningPolicies(resourceTypes: readonly { path: string; type: string }[]): PolicyDocument[] {
  const uncovered = uncoveredResourceTypes(resourceTypes.map((t) => t.type));
  const first = uncovered[0];
  if (first) {
    const where = resourceTypes.find((t) => t.type === first.type)!;
    throw new InputError(where.path, first.type, `${first.problem}: the launch role cannot be derived for it`);
  }
  const roles = ['/', '/*/'].map((path) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${path}${PROVISIONED_STACK_PREFIX}*`);
  const { statements } = derivePermissions(
    { resourceTypes: resourceTypes.map((t) => t.type), passedRoles: roles, templateObjects: [], iamPaths: ['/', '/*/'] },
    { stackNamePrefix: PROVISIONED_STACK_PREFIX },
  );
  return splitIntoPolicies(statements).map((document) => policyDocument(document.Statement.map(toPolicyStatement)));
}

function toPolicyStatement(s: DerivedStatement): PolicyStatement {
  return { Sid: s.Sid, Effect: s.Effect, Action: s.Action, Resource: s.Resource.map(resourceValue) };
}
