/**
 * A pull-through cache rule for ECR Public: images of `public.ecr.aws` are pulled once into this
 * account's registry (under a prefix) and served from there, out of reach of public rate limits.
 */
import { Aws, Fn, InputError, s, type Res, type Stack, type Tok } from '../../dsl/index.js';
import type { ImageRef } from './image.js';

const PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const PUBLIC_IMAGE = /^public\.ecr\.aws\/([a-z0-9._/-]+?)((?::[\w][\w.-]{0,127})|(?:@sha256:[a-f0-9]{64}))?$/;
/** The registry a cache rule for ECR Public pulls from. */
const UPSTREAM = 'public.ecr.aws';

export const PullThroughCacheInput = s.object({
  /** Input path prefix for errors. Default: `ecrCache`. */
  path: s.optional(s.string()),
  /**
   * Repository prefix of the cached images: 2-30 lower-case letters, digits, `.`, `_`, `-` and `/`
   * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html).
   * Default `ecr-public`.
   */
  prefix: s.optional(s.text(PREFIX, 'an ECR repository prefix (lower-case letters, digits, . _ - and /)', { min: 2, max: 30 }), 'ecr-public'),
});
export type PullThroughCacheProps = s.Input<typeof PullThroughCacheInput>;

export interface PullThroughCache {
  rule: Res<'AWS::ECR::PullThroughCacheRule'>;
  prefix: string;
  /**
   * `public.ecr.aws/nginx/nginx:latest` (or a deploy-time value holding one) -> its cached URI in this
   * account (see `cachedImage`), carrying the rule as a dependency: a task definition that uses it is
   * created after the rule.
   */
  image(publicImage: string | Tok, path?: string): ImageRef;
}

export function ecrPublicPullThroughCache(stack: Stack, id: string, props: PullThroughCacheProps = {}): PullThroughCache {
  const path = props.path ?? 'ecrCache';
  const { prefix } = s.parse(PullThroughCacheInput, props, path);
  const rule = stack.add(id, {
    Type: 'AWS::ECR::PullThroughCacheRule',
    Properties: { EcrRepositoryPrefix: prefix, UpstreamRegistryUrl: UPSTREAM },
  });
  return { rule, prefix, image: (publicImage, imagePath = `${path}.image`) => ({ ...cachedImage(publicImage, prefix, imagePath), dependsOn: [rule] }) };
}

/**
 * The cached URI of a public ECR image: `<account>.dkr.ecr.<region>.<url suffix>/<prefix>/<repo>:<tag>`
 * (tag `latest` when none is given), with the repository pattern the execution role pulls from; without
 * the rule as a dependency (`cache.image` adds it). A deploy-time value (a parameter whose pattern holds
 * it to `public.ecr.aws/...`) is cut at deploy time: what follows `public.ecr.aws/` goes after the
 * prefix, and an image without a tag is pulled as `latest`, as ECS pulls any untagged image.
 */
export function cachedImage(publicImage: string | Tok, prefix: string, path = 'image'): ImageRef {
  const repositoryArns = [Fn.sub`arn:${Aws.partition}:ecr:${Aws.region}:${Aws.accountId}:repository/${prefix}/*`];
  if (typeof publicImage !== 'string') {
    const rest = Fn.select(1, Fn.split(`${UPSTREAM}/`, publicImage));
    return { uri: Fn.join('', [Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/${prefix}/`, rest]), repositoryArns, pullThroughPrefix: prefix };
  }
  const match = PUBLIC_IMAGE.exec(publicImage);
  if (!match) throw new InputError(path, publicImage, 'is not an ECR Public image (public.ecr.aws/<namespace>/<repository>[:tag])');
  const repository = match[1]!;
  const reference = match[2] ?? ':latest';
  return {
    uri: Fn.sub`${Aws.accountId}.dkr.ecr.${Aws.region}.${Aws.urlSuffix}/${prefix}/${repository}${reference}`,
    repositoryArns,
    pullThroughPrefix: prefix,
  };
}
