/** A `make stackset` failure the user can act on; its message is the whole story. */
export class StackSetError extends Error {
  override name = 'StackSetError';
}
