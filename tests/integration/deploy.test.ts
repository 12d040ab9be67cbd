import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployArguments } from '../../scripts/deploy/deploy.js';
import { runDeploy } from '../../scripts/deploy/run.js';
import { checkParameters, parseTags, readParameterFile } from '../../scripts/deploy/params.js';
import { customCloudFormationEndpoint, explainEmulatorFailure, nestedOutputReads } from '../../scripts/deploy/emulator.js';
import { publishEnvironment } from '../../scripts/publish/publish.js';
import { awsCli, REGION, runScript, startFixture, tempDist, type MotoFixture } from './helpers/sandbox.js';

/** A small stack of our own: moto's CloudFormation cannot run the products' nested stacks. */
const SMALL = {
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'deploy wrapper test stack',
  Parameters: { TopicName: { Type: 'String' }, Owner: { Type: 'String', Default: 'platform' } },
  Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'TopicName' }, KmsMasterKeyId: 'alias/aws/sns' } } },
  Outputs: { TopicArn: { Value: { Ref: 'Topic' } } },
};

let moto: MotoFixture;
const scratch = mkdtempSync(join(tmpdir(), 'deploy-test-'));
const dist = join(scratch, 'dist');
const file = (name: string, content: unknown) => {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const deployCli = (vars: Record<string, string>) => runScript('scripts/deploy/cli.ts', { ...moto.env, DIST: dist, PRODUCT: 'small', ENV: 'prod', ...vars });
/** The same as deployCli, in this process (fast), for the cases that need no exit code from a real process. */
const deployHere = (vars: Record<string, string>) => {
  const out: string[] = [];
  const err: string[] = [];
  const status = runDeploy({ ...moto.env, DIST: dist, PRODUCT: 'small', ENV: 'prod', ...vars }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, stdout: out.join('\n') + '\n', stderr: err.join('\n') };
};
const describe = (stack: string) =>
  (JSON.parse(execFileSync(awsCli(), ['cloudformation', 'describe-stacks', '--stack-name', stack, '--output', 'json'], { env: moto.env, encoding: 'utf8' })) as {
    Stacks: { StackStatus: string; Tags?: { Key: string; Value: string }[]; Parameters?: { ParameterKey: string; ParameterValue: string }[] }[];
  }).Stacks[0]!;

test.before(async () => {
  moto = await startFixture();
  const folder = join(dist, 'small', 'prod');
  mkdirSync(join(folder, 'packaged'), { recursive: true });
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ product: 'small', environment: 'prod', format: 'json', root: 'root.json', artifacts: [] }));
  writeFileSync(join(folder, 'packaged', 'root.json'), JSON.stringify(SMALL, null, 2));
});
test.after(async () => {
  await moto.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The arguments of the command printed after `<label>: aws `, to run them as the user would. */
const printedCommand = (stdout: string, label: string): string[] => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${label}: aws `));
  assert.ok(line, `no "${label}: aws ..." line in:\n${stdout}`);
  return line.slice(`${label}: aws `.length).trim().split(/\s+/);
};

test('REVIEW=1 creates a change set, prints its summary and executes nothing; the printed commands work as printed', () => {
  const run = deployCli({ STACK: 'review-stack', PARAMS: file('review.json', { TopicName: 'review-topic' }), REVIEW: '1' });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, 'change set for review-stack (not executed): 1 change(s)');
  assert.match(run.stdout, /\n {2}Add +Topic +AWS::SNS::Topic\n/);
  assert.is(describe('review-stack').StackStatus, 'REVIEW_IN_PROGRESS');

  const review = JSON.parse(execFileSync(awsCli(), [...printedCommand(run.stdout, 'review'), '--output', 'json'], { env: moto.env, encoding: 'utf8' })) as { StackName: string; Status: string };
  assert.equal([review.StackName, review.Status], ['review-stack', 'CREATE_COMPLETE']);
  execFileSync(awsCli(), printedCommand(run.stdout, 'execute'), { env: moto.env, encoding: 'utf8' });
  execFileSync(awsCli(), ['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'review-stack'], { env: moto.env });
  assert.is(describe('review-stack').StackStatus, 'CREATE_COMPLETE');
});

test('deploy with a CLI-style parameter file and tags: stack created, outputs printed, tags applied', () => {
  const params = file('cli-style.json', [
    { ParameterKey: 'TopicName', ParameterValue: 'orders' },
    { ParameterKey: 'Owner', ParameterValue: 'team-web' },
  ]);
  const run = deployCli({ STACK: 'live-stack', PARAMS: params, TAGS: 'team=web cost-centre=42' });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, 'live-stack: CREATE_COMPLETE');
  const stack = describe('live-stack');
  const tags = Object.fromEntries((stack.Tags ?? []).map((t) => [t.Key, t.Value]));
  assert.equal(tags, { product: 'small', environment: 'prod', team: 'web', 'cost-centre': '42' });
  assert.equal(Object.fromEntries((stack.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue])), { TopicName: 'orders', Owner: 'team-web' });
  const again = deployHere({ STACK: 'live-stack', PARAMS: params, TAGS: 'team=web cost-centre=42' });
  assert.is(again.status, 0, again.stderr);
  assert.match(again.stdout, 'live-stack: no changes to deploy');
});

test('bad input is one clear message and exit 1 (exit 2 for usage)', () => {
  const process = deployCli({ STACK: 's0', PARAMS: join(scratch, 'absent.json') });
  assert.is(process.status, 1, 'the make target exits 1');
  assert.is(process.stderr.trim(), `deploy failed: parameter file ${join(scratch, 'absent.json')} does not exist`);
  const cases: [Record<string, string>, string][] = [
    [{ STACK: 's1', PARAMS: file('unknown.json', { TopicName: 'x', Colour: 'blue' }) }, 'deploy failed: PARAMS: unknown parameter(s) Colour; the template takes TopicName, Owner'],
    [{ STACK: 's2', PARAMS: file('missing.json', { Owner: 'x' }) }, 'deploy failed: PARAMS: missing value(s) for TopicName, which have no default'],
    [{ STACK: 's3' }, 'deploy failed: PARAMS: missing value(s) for TopicName'],
    [{ STACK: 's4', PARAMS: file('broken.json', '{"TopicName": ') }, 'is not valid JSON'],
    [{ STACK: 's5', PARAMS: join(scratch, 'absent.json') }, `deploy failed: parameter file ${join(scratch, 'absent.json')} does not exist`],
    [{ STACK: '9-lives', PARAMS: file('ok.json', { TopicName: 'x' }) }, 'deploy failed: STACK "9-lives" is not a stack name'],
    [{ STACK: 's6', PARAMS: file('ok.json', { TopicName: 'x' }), TAGS: 'team' }, 'deploy failed: TAGS: "team" is not key=value'],
    [{ STACK: 's7', ENV: 'qa' }, 'deploy failed: small/qa is not built: run make build PRODUCT=small ENV=qa'],
  ];
  for (const [vars, message] of cases) {
    const run = deployHere(vars);
    assert.is(run.status, 1, `${JSON.stringify(vars)}: ${run.stdout}`);
    assert.match(run.stderr, message);
    assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  }
  const usage = deployHere({ STACK: '' });
  assert.is(usage.status, 2);
  assert.match(usage.stderr, 'usage: make deploy PRODUCT=<product> ENV=<environment> STACK=<stack name>');
});

test('a template CloudFormation rejects: the CLI reason, exit 1', () => {
  const folder = join(dist, 'small', 'broken');
  mkdirSync(join(folder, 'packaged'), { recursive: true });
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ product: 'small', environment: 'broken', root: 'root.json', artifacts: [] }));
  writeFileSync(join(folder, 'packaged', 'root.json'), JSON.stringify({ Resources: { Bad: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Missing' } } } } }));
  const run = deployHere({ ENV: 'broken', STACK: 'broken-stack' });
  assert.is(run.status, 1);
  assert.match(run.stderr, /^deploy failed: aws cloudformation deploy of broken-stack failed: .+/);
});

test('without BUCKET: a pretty root over 51,200 bytes goes inline minified; one too large even minified is refused before the CLI', () => {
  const sized = (environment: string, topics: number, indent: number) => {
    const folder = join(dist, 'small', environment);
    mkdirSync(join(folder, 'packaged'), { recursive: true });
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ product: 'small', environment, root: 'root.json', artifacts: [] }));
    const resources = Object.fromEntries(Array.from({ length: topics }, (_, i) => [`Topic${i}`, { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns', DisplayName: `topic ${i}` } }]));
    const body = JSON.stringify({ Resources: resources }, null, indent);
    writeFileSync(join(folder, 'packaged', 'root.json'), body);
    return Buffer.byteLength(body);
  };
  // 400 topics: about 66 KB with 8-space indents, about 40 KB minified.
  assert.ok(sized('wide', 400, 8) > 51_200);
  const wide = deployHere({ ENV: 'wide', STACK: 'wide-stack', REVIEW: '1' });
  assert.is(wide.status, 0, wide.stderr);
  assert.match(wide.stdout, /root\.json: \d+ bytes as written, \d+ minified: deploying the minified copy inline/);
  assert.match(wide.stdout, 'change set for wide-stack (not executed): 400 change(s)');
  sized('huge', 1000, 0);
  const huge = deployHere({ ENV: 'huge', STACK: 'huge-stack' });
  assert.is(huge.status, 1);
  assert.match(huge.stderr, /root\.json is \d+ bytes \(\d+ minified\), over the 51200 bytes CloudFormation takes inline: give BUCKET=<bucket>/);
});

test('parameter files: four shapes, values made strings', () => {
  assert.equal(readParameterFile(file('plain.json', { A: 'x', N: 3, B: true, L: ['a', 'b'] })), { parameters: { A: 'x', N: '3', B: 'true', L: 'a,b' }, tags: {} });
  assert.equal(readParameterFile(file('config.json', { Parameters: { A: 'x' }, Tags: { team: 'web' } })), { parameters: { A: 'x' }, tags: { team: 'web' } });
  assert.equal(readParameterFile(file('array.json', [{ ParameterKey: 'A', ParameterValue: 'x' }])), { parameters: { A: 'x' }, tags: {} });
  assert.throws(() => readParameterFile(file('nested.json', { A: { deep: 1 } })), /parameter A has a value of type object/);
  assert.throws(() => readParameterFile(file('nokey.json', [{ ParameterValue: 'x' }])), /entry 0 has no ParameterKey/);
  // The `--parameter-overrides file://` list; a value may itself hold `=` and commas.
  assert.equal(readParameterFile(file('overrides.json', ['A=x', 'L=a,b', 'Q=k=v'])), { parameters: { A: 'x', L: 'a,b', Q: 'k=v' }, tags: {} });
  assert.throws(() => readParameterFile(file('bad.json', ['A'])), /entry 0 "A" is not Key=Value/);
  // The microservice product's examples read as they are.
  const staging = readParameterFile('build/products/microservice/ai-service-staging.json').parameters;
  assert.equal([staging['ProjectName'], staging['TaskCpu'], staging['SubnetIds']], ['ai-service', '1024', 'subnet-0521aa00427d156e0,subnet-0854fca60e5b9ef64']);
  checkParameters({}, {}, 'PARAMS');
});

test('deploy arguments: capabilities for nested IAM stacks, overrides, tags, review mode', () => {
  assert.equal(deployArguments({ templateFile: 't.json', stack: 's', parameters: { A: 'x y' }, tags: { team: 'web' }, review: true, bucket: 'b', region: 'eu-west-1' }), [
    'cloudformation', 'deploy', '--template-file', 't.json', '--stack-name', 's',
    '--capabilities', 'CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND', '--no-fail-on-empty-changeset',
    '--parameter-overrides', 'A=x y', '--tags', 'team=web', '--no-execute-changeset', '--s3-bucket', 'b', '--region', 'eu-west-1',
  ]);
  assert.equal(parseTags(' a=1,b=2  c= '), { a: '1', b: '2', c: '' });
});

test('a full deploy of a product with nested stacks on moto: the message says the emulator cannot evaluate nested-stack outputs', async () => {
  const built = tempDist();
  try {
    await moto.bucket('nested-templates');
    await publishEnvironment({ folder: built.folder, bucket: 'nested-templates', settings: { region: REGION, endpoint: moto.sandbox.endpoint }, log: () => {} });
    const root = readFileSync(join(built.folder, 'packaged', 'root.json'), 'utf8');
    const reads = root.match(/"Outputs\./g)?.length ?? 0;
    assert.ok(reads > 0, 'the root reads its children\'s outputs');
    const run = deployHere({ DIST: built.dist, PRODUCT: 'minimal-service', ENV: 'prod', STACK: 'nested-stack' });
    assert.is(run.status, 1, run.stdout);
    assert.is(
      run.stderr,
      `deploy failed: aws cloudformation deploy of nested-stack failed: the endpoint ${moto.sandbox.endpoint} answered HTTP 500 with an HTML error page instead of CloudFormation's XML: ` +
        `the emulator cannot evaluate nested-stack outputs, and this template reads ${reads} of them (Fn::GetAtt <stack>.Outputs.<name>). ` +
        'This is a known limit of the emulator, not a fault of the template: REVIEW=1 still creates and summarises the change set there; deploy to AWS to run it',
    );
  } finally {
    built.cleanup();
  }
});

test('emulator failures: explained only on a custom endpoint and only for a non-XML answer; nested-output reads counted in both spellings', () => {
  const htmlAnswer = "Unable to parse response (syntax error: line 1, column 0), invalid XML received. Further retries may succeed: b'<!doctype html>\\n<title>500 Internal Server Error</title>'";
  const nested = {
    Resources: {
      Net: { Type: 'AWS::CloudFormation::Stack' },
      App: { Type: 'AWS::CloudFormation::Stack', Properties: { Parameters: { Vpc: { 'Fn::GetAtt': ['Net', 'Outputs.Vpc'] }, Subnets: { 'Fn::If': ['C', { 'Fn::GetAtt': 'Net.Outputs.Subnets' }, ''] } } } },
      Bucket: { Type: 'AWS::S3::Bucket' },
    },
    Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } }, Dns: { Value: { 'Fn::GetAtt': ['App', 'Outputs.Dns'] } }, Odd: { Value: { 'Fn::GetAtt': ['Bucket', 'Outputs.X'] } } },
  };
  assert.is(nestedOutputReads(nested), 3);
  assert.is(nestedOutputReads({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }), 0);
  assert.match(explainEmulatorFailure(htmlAnswer, 'http://127.0.0.1:4566', nested)!, 'answered HTTP 500 with an HTML error page instead of CloudFormation\'s XML: the emulator cannot evaluate nested-stack outputs, and this template reads 3 of them');
  assert.match(explainEmulatorFailure(htmlAnswer, 'http://127.0.0.1:4566', { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } })!, 'the emulator failed on something this template uses');
  assert.is(explainEmulatorFailure(htmlAnswer, undefined, nested), undefined, 'against AWS the CLI\'s own words stay');
  assert.is(explainEmulatorFailure('An error occurred (ValidationError) when calling the CreateChangeSet operation: Template format error', 'http://127.0.0.1:4566', nested), undefined);
  assert.is(customCloudFormationEndpoint({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://b' }), 'http://b');
  assert.is(customCloudFormationEndpoint({ AWS_ENDPOINT_URL: 'http://a' }), 'http://a');
  assert.is(customCloudFormationEndpoint({}), undefined);
});

test.run();
