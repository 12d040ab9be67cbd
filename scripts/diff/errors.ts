/** A diff that cannot be made (a bad BASE, a failed build, an unreadable release): its message is the whole story, exit 3. */
export class DiffInputError extends Error {
  override name = 'DiffInputError';
}
