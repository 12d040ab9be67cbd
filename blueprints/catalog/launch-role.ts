/**
 * The role Service Catalog launches products with (a launch role constraint per product): it may
 * read the products' published templates, root and children, and create what they declare.
 */
import { Aws, Fn, type ResourceHandle, type Stack } from '../../dsl/index.js';
import { allow, policyDocument, serviceTrust } from '../iam/index.js';
import { launchStatements } from './launch-permissions.js';
import type { CatalogProductInput } from './types.js';

export function launchRole(stack: Stack, products: readonly CatalogProductInput[], path: string): ResourceHandle<'AWS::IAM::Role'> {
  const locations = [...new Map(products.flatMap((p) => p.templates).map((t) => [`${t.bucket}/${t.prefix}`, t])).values()];
  const templateObjects = locations.map((t) => Fn.sub`arn:${Aws.partition}:s3:::${t.bucket}/${t.prefix}/*`);
  const types = products.flatMap((p, i) => p.resourceTypes.map((type, j) => ({ path: `${path}.products[${i}].resourceTypes[${j}]`, type })));
  return stack.add('LaunchRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'Service Catalog launch role: reads the published templates and provisions the products',
      Path: '/service-catalog/',
      AssumeRolePolicyDocument: policyDocument([serviceTrust('servicecatalog.amazonaws.com', { StringEquals: { 'aws:SourceAccount': Aws.accountId } })]),
      Policies: [
        { PolicyName: 'ReadPublishedTemplates', PolicyDocument: policyDocument([allow(['s3:GetObject'], templateObjects, { sid: 'ProductTemplates' })]) },
        { PolicyName: 'ProvisionProducts', PolicyDocument: policyDocument(launchStatements(types)) },
      ],
    },
  });
}
