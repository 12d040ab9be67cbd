import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../../build/catalogue.js';
import { architectureDoc, docsFolder } from '../../build/docs.js';
import { BLUEPRINT_CHECKS } from '../../blueprints/preflight-checks.js';
import { DEFAULT_CHECKS } from '../../dsl/preflight/checks/index.js';
import { InputComments, inputTable, preflightTable, productFile, productJsonSchema, schemasFolder, withInputTable } from '../../build/input-docs.js';

test('the committed architecture pictures match the compiled templates (run make docs)', () => {
  for (const product of catalogue) {
    assert.fixture(readFileSync(join(docsFolder, `${product.name}.md`), 'utf8'), architectureDoc(product), `${product.name}: docs/architecture is stale; run make docs`);
  }
});

test('the minimal-service picture shows client -> ALB -> service', () => {
  const doc = architectureDoc(catalogue.find((p) => p.name === 'minimal-service')!);
  assert.ok(doc.includes('client -->|":80"| n_Root_LoadBalancer_LoadBalancer'));
  assert.ok(doc.includes('n_Root_LoadBalancer_LoadBalancer -->|":80"| n_Root_Container_Service'));
});

const comments = new InputComments(catalogue.map(productFile));
const schemas = new Map(catalogue.map((product) => [product.name, productJsonSchema(product, comments, productFile(product))]));

test('the committed JSON Schemas and README input tables match the product schemas (run make docs)', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const product of catalogue) {
    const schema = schemas.get(product.name)!;
    assert.fixture(readFileSync(join(schemasFolder, `${product.name}.schema.json`), 'utf8'), JSON.stringify(schema, null, 2) + '\n', `${product.name}: schemas/ is stale; run make docs`);
    assert.ok(readme.includes(`<!-- inputs:${product.name} -->`), `README has no input table for ${product.name}`);
    assert.fixture(withInputTable(readme, product.name, inputTable(schema)), readme, `${product.name}: README input table is stale; run make docs`);
  }
});

test('the README lists every preflight check with what, why and its AWS source (run make docs)', () => {
  const readme = readFileSync('README.md', 'utf8');
  const checks = [...DEFAULT_CHECKS, ...BLUEPRINT_CHECKS];
  assert.ok(readme.includes('<!-- inputs:preflight -->'), 'README has no preflight table');
  assert.fixture(withInputTable(readme, 'preflight', preflightTable(checks)), readme, 'README preflight table is stale; run make docs');
  for (const check of checks) assert.ok(check.title && check.why && check.source, `${check.id} is documented`);
});

test('a JSON Schema carries the constraints, defaults and doc comments of the schema it comes from', () => {
  const https = schemas.get('https-app')! as { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean };
  assert.is(https.additionalProperties, false);
  assert.equal(https.properties['containerPort'], { type: 'integer', minimum: 1, maximum: 65535, default: 80, description: 'Container port, 1..65535. Default 80.' });
  assert.equal(https.properties['protocol']!['enum'], ['http', 'https']);
  const schedules = https.properties['schedules'] as { items: { properties: Record<string, { description?: string }> } };
  assert.match(schedules.items.properties['schedule']!.description!, 'cron(0 20 * * ? *)');
  const platform = schemas.get('ecs-platform')! as { properties: Record<string, { properties?: Record<string, { description?: string }> }> };
  assert.ok(platform.properties['ec2']!.properties!['maxSize'], 'nested objects are described');
});

test.run();
