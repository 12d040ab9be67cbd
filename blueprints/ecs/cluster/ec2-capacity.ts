/**
 * An EC2 Auto Scaling group capacity provider: launch template on the ECS-optimised Amazon Linux
 * 2023 AMI (public SSM parameter), IMDSv2 only, encrypted EBS, an instance role limited to the
 * AmazonEC2ContainerServiceforEC2Role managed policy, managed scaling and termination protection.
 */
import { Aws, Fn, InputError, s, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { ec2TrustPolicy } from '../../iam/index.js';
import { requireOrder } from '../input-order.js';
import { stringsOrList } from '../inputs.js';
import { ec2InstanceType } from './instance-types.js';

/** Subnet or security group ids: a list (of ids or tokens), or a deploy-time list (a List parameter's Ref). */
const idList = (what: string) => stringsOrList(what, 16, s.string({ max: 64 }));

export const Ec2CapacityInput = s.object({
  /**
   * Instance type, e.g. `t3.medium`, `m7g.large`: one the EC2 API knows (checked against the table of
   * scripts/generate-instance-types.ts), or a deploy-time value matching `<family>.<size>`.
   */
  instanceType: ec2InstanceType(),
  /** Fewest instances, 0..1000. Default 0. At most maxSize (a literal bounds the other's parameter; two deploy-time values are not compared). */
  minSize: s.optional(s.deployTime(s.integer(0, 1000)), 0),
  /** Most instances, 1..1000. */
  maxSize: s.deployTime(s.integer(1, 1000)),
  /** Private subnets of the instances. */
  subnetIds: idList('subnet ids'),
  /** Security groups of the instances (tasks in awsvpc mode get their own). */
  securityGroupIds: idList('security group ids'),
  /** Managed scaling target utilisation in %, 1..100. Default 100. */
  targetCapacity: s.optional(s.deployTime(s.integer(1, 100)), 100),
  /** Root volume GiB, 30..16384 (gp3; the ECS-optimised AMI needs 30). Default 30. */
  volumeSizeGiB: s.optional(s.deployTime(s.integer(30, 16384)), 30),
});
export type Ec2CapacityProps = s.Input<typeof Ec2CapacityInput>;

export interface Ec2Capacity {
  ami: ReturnType<Stack['parameter']>;
  instanceRole: Res<'AWS::IAM::Role'>;
  instanceProfile: Res<'AWS::IAM::InstanceProfile'>;
  launchTemplate: Res<'AWS::EC2::LaunchTemplate'>;
  autoScalingGroup: Res<'AWS::AutoScaling::AutoScalingGroup'>;
  capacityProvider: Res<'AWS::ECS::CapacityProvider'>;
}

export const ECS_OPTIMIZED_AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';

export function ec2Capacity(stack: Stack, clusterName: Value<string>, props: Ec2CapacityProps, path = 'ec2Capacity'): Ec2Capacity {
  const p = s.parse(Ec2CapacityInput, props, path);
  requireOrder(
    { path: `${path}.minSize`, name: 'minSize', value: p.minSize },
    { path: `${path}.maxSize`, name: 'maxSize', value: p.maxSize },
    { problem: () => new InputError(`${path}.maxSize`, p.maxSize, `is less than minSize (${String(p.minSize)})`) },
  );
  // The Auto Scaling group takes its sizes as strings (AWS::AutoScaling::AutoScalingGroup MinSize/MaxSize).
  const sizeText = (size: number | Value<string>) => (typeof size === 'number' ? String(size) : size);

  const ami = stack.parameter('EcsOptimizedAmi', {
    Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
    Default: ECS_OPTIMIZED_AMI_PARAMETER,
    Description: 'Public SSM parameter of the ECS-optimised AMI of the container instances',
  });
  const instanceRole = stack.add('InstanceRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'ECS container instances: register with the cluster, pull images, write agent logs',
      AssumeRolePolicyDocument: ec2TrustPolicy(),
      ManagedPolicyArns: [Fn.sub`arn:${Aws.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`],
    },
  });
  const instanceProfile = stack.add('InstanceProfile', {
    Type: 'AWS::IAM::InstanceProfile',
    Properties: { Roles: [instanceRole.ref] },
  });
  const launchTemplate = stack.add('LaunchTemplate', {
    Type: 'AWS::EC2::LaunchTemplate',
    Properties: {
      LaunchTemplateData: {
        ImageId: ami.ref,
        InstanceType: p.instanceType,
        IamInstanceProfile: { Arn: instanceProfile.attr('Arn') },
        SecurityGroupIds: p.securityGroupIds,
        Monitoring: { Enabled: true },
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: p.volumeSizeGiB, DeleteOnTermination: true } },
        ],
        UserData: Fn.base64(Fn.sub`#!/bin/bash
echo ECS_CLUSTER=${clusterName} >> /etc/ecs/ecs.config
echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config
`),
      },
    },
  });
  const autoScalingGroup = stack.add('AutoScalingGroup', {
    Type: 'AWS::AutoScaling::AutoScalingGroup',
    Properties: {
      MinSize: sizeText(p.minSize),
      MaxSize: sizeText(p.maxSize),
      VPCZoneIdentifier: p.subnetIds,
      LaunchTemplate: { LaunchTemplateId: launchTemplate.ref, Version: launchTemplate.attr('LatestVersionNumber') },
      // Managed termination protection needs instances protected from scale-in.
      NewInstancesProtectedFromScaleIn: true,
    },
  });
  const capacityProvider = stack.add('Ec2CapacityProvider', {
    Type: 'AWS::ECS::CapacityProvider',
    Properties: {
      // Left out, the name would start with the stack name, and CreateCapacityProvider refuses names
      // starting with aws, ecs or fargate: a fixed prefix keeps any stack name safe (128 + 4 < 255).
      Name: Fn.sub`ec2-${Aws.stackName}`,
      AutoScalingGroupProvider: {
        AutoScalingGroupArn: autoScalingGroup.ref,
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: p.targetCapacity },
        ManagedTerminationProtection: 'ENABLED',
        ManagedDraining: 'ENABLED',
      },
    },
  });
  return { ami, instanceRole, instanceProfile, launchTemplate, autoScalingGroup, capacityProvider };
}
