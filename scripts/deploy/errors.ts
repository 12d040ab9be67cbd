/** A deploy failure the user can act on; its message is the whole story. */
export class DeployError extends Error {
  override name = 'DeployError';
}
