import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isRetryable, withRetries } from '../../scripts/publish/retry.js';
import { rewriteTemplateUrls } from '../../scripts/publish/rewrite.js';
import { isBucketName, objectUrl, partitionOf, s3SettingsFromEnv } from '../../scripts/publish/s3-location.js';

test('template URLs are valid for the bucket region and partition', () => {
  assert.is(objectUrl('templates', 'us-east-1', 'p/abc.json'), 'https://templates.s3.us-east-1.amazonaws.com/p/abc.json');
  assert.is(objectUrl('templates', 'cn-north-1', 'p/abc.json'), 'https://templates.s3.cn-north-1.amazonaws.com.cn/p/abc.json');
  assert.is(objectUrl('templates', 'us-gov-west-1', 'p/abc.yaml'), 'https://templates.s3.us-gov-west-1.amazonaws.com/p/abc.yaml');
  assert.is(objectUrl('my.templates', 'eu-west-1', 'p/abc.json'), 'https://s3.eu-west-1.amazonaws.com/my.templates/p/abc.json', 'dotted buckets: path-style (TLS)');
  assert.equal(partitionOf('cn-northwest-1'), { name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' });
  assert.equal(partitionOf('us-iso-east-1'), { name: 'aws-iso', dnsSuffix: 'c2s.ic.gov' });
  assert.equal(partitionOf('eu-central-2'), { name: 'aws', dnsSuffix: 'amazonaws.com' });
});

test('settings: REGION over AWS_REGION over AWS_DEFAULT_REGION; S3_ENDPOINT over AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL', () => {
  assert.equal(s3SettingsFromEnv({}), { region: 'us-east-1' });
  assert.equal(s3SettingsFromEnv({ AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-west-2' }), { region: 'eu-west-2' });
  assert.equal(s3SettingsFromEnv({ REGION: 'cn-north-1', AWS_REGION: 'eu-west-2', REGION_UNUSED: 'x' }), { region: 'cn-north-1' });
  assert.equal(s3SettingsFromEnv({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b/' }), { region: 'us-east-1', endpoint: 'http://b' });
  assert.equal(s3SettingsFromEnv({ S3_ENDPOINT: 'http://c', AWS_ENDPOINT_URL_S3: 'http://b' }), { region: 'us-east-1', endpoint: 'http://c' });
  assert.equal(s3SettingsFromEnv({ REGION: '', AWS_REGION: 'ap-south-1' }), { region: 'ap-south-1' }, 'an empty make variable falls through');
});

test('bucket names', () => {
  for (const ok of ['abc', 'my-templates', 'my.templates.eu', 'a1b']) assert.ok(isBucketName(ok), ok);
  for (const bad of ['ab', 'Upper', 'under_score', '-start', 'end-', 'dots..twice', '192.168.1.1', 'x'.repeat(64)]) assert.not.ok(isBucketName(bad), bad);
});

test('retries: throttling, 5xx and dropped connections; never 4xx', () => {
  const e = (name: string, status?: number, code?: string) => Object.assign(new Error(name), { name, code, $metadata: { httpStatusCode: status } });
  for (const retryable of [e('SlowDown', 503), e('InternalError', 500), e('ThrottlingException', 400), e('TooManyRequests', 429), e('Error', undefined, 'ECONNRESET'), e('TimeoutError')]) assert.ok(isRetryable(retryable), retryable.name);
  for (const final of [e('AccessDenied', 403), e('NoSuchBucket', 404), e('InvalidDigest', 400), e('BadDigest', 400)]) assert.not.ok(isRetryable(final), final.name);
});

test('withRetries: bounded, reports each retry, stops at the first final error', async () => {
  let calls = 0;
  const seen: number[] = [];
  const flaky = () => (++calls < 3 ? Promise.reject(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 500 } })) : Promise.resolve('ok'));
  assert.is(await withRetries(flaky, { attempts: 4, baseDelayMs: 1, onRetry: (n) => seen.push(n) }), 'ok');
  assert.equal(seen, [1, 2]);
  calls = 0;
  const always = () => (calls++, Promise.reject(Object.assign(new Error('down'), { $metadata: { httpStatusCode: 503 } })));
  await withRetries(always, { attempts: 3, baseDelayMs: 1 }).then(
    () => assert.unreachable(),
    (error: Error) => assert.is(error.message, 'down'),
  );
  assert.is(calls, 3);
  calls = 0;
  const denied = () => (calls++, Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })));
  await withRetries(denied, { attempts: 3, baseDelayMs: 1 }).catch(() => {});
  assert.is(calls, 1);
});

test('rewrite: local children become URLs, S3 URLs stay, an unpublished child is an error', () => {
  const root = JSON.stringify({
    Resources: {
      A: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'A.json' } },
      B: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://x.s3.us-east-1.amazonaws.com/k.json' } },
      Q: { Type: 'AWS::SQS::Queue', Properties: {} },
    },
  });
  const out = JSON.parse(rewriteTemplateUrls(root, 'json', new Map([['A.json', 'https://b.s3.us-east-1.amazonaws.com/p/a.json']]))) as { Resources: Record<string, { Properties: { TemplateURL?: string } }> };
  assert.is(out.Resources['A']!.Properties.TemplateURL, 'https://b.s3.us-east-1.amazonaws.com/p/a.json');
  assert.is(out.Resources['B']!.Properties.TemplateURL, 'https://x.s3.us-east-1.amazonaws.com/k.json');
  assert.throws(() => rewriteTemplateUrls(root, 'json', new Map()), /nested stack A points at A\.json, which was not published before its parent/);
  const yaml = 'Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: A.yaml\n      Parameters:\n        Vpc: !GetAtt Net.Outputs.Vpc\n';
  const rewritten = rewriteTemplateUrls(yaml, 'yaml', new Map([['A.yaml', 'https://b.s3.us-east-1.amazonaws.com/p/a.yaml']]));
  assert.match(rewritten, 'TemplateURL: https://b.s3.us-east-1.amazonaws.com/p/a.yaml');
  assert.match(rewritten, 'Vpc: !GetAtt Net.Outputs.Vpc', 'short-form tags survive');
});

test.run();
