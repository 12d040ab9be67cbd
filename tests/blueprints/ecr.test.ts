import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cachedImage, ecrPublicPullThroughCache, imageRef } from '../../blueprints/ecr/index.js';
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

test('image references: private ECR names its repository, other registries need none', () => {
  assert.equal(imageRef('nginx:1.27').repositoryArns, []);
  assert.equal(imageRef('111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:' + 'a'.repeat(64)).repositoryArns.length, 1);
});

test('input errors', () => {
  assert.match(errorOf(() => cachedImage('docker.io/nginx', 'ecr-public', 'service.image')), 'service.image: "docker.io/nginx" is not an ECR Public image');
  assert.match(errorOf(() => compileTree((root) => ecrPublicPullThroughCache(root, 'C', { prefix: 'Bad' }))), 'ecrCache.prefix: "Bad" is not an ECR repository prefix');
});

test.run();
