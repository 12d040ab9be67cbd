import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cachedImage, ecrPublicPullThroughCache, imageRef, isImageRef } from '../../blueprints/ecr/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

test('pull-through cache rule for ECR Public and the cached URI of a public image', () => {
  const out = compileTree((root) => {
    const cache = ecrPublicPullThroughCache(root, 'Cache');
    root.output('Image', cache.image('public.ecr.aws/nginx/nginx:latest').uri);
    root.output('Untagged', cachedImage('public.ecr.aws/docker/library/redis', 'ecr-public').uri);
  });
  out.root.resource('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws' });
  assert.equal(out.root.output('Image')['Value'], { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/nginx/nginx:latest' });
  assert.equal(out.root.output('Untagged')['Value'], { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/docker/library/redis:latest' });
  assert.equal(lintCompiled(out.result), []);
});

test('a cached image carries its cache rule as a dependency (a URI alone orders nothing)', () => {
  compileTree((root) => {
    const cache = ecrPublicPullThroughCache(root, 'Cache');
    const image = cache.image('public.ecr.aws/nginx/nginx:1.27');
    assert.equal(image.dependsOn, [cache.rule]);
    assert.is(cachedImage('public.ecr.aws/nginx/nginx:1.27', 'ecr-public').dependsOn, undefined);
    assert.ok(isImageRef(image));
    assert.not.ok(isImageRef('nginx:1.27'));
    root.output('Image', image.uri);
  });
});

test('image references: private ECR names its repository, other registries need none', () => {
  assert.equal(imageRef('nginx:1.27').repositoryArns, []);
  assert.equal(imageRef('111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:' + 'a'.repeat(64)).repositoryArns.length, 1);
});

/** Resolves the functions a cached URI is made of, for a parameter value and a place. */
function resolveUri(value: unknown, parameters: Record<string, string>): string {
  const pseudo: Record<string, string> = { 'AWS::AccountId': '111122223333', 'AWS::Region': 'eu-west-1', 'AWS::URLSuffix': 'amazonaws.com' };
  const run = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(run);
    if (typeof v !== 'object' || v === null) return v;
    const [[key, arg]] = Object.entries(v) as [[string, unknown]];
    if (key === 'Ref') return pseudo[arg as string] ?? parameters[arg as string];
    if (key === 'Fn::Sub') return (arg as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => pseudo[name] ?? parameters[name]!);
    const args = arg as unknown[];
    if (key === 'Fn::Join') return (run(args[1]) as string[]).join(args[0] as string);
    if (key === 'Fn::Split') return String(run(args[1])).split(args[0] as string);
    if (key === 'Fn::Select') return (run(args[1]) as string[])[args[0] as number];
    throw new Error(`no ${key} here`);
  };
  return String(run(value));
}

test('a deploy-time public image is cut at deploy time to the same cached URI a literal gets', () => {
  const out = compileTree((root) => {
    const image = root.parameter('Image', { Type: 'String' });
    const cache = ecrPublicPullThroughCache(root, 'Cache');
    const cached = cache.image(image.ref);
    assert.equal(cached.dependsOn, [cache.rule]);
    assert.equal(cached.pullThroughPrefix, 'ecr-public');
    root.output('Image', cached.uri);
  });
  const uri = out.root.output('Image')['Value'];
  for (const image of ['public.ecr.aws/nginx/nginx:stable', 'public.ecr.aws/docker/library/httpd:2.4', `public.ecr.aws/a/b/c@sha256:${'a'.repeat(64)}`, 'public.ecr.aws/docker/library/redis']) {
    const literal = compileTree((root) => {
      ecrPublicPullThroughCache(root, 'Cache');
      root.output('Image', cachedImage(image, 'ecr-public').uri);
    }).root.output('Image')['Value'];
    const expected = resolveUri(literal, {});
    // ECS pulls an untagged image as `latest`, which the literal spells out.
    assert.is(resolveUri(uri, { Image: image }).replace(/\/redis$/, '/redis:latest'), expected, image);
  }
  assert.equal(lintCompiled(out.result), []);
});

test('input errors', () => {
  assert.match(errorOf(() => cachedImage('docker.io/nginx', 'ecr-public', 'service.image')), 'service.image: "docker.io/nginx" is not an ECR Public image');
  assert.match(errorOf(() => compileTree((root) => ecrPublicPullThroughCache(root, 'C', { prefix: 'Bad' }))), 'ecrCache.prefix: "Bad" is not an ECR repository prefix');
  assert.match(errorOf(() => compileTree((root) => ecrPublicPullThroughCache(root, 'C', { prefix: 'a' }))), 'ecrCache.prefix: "a" is shorter than 2 characters');
  assert.match(errorOf(() => compileTree((root) => ecrPublicPullThroughCache(root, 'C', { prefx: 'x' } as never))), 'ecrCache.prefx: "x" is not a known input (did you mean prefix?)');
});

test.run();
