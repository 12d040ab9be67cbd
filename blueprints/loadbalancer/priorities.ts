/**
 * Compile-time registry of listener rule priorities: a priority may be used once per listener.
 * Kept per stack tree (keyed by the root stack) so separate compilations never see each other.
 */
import { InputError, type Stack } from '../../dsl/index.js';

type Registry = Map<string, Map<number, string>>;
const registries = new WeakMap<Stack, Registry>();

/** Records `priority` for `owner` on the listener `scope`; throws naming both users when it is taken. */
export function claimPriority(stack: Stack, scope: string, priority: number, owner: string, path: string): void {
  let registry = registries.get(stack.root);
  if (!registry) {
    registry = new Map();
    registries.set(stack.root, registry);
  }
  let used = registry.get(scope);
  if (!used) {
    used = new Map();
    registry.set(scope, used);
  }
  const previous = used.get(priority);
  if (previous !== undefined) {
    throw new InputError(path, priority, `is already the priority of ${previous} on listener ${scope} (used again by ${owner}); priorities must be unique per listener`);
  }
  used.set(priority, owner);
}
