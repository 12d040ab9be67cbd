/**
 * A pull-through cache rule for ECR Public: images of `public.ecr.aws` are pulled once into this
 * account's registry (under a prefix) and served from there, out of reach of public rate limits.
 */
import { Aws, Fn, InputError, check, type Res, type Stack } from '../../dsl/index.js';
import type { ImageRef } from './image.js';

export interface PullThroughCacheProps {
  /** Input path prefix for errors. Default: `ecrCache`. */
  path?: string;
  /** Repository prefix of the cached images (2-30 characters, lower case). Default: `ecr-public`. */
  prefix?: string;
}

export interface PullThroughCache {
  rule: Res<'AWS::ECR::PullThroughCacheRule'>;
  prefix: string;
  /** `public.ecr.aws/nginx/nginx:latest` -> its cached URI in this account (see `cachedImage`). */
  image(publicImage: string, path?: string): ImageRef;
}

const PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const PUBLIC_IMAGE = /^public\.ecr\.aws\/([a-z0-9._/-]+?)((?::[\w][\w.-]{0,127})|(?:@sha256:[a-f0-9]{64}))?$/;

export function ecrPublicPullThroughCache(stack: Stack, id: string, props: PullThroughCacheProps = {}): PullThroughCache {
  const path = props.path ?? 'ecrCache';
  const prefix = props.prefix ?? 'ecr-public';
  check.matches(`${path}.prefix`, prefix, PREFIX, 'an ECR repository prefix (lower-case letters, digits, . _ - and /)');
  if (prefix.length < 2 || prefix.length > 30) throw new InputError(`${path}.prefix`, prefix, 'is not 2 to 30 characters long');
  const rule = stack.add(id, {
    Type: 'AWS::ECR::PullThroughCacheRule',
    Properties: { EcrRepositoryPrefix: prefix, UpstreamRegistryUrl: 'public.ecr.aws' },
  });
  return { rule, prefix, image: (publicImage, imagePath = `${path}.image`) => cachedImage(publicImage, prefix, imagePath) };
}

/**
 * The cached URI of a public ECR image: `<account>.dkr.ecr.<region>.<url suffix>/<prefix>/<repo>:<tag>`
 * (tag `latest` when none is given), with the repository pattern the execution role pulls from.
 */
export function cachedImage(publicImage: string, prefix: string, path = 'image'): ImageRef {
  const match = PUBLIC_IMAGE.exec(publicImage);
  if (!match) throw new InputError(path, publicImage, 'is not an ECR Public image (public.ecr.aws/<namespace>/<repository>[:tag])');
  const repository = match[1]!;
  const reference = match[2] ?? ':latest';
  return {
    uri: Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/${prefix}/${repository}${reference}`,
    repositoryArns: [Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/${prefix}/*`],
    pullThroughPrefix: prefix,
  };
}
