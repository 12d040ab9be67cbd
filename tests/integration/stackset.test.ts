/**
 * `make stackset`: service-managed StackSets to OUs and regions, nested templates read from each
 * region's own bucket. moto emulates Organizations (organisation, OUs, accounts), S3 and the StackSet
 * calls (CreateStackSet, UpdateStackSet, CreateStackInstances resolving OUs to their accounts, the
 * operation and instance listings), and creates each instance's stack, nested stacks included, in the
 * member account and region, fetching each nested TemplateURL after resolving its intrinsics there.
 * It ignores operation preferences, managed execution and auto-deployment, finishes every operation at
 * once and cannot evaluate nested-stack outputs: those paths run against a stand-in client that records
 * what is sent and scripts what comes back.
 */
import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  UpdateStackSetCommand,
  type StackSet,
} from '@aws-sdk/client-cloudformation';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment } from '../../build/compile-product.js';
import { defineProduct, type Product } from '../../build/product.js';
import ecsPlatform from '../../build/products/ecs-platform.js';
import minimal from '../../build/products/minimal-service.js';
import { writeDist } from '../../build/write-dist.js';
import { Aws, Fn, s, type Stack } from '../../dsl/index.js';
import type { Manifest } from '../../build/compile-product.js';
import { createBucket } from '../../scripts/sandbox/bucket.js';
import { cloudFormationClient } from '../../scripts/stackset/client.js';
import { deployStackSet, type StackSetApi, type StackSetTemplate } from '../../scripts/stackset/deploy.js';
import { stackSetRequest, type StackSetRequest } from '../../scripts/stackset/options.js';
import { BUCKET_MAPPING, regionalTemplates, subtree } from '../../scripts/stackset/regional.js';
import { runStackSet } from '../../scripts/stackset/run.js';
import { lintFiles } from '../helpers/lint.js';
import { createOrganization, memberView } from './helpers/organization.js';
import { REGION, runScript, startFixture, type MotoFixture } from './helpers/sandbox.js';

let moto: MotoFixture;
const scratch = mkdtempSync(join(tmpdir(), 'stackset-'));
const dist = join(scratch, 'dist');
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];
const org = { root: '', workloads: '', sandbox: '', spare: '', accounts: {} as Record<string, string> };

/**
 * A platform of nested layers whose stacks read no nested outputs (what the emulator can run):
 * root -> Alerts (an encrypted topic) -> Queues (an encrypted queue), and root -> Logs.
 */
function layers(edition = 'first'): Product {
  return defineProduct({
    name: 'platform-layers',
    description: `Nested platform layers, ${edition} edition`,
    inputs: s.object({}),
    compose: (root: Stack) => {
      root.description = `Platform layers (${edition})`;
      const alerts = root.nested('Alerts');
      alerts.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: Fn.sub`alias/aws/sns` } });
      const queues = alerts.nested('Queues');
      queues.add('Queue', { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 345600 } });
      const logs = root.nested('Logs');
      logs.add('Handle', { Type: 'AWS::CloudFormation::WaitConditionHandle', Properties: {} });
      root.output('Region', Aws.region);
    },
    environments: { shared: {} },
  });
}

const build = (product: Product, environment: string, into = dist) => writeDist(into, [buildEnvironment(product, environment, 'json')]);
const bucketOf = (region: string) => `tpl-${region}`;
const baseEnv = () => ({ ...moto.env, DIST: dist, BUCKET: 'tpl-{region}', REGION });
const quiet = { out: () => {}, err: () => {} };
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

test.before(async () => {
  moto = await startFixture();
  const made = createOrganization(moto.sandbox.endpoint, moto.env, ['Workloads', 'Sandbox', 'Spare']);
  Object.assign(org, { root: made.root, workloads: made.units['Workloads'], sandbox: made.units['Sandbox'], spare: made.units['Spare'] });
  org.accounts = { workloads: made.accounts['Workloads']!, sandbox: made.accounts['Sandbox']!, spare: made.accounts['Spare']! };
  for (const region of REGIONS) await createBucket(moto.sandbox.endpoint, bucketOf(region), region);
  build(layers(), 'shared');
  build(minimal, 'prod');
  build(ecsPlatform, 'production');
});
test.after(async () => {
  await moto.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Stacks of `account` in `region`, seen from inside it. moto lists nested stacks there, not an instance's own hidden stack. */
const stacksIn = (account: string, region: string) => memberView(moto.sandbox.endpoint, moto.env, account, [region])[region]!.stacks;
const vpcsIn = (account: string, region: string) => memberView(moto.sandbox.endpoint, moto.env, account, [region])[region]!.vpcs;

test('make stackset (moto): one StackSet, stack instances in every account of two OUs in three regions, nested stacks read from each region\'s bucket', async () => {
  const run = runScript('scripts/stackset/cli.ts', { ...baseEnv(), PRODUCT: 'platform-layers', TARGETS: `${org.workloads},${org.sandbox}`, REGIONS: REGIONS.join(','), FAILURE_TOLERANCE: '1', MAX_CONCURRENT: '2' });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, 'StackSet platform-layers-shared: platform-layers/shared, 3 nested template(s) to 3 region(s), template in us-east-1');
  assert.match(run.stdout, 'created StackSet platform-layers-shared');
  assert.match(run.stdout, 'stackset: created, 1 operation(s) succeeded, 6 stack instance(s)');

  // Every region's bucket holds the same nested templates; the StackSet template is in the StackSet region's bucket.
  const copies = join(dist, 'platform-layers', 'shared', 'stackset', 'platform-layers-shared');
  const nested = ['Alerts.Queues.json', 'Alerts.json', 'Logs.json'].map((file) => readFileSync(join(copies, file), 'utf8'));
  const rootBody = readFileSync(join(copies, 'root.json'), 'utf8');
  for (const region of REGIONS) {
    const keys = await moto.keys(bucketOf(region));
    const bodies = await Promise.all(keys.map((k) => moto.read(bucketOf(region), k)));
    assert.ok(keys.every((k) => /^platform-layers\/[0-9a-f]{64}\.json$/.test(k)), keys.join());
    for (const body of nested) assert.ok(bodies.includes(body), `${region} lacks a nested template`);
    assert.is(bodies.includes(rootBody), region === REGION, 'the StackSet template goes to the StackSet region only');
  }
  const root = JSON.parse(readFileSync(join(copies, 'root.json'), 'utf8')) as { Resources: Record<string, { Properties: { TemplateURL: unknown } }> };
  const alerts = JSON.parse(readFileSync(join(copies, 'Alerts.json'), 'utf8')) as typeof root;
  for (const url of [root.Resources['Alerts']!.Properties.TemplateURL, root.Resources['Logs']!.Properties.TemplateURL, alerts.Resources['Queues']!.Properties.TemplateURL]) {
    assert.match(JSON.stringify(url), /^\{"Fn::Sub":"https:\/\/tpl-\$\{AWS::Region\}\.s3\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}\/platform-layers\/[0-9a-f]{64}\.json"\}$/);
  }

  const cfn = cloudFormationClient(REGION, moto.sandbox.endpoint);
  try {
    const described = (await cfn.send(new DescribeStackSetCommand({ StackSetName: 'platform-layers-shared' }))).StackSet!;
    assert.is(described.PermissionModel, 'SERVICE_MANAGED');
    assert.is(described.TemplateBody, readFileSync(join(copies, 'root.json'), 'utf8'));
    const instances = (await cfn.send(new ListStackInstancesCommand({ StackSetName: 'platform-layers-shared' }))).Summaries ?? [];
    assert.equal(instances.map((i) => `${i.Account} ${i.Region}`).sort(), [org.accounts['workloads']!, org.accounts['sandbox']!].flatMap((a) => REGIONS.map((r) => `${a} ${r}`)).sort());
  } finally {
    cfn.destroy();
  }
  // Inside a member account: the instance's nested stacks, two levels deep, in each region.
  const view = memberView(moto.sandbox.endpoint, moto.env, org.accounts['workloads']!, REGIONS);
  for (const region of REGIONS) {
    const names = view[region]!.stacks;
    for (const layer of ['Alerts', 'Queues', 'Logs']) assert.ok(names.some((n) => n.includes(`-${layer}-`)), `${region}: no ${layer} stack in ${names.join(', ')}`);
  }
  assert.equal(stacksIn(org.accounts['spare']!, 'eu-west-1'), [], 'an OU that is not a target gets nothing');
});

test('make stackset (moto): a rerun with the same template changes nothing; a changed template updates the StackSet', async () => {
  const env = { ...baseEnv(), PRODUCT: 'platform-layers', TARGETS: `${org.workloads},${org.sandbox}`, REGIONS: REGIONS.join(',') };
  const again = capture();
  assert.is(await runStackSet(env, again.io), 0, again.err.join('\n'));
  assert.ok(again.out.includes('StackSet platform-layers-shared already runs this template with these parameters: no update'), again.out.join('\n'));
  assert.ok(again.out.every((l) => !/uploaded /.test(l)), 'nothing uploaded twice');

  build(layers('second'), 'shared');
  const changed = capture();
  assert.is(await runStackSet(env, changed.io), 0, changed.err.join('\n'));
  assert.ok(changed.out.some((l) => l.startsWith('updating StackSet platform-layers-shared: every existing stack instance gets the new template')), changed.out.join('\n'));
  const cfn = cloudFormationClient(REGION, moto.sandbox.endpoint);
  try {
    const body = (await cfn.send(new DescribeStackSetCommand({ StackSetName: 'platform-layers-shared' }))).StackSet!.TemplateBody!;
    assert.match(body, 'Platform layers (second)');
  } finally {
    cfn.destroy();
  }
});

test('each stack instance reads the nested templates from its own region\'s bucket: an eu-west-1 instance fails until eu-west-1 has its bucket (moto)', async () => {
  await createBucket(moto.sandbox.endpoint, 'proof-us-east-1', 'us-east-1');
  const vars = { ...moto.env, DIST: dist, REGION, PRODUCT: 'platform-layers', STACKSET: 'proof-layers', BUCKET: 'proof-{region}', TARGETS: org.spare };
  const first = capture();
  assert.is(await runStackSet({ ...vars, REGIONS: 'us-east-1' }, first.io), 0, first.err.join('\n'));
  const cfn = cloudFormationClient(REGION, moto.sandbox.endpoint);
  try {
    const failure = await cfn.send(new CreateStackInstancesCommand({ StackSetName: 'proof-layers', DeploymentTargets: { OrganizationalUnitIds: [org.spare] }, Regions: ['eu-west-1'] })).then(
      () => 'created',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    assert.is(failure, 'NoSuchBucket: The specified bucket does not exist', 'the eu-west-1 instance looked for proof-eu-west-1, not the us-east-1 bucket that holds the same templates');
  } finally {
    cfn.destroy();
  }
  await createBucket(moto.sandbox.endpoint, 'proof-eu-west-1', 'eu-west-1');
  const second = capture();
  assert.is(await runStackSet({ ...vars, REGIONS: 'eu-west-1,us-east-1' }, second.io), 0, second.err.join('\n'));
  assert.ok(second.out.some((l) => /^ {2}eu-west-1 +Alerts\.Queues\.json +uploaded +s3:\/\/proof-eu-west-1\//.test(l)), second.out.join('\n'));
  for (const region of ['eu-west-1', 'us-east-1']) assert.ok(stacksIn(org.accounts['spare']!, region).some((n) => n.startsWith('proof-layers') && n.includes('-Queues-')), region);
});

test('BUCKET as region=bucket pairs: a mapping of each region\'s bucket address, read with FindInMap in each region (moto)', async () => {
  const mapped = join(scratch, 'mapped');
  build(layers('mapped'), 'shared', mapped);
  for (const region of REGIONS.slice(0, 2)) {
    await createBucket(moto.sandbox.endpoint, `mapped-${region}-x`, region);
  }
  await moto.bucket('mapped.home.templates');
  const BUCKET = `eu-west-1=mapped-eu-west-1-x,eu-central-1=mapped-eu-central-1-x,us-east-1=mapped.home.templates`;
  const out = capture();
  const code = await runStackSet({ ...moto.env, DIST: mapped, REGION, BUCKET, PRODUCT: 'platform-layers', STACKSET: 'mapped-layers', TARGETS: org.workloads, REGIONS: 'eu-west-1,eu-central-1' }, out.io);
  assert.is(code, 0, out.err.join('\n'));
  const root = JSON.parse(readFileSync(join(mapped, 'platform-layers', 'shared', 'stackset', 'mapped-layers', 'root.json'), 'utf8')) as { Mappings: Record<string, unknown>; Resources: Record<string, { Properties: { TemplateURL: unknown } }> };
  assert.equal(root.Mappings[BUCKET_MAPPING], {
    'eu-central-1': { Base: 'https://mapped-eu-central-1-x.s3.eu-central-1.amazonaws.com' },
    'eu-west-1': { Base: 'https://mapped-eu-west-1-x.s3.eu-west-1.amazonaws.com' },
    'us-east-1': { Base: 'https://s3.us-east-1.amazonaws.com/mapped.home.templates' },
  });
  assert.match(JSON.stringify(root.Resources['Alerts']!.Properties.TemplateURL), /^\{"Fn::Sub":\["\$\{Base\}\/platform-layers\/[0-9a-f]{64}\.json",\{"Base":\{"Fn::FindInMap":\["StackSetTemplateBuckets",\{"Ref":"AWS::Region"\},"Base"\]\}\}\]\}$/);
  assert.ok(out.out.includes('StackSet mapped-layers: 2 stack instance(s) (eu-west-1 1, eu-central-1 1)'), out.out.join('\n'));
  for (const region of ['eu-west-1', 'eu-central-1']) assert.ok(stacksIn(org.accounts['workloads']!, region).some((n) => n.startsWith('mapped-layers') && n.includes('-Queues-')), region);
});

test('a product whose root reads nested outputs: on moto the command explains the emulator limit (exit 1); LAYER=Network deploys the layer alone', async () => {
  const failed = capture();
  const code = await runStackSet({ ...baseEnv(), PRODUCT: 'minimal-service', ENV: 'prod', TARGETS: org.workloads, REGIONS: 'eu-west-1' }, failed.io);
  assert.is(code, 1);
  assert.match(failed.err.join('\n'), /^stackset failed: the endpoint http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with an HTML error page instead of CloudFormation's XML while the StackSet was deployed: the emulator cannot evaluate nested-stack outputs, and this StackSet template reads \d+ of them/);
  const layer = capture();
  assert.is(await runStackSet({ ...baseEnv(), PRODUCT: 'minimal-service', ENV: 'prod', LAYER: 'Network', TARGETS: org.workloads, REGIONS: 'eu-west-1,us-east-1' }, layer.io), 0, layer.err.join('\n'));
  assert.ok(layer.out.includes('StackSet minimal-service-prod-Network: minimal-service/prod layer Network, 0 nested template(s) to 2 region(s), template in us-east-1'), layer.out.join('\n'));
  assert.ok(vpcsIn(org.accounts['workloads']!, 'eu-west-1').includes('10.0.0.0/16'), 'the layer\'s VPC exists in the member account');
});

test('regional templates of real products (pattern and map, whole and by layer) are cfn-lint and checkov clean, and byte-identical on a rebuild', () => {
  const files: string[] = [];
  const write = (product: string, environment: string, bucket: string, layer?: string) => {
    const folder = join(dist, product, environment);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const request = stackSetRequest({ PRODUCT: product, TARGETS: org.workloads, REGIONS: REGIONS.join(','), BUCKET: bucket }, REGION);
    const templates = regionalTemplates(folder, manifest, subtree(manifest, layer), request.buckets, product, (f) => readFileSync(f, 'utf8'));
    const again = regionalTemplates(folder, manifest, subtree(manifest, layer), request.buckets, product, (f) => readFileSync(f, 'utf8'));
    assert.equal(again, templates, 'deterministic');
    const out = mkdtempSync(join(scratch, `${product}-`));
    for (const artifact of [...templates.children, templates.root]) {
      const built = readFileSync(join(folder, artifact.path), 'utf8');
      // A template without nested stacks goes out as built (make lint covers it); the rewritten ones are new artifacts.
      if (artifact.body === built) continue;
      assert.ok(JSON.parse(built).Resources && /"TemplateURL"/.test(built), `${artifact.path} changed though it nests nothing`);
      writeFileSync(join(out, artifact.path), artifact.body);
      files.push(join(out, artifact.path));
    }
    return templates;
  };
  const platform = write('ecs-platform', 'production', 'eu-west-1=a-templates,eu-central-1=b-templates,us-east-1=c.templates');
  const services = platform.children.find((c) => c.path === 'Services.json')!;
  assert.equal(Object.keys(JSON.parse(services.body).Mappings), [BUCKET_MAPPING], 'a child with children carries the bucket mapping too');
  write('minimal-service', 'prod', 'platform-templates-{region}');
  write('ecs-platform', 'production', 'platform.templates.{region}', 'Services');
  assert.equal(files.map((f) => f.slice(f.lastIndexOf('/') + 1)), ['Services.json', 'root.json', 'root.json', 'Services.json'], 'the templates that nest stacks, and only they, are rewritten');
  assert.equal(lintFiles(files, []), []);
  const checkov = join(import.meta.dirname, '../../.venv-checkov/bin/checkov');
  let output: string;
  try {
    output = execFileSync(checkov, ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', '-f', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  const reports = [JSON.parse(output.slice(output.search(/[[{]/))) as unknown].flat() as { results?: { failed_checks?: { check_id: string; file_path: string }[] } }[];
  assert.equal(reports.flatMap((r) => r.results?.failed_checks ?? []).map((f) => `${f.file_path} ${f.check_id}`), []);
});

/** CloudFormation's StackSet API as the command uses it: one StackSet in memory, operations scripted. */
function standIn(options: { existing?: StackSet; statuses?: string[]; results?: { Account: string; Region: string; Status: string; StatusReason?: string }[]; instances?: { OrganizationalUnitId: string; Region: string }[] } = {}) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const statuses = [...(options.statuses ?? ['SUCCEEDED'])];
  let operations = 0;
  const api = {
    send: async (command: { input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      calls.push({ name, input: command.input });
      if (command instanceof DescribeStackSetCommand) {
        if (!options.existing) throw Object.assign(new Error('not found'), { name: 'StackSetNotFoundException' });
        return { StackSet: options.existing };
      }
      if (command instanceof CreateStackSetCommand) return { StackSetId: `${String(command.input.StackSetName)}:1234` };
      if (command instanceof UpdateStackSetCommand || command instanceof CreateStackInstancesCommand) return { OperationId: `op-${++operations}` };
      if (command instanceof DescribeStackSetOperationCommand) {
        const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
        return { StackSetOperation: { Status: status, ...(status === 'FAILED' ? { StatusReason: 'failure tolerance exceeded' } : {}) } };
      }
      if (command instanceof ListStackSetOperationResultsCommand) return { Summaries: options.results ?? [] };
      if (command instanceof ListStackInstancesCommand) return { Summaries: options.instances ?? [] };
      throw new Error(`unexpected ${name}`);
    },
  } as unknown as StackSetApi;
  return { api, calls };
}
const request = (vars: Record<string, string> = {}): StackSetRequest => stackSetRequest({ PRODUCT: 'ecs-platform', TARGETS: 'ou-ab12-cdef3456,r-ab12', REGIONS: 'eu-west-1,us-east-1', BUCKET: 'tpl-{region}', ...vars }, 'eu-west-1');
const template: StackSetTemplate = { url: 'https://tpl-eu-west-1.s3.eu-west-1.amazonaws.com/ecs-platform/abc.json', body: '{"Resources":{}}', parameters: { CertificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' }, capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'], description: 'ecs-platform/production' };
const fast = { log: () => {}, poll: { intervalMs: 0, attempts: 10 } };

test('stand-in: CreateStackSet is service-managed with auto-deployment and managed execution; instances go to the OUs and regions with the operation preferences', async () => {
  const { api, calls } = standIn({ statuses: ['QUEUED', 'RUNNING', 'SUCCEEDED'] });
  const outcome = await deployStackSet(api, 'platform', request({ FAILURE_TOLERANCE: '10%', MAX_CONCURRENT: '25%', REGION_ORDER: 'us-east-1,eu-west-1', REGION_CONCURRENCY: 'PARALLEL', CONCURRENCY_MODE: 'SOFT_FAILURE_TOLERANCE', CALL_AS: 'DELEGATED_ADMIN' }), template, fast);
  assert.equal(outcome.operations, [{ action: 'CREATE_INSTANCES', id: 'op-1', status: 'SUCCEEDED' }]);
  assert.equal(calls.find((c) => c.name === 'CreateStackSetCommand')!.input, {
    StackSetName: 'platform',
    Description: 'ecs-platform/production',
    TemplateURL: template.url,
    Parameters: [{ ParameterKey: 'CertificateArn', ParameterValue: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' }],
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    PermissionModel: 'SERVICE_MANAGED',
    AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
    ManagedExecution: { Active: true },
    CallAs: 'DELEGATED_ADMIN',
  });
  assert.equal(calls.find((c) => c.name === 'CreateStackInstancesCommand')!.input, {
    StackSetName: 'platform',
    DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'] },
    Regions: ['eu-west-1', 'us-east-1'],
    OperationPreferences: { RegionOrder: ['us-east-1', 'eu-west-1'], RegionConcurrencyType: 'PARALLEL', FailureTolerancePercentage: 10, MaxConcurrentPercentage: 25, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' },
    CallAs: 'DELEGATED_ADMIN',
  });
  assert.is(calls.filter((c) => c.name === 'DescribeStackSetOperationCommand').length, 3, 'followed through QUEUED and RUNNING');
  assert.ok(calls.every((c) => c.input.CallAs === 'DELEGATED_ADMIN'), 'every call names the caller');
});

test('stand-in: counts, defaults and switches become the API fields AWS defines', () => {
  assert.equal(request().preferences, { RegionOrder: ['eu-west-1', 'us-east-1'], RegionConcurrencyType: 'SEQUENTIAL', FailureToleranceCount: 0, MaxConcurrentCount: 1, ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE' });
  assert.equal(request({ FAILURE_TOLERANCE: '3', MAX_CONCURRENT: '4' }).preferences, { RegionOrder: ['eu-west-1', 'us-east-1'], RegionConcurrencyType: 'SEQUENTIAL', FailureToleranceCount: 3, MaxConcurrentCount: 4, ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE' });
  assert.equal(request({ AUTO_DEPLOY: '0' }).autoDeployment, { Enabled: false }, 'RetainStacksOnAccountRemoval only with Enabled');
  assert.equal(request({ RETAIN_STACKS: '0' }).autoDeployment, { Enabled: true, RetainStacksOnAccountRemoval: false });
  assert.is(request().callAs, 'SELF');
  assert.is(request().buckets.bucketOf('us-east-1'), 'tpl-us-east-1');
  assert.is(request({ BUCKET: 'tpl-${region}-x' }).buckets.bucketOf('eu-west-1'), 'tpl-eu-west-1-x', '${region} works when make is not in the way');
});

test('stand-in: an existing StackSet with another template is updated across all instances, then only missing OU/region pairs get instances', async () => {
  const existing: StackSet = { StackSetName: 'platform', StackSetId: 'platform:1', PermissionModel: 'SERVICE_MANAGED', TemplateBody: '{"old":true}', Parameters: [], AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true } };
  const covered = standIn({ existing, instances: [{ OrganizationalUnitId: 'ou-ab12-cdef3456', Region: 'eu-west-1' }, { OrganizationalUnitId: 'ou-ab12-cdef3456', Region: 'us-east-1' }] });
  const outcome = await deployStackSet(covered.api, 'platform', request({ TARGETS: 'ou-ab12-cdef3456' }), template, fast);
  assert.equal(outcome.operations.map((o) => o.action), ['UPDATE']);
  const update = covered.calls.find((c) => c.name === 'UpdateStackSetCommand')!.input;
  assert.equal(Object.keys(update).sort(), ['AutoDeployment', 'CallAs', 'Capabilities', 'Description', 'ManagedExecution', 'OperationPreferences', 'Parameters', 'StackSetName', 'TemplateURL']);
  assert.not.ok('DeploymentTargets' in update || 'Regions' in update, 'no targets: the update reaches every instance');
  assert.not.ok(covered.calls.some((c) => c.name === 'CreateStackInstancesCommand'), 'every OU/region pair already has instances');

  const same = standIn({ existing: { ...existing, TemplateBody: template.body, Parameters: [{ ParameterKey: 'CertificateArn', ParameterValue: template.parameters['CertificateArn'] }] } });
  const unchanged = await deployStackSet(same.api, 'platform', request(), template, fast);
  assert.is(unchanged.updated, false);
  assert.not.ok(same.calls.some((c) => c.name === 'UpdateStackSetCommand'));
  assert.ok(same.calls.some((c) => c.name === 'CreateStackInstancesCommand'), 'the root target has no instance yet');

  const autoChanged = standIn({ existing: { ...existing, TemplateBody: template.body, Parameters: [{ ParameterKey: 'CertificateArn', ParameterValue: template.parameters['CertificateArn'] }] } });
  await deployStackSet(autoChanged.api, 'platform', request({ RETAIN_STACKS: '0' }), template, fast);
  assert.equal(autoChanged.calls.find((c) => c.name === 'UpdateStackSetCommand')?.input.AutoDeployment, { Enabled: true, RetainStacksOnAccountRemoval: false });
});

test('stand-in: a failed or stopped operation names every account and region that failed, with CloudFormation\'s reason', async () => {
  const failed = standIn({
    statuses: ['RUNNING', 'FAILED'],
    results: [
      { Account: '111122223333', Region: 'eu-west-1', Status: 'SUCCEEDED' },
      { Account: '444455556666', Region: 'eu-west-1', Status: 'FAILED', StatusReason: 'ResourceLogicalId:Vpc, ResourceType:AWS::EC2::VPC, ResourceStatusReason:The maximum number of VPCs has been reached.' },
      { Account: '444455556666', Region: 'us-east-1', Status: 'CANCELLED', StatusReason: 'Cancelled since failure tolerance has exceeded' },
    ],
  });
  const message = await deployStackSet(failed.api, 'platform', request(), template, fast).then(() => '', (e: Error) => e.message);
  assert.is(
    message,
    'stack instance deployment of StackSet platform ended FAILED (failure tolerance exceeded):\n' +
      '  444455556666 eu-west-1: FAILED ResourceLogicalId:Vpc, ResourceType:AWS::EC2::VPC, ResourceStatusReason:The maximum number of VPCs has been reached.\n' +
      '  444455556666 us-east-1: CANCELLED Cancelled since failure tolerance has exceeded',
  );
  const stopped = standIn({ statuses: ['STOPPED'] });
  assert.is(await deployStackSet(stopped.api, 'platform', request(), template, fast).then(() => '', (e: Error) => e.message), 'stack instance deployment of StackSet platform ended STOPPED');
  const stuck = standIn({ statuses: ['RUNNING'] });
  assert.is(
    await deployStackSet(stuck.api, 'platform', request(), template, { log: () => {}, poll: { intervalMs: 0, attempts: 2 } }).then(() => '', (e: Error) => e.message),
    'stack instance deployment of StackSet platform is still RUNNING after 2 checks; follow it with aws cloudformation describe-stack-set-operation --stack-set-name platform --operation-id op-1',
  );
  const selfManaged = standIn({ existing: { StackSetName: 'platform', PermissionModel: 'SELF_MANAGED' } });
  assert.match(await deployStackSet(selfManaged.api, 'platform', request(), template, fast).then(() => '', (e: Error) => e.message), 'StackSet platform exists with SELF_MANAGED permissions; make stackset manages service-managed StackSets');
});

test('bad variables are refused before anything is read or sent, naming the variable, the value and what is allowed', () => {
  const base = { PRODUCT: 'ecs-platform', TARGETS: 'ou-ab12-cdef3456', REGIONS: 'eu-west-1,us-east-1', BUCKET: 'tpl-{region}' };
  const ou = 'is not an organisational unit id (ou-xxxx-xxxxxxxx) or the organisation root id (r-xxxx)';
  const cases: [Record<string, string>, string, string?][] = [
    ...['ou-ab1-cdef3456', 'OU-AB12-CDEF3456', 'ou-ab12-cdef345', 'r-ab1', 'R-AB12', 'o-abcdefghij', '111122223333', 'ou-ab12-cdef3456-x'].map((bad): [Record<string, string>, string] => [{ TARGETS: `r-ab12,${bad}` }, `TARGETS[1]: ${JSON.stringify(bad)} ${ou}`]),
    [{ TARGETS: 'ou-ab12-cdef3456,ou-ab12-cdef3456' }, 'TARGETS[1]: "ou-ab12-cdef3456" is a duplicate (already at TARGETS[0])'],
    ...['eu-west', 'EU-WEST-1', 'euwest1', 'eu-west-1a', 'eu_west_1'].map((bad): [Record<string, string>, string] => [{ REGIONS: `us-east-1,${bad}` }, `REGIONS[1]: ${JSON.stringify(bad)} is not a region name (eu-west-1, us-east-1, ...)`]),
    [{ REGIONS: 'eu-west-1,eu-west-1' }, 'REGIONS[1]: "eu-west-1" is a duplicate (already at REGIONS[0])'],
    [{ REGIONS: 'eu-west-1,cn-north-1' }, 'REGIONS[1]: "cn-north-1" is in partition aws-cn, the StackSet\'s region eu-west-1 in aws: a StackSet deploys within one partition'],
    [{ REGION_ORDER: 'us-east-1,eu-central-1' }, 'REGION_ORDER[1]: "eu-central-1" is not in REGIONS (eu-west-1, us-east-1)'],
    [{ REGION_ORDER: 'us-east-1' }, 'REGION_ORDER: "us-east-1" leaves out eu-west-1: order every region of REGIONS'],
    [{ REGION_ORDER: 'us-east-1,us-east-1' }, 'REGION_ORDER[1]: "us-east-1" is a duplicate (already at REGION_ORDER[0])'],
    ...['-1', 'x', '1.5', '10 %', '%'].map((bad): [Record<string, string>, string] => [{ FAILURE_TOLERANCE: bad }, `FAILURE_TOLERANCE: ${JSON.stringify(bad)} is not a count (0, 1, 2...) or a percentage (0% to 100%)`]),
    [{ FAILURE_TOLERANCE: '101%' }, 'FAILURE_TOLERANCE: "101%" is not a percentage from 0% to 100%'],
    [{ MAX_CONCURRENT: '0' }, 'MAX_CONCURRENT: "0" is not a count of at least 1'],
    [{ MAX_CONCURRENT: '0%' }, 'MAX_CONCURRENT: "0%" is not a percentage from 1% to 100%'],
    [{ MAX_CONCURRENT: '150%' }, 'MAX_CONCURRENT: "150%" is not a percentage from 1% to 100%'],
    [{ MAX_CONCURRENT: 'all' }, 'MAX_CONCURRENT: "all" is not a count (1, 2, 3...) or a percentage (1% to 100%)'],
    [{ REGION_CONCURRENCY: 'parallel' }, 'REGION_CONCURRENCY: "parallel" is not a region concurrency (SEQUENTIAL, PARALLEL)'],
    [{ CONCURRENCY_MODE: 'STRICT' }, 'CONCURRENCY_MODE: "STRICT" is not a concurrency mode (STRICT_FAILURE_TOLERANCE, SOFT_FAILURE_TOLERANCE)'],
    [{ CALL_AS: 'ADMIN' }, 'CALL_AS: "ADMIN" is not a caller (SELF, DELEGATED_ADMIN)'],
    [{ AUTO_DEPLOY: 'yes' }, 'AUTO_DEPLOY: "yes" is not a switch (1, 0)'],
    [{ STACKSET: '1platform' }, 'STACKSET: "1platform" is not a StackSet name (letters, digits and hyphens, starting with a letter, at most 128)'],
    [{ STACKSET: 'plat_form' }, 'STACKSET: "plat_form" is not a StackSet name'],
    [{ PREFIX: '/templates' }, 'PREFIX: "/templates" is not a key prefix without leading or trailing slash'],
    [{ LAYER: 'Net-work' }, 'LAYER: "Net-work" is not the logical id of a nested stack of the product root'],
    [{ BUCKET: 'templates' }, 'BUCKET: "templates" names no {region}: give a pattern such as templates-{region} (one bucket per region) or region=bucket pairs'],
    [{ BUCKET: 'Templates-{region}' }, 'BUCKET: "Templates-{region}" gives "Templates-eu-west-1" for eu-west-1, which is not an S3 bucket name'],
    [{ BUCKET: `${'t'.repeat(55)}-{region}` }, `BUCKET: "${'t'.repeat(55)}-{region}" gives "${'t'.repeat(55)}-eu-west-1" for eu-west-1, which is not an S3 bucket name`],
    [{ BUCKET: 'eu-west-1=a-templates' }, 'BUCKET: "eu-west-1=a-templates" has no bucket for us-east-1: every target region and the StackSet\'s own region (REGION) need one'],
    [{ BUCKET: 'eu-west-1=a-templates,us-east-1' }, 'BUCKET[1]: "us-east-1" is not region=bucket (eu-west-1=templates-ew1)'],
    [{ BUCKET: 'eu-west-1=a-templates,eu-west-1=b-templates,us-east-1=c-templates' }, 'BUCKET[1]: "eu-west-1=b-templates" maps eu-west-1 a second time'],
    [{ BUCKET: 'eu-west-1=a_templates,us-east-1=c-templates' }, 'BUCKET: "eu-west-1=a_templates,us-east-1=c-templates" gives "a_templates" for eu-west-1, which is not an S3 bucket name'],
    [{ PRODUCT: 'Ecs Platform' }, 'PRODUCT: "Ecs Platform" is not a built product (a folder under dist/)'],
  ];
  for (const [vars, message] of cases) {
    const error = (() => {
      try {
        stackSetRequest({ ...base, ...vars }, 'eu-west-1');
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    assert.ok(error.startsWith(message), `expected ${JSON.stringify(message)}\n     got ${JSON.stringify(error)}`);
  }
});

test('the command: usage without the required variables (exit 2); built-product, layer and template problems as one message (exit 1)', async () => {
  const usage = capture();
  assert.is(await runStackSet({ PRODUCT: 'ecs-platform' }, usage.io), 2);
  assert.match(usage.err[0]!, /^usage: make stackset PRODUCT=<product> \[ENV=<environment>\] \[LAYER=<nested stack>\] TARGETS=/);
  const fail = async (vars: Record<string, string>) => {
    const io = capture();
    assert.is(await runStackSet({ ...baseEnv(), TARGETS: org.workloads, REGIONS: 'eu-west-1', ...vars }, io.io), 1, io.out.join('\n'));
    return io.err.join('\n');
  };
  assert.is(await fail({ PRODUCT: 'web-app-service-connect' }), 'stackset failed: web-app-service-connect is not built; run make build PRODUCT=web-app-service-connect');
  assert.is(await fail({ PRODUCT: 'ecs-platform', ENV: 'staging' }), 'stackset failed: ecs-platform/staging is not built; run make build PRODUCT=ecs-platform ENV=staging');
  assert.is(await fail({ PRODUCT: 'minimal-service', LAYER: 'Database' }), 'stackset failed: LAYER=Database is not a nested stack of minimal-service/prod (its root nests Network, LoadBalancer, Container)');
  assert.is(
    await fail({ PRODUCT: 'ecs-platform', LAYER: 'LoadBalancer' }),
    'stackset failed: LAYER=LoadBalancer takes NetworkVpc, NetworkPublicSubnet1, NetworkPublicSubnet2, NetworkPublicSubnet3 from Network (outputs the product root wires in, which a StackSet of the layer alone does not have): deploy ecs-platform whole (no LAYER) or a layer that needs no other stack, or give them in PARAMS (one value for every account and region)',
  );
  assert.is(await fail({ PRODUCT: 'ecs-platform' }), 'stackset failed: PARAMS: missing value(s) for CertificateArn, which have no default');
  const params = join(scratch, 'params.json');
  writeFileSync(params, JSON.stringify({ CertificateArn: 'not-an-arn' }));
  assert.match(await fail({ PRODUCT: 'ecs-platform', PARAMS: params }), /^stackset failed: PARAMS \S+params\.json: CertificateArn: "not-an-arn" is not allowed/);
  assert.is(await fail({ PRODUCT: 'ecs-platform', TARGETS: 'ou-nope', PARAMS: params }), 'stackset failed: TARGETS[0]: "ou-nope" is not an organisational unit id (ou-xxxx-xxxxxxxx) or the organisation root id (r-xxxx)');
  assert.match(await fail({ PRODUCT: 'minimal-service', LAYER: 'Network', BUCKET: 'missing-{region}' }), /^stackset failed: bucket missing-eu-west-1 does not exist at endpoint http:\/\/127\.0\.0\.1:\d+; create it first/);

  // A bucket in another region than the one it serves.
  await createBucket(moto.sandbox.endpoint, 'elsewhere-eu-west-1', 'eu-central-1');
  assert.is(await fail({ PRODUCT: 'minimal-service', LAYER: 'Network', BUCKET: 'eu-west-1=elsewhere-eu-west-1,us-east-1=tpl-us-east-1' }), 'stackset failed: bucket elsewhere-eu-west-1 (BUCKET for eu-west-1) is in eu-central-1: each region\'s templates go to a bucket in that region');

  // Service-managed StackSets take no transform: a template that needs AWS::LanguageExtensions is refused.
  const transforming = defineProduct({
    name: 'with-transform',
    description: 'A template with a transform',
    inputs: s.object({}),
    compose: (root: Stack) => {
      const zones = root.parameter('Zones', { Type: 'CommaDelimitedList', Default: 'a,b' });
      root.add('Handle', { Type: 'AWS::CloudFormation::WaitConditionHandle', Properties: {} });
      root.output('ZoneCount', Fn.length(zones.ref));
    },
    environments: { shared: {} },
  });
  build(transforming, 'shared');
  assert.is(await fail({ PRODUCT: 'with-transform' }), 'stackset failed: root.json declares Transform ["AWS::LanguageExtensions"]; service-managed StackSets do not support macros or transforms in their template (CreateStackSet, Capabilities)');
});

test.run();
