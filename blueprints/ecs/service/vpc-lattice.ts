/**
 * VPC Lattice target registration: ECS registers each task in the given Lattice target groups, on the port
 * of a named port mapping (`VpcLatticeConfigurations`,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-vpc-lattice.html).
 *
 * - Lattice traffic reaches the tasks from the region's VPC Lattice managed prefix list
 *   (`com.amazonaws.<region>.vpc-lattice`, https://docs.aws.amazon.com/vpc-lattice/latest/ug/security-groups.html).
 *   Its id differs per region and CloudFormation cannot look it up, so it is an input; the tasks' security
 *   group admits it on each registered port (and nothing else is opened).
 * - ECS registers and deregisters the targets with the infrastructure role (infrastructure-role.ts): the
 *   actions of the AWS managed AmazonECSInfrastructureRolePolicyForVpcLattice, granted on these target groups
 *   only (the managed policy grants them on every target group of every account's region).
 * - Only the ECS deployment controller: a task set has no Lattice configuration (registry schema of AWS::ECS::TaskSet).
 */
import { InputError, s, type ResourceProps, type Value } from '../../../dsl/index.js';
import { allow, type PolicyStatement } from '../../iam/index.js';
import type { DeploymentController } from '../deployment/deployment-configuration.js';
import type { Task } from '../types.js';
import type { PrefixListPeer } from './security-group.js';

const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:targetgroup\/tg-[0-9a-z]{17}$/;
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;

export const VpcLatticeInput = s.object({
  /** The region's VPC Lattice managed prefix list id (`com.amazonaws.<region>.vpc-lattice`), `pl-...` (or a deploy-time value). */
  prefixListId: s.deployTime(s.text(PREFIX_LIST_ID, 'a managed prefix list id (pl-...)')),
  /** 1 to 5 target groups, each with the named port mapping its targets listen on. */
  targets: s.list(
    s.object({
      /** Lattice target group ARN (type IP; or a deploy-time value). */
      targetGroupArn: s.deployTime(s.text(TARGET_GROUP_ARN, 'a VPC Lattice target group ARN (arn:<partition>:vpc-lattice:<region>:<account>:targetgroup/tg-...)')),
      /** Name of a port mapping of the task's containers. */
      portName: s.text(/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/, 'a port mapping name'),
    }),
    { min: 1, max: 5 },
    'target groups',
  ),
});
export type VpcLatticeProps = s.Input<typeof VpcLatticeInput>;
type VpcLattice = s.Output<typeof VpcLatticeInput>;

type LatticeConfigurations = NonNullable<ResourceProps<'AWS::ECS::Service'>['VpcLatticeConfigurations']>;

/** The ingress the tasks need (one rule per registered port), after checking the ports and the controller. */
export function latticeIngress(path: string, lattice: VpcLattice, task: Task, controller: DeploymentController): Record<string, PrefixListPeer> {
  if (controller !== 'ECS') throw new InputError(path, 'given', `needs the ECS deployment controller, not ${controller}: task sets take no VPC Lattice configuration`);
  const rules: Record<string, PrefixListPeer> = {};
  lattice.targets.forEach((target, i) => {
    const port = task.containers.flatMap((c) => c.ports).find((p) => p.name === target.portName);
    if (!port) {
      const named = task.containers.flatMap((c) => c.ports.flatMap((p) => (p.name ? [p.name] : [])));
      throw new InputError(`${path}.targets[${i}].portName`, target.portName, `is not a named port mapping of the task (${named.join(', ') || 'it has none'})`);
    }
    if (port.protocol !== 'tcp') throw new InputError(`${path}.targets[${i}].portName`, target.portName, 'is a UDP port: VPC Lattice sends TCP');
    rules[`vpcLattice-${target.portName}`] = { prefixListId: lattice.prefixListId, port: port.containerPort, protocol: 'tcp', description: `From VPC Lattice to port ${target.portName}` };
  });
  return rules;
}

export function latticeConfigurations(lattice: VpcLattice, roleArn: Value<string>): LatticeConfigurations {
  return lattice.targets.map((target) => ({ TargetGroupArn: target.targetGroupArn, PortName: target.portName, RoleArn: roleArn }));
}

/**
 * AmazonECSInfrastructureRolePolicyForVpcLattice (v1: Register/DeregisterTargets, GetTargetGroup, ListTargets
 * on target groups; ec2:DescribeSubnets/Vpcs/Instances, which take no resource,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForVpcLattice.html),
 * on this service's target groups.
 */
export function latticeStatements(lattice: VpcLattice): PolicyStatement[] {
  const groups = lattice.targets.map((target) => target.targetGroupArn);
  return [
    allow(['vpc-lattice:DeregisterTargets', 'vpc-lattice:GetTargetGroup', 'vpc-lattice:ListTargets', 'vpc-lattice:RegisterTargets'], groups, { sid: 'RegisterTasksWithLattice' }),
    allow(['ec2:DescribeInstances', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'], ['*'], { sid: 'DescribeNetwork' }),
  ];
}
