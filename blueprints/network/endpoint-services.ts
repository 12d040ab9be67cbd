/**
 * The AWS services this blueprint makes VPC endpoints for, and what each endpoint service is called
 * in each partition. Interface endpoint services are `com.amazonaws.<region>.<service>` in the aws and
 * aws-us-gov partitions; in the China regions (aws-cn) some are `cn.com.amazonaws.<region>.<service>`
 * instead, a creation with the other name fails ("The Vpc Endpoint Service ... does not exist").
 *
 * Sources: `aws ec2 describe-vpc-endpoint-services` in cn-north-1 and cn-northwest-1, as recorded in
 * the AWS CDK's table of China exceptions (aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts,
 * InterfaceVpcEndpointAwsService#getDefaultEndpointPrefix, which treats every service it does not
 * list as `com.amazonaws`), and the per-service pages of the China documentation, e.g.
 * https://docs.amazonaws.cn/en_us/batch/latest/userguide/vpc-endpoint-create.html ("In the aws-cn
 * partition, the format is different: cn.com.amazonaws.region.batch").
 * Gateway endpoints (S3, DynamoDB) keep `com.amazonaws.<region>.<service>` in China: the table above
 * is of interface endpoint services only (the CDK's GatewayVpcEndpointAwsService has no exception).
 */
import { Aws, Fn, type Stack, type Tok } from '../../dsl/index.js';

/** Interface endpoints this blueprint offers: the services ECS Fargate platforms reach from private subnets. */
export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'logs',
  'monitoring',
  'events',
  'sns',
  'sqs',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'kms',
  'secretsmanager',
  'sts',
  'elasticloadbalancing',
  'application-autoscaling',
  'servicediscovery',
  'xray',
  'dynamodb',
  'elasticfilesystem',
  'execute-api',
  'codedeploy',
  'codedeploy-commands-secure',
  'appmesh-envoy-management',
] as const;

export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/**
 * Interface endpoint services named `cn.com.amazonaws.<region>.<service>` in the China regions (both
 * cn-north-1 and cn-northwest-1 unless noted). Every other service, there as everywhere, is
 * `com.amazonaws.<region>.<service>`. Kept for all services, not only those offered above, so the
 * preflight check also judges endpoints written by hand.
 */
export const CHINA_PREFIXED_INTERFACE_SERVICES: ReadonlySet<string> = new Set([
  'account', // cn-northwest-1 only
  'application-autoscaling',
  'appmesh-envoy-management',
  'athena',
  'autoscaling',
  'awsconnector',
  'backup',
  'batch',
  'cassandra',
  'cloudcontrolapi',
  'cloudformation',
  'codedeploy-commands-secure',
  'databrew',
  'dms',
  'ebs',
  'ec2',
  'ecr.api',
  'ecr.dkr',
  'eks',
  'elasticache',
  'elasticbeanstalk',
  'elasticfilesystem',
  'elasticfilesystem-fips',
  'emr-containers',
  'execute-api',
  'fsx',
  'imagebuilder',
  'iot.data',
  'iotsitewise.api', // cn-north-1 only
  'iotsitewise.data', // cn-north-1 only
  'kinesis-streams',
  'lambda',
  'license-manager',
  'monitoring',
  'polly', // cn-northwest-1 only
  'rds',
  'redshift',
  'redshift-data',
  's3',
  'sagemaker.api',
  'sagemaker.featurestore-runtime',
  'sagemaker.runtime',
  'securityhub',
  'servicecatalog',
  'sms',
  'sqs',
  'states',
  'sts',
  'sync-states',
  'synthetics',
  'transcribe',
  'transcribestreaming',
  'transfer',
  'workspaces', // cn-northwest-1 only
  'xray',
]);

/** Logical id of the condition that holds in the China partition, one per stack that needs it. */
export const CHINA_PARTITION_CONDITION = 'PartitionIsChina';

/** The stack's condition `AWS::Partition == aws-cn`, declared on first use. */
function chinaPartition(stack: Stack) {
  return stack.conditions.get(CHINA_PARTITION_CONDITION) ?? stack.condition(CHINA_PARTITION_CONDITION, Fn.equals(Aws.partition, 'aws-cn'));
}

/**
 * The ServiceName of an interface endpoint for `service`, right in every partition: for a service
 * China names differently, `${prefix}com.amazonaws.${AWS::Region}.<service>` where the prefix is
 * `cn.` under the China partition condition and empty elsewhere.
 */
export function interfaceServiceName(stack: Stack, service: string): Tok {
  if (!CHINA_PREFIXED_INTERFACE_SERVICES.has(service)) return Fn.sub`com.amazonaws.${Aws.region}.${service}`;
  return Fn.sub`${Fn.if(chinaPartition(stack), 'cn.', '')}com.amazonaws.${Aws.region}.${service}`;
}

/** The ServiceName of a gateway endpoint (`s3`, `dynamodb`): the same form in every partition. */
export function gatewayServiceName(service: 's3' | 'dynamodb'): Tok {
  return Fn.sub`com.amazonaws.${Aws.region}.${service}`;
}
