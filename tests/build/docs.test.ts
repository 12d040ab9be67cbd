import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../../build/catalogue.js';
import { architectureDoc, docsFolder } from '../../build/docs.js';

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

test.run();
