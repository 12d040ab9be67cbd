/**
 * Calls a local emulator may lack: an operation it does not implement becomes one plain sentence
 * naming the endpoint and the operation, instead of a parse error from the SDK.
 */

/** What an SDK error carries about the HTTP answer behind it. */
interface ServiceError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

/** Names emulators give an operation they lack (LocalStack, moto's own dispatch, generic AWS protocol errors). */
const UNKNOWN_OPERATION = new Set(['UnknownOperationException', 'UnknownOperation', 'InvalidAction', 'NotImplementedException', 'NotImplemented']);

/**
 * Why `error` looks like an endpoint that lacks the operation, or undefined when it does not.
 * moto answers an unimplemented action with an HTML 500 page (its NotImplementedError), which the
 * SDK reports as a deserialization SyntaxError; other emulators answer 404 or 501, or name the
 * operation unknown. Real AWS services always answer their own protocol (JSON for Service Catalog,
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeProductAsAdmin.html).
 */
export function missingOperationEvidence(error: unknown): string | undefined {
  const e = (error ?? {}) as ServiceError;
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  const answered = status ? `it answered HTTP ${status}` : 'it answered';
  if (e.name === 'SyntaxError' || /Deserialization error/i.test(e.message ?? '')) return `${answered} with a body that is not the API's JSON`;
  if (e.name && UNKNOWN_OPERATION.has(e.name)) return `${answered} ${e.name}`;
  if (status === 404 || status === 501) return answered;
  return undefined;
}

/** Raised when a custom endpoint lacks an operation; its message is the whole story. */
export class MissingOperationError extends Error {
  override name = 'MissingOperationError';
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends one call. On a custom `endpoint` (AWS_ENDPOINT_URL, a sandbox), a call the endpoint does not
 * implement throws MissingOperationError: `<service>'s <operation>` not implemented, then `advice`.
 */
export async function callOrExplain<T>(service: string, operation: string, endpoint: string | undefined, send: () => Promise<T>, advice: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const evidence = endpoint ? missingOperationEvidence(error) : undefined;
    if (evidence) {
      throw new MissingOperationError(operation, `the endpoint ${endpoint} does not implement ${service}'s ${operation} (${evidence}); this is a limit of the emulator, not of the catalogue: ${advice}`);
    }
    throw error;
  }
}
