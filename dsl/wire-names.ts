/**
 * Names the wiring adds to a template, allocated so that they are injective: within one stack, no
 * two wired values share a name, and no wired name is one the blueprint declared there.
 *
 * A template has two namespaces. Parameters, Resources, Conditions and Mappings share the logical-id
 * namespace (a `Ref` or `Condition` cannot tell them apart); Outputs have their own. See
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
 * (logical ids are alphanumeric and unique within the template) and
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html.
 *
 * A wire asks for a readable base name (the stack path below the root, then the id, then the
 * attribute). Concatenation is not injective (`A/BVpc` and `AB/Vpc` both read `ABVpc`), so a base
 * that is already taken in a stack gets a short hash of the wire's source key appended: the hash
 * depends on the source only, so adding unrelated values never renames an existing wire.
 */
import { createHash } from 'node:crypto';
import { CompileError } from './errors.js';

export type Namespace = 'logical-id' | 'output';

/** CloudFormation's limit on logical ids, parameter and output names. */
const NAME_MAX = 255;
const HASH_LENGTH = 8;

export class StackNames {
  private readonly owners: Record<Namespace, Map<string, string>> = { 'logical-id': new Map(), output: new Map() };
  private readonly allocated = new Map<string, string>();

  constructor(private readonly stackPath: string) {}

  /** A name the blueprint declared: never given to a wire. */
  declare(namespace: Namespace, name: string, owner: string): void {
    this.owners[namespace].set(name, owner);
  }

  /**
   * The name of `key` in `namespace`: the same on every call for the same key, distinct from every
   * other key's and from every declared name. `owner` describes the key in error messages.
   */
  allocate(namespace: Namespace, key: string, base: string, owner: string): string {
    const slot = `${namespace}\u0000${key}`;
    const known = this.allocated.get(slot);
    if (known !== undefined) return known;
    const taken = this.owners[namespace];
    const candidates = base.length <= NAME_MAX ? [base, hashed(base, key)] : [hashed(base, key)];
    const name = candidates.find((candidate) => !taken.has(candidate));
    if (name === undefined) {
      const holders = candidates.map((candidate) => `${candidate} (${taken.get(candidate)})`).join(' and ');
      throw new CompileError(`no distinct ${namespace} name for ${owner}: ${holders} are taken; rename one of them`, { stack: this.stackPath });
    }
    taken.set(name, owner);
    this.allocated.set(slot, name);
    return name;
  }
}

/** `base` cut to fit, then 8 hex digits of the key's SHA-256. */
function hashed(base: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, HASH_LENGTH);
  return base.slice(0, NAME_MAX - HASH_LENGTH) + hash;
}
