/** `make docs`: writes docs/architecture/<product>.md for every product in the catalogue. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from './catalogue.js';
import { architectureDoc, docsFolder } from './docs.js';

mkdirSync(docsFolder, { recursive: true });
for (const product of catalogue) {
  const file = join(docsFolder, `${product.name}.md`);
  writeFileSync(file, architectureDoc(product));
  console.log(`wrote ${file}`);
}
