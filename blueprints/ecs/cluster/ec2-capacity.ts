/**
 * An EC2 Auto Scaling group capacity provider: launch template on the ECS-optimised Amazon Linux
 * 2023 AMI (public SSM parameter), IMDSv2 only, encrypted EBS, an instance role limited to the
 * AmazonEC2ContainerServiceforEC2Role managed policy, managed scaling and termination protection.
 */
import { Aws, Fn, check, type List, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { ec2TrustPolicy } from '../../iam/index.js';

export interface Ec2CapacityProps {
  /** e.g. `t3.medium`, `m7g.large`. */
  instanceType: string;
  /** Instances, 0..1000. Default 0. */
  minSize?: number;
  /** Instances, 1..1000. */
  maxSize: number;
  /** Private subnets of the instances. */
  subnetIds: List<Value<string>>;
  /** Security groups of the instances (tasks in awsvpc mode get their own). */
  securityGroupIds: List<Value<string>>;
  /** Managed scaling target utilisation, 1..100. Default 100. */
  targetCapacity?: number;
  /** Root volume GiB, 30..16384. Default 30. */
  volumeSizeGiB?: number;
}

export interface Ec2Capacity {
  ami: ReturnType<Stack['parameter']>;
  instanceRole: Res<'AWS::IAM::Role'>;
  instanceProfile: Res<'AWS::IAM::InstanceProfile'>;
  launchTemplate: Res<'AWS::EC2::LaunchTemplate'>;
  autoScalingGroup: Res<'AWS::AutoScaling::AutoScalingGroup'>;
  capacityProvider: Res<'AWS::ECS::CapacityProvider'>;
}

export const ECS_OPTIMIZED_AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';

export function ec2Capacity(stack: Stack, clusterName: Value<string>, props: Ec2CapacityProps, path: string): Ec2Capacity {
  check.matches(`${path}.instanceType`, props.instanceType, /^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type (family.size)');
  const minSize = check.integerInRange(`${path}.minSize`, props.minSize ?? 0, 0, 1000);
  const maxSize = check.integerInRange(`${path}.maxSize`, props.maxSize, Math.max(1, minSize), 1000);
  const targetCapacity = check.integerInRange(`${path}.targetCapacity`, props.targetCapacity ?? 100, 1, 100);
  const volumeSize = check.integerInRange(`${path}.volumeSizeGiB`, props.volumeSizeGiB ?? 30, 30, 16384);

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
        InstanceType: props.instanceType,
        IamInstanceProfile: { Arn: instanceProfile.attr('Arn') },
        SecurityGroupIds: props.securityGroupIds,
        Monitoring: { Enabled: true },
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: volumeSize, DeleteOnTermination: true } },
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
      MinSize: String(minSize),
      MaxSize: String(maxSize),
      VPCZoneIdentifier: props.subnetIds,
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
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: targetCapacity },
        ManagedTerminationProtection: 'ENABLED',
        ManagedDraining: 'ENABLED',
      },
    },
  });
  return { ami, instanceRole, instanceProfile, launchTemplate, autoScalingGroup, capacityProvider };
}
