/**
 * The three self-service products (seed 000 web-app-service-connect, seed 001 https-app, seed 002
 * microservice) go through `make catalog` to the sandbox: each published with its nested children
 * first, content-addressed, as a version of the portfolio; then each packaged root is launched on the
 * emulator as Service Catalog would launch it (a CloudFormation stack from the packaged root, with the
 * team's parameters), as far as the emulator goes:
 *
 * - the launch parameters are checked against the template (make deploy's checks), and the emulator
 *   creates the change set with every resource of the root;
 * - executing it stops at the emulator's limits, each named: the nested products' roots read their
 *   children's outputs (`Fn::GetAtt <stack>.Outputs.<name>`), which moto's CloudFormation cannot
 *   evaluate; the microservice's KMS key carries tags, which moto's KMS handler reads in the API's
 *   shape instead of CloudFormation's and fails on (AWS takes them). (Past that, moto's IAM parser
 *   would read an `Fn::If` item of the task role's Policies that resolved to AWS::NoValue as a policy.)
 *   Service Catalog's ProvisionProduct is not emulated by moto at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { catalogue } from '../../build/catalogue.js';
import type { Product } from '../../build/product.js';
import catalogProduct, { type CatalogInput } from '../../build/products/catalog.js';
import { publishCatalog, type CatalogResult } from '../../scripts/catalog/publish-catalog.js';
import { runDeploy } from '../../scripts/deploy/run.js';
import { createBucket } from '../../scripts/sandbox/bucket.js';
import { SANDBOX_ENV, startMoto, type Sandbox } from '../../scripts/sandbox/moto.js';
import { TemplateView } from '../helpers/template.js';
import { awsCli, REGION } from './helpers/sandbox.js';

const BUCKET = 'catalog-templates';
const scratch = mkdtempSync(join(tmpdir(), 'self-service-launch-'));
const dist = join(scratch, 'dist');
const motoLog = join(scratch, 'moto.log');
let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
let published: CatalogResult;

const selfService = catalogue.filter((p) => p.selfService);
/** Where `make catalog` put each product's published environment. */
const folderOf = (product: string) => {
  const release = published.releases.find((r) => r.release.product === product)!.release as unknown as { source: { product: string; environment: string } };
  return { product: release.source.product, environment: release.source.environment };
};

const aws = (...args: string[]) => JSON.parse(execFileSync(awsCli(), [...args, '--output', 'json', '--region', REGION], { env, encoding: 'utf8' }) || '{}') as Record<string, unknown>;

/** A team's existing VPC, subnets, ALB listener and ECS cluster in the sandbox (the microservice's prerequisites). */
function teamPlatform(): Record<string, string> {
  const vpc = (aws('ec2', 'create-vpc', '--cidr-block', '10.0.0.0/16')['Vpc'] as { VpcId: string }).VpcId;
  const subnet = (cidr: string, zone: string) => (aws('ec2', 'create-subnet', '--vpc-id', vpc, '--cidr-block', cidr, '--availability-zone', zone)['Subnet'] as { SubnetId: string }).SubnetId;
  const subnets = [subnet('10.0.1.0/24', 'us-east-1a'), subnet('10.0.2.0/24', 'us-east-1b')];
  const albGroup = aws('ec2', 'create-security-group', '--group-name', 'platform-alb', '--description', 'platform ALB', '--vpc-id', vpc)['GroupId'] as string;
  const alb = (aws('elbv2', 'create-load-balancer', '--name', 'platform', '--subnets', ...subnets, '--security-groups', albGroup)['LoadBalancers'] as { LoadBalancerArn: string }[])[0]!.LoadBalancerArn;
  const fallback = (aws('elbv2', 'create-target-group', '--name', 'fallback', '--protocol', 'HTTP', '--port', '80', '--vpc-id', vpc, '--target-type', 'ip')['TargetGroups'] as { TargetGroupArn: string }[])[0]!.TargetGroupArn;
  const listener = (aws('elbv2', 'create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', '80', '--default-actions', `Type=forward,TargetGroupArn=${fallback}`)['Listeners'] as { ListenerArn: string }[])[0]!.ListenerArn;
  const cluster = (aws('ecs', 'create-cluster', '--cluster-name', 'platform')['cluster'] as { clusterArn: string }).clusterArn;
  return {
    ProjectName: 'orders',
    ContainerImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.0.0',
    ClusterName: cluster,
    VpcId: vpc,
    SubnetIds: subnets.join(','),
    ListenerArn: listener,
    ListenerRulePriority: '10',
    AllowedSecurityGroupId: albGroup,
    AllowedSecurityGroup1Description: 'From the platform ALB',
  };
}

/** What each product's launching team gives (the rest: the launch parameters' defaults). */
const launchParameters: Record<string, () => Record<string, string>> = {
  'web-app-service-connect': () => ({ WebImage: 'public.ecr.aws/nginx/nginx:1.27', DesiredCount: '3', DeletionProtection: 'false' }),
  'https-app': () => ({ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab', MinTasks: '2', MaxTasks: '6', EnableExec: 'false' }),
  microservice: () => (platform ??= teamPlatform()),
};
/** The team's platform, made once for both microservice launches. */
let platform: Record<string, string> | undefined;

function launch(product: string, stack: string, review: boolean): { status: number; out: string; err: string } {
  const { product: name, environment } = folderOf(product);
  const params = join(scratch, `${product}.params.json`);
  writeFileSync(params, JSON.stringify(launchParameters[product]!()));
  const out: string[] = [];
  const err: string[] = [];
  const status = runDeploy(
    // Without BUCKET, make deploy sends each root inline (minified where the pretty file is over
    // 51,200 bytes): moto's CloudFormation cannot read a TemplateURL on its own endpoint.
    { ...env, DIST: dist, PRODUCT: name, ENV: environment, STACK: stack, PARAMS: params, ...(review ? { REVIEW: '1' } : {}) },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { status, out: out.join('\n'), err: err.join('\n') };
}

test.before(async () => {
  Object.assign(process.env, SANDBOX_ENV);
  sandbox = await startMoto({ logFile: motoLog });
  env = { ...process.env, ...SANDBOX_ENV, AWS_ENDPOINT_URL: sandbox.endpoint };
  await createBucket(sandbox.endpoint, BUCKET, REGION);
  published = await publishCatalog({
    dist,
    bucket: BUCKET,
    settings: { region: REGION, endpoint: sandbox.endpoint },
    semver: '1.0.0',
    releasesFile: join(scratch, 'releases.json'),
    catalogue,
    catalogProduct: catalogProduct as unknown as Product<typeof CatalogInput>,
    log: () => {},
  });
});
test.after(async () => {
  await sandbox.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('make catalog publishes the three self-service products as versions of the portfolio, each with its nested children', async () => {
  assert.equal(published.releases.map((r) => [r.release.product, r.added]), [['web-app-service-connect', true], ['https-app', true], ['microservice', true]]);
  assert.equal(selfService.map((p) => p.name), ['web-app-service-connect', 'https-app', 'microservice']);
  const { ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({ region: REGION, endpoint: sandbox.endpoint, forcePathStyle: true });
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!);
  s3.destroy();
  for (const { release } of published.releases) {
    const { product, environment } = folderOf(release.product);
    const manifest = JSON.parse(readFileSync(join(dist, product, environment, 'manifest.json'), 'utf8')) as { artifacts: { path: string; children: unknown[] }[] };
    const root = TemplateView.load(join(dist, product, environment, 'packaged', manifest.artifacts.at(-1)!.path));
    const urls = root.resourcesOf('AWS::CloudFormation::Stack').map((s) => String(s.properties['TemplateURL']));
    // Nested children are content-addressed objects of the bucket, published before the root that names them.
    assert.is(urls.length, manifest.artifacts.length - 1, `${release.product}: one TemplateURL per child`);
    for (const url of urls) {
      assert.match(url, new RegExp(`^https://${BUCKET}\\.s3\\.${REGION}\\.amazonaws\\.com/${product}/[0-9a-f]{64}\\.json$`));
      assert.ok(keys.includes(url.split('.amazonaws.com/')[1]!), `${release.product}: ${url} is in the bucket`);
    }
    assert.ok(keys.includes(release.templateUrl.split('.amazonaws.com/')[1]!), `${release.product}: the released root is in the bucket`);
  }
  assert.is(folderOf('https-app').environment, 'self-service');
  assert.is(folderOf('microservice').environment, 'template');
  const portfolio = TemplateView.load(join(dist, 'catalog', 'shared', 'packaged', 'root.json'));
  portfolio.expectCount('AWS::ServiceCatalog::CloudFormationProduct', 3);
  for (const { release } of published.releases) {
    portfolio.resource('AWS::ServiceCatalog::CloudFormationProduct', { Name: release.product, ProvisioningArtifactParameters: [{ Info: { LoadTemplateFromURL: release.templateUrl } }] });
  }
});

test('each packaged root launches on the emulator as far as a change set: the parameters pass and every root resource is to be added', () => {
  for (const product of ['web-app-service-connect', 'https-app', 'microservice']) {
    const run = launch(product, `${product}-review`, true);
    assert.is(run.status, 0, `${product}: ${run.err}`);
    const { product: name, environment } = folderOf(product);
    const root = TemplateView.load(join(dist, name, environment, 'packaged', 'root.json'));
    assert.match(run.out, `change set for ${product}-review (not executed): ${root.resources.length} change(s)`);
    // The microservice's pretty root is over 51,200 bytes; its minified copy goes inline.
    if (product === 'microservice') assert.match(run.out, /packaged\/root\.json: \d+ bytes as written, \d+ minified: deploying the minified copy inline/);
    for (const resource of root.resources) assert.match(run.out, new RegExp(`\\n {2}Add +${resource.id} +${resource.type.replace(/[:]/g, '\\:')}\\n?`), `${product}: ${resource.id}`);
  }
});

test('a launch with a value the template refuses is stopped before the emulator is called', () => {
  const params = join(scratch, 'bad.json');
  writeFileSync(params, JSON.stringify({ CertificateArn: 'arn:aws:iam::123456789012:server-certificate/x', MinTasks: '0' }));
  const err: string[] = [];
  const { product, environment } = folderOf('https-app');
  const status = runDeploy({ ...env, DIST: dist, PRODUCT: product, ENV: environment, STACK: 'refused', PARAMS: params, BUCKET }, { out: () => {}, err: (l) => err.push(l) });
  assert.is(status, 1);
  assert.match(err.join('\n'), 'CertificateArn: "arn:aws:iam::123456789012:server-certificate/x" is not allowed: an ACM certificate ARN');
  assert.match(err.join('\n'), 'MinTasks: "0" is not allowed: an integer from 1 to 100');
});

test('executing the launches stops where the emulator stops: nested-stack outputs (seeds 000 and 001), tags on a KMS key (seed 002)', () => {
  for (const product of ['web-app-service-connect', 'https-app']) {
    const run = launch(product, `${product}-live`, false);
    assert.is(run.status, 1, product);
    assert.match(run.err, 'the emulator cannot evaluate nested-stack outputs');
  }
  const run = launch('microservice', 'microservice-live', false);
  assert.is(run.status, 1);
  assert.match(run.err, 'the emulator failed on something this template uses');
  // moto's AWS::KMS::Key handler hands the template's Tags ({Key, Value}, as CloudFormation documents them) to its
  // KMS tagging, which reads the API's shape ({TagKey, TagValue}); AWS takes them.
  const log = readFileSync(motoLog, 'utf8');
  const trace = log.split('\n').filter((l) => /Error|Traceback|File "/.test(l)).slice(-12).join('\n');
  assert.match(log, 'moto/kms/models.py', trace);
  assert.match(log, "KeyError: 'TagKey'", trace);
});

test.run();
