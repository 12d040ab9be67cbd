/**
 * The command: exit codes 0 (no change), 1 (changes), 2 (replacement or security widening),
 * 3 (cannot diff, with the reason); the three output formats; BASE and NEW as dist folders (a
 * dist root or one environment's folder); PRODUCT/ENV selection.
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import minimal from '../../build/products/minimal-service.js';
import type { DiffReport } from '../../scripts/diff/model.js';
import { MARKDOWN_MARKER } from '../../scripts/diff/render-markdown.js';
import { build, propsOf, resourceAt, runDiff, tempDist } from './helpers.js';

const base = tempDist(build(minimal, 'prod'), build(minimal, 'staging'));
const inPlace = tempDist(build(minimal, 'prod', (root) => (propsOf(resourceAt(root, 'Root/Container/Service'))['DesiredCount'] = 5)), build(minimal, 'staging'));
const replaced = tempDist(build(minimal, 'prod', (root) => (propsOf(resourceAt(root, 'Root/LoadBalancer/ServiceTargetGroup'))['Port'] = 8080)), build(minimal, 'staging'));
const widened = tempDist(
  build(minimal, 'prod'),
  build(minimal, 'staging', (root) => {
    const rules = propsOf(resourceAt(root, 'Root/Container/ServiceSecurityGroup'))['SecurityGroupIngress'] as unknown[];
    rules.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
  }),
);

test('no change: exit 0, and the text says so', () => {
  const run = runDiff(['--base', base.dist, '--new', base.dist]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /unchanged: minimal-service\/prod, minimal-service\/staging/);
  assert.match(run.stdout, /no change \(exit 0\)\n$/);
});

test('changes in place: exit 1; the text table has a row per resource and its property changes', () => {
  const run = runDiff(['--base', base.dist, '--new', inPlace.dist]);
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stdout, /minimal-service\/prod: 1 resource modified \(1 in place\)/);
  assert.match(run.stdout, /stack\s+resource\s+type\s+effect/);
  assert.match(run.stdout, /~\s+Root\/Container\s+Service\s+AWS::ECS::Service\s+in place/);
  assert.match(run.stdout, /DesiredCount: 2 -> 5/);
});

test('a replacement: exit 2; markdown for a pull request, headed by the marker the workflow finds', () => {
  const run = runDiff(['--base', base.dist, '--new', replaced.dist, '--format', 'markdown']);
  assert.is(run.status, 2, run.stderr);
  assert.ok(run.stdout.startsWith(`${MARKDOWN_MARKER}\n## make diff:`));
  assert.match(run.stdout, /\| \| stack \| resource \| type \| effect \| changes \|/);
  assert.match(run.stdout, /\| ~ \| Root\/LoadBalancer \| ServiceTargetGroup \| AWS::ElasticLoadBalancingV2::TargetGroup \| \*\*replacement\*\* \| `Port: 80 -> 8080 \(create-only\)` \|/);
});

test('a security widening alone: exit 2; JSON for tools (--json, or DIFF_FORMAT=json as make passes FORMAT)', () => {
  const run = runDiff(['--base', base.dist, '--new', widened.dist, '--json']);
  assert.is(run.status, 2, run.stderr);
  const report = JSON.parse(run.stdout) as DiffReport;
  assert.is(report.exitCode, 2);
  const staging = report.environments.find((e) => e.environment === 'staging')!;
  assert.equal(staging.security.map((s) => [s.resource, s.kind, s.widening]), [['ServiceSecurityGroup', 'security-group', true]]);
  assert.equal(staging.stacks.flatMap((s) => s.resources.map((r) => r.effect)), ['in-place']);
  const viaEnv = runDiff([], { env: { BASE: base.dist, NEW: widened.dist, DIFF_FORMAT: 'json', PRODUCT: 'minimal-service', ENV: 'prod' } });
  assert.is(viaEnv.status, 0, 'ENV=prod selects the unchanged environment');
  assert.equal((JSON.parse(viaEnv.stdout) as DiffReport).environments.map((e) => e.environment), ['prod']);
});

test('an environment folder as BASE and NEW', () => {
  const run = runDiff(['--base', join(base.dist, 'minimal-service', 'prod'), '--new', join(inPlace.dist, 'minimal-service', 'prod')]);
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stdout, /DesiredCount: 2 -> 5/);
});

test('what cannot be diffed: exit 3 and a message naming the input and what is allowed', () => {
  const bad = runDiff(['--base', 'no-such-ref-or-folder', '--new', base.dist]);
  assert.is(bad.status, 3);
  assert.match(bad.stderr, /BASE=no-such-ref-or-folder is neither a git ref \(HEAD, HEAD~1, main, a commit\), a dist folder .*, or, for BASE, a released version/);
  const format = runDiff(['--base', base.dist, '--new', base.dist, '--format', 'html']);
  assert.is(format.status, 3);
  assert.match(format.stderr, /FORMAT=html is not a diff format \(text, markdown, json\)/);
  const empty = runDiff(['--base', join(base.dist, 'minimal-service'), '--new', base.dist]);
  assert.is(empty.status, 3);
  assert.match(empty.stderr, /holds no built environment/);
});

test.after(() => {
  for (const d of [base, inPlace, replaced, widened]) d.cleanup();
});

test.run();
