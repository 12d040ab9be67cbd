/**
 * Physical names: the resource properties that name a resource in AWS, and where AWS requires
 * that name to be unique. Two resources of one type with the same name in one scope cannot both
 * be created (the second fails with "already exists", or, for create-or-update APIs, takes over
 * the first), whatever the template says. name-clashes.ts compares them at compile time.
 *
 * Scopes, from the widest: `partition` (S3 bucket names), `account` (IAM names, every Region),
 * `region` (an account's Region), and `within`: unique only among resources that share the value
 * of other properties (an ECS service within its cluster). One compiled tree deploys to one account
 * and Region, so every scope is compared across the whole tree; the scope is what the error says.
 *
 * Each entry names its AWS source: the API that creates the resource documents the uniqueness
 * (or its "already exists" error). Hand-written; the registry schemas' primaryIdentifier would say
 * which property identifies a resource, not where its name must be unique.
 */
import type { ResourceType } from './types.js';

export type NameScope = 'partition' | 'account' | 'region' | 'within';

export interface PhysicalName {
  /** Property holding the name (a dotted path for nested properties). */
  property: string;
  scope: NameScope;
  /**
   * For `within`: the properties whose values scope the name, each as alternatives (the first
   * present is used), and the value AWS assumes when none is given.
   */
  within?: readonly { properties: readonly string[]; default?: string }[];
  /** Names that differ only in case are the same name. */
  caseInsensitive?: boolean;
  /** Where AWS documents the uniqueness. */
  source: string;
}

const region = (property: string, source: string): PhysicalName => ({ property, scope: 'region', source });
const iam = (property: string, source: string): PhysicalName => ({ property, scope: 'account', caseInsensitive: true, source });

export const PHYSICAL_NAMES: Partial<Record<ResourceType, readonly PhysicalName[]>> = {
  'AWS::KMS::Alias': [region('AliasName', 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html')],
  'AWS::Logs::LogGroup': [region('LogGroupName', 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html')],
  'AWS::Logs::LogStream': [
    {
      property: 'LogStreamName',
      scope: 'within',
      within: [{ properties: ['LogGroupName'] }],
      source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html',
    },
  ],
  'AWS::SSM::Parameter': [region('Name', 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html')],
  'AWS::ElasticLoadBalancingV2::TargetGroup': [
    region('Name', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html'),
  ],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': [
    region('Name', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html'),
  ],
  'AWS::ServiceDiscovery::HttpNamespace': [region('Name', 'https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateHttpNamespace.html')],
  'AWS::ServiceDiscovery::PublicDnsNamespace': [
    region('Name', 'https://docs.aws.amazon.com/cloud-map/latest/api/API_CreatePublicDnsNamespace.html'),
  ],
  // A private DNS namespace is a private hosted zone of its VPC: the same name in another VPC is another zone.
  'AWS::ServiceDiscovery::PrivateDnsNamespace': [
    {
      property: 'Name',
      scope: 'within',
      within: [{ properties: ['Vpc'] }],
      source: 'https://docs.aws.amazon.com/cloud-map/latest/api/API_CreatePrivateDnsNamespace.html',
    },
  ],
  'AWS::ServiceDiscovery::Service': [
    {
      property: 'Name',
      scope: 'within',
      within: [{ properties: ['NamespaceId', 'DnsConfig.NamespaceId'] }],
      source: 'https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html',
    },
  ],
  'AWS::ECS::Cluster': [region('ClusterName', 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html')],
  // "Service names must be unique within a cluster"; without Cluster, the service goes to `default`.
  'AWS::ECS::Service': [
    {
      property: 'ServiceName',
      scope: 'within',
      within: [{ properties: ['Cluster'], default: 'default' }],
      source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html',
    },
  ],
  'AWS::ECS::CapacityProvider': [region('Name', 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html')],
  // "Names are not distinguished by case": MyRole and myrole are one role.
  'AWS::IAM::Role': [iam('RoleName', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html')],
  'AWS::IAM::ManagedPolicy': [iam('ManagedPolicyName', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html')],
  'AWS::IAM::InstanceProfile': [
    iam('InstanceProfileName', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html'),
  ],
  'AWS::IAM::User': [iam('UserName', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html')],
  'AWS::IAM::Group': [iam('GroupName', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html')],
  'AWS::SNS::Topic': [region('TopicName', 'https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html')],
  'AWS::SQS::Queue': [region('QueueName', 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html')],
  'AWS::S3::Bucket': [
    { property: 'BucketName', scope: 'partition', source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html' },
  ],
  'AWS::CloudWatch::Alarm': [region('AlarmName', 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html')],
  'AWS::CodeDeploy::Application': [
    region('ApplicationName', 'https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateApplication.html'),
  ],
  'AWS::CodeDeploy::DeploymentGroup': [
    {
      property: 'DeploymentGroupName',
      scope: 'within',
      within: [{ properties: ['ApplicationName'] }],
      source: 'https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html',
    },
  ],
  'AWS::ECR::Repository': [region('RepositoryName', 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html')],
  'AWS::ECR::PullThroughCacheRule': [
    region('EcrRepositoryPrefix', 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html'),
  ],
  'AWS::SecretsManager::Secret': [region('Name', 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html')],
  'AWS::Lambda::Function': [region('FunctionName', 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html')],
  'AWS::DynamoDB::Table': [region('TableName', 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html')],
  'AWS::Events::Rule': [
    {
      property: 'Name',
      scope: 'within',
      within: [{ properties: ['EventBusName'], default: 'default' }],
      source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html',
    },
  ],
  'AWS::Scheduler::Schedule': [
    {
      property: 'Name',
      scope: 'within',
      within: [{ properties: ['GroupName'], default: 'default' }],
      source: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html',
    },
  ],
  // A scaling policy's name is unique per scalable target (namespace, resource id, dimension).
  'AWS::ApplicationAutoScaling::ScalingPolicy': [
    {
      property: 'PolicyName',
      scope: 'within',
      within: [{ properties: ['ScalingTargetId', 'ResourceId'] }, { properties: ['ScalableDimension'] }],
      source: 'https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html',
    },
  ],
  'AWS::AutoScaling::AutoScalingGroup': [
    region('AutoScalingGroupName', 'https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html'),
  ],
  'AWS::EC2::LaunchTemplate': [region('LaunchTemplateName', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html')],
  'AWS::EC2::SecurityGroup': [
    {
      property: 'GroupName',
      scope: 'within',
      within: [{ properties: ['VpcId'] }],
      source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
    },
  ],
};

/** How an error message says a scope. */
export function describeScope(name: PhysicalName): string {
  switch (name.scope) {
    case 'partition':
      return 'unique across all accounts of the partition';
    case 'account':
      return `unique in the account, in every Region${name.caseInsensitive ? ', ignoring case' : ''}`;
    case 'region':
      return 'unique in the account and Region';
    case 'within':
      return `unique within the same ${name.within!.map((w) => w.properties.join(' or ')).join(' and ')}`;
  }
}
