/**
 * What a launch role may do for a product, derived from the resource types its templates
 * create. Service Catalog names every stack it provisions `SC-<account>-pp-<id>` (nested stacks
 * start the same), and CloudFormation names unnamed resources after their stack, so IAM and
 * CloudFormation access is limited to `SC-*`; every other service is limited to this account
 * and region. The few create actions AWS cannot scope to a resource get `*`, by name.
 */
import { Aws, Fn, InputError, type CfnValue } from '../../dsl/index.js';
import { allow, type PolicyStatement } from '../iam/index.js';

/** CloudFormation namespace -> IAM service prefix of the services the products use. */
const SERVICES: Record<string, string> = {
  ApplicationAutoScaling: 'application-autoscaling',
  AutoScaling: 'autoscaling',
  CertificateManager: 'acm',
  CloudWatch: 'cloudwatch',
  CodeDeploy: 'codedeploy',
  EC2: 'ec2',
  ECR: 'ecr',
  ECS: 'ecs',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  Events: 'events',
  KMS: 'kms',
  Logs: 'logs',
  SecretsManager: 'secretsmanager',
  ServiceDiscovery: 'servicediscovery',
  SNS: 'sns',
  SSM: 'ssm',
};

/** Create and read actions that take no resource ARN in IAM, per service prefix. */
const UNSCOPED: Record<string, string[]> = {
  ec2: ['ec2:DescribeAccountAttributes', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeRouteTables', 'ec2:DescribeInternetGateways', 'ec2:DescribeNatGateways', 'ec2:DescribeAddresses', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeFlowLogs', 'ec2:DescribeLaunchTemplates', 'ec2:DescribeNetworkInterfaces'],
  ecs: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition'],
  elasticloadbalancing: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTags'],
  kms: ['kms:CreateKey'],
  logs: ['logs:DescribeLogGroups'],
  servicediscovery: ['servicediscovery:CreateHttpNamespace', 'servicediscovery:CreatePrivateDnsNamespace', 'servicediscovery:GetOperation'],
  'application-autoscaling': ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies', 'application-autoscaling:DescribeScheduledActions'],
  autoscaling: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeScalingActivities'],
  codedeploy: [],
};

const IAM_ROLE_ACTIONS = [
  'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole',
  'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PassRole',
  'iam:CreateInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:GetInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile',
];

/** `AWS::ECS::Service` -> `ecs`; throws for a namespace with no known permissions. */
export function servicePrefix(path: string, resourceType: string): string | undefined {
  const namespace = /^AWS::([A-Za-z0-9]+)::[A-Za-z0-9]+$/.exec(resourceType)?.[1];
  if (namespace === 'CloudFormation' || namespace === 'IAM' || namespace === 'S3') return namespace.toLowerCase();
  const prefix = namespace ? SERVICES[namespace] : undefined;
  if (!prefix) {
    throw new InputError(path, resourceType, `has no launch permissions known to the catalog (known: AWS::CloudFormation, AWS::IAM, AWS::S3, ${Object.keys(SERVICES).map((n) => `AWS::${n}`).join(', ')}); add it to blueprints/catalog/launch-permissions.ts`);
  }
  return prefix;
}

const regional = (service: string): CfnValue => Fn.sub`arn:${Aws.partition}:${service}:${Aws.region}:${Aws.accountId}:*`;

/** Statements for the resource types of every product (the template reads are added by the caller). */
export function launchStatements(resourceTypes: readonly { path: string; type: string }[]): PolicyStatement[] {
  const services = [...new Set(resourceTypes.map(({ path, type }) => servicePrefix(path, type)!))].sort();
  const statements: PolicyStatement[] = [
    allow(
      [
        'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStackResource', 'cloudformation:DescribeStackResources', 'cloudformation:ListStackResources', 'cloudformation:GetTemplate',
        'cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ListChangeSets',
        'cloudformation:SetStackPolicy', 'cloudformation:TagResource', 'cloudformation:UntagResource',
      ],
      [Fn.sub`arn:${Aws.partition}:cloudformation:${Aws.region}:${Aws.accountId}:stack/SC-*`, Fn.sub`arn:${Aws.partition}:cloudformation:${Aws.region}:${Aws.accountId}:changeSet/*`],
      { sid: 'ProvisionedStacks' },
    ),
    allow(['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'], ['*'], { sid: 'ReadTemplates' }),
  ];
  for (const service of services) {
    if (service === 'cloudformation') continue;
    const sid = service.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
    if (service === 'iam') {
      statements.push(allow(IAM_ROLE_ACTIONS, [Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:role/SC-*`, Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:instance-profile/SC-*`], { sid: 'IamRolesOfProvisionedStacks' }));
      statements.push(allow(['iam:CreateServiceLinkedRole'], [Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:role/aws-service-role/*`], { sid: 'IamServiceLinkedRoles' }));
      continue;
    }
    if (service === 's3') {
      // Bucket ARNs carry no account or region: only buckets CloudFormation names after the stack.
      statements.push(allow(['s3:CreateBucket', 's3:DeleteBucket', 's3:ListBucket', 's3:GetBucket*', 's3:PutBucket*', 's3:DeleteBucketPolicy', 's3:PutEncryptionConfiguration', 's3:GetEncryptionConfiguration', 's3:PutLifecycleConfiguration', 's3:GetLifecycleConfiguration'], [Fn.sub`arn:${Aws.partition}:s3:::sc-*`], { sid: 'S3BucketsOfProvisionedStacks' }));
      continue;
    }
    statements.push(allow([`${service}:*`], [regional(service)], { sid: `${sid}InThisAccountAndRegion` }));
    const unscoped = UNSCOPED[service] ?? [];
    if (unscoped.length) statements.push(allow(unscoped, ['*'], { sid: `${sid}ActionsWithoutResourceArns` }));
  }
  return statements;
}
