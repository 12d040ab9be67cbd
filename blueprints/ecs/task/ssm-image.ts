/**
 * An image a release tool owns through SSM Parameter Store (seed 003: "the image tag in a shared location";
 * the terraform-aws-ecs design reads it with `data "aws_ssm_parameter"`). The tool writes the new tag, or the
 * whole image reference, to a String parameter and then updates the stack with the same template:
 *
 * - The template holds a parameter of type `AWS::SSM::Parameter::Value<String>` whose value is the SSM
 *   parameter's name. CloudFormation fetches the latest value from Parameter Store at every create, update
 *   and change set; `UsePreviousValue` keeps the name, not the value
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html).
 * - A changed value changes the container's image, so CloudFormation replaces the task definition (a new
 *   revision; the previous one is deregistered) and updates the service, which rolls out the new revision
 *   with its deployment settings (circuit breaker, blue/green, ...). An unchanged value changes nothing.
 * - Between stack updates nothing moves: writing the parameter alone deploys nothing.
 * - The deploying principal needs `ssm:GetParameters` on the parameter; the execution role needs nothing
 *   for it (ECS never reads the parameter: CloudFormation writes the resolved image into the definition).
 */
import { Aws, Fn, s, type Stack } from '../../../dsl/index.js';
import type { ImageRef } from '../../ecr/index.js';

/** SSM parameter names (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html, Name). */
const SSM_PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
/** ECR repository names (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html, repositoryName). */
const ECR_REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const SsmImageInput = s.object({
  /** Input path prefix for errors. Default: `image`. */
  path: s.optional(s.string()),
  /** Name of the SSM String parameter the release tool writes (e.g. `/my-app/image-tag`): the tag with `repository`, else the whole image reference. */
  parameterName: s.text(SSM_PARAMETER_NAME, 'an SSM parameter name (letters, digits, _ . - /; at most 2048)', { max: 2048 }),
  /**
   * ECR repository of this account and region whose tag the parameter holds (the execution role may pull
   * from it only). Default: none: the parameter holds a whole image reference, and the execution role may
   * pull from any repository of the account (the repository is not known before deployment).
   */
  repository: s.optional(s.text(ECR_REPOSITORY, 'an ECR repository name (lower-case components separated by /)', { min: 2, max: 256 })),
});
export type SsmImageProps = s.Input<typeof SsmImageInput>;

/** The image whose tag (or whole reference) CloudFormation reads from Parameter Store at each deployment. */
export function ssmImage(stack: Stack, id: string, props: SsmImageProps): ImageRef {
  const p = s.parse(SsmImageInput, props, props.path ?? 'image');
  const parameter = stack.parameter(id, {
    Type: 'AWS::SSM::Parameter::Value<String>',
    Default: p.parameterName,
    Description: p.repository
      ? `SSM parameter holding the image tag of ${p.repository} (read at every stack update)`
      : 'SSM parameter holding the image reference (read at every stack update)',
  });
  if (p.repository === undefined) {
    return { uri: parameter.ref, repositoryArns: [Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/*`] };
  }
  return {
    uri: Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/${p.repository}:${parameter.ref}`,
    repositoryArns: [Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/${p.repository}`],
  };
}
