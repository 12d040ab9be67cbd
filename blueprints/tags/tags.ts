/**
 * Tags: the input shape (key -> value, as the seeds give them), and `applyTags`, which puts product-wide tags
 * on every resource of a stack tree whose type takes tags, in the shape that type takes them. Which types
 * take tags, under which property and in which shape is not written here: it is the registry schemas'
 * `tagging.tagProperty` as dsl/spec/registry.json holds it (scripts/generate-registry.ts), e.g.
 * - a list of `{ Key, Value }` (most types; EFS names the property `FileSystemTags` / `AccessPointTags`),
 * - a list whose items also need `PropagateAtLaunch` (AWS::AutoScaling::AutoScalingGroup: `true`, so the
 *   instances are tagged too),
 * - a map of key to value (AWS::SSM::Parameter).
 * No resource is written to by hand, so a blueprint added tomorrow is tagged without a change here.
 *
 * Tags a resource already has win over product-wide ones with the same key (they are more specific). A type
 * the table does not know (not on the generator's WATCHLIST) is reported, not guessed. Changing tags updates
 * resources in place, except for the few types whose schema makes tags create-only (AWS::S3::AccessGrant and
 * kin, AWS::ECS::ExpressGatewayService): `make diff` reports their replacement.
 */
import { hasRegistryType, InputError, isToken, s, tagProperty, type Stack, type Value } from '../../dsl/index.js';

/**
 * Tag keys and values: the characters every AWS service accepts in tags (letters, digits, spaces and
 * `_ . : / = + - @`), keys 1..128 and values 0..256 long, no `aws:` prefix (reserved for AWS)
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html#id_tags_naming_best_practices).
 */
const TAG_KEY = /^(?!aws:)[A-Za-z0-9 _.:/=+\-@]{1,128}$/;
const TAG_VALUE = /^[A-Za-z0-9 _.:/=+\-@]{0,256}$/;
/** Tags per resource (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html: 50 user tags). */
export const MAX_TAGS = 50;

export const tagKey = () => s.text(TAG_KEY, 'a tag key (1-128 letters, digits, spaces and _ . : / = + - @; not starting with aws:)', { min: 1, max: 128 });
export const tagValue = () => s.deployTime(s.text(TAG_VALUE, 'a tag value (0-256 letters, digits, spaces and _ . : / = + - @)', { min: 0, max: 256 }));

/** Tags by key (values may be deploy-time values), at most 50. */
export const TagsInput = s.refine(s.record(tagKey(), tagValue()), (tags) => (Object.keys(tags).length > MAX_TAGS ? `has ${Object.keys(tags).length} tags; a resource takes at most ${MAX_TAGS}` : undefined));
export type Tags = s.Input<typeof TagsInput>;

/** `{ Key, Value }` items, in the order given. */
export function tagList(tags: Readonly<Record<string, Value<string>>>): { Key: string; Value: Value<string> }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export interface AppliedTags {
  /** Resources that received tags, by path (`Root/Services/Api`). */
  tagged: string[];
  /** Resources left alone, with the reason (a type the table does not know, tags given as an intrinsic function). */
  skipped: { path: string; reason: string }[];
}

type TagItem = Record<string, unknown>;

/**
 * Puts `tags` on every resource of `root` and its nested stacks whose type takes tags. Call it after the tree
 * is composed (resources added later are not tagged). `path` names the input in errors (default `tags`).
 */
export function applyTags(root: Stack, tags: Tags, path = 'tags'): AppliedTags {
  const given = s.parse(TagsInput, tags, path);
  const applied: AppliedTags = { tagged: [], skipped: [] };
  const visit = (stack: Stack) => {
    for (const resource of stack.resources.values()) {
      const where = `${stack.path}/${resource.id}`;
      if (!hasRegistryType(resource.type)) {
        applied.skipped.push({ path: where, reason: `${resource.type} is not in the registry table (dsl/spec/registry.json)` });
        continue;
      }
      const shape = tagProperty(resource.type);
      if (!shape) continue;
      const properties = resource.props as Record<string, unknown>;
      const existing = properties[shape.property];
      if (existing !== undefined && (isToken(existing) || typeof existing !== 'object' || existing === null)) {
        applied.skipped.push({ path: where, reason: `its ${shape.property} is a deploy-time value, which cannot be merged with` });
        continue;
      }
      if (shape.shape === 'map') {
        const current = (existing ?? {}) as Record<string, unknown>;
        const merged = { ...given, ...current };
        checkCount(path, where, Object.keys(merged).length);
        properties[shape.property] = merged;
      } else {
        const current = (existing ?? []) as TagItem[];
        const keys = new Set(current.map((item) => item['Key']));
        const extra = Object.fromEntries(shape.requiredItemFields.map((field) => [field, defaultOf(resource.type, field)]));
        const added = Object.entries(given).filter(([key]) => !keys.has(key)).map(([Key, Value]) => ({ Key, Value, ...extra }));
        checkCount(path, where, current.length + added.length);
        properties[shape.property] = [...current, ...added];
      }
      applied.tagged.push(where);
    }
    stack.children.forEach(visit);
  };
  visit(root);
  return applied;
}

function checkCount(path: string, where: string, count: number): void {
  if (count > MAX_TAGS) throw new InputError(path, `${count} tags on ${where}`, `is more than the ${MAX_TAGS} tags a resource takes (its own tags count too)`);
}

/**
 * The value of a further required item field. The one the schemas have is the Auto Scaling group's
 * `PropagateAtLaunch`: `true`, so the group's instances carry the product's tags. A new one stops the build
 * until it is given a meaning here.
 */
function defaultOf(type: string, field: string): unknown {
  if (field === 'PropagateAtLaunch') return true;
  throw new Error(`${type}: tag items need ${field}, which applyTags does not know how to fill (blueprints/tags/tags.ts)`);
}
