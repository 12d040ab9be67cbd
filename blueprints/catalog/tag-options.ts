/** The tag values users choose from when they launch a product, attached to the portfolio. */
import { check, InputError, type Stack, type Value } from '../../dsl/index.js';
import { idFragment } from './names.js';

export function addTagOptions(stack: Stack, portfolioId: Value<string>, tagOptions: Record<string, string[]>, path: string): void {
  const pairs = Object.entries(tagOptions).flatMap(([key, values]) => values.map((value) => ({ key, value })));
  check.countInRange(path, pairs, 0, 50, 'tag options');
  for (const [key, values] of Object.entries(tagOptions)) {
    const at = `${path}.${key}`;
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key) || key.startsWith('aws:')) throw new InputError(path, key, 'is not a tag key (1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:)');
    if (!values.length) throw new InputError(at, values, 'is empty; give at least one allowed value');
    check.unique(at, values, (v) => v, 'tag value');
    values.forEach((value, i) => {
      if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u.test(value)) throw new InputError(`${at}[${i}]`, value, 'is not a tag value (1-256 letters, digits, spaces and _.:/=+-@)');
    });
  }
  const ids = new Set<string>();
  for (const { key, value } of pairs) {
    const id = `TagOption${idFragment(key)}${idFragment(value)}`;
    if (ids.has(id)) throw new InputError(`${path}.${key}`, value, `gives the same logical id (${id}) as another tag option; pick distinct values`);
    ids.add(id);
    const option = stack.add(id, { Type: 'AWS::ServiceCatalog::TagOption', Properties: { Key: key, Value: value, Active: true } });
    stack.add(`${id}Association`, { Type: 'AWS::ServiceCatalog::TagOptionAssociation', Properties: { ResourceId: portfolioId, TagOptionId: option.ref } });
  }
}
