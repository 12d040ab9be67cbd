/**
 * `make docs`: writes docs/architecture/<product>.md (pictures from the compiled templates),
 * schemas/<product>.schema.json (the JSON Schema of its environment files) and the input tables in
 * the README, for every product in the catalogue. A test keeps all three current.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from './catalogue.js';
import { architectureDoc, docsFolder } from './docs.js';
import { BLUEPRINT_CHECKS } from '../blueprints/preflight-checks.js';
import { DEFAULT_CHECKS } from '../dsl/preflight/checks/index.js';
import { InputComments, inputTable, preflightTable, productFile, productJsonSchema, schemasFolder, withInputTable } from './input-docs.js';

mkdirSync(docsFolder, { recursive: true });
mkdirSync(schemasFolder, { recursive: true });
const comments = new InputComments(catalogue.map(productFile));
let readme = readFileSync('README.md', 'utf8');
for (const product of catalogue) {
  const picture = join(docsFolder, `${product.name}.md`);
  writeFileSync(picture, architectureDoc(product));
  const schema = productJsonSchema(product, comments, productFile(product));
  const schemaFile = join(schemasFolder, `${product.name}.schema.json`);
  writeFileSync(schemaFile, JSON.stringify(schema, null, 2) + '\n');
  readme = withInputTable(readme, product.name, inputTable(schema));
  console.log(`wrote ${picture}, ${schemaFile}`);
}
readme = withInputTable(readme, 'preflight', preflightTable([...DEFAULT_CHECKS, ...BLUEPRINT_CHECKS]));
writeFileSync('README.md', readme);
console.log('updated the input tables in README.md');
