/**
 * The Amazon ECS infrastructure role of a service's EBS volumes and VPC Lattice targets
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html): trusted by
 * `ecs.amazonaws.com` of this account, with the AWS managed AmazonECSInfrastructureRolePolicyForVolumes for
 * volumes (its actions are already limited to volumes ECS creates and tags as its own, so an inline copy
 * would be no narrower) and inline statements for the volumes' keys and the Lattice target groups.
 *
 * Bring your own: `infrastructureRoleArn` replaces this role (and the blue/green traffic-shift role). The
 * blueprint then adds nothing: the role must already allow what these features need, and whoever deploys
 * the stack needs `iam:PassRole` on it (`make permissions` finds a literal ARN in the templates; a
 * deploy-time one it cannot see).
 */
import { type Res, type Stack, type Value } from '../../../dsl/index.js';
import { policyDocument, type PolicyStatement } from '../../iam/index.js';
import { ecsServiceTrust } from '../deployment/ecs-traffic-shift.js';

export interface InfrastructureRoleNeeds {
  /** Attach AmazonECSInfrastructureRolePolicyForVolumes (its ARN). */
  volumesPolicyArn?: Value<string>;
  statements: PolicyStatement[];
  /** What it is for, for the role's description. */
  purposes: string[];
}

export function infrastructureRole(stack: Stack, id: string, needs: InfrastructureRoleNeeds): Res<'AWS::IAM::Role'> {
  return stack.add(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `ECS infrastructure role of one service: ${needs.purposes.join(', ')}`,
      AssumeRolePolicyDocument: ecsServiceTrust(),
      ...(needs.volumesPolicyArn !== undefined ? { ManagedPolicyArns: [needs.volumesPolicyArn] } : {}),
      ...(needs.statements.length ? { Policies: [{ PolicyName: 'infrastructure', PolicyDocument: policyDocument(needs.statements) }] } : {}),
    },
  });
}
