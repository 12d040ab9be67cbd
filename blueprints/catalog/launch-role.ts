/**
 * The role Service Catalog launches products with (a launch role constraint per product): it may read the
 * products' published templates, root and children, run the provisioned stacks, and do what CloudFormation needs
 * to create, update and delete the resource types those templates hold (derived, see launch-permissions.ts).
 * The derived part is attached as managed policies (6,144 characters each) so that it is not bound by the
 * 10,240 characters all of a role's inline policies share.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { Aws, Fn, type ResourceHandle, type Stack } from '../../dsl/index.js';
import { allow, policyDocument, serviceTrust } from '../iam/index.js';
import { provisioningPolicies, serviceCatalogStatements } from './launch-permissions.js';
import type { CatalogProductInput } from './types.js';

export function launchRole(stack: Stack, products: readonly CatalogProductInput[], path: string): ResourceHandle<'AWS::IAM::Role'> {
  const locations = [...new Map(products.flatMap((p) => p.templates).map((t) => [`${t.bucket}/${t.prefix}`, t])).values()];
  const templateObjects = locations.map((t) => Fn.sub`arn:${Aws.partition}:s3:::${t.bucket}/${t.prefix}/*`);
  const types = products.flatMap((p, i) => p.resourceTypes.map((type, j) => ({ path: `${path}.products[${i}].resourceTypes[${j}]`, type })));
  const policies = provisioningPolicies(types).map((document, i) =>
    stack.add(`LaunchPolicy${i + 1}`, {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: `Service Catalog launch role, part ${i + 1}: what CloudFormation needs to create, update and delete the products' resources (derived from the registry schemas)`,
        Path: '/service-catalog/',
        PolicyDocument: document,
      },
    }),
  );
  return stack.add('LaunchRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'Service Catalog launch role: reads the published templates and provisions the products',
      Path: '/service-catalog/',
      AssumeRolePolicyDocument: policyDocument([serviceTrust('servicecatalog.amazonaws.com', { StringEquals: { 'aws:SourceAccount': Aws.accountId } })]),
      ManagedPolicyArns: policies.map((p) => p.ref),
      Policies: [
        { PolicyName: 'ReadPublishedTemplates', PolicyDocument: policyDocument([allow(['s3:GetObject'], templateObjects, { sid: 'ProductTemplates' })]) },
        { PolicyName: 'ProvisionedStacks', PolicyDocument: policyDocument(serviceCatalogStatements()) },
      ],
    },
  });
}
