/**
 * `make docs`: the architecture pictures committed under docs/architecture/, one per product,
 * drawn from its first environment's compiled templates (a test keeps them current).
 */
import { buildEnvironment } from './compile-product.js';
import { architectureDiagram } from './diagram.js';
import type { Product } from './product.js';

export function architectureDoc(product: Product): string {
  const environment = Object.keys(product.environments)[0]!;
  const built = buildEnvironment(product, environment, 'json');
  return `# ${product.name}: architecture

${product.description}. Drawn by \`make docs\` from the compiled templates of the \`${environment}\`
environment: nested stacks as boxes, arrows for the traffic the security groups admit.

\`\`\`mermaid
${architectureDiagram(built.result.stacks)}\`\`\`
`;
}

export const docsFolder = 'docs/architecture';
