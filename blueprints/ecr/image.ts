/**
 * Where a container image comes from, as far as the execution role cares: the URI ECS pulls, and
 * the ECR repositories (if any) it must be allowed to pull from.
 */
import { Aws, Fn, s, type Res, type Value } from '../../dsl/index.js';

export interface ImageRef {
  uri: Value<string>;
  /** ECR repository ARNs (or ARN patterns) the execution role pulls from. Empty: not an ECR image. */
  repositoryArns: Value<string>[];
  /** Set for images pulled through a pull-through cache rule: the role may create and import under it. */
  pullThroughPrefix?: string;
  /**
   * Resources that must exist before the image can be pulled (the pull-through cache rule): a URI is
   * only text, so it creates no reference; the task definition depends on these instead.
   */
  dependsOn?: Res[];
}

/** Whether `value` is an ImageRef (an object with a URI and the repositories it pulls from). */
export function isImageRef(value: unknown): value is ImageRef {
  return typeof value === 'object' && value !== null && 'uri' in value && Array.isArray((value as ImageRef).repositoryArns);
}

/**
 * An image reference as Docker and ECS parse it: `[registry[:port]/]repository[:tag | @sha256:digest]`,
 * lower-case repository components, a tag of at most 128 characters, a digest of 64 hex digits; not
 * both a tag and a digest. https://docs.docker.com/reference/cli/docker/image/tag/#description and
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image
 */
export const IMAGE_REFERENCE =
  /^(?:(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|[a-zA-Z0-9-]+:[0-9]+|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+:[0-9]+)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

/** A container image reference (see IMAGE_REFERENCE), at most 255 characters, or a deploy-time value. */
export const containerImage = () =>
  s.deployTime(s.text(IMAGE_REFERENCE, 'an image reference ([registry/]repository[:tag] or [registry/]repository@sha256:<64 hex>, lower-case repository, no spaces)', { max: 255 }));

const PRIVATE_ECR = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

/**
 * An image given as text: a private ECR URI names its repository; any other registry needs no
 * ECR permission. An image given as a token may be any ECR repository of the account.
 */
export function imageRef(image: Value<string> | ImageRef): ImageRef {
  if (isImageRef(image)) return image;
  if (typeof image !== 'string') {
    return { uri: image, repositoryArns: [Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/*`] };
  }
  const ecr = PRIVATE_ECR.exec(image);
  if (!ecr) return { uri: image, repositoryArns: [] };
  const [, account, region, repository] = ecr as unknown as [string, string, string, string];
  return { uri: image, repositoryArns: [Fn.sub`arn:${Aws.partition}:ecr:${region}:${account}:repository/${repository}`] };
}

/** An image from an ECR repository of this account and region, by repository name and tag. */
export function ecrImage(repository: string, tag = 'latest'): ImageRef {
  return {
    uri: Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/${repository}:${tag}`,
    repositoryArns: [Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/${repository}`],
  };
}

