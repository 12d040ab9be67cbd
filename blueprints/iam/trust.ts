/**
 * Trust policies for the roles AWS services assume, with confused-deputy conditions where the
 * service sends them.
 */
import { Aws, Fn } from '../../dsl/index.js';
import { policyDocument, serviceTrust, type PolicyDocument } from './statement.js';

/**
 * ECS tasks (task role and execution role): only tasks of this account, in this region, may
 * assume the role (`aws:SourceAccount` and `aws:SourceArn`, as the ECS documentation recommends).
 */
export function ecsTasksTrustPolicy(): PolicyDocument {
  return policyDocument([
    serviceTrust('ecs-tasks.amazonaws.com', {
      StringEquals: { 'aws:SourceAccount': Aws.accountId },
      ArnLike: { 'aws:SourceArn': Fn.sub`arn:${Aws.partition}:ecs:${Aws.region}:${Aws.accountId}:*` },
    }),
  ]);
}

/**
 * EC2 instances (container instances of an EC2 capacity provider). EC2 does not send
 * `aws:SourceAccount`/`aws:SourceArn` when an instance profile's role is assumed, so the trust
 * carries no condition: an instance profile cannot be used across accounts anyway.
 */
export function ec2TrustPolicy(): PolicyDocument {
  return policyDocument([serviceTrust('ec2.amazonaws.com')]);
}
