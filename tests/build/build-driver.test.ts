import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MinimalServiceInput, minimalService, type MinimalServiceProps } from '../../blueprints/systems/minimal-service.js';
import { defineProduct } from '../../build/product.js';
import { runBuild } from '../../build/run-build.js';
import minimal from '../../build/products/minimal-service.js';
import { errorOf } from '../helpers/compile.js';

const scratch = mkdtempSync(join(tmpdir(), 'build-test-'));
const file = (name: string, content: string) => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};
const good = readFileSync(new URL('../../build/products/minimal-service/prod.json', import.meta.url), 'utf8');
const withEnv = (environments: Record<string, MinimalServiceProps>) =>
  defineProduct({ name: 'minimal-service', description: 'test', inputs: MinimalServiceInput, compose: minimalService, environments });

/** Every file under dir with its content, to compare a dist/ before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test('a rebuild with no change is byte-identical, manifest included', () => {
  const dist = join(scratch, 'dist-same');
  runBuild({ catalogue: [minimal], distDir: dist });
  const first = snapshot(dist);
  runBuild({ catalogue: [minimal], distDir: dist });
  assert.equal(snapshot(dist), first);
  const manifest = JSON.parse(first['/minimal-service/prod/manifest.json']!);
  assert.equal(manifest.root, 'root.json');
  assert.equal(manifest.artifacts.map((a: { path: string }) => a.path), ['Network.json', 'LoadBalancer.json', 'Container.json', 'root.json']);
  assert.equal(manifest.artifacts.at(-1).children.map((c: { path: string }) => c.path), ['Network.json', 'LoadBalancer.json', 'Container.json']);
  assert.match(manifest.artifacts[0].sha256, /^[0-9a-f]{64}$/);
});

test('a failed build names product, environment, file and field, and leaves dist/ untouched', () => {
  const dist = join(scratch, 'dist-fail');
  runBuild({ catalogue: [minimal], distDir: dist });
  const before = snapshot(dist);
  const bad = file('bad-port.json', good.replace('"containerPort": 80', '"containerPort": "80x"'));
  const message = errorOf(() =>
    runBuild({ catalogue: [withEnv({ prod: { containerDefinitionsFile: join(scratch, 'bad-port.json') }, staging: { containerDefinitionsFile: bad } })], distDir: dist }),
  );
  assert.match(message, /^minimal-service\/prod: .*bad-port\.json: \[0\]\.portMappings\[0\]\.containerPort: "80x" is not an integer from 1 to 65535$/);
  assert.equal(snapshot(dist), before);
});

test('malformed and invalid container definition files are clear errors', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed.json', '[{ "name": ', /malformed\.json: .*(JSON|json)/],
    ['empty.json', '[]', /empty\.json: \(top level\): "0 container definitions" is outside the allowed range \(1 to 10\)/],
    ['unknown.json', good.replace('"essential": true', '"essentail": true'), /unknown\.json: \[0\]\.essentail: true is not a field of an ECS container definition \(did you mean essential\?\); known: name, image, /],
    ['noimage.json', good.replace(/"image": "[^"]*"/, '"image": ""'), /noimage\.json: \[0\]\.image: "" is not an image reference \(\[registry\/\]repository\[:tag\]/],
    ['hostport.json', good.replace('"hostPort": 80', '"hostPort": 8080'), /hostport\.json: \[0\]\.portMappings\[0\]\.hostPort: 8080 must equal containerPort \(80\) in awsvpc network mode/],
  ];
  for (const [name, content, expected] of cases) {
    const path = file(name, content);
    assert.match(errorOf(() => runBuild({ catalogue: [withEnv({ prod: { containerDefinitionsFile: path } })], distDir: join(scratch, 'unused') })), expected);
  }
});

test('unknown products, environments and formats are refused with what exists', () => {
  const dist = join(scratch, 'dist-select');
  assert.match(errorOf(() => runBuild({ catalogue: [minimal], distDir: dist, product: 'nope' })), 'PRODUCT=nope is not in the catalogue (minimal-service)');
  assert.match(errorOf(() => runBuild({ catalogue: [minimal], distDir: dist, environment: 'qa' })), 'ENV=qa is not an environment of any product (prod, staging)');
  assert.match(errorOf(() => runBuild({ catalogue: [minimal], distDir: dist, format: 'xml' as never })), 'FORMAT=xml is not a template format (json, json-min, yaml)');
});

test('make build exits non-zero with the message and keeps dist/, and prints the summary on success', () => {
  const dist = join(scratch, 'dist-cli');
  const cli = resolve(import.meta.dirname, '../../build/cli.ts');
  const run = (env: Record<string, string>) => {
    try {
      return { status: 0, out: execFileSync('node', ['--import', 'tsx', cli], { env: { ...process.env, DIST: dist, ...env }, encoding: 'utf8', stdio: 'pipe' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { status: e.status, out: e.stdout + e.stderr };
    }
  };
  const ok = run({ PRODUCT: 'minimal-service', ENV: 'staging', FORMAT: 'yaml' });
  assert.is(ok.status, 0, ok.out);
  assert.match(ok.out, /product\s+environment\s+templates\s+resources\s+bytes\s+ms/);
  assert.match(ok.out, /minimal-service\s+staging\s+4\s+39\s/);
  assert.equal(readdirSync(join(dist, 'minimal-service', 'staging')).sort(), ['Container.yaml', 'LoadBalancer.yaml', 'Network.yaml', 'architecture.mmd', 'manifest.json', 'root.yaml']);
  const before = snapshot(dist);
  const failed = run({ PRODUCT: 'minimal-service', ENV: 'qa' });
  assert.is(failed.status, 1);
  assert.match(failed.out, 'build failed: ENV=qa is not an environment of minimal-service (prod, staging)');
  assert.match(failed.out, 'dist/ was left as it was.');
  assert.equal(snapshot(dist), before);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));
test.run();
