/** One clear sentence for each way talking to S3 can fail, instead of an SDK stack trace. */
import { isNetworkError, statusOf } from './retry.js';
import type { S3Settings } from './s3-location.js';

/** A failure the user can act on; its message is the whole story. */
export class PublishError extends Error {
  override name = 'PublishError';
}

function describeError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  const status = statusOf(error);
  return [e.name && e.name !== 'Error' ? e.name : e.code, status ? `HTTP ${status}` : undefined, e.message].filter(Boolean).join(': ');
}

/** Explains `error` from an S3 call on `bucket` (key if any), naming the endpoint and region. */
export function explainS3Error(error: unknown, settings: S3Settings, bucket: string, key?: string): PublishError {
  if (error instanceof PublishError) return error;
  const where = settings.endpoint ? `endpoint ${settings.endpoint}` : `region ${settings.region}`;
  const what = key ? `s3://${bucket}/${key}` : `s3://${bucket}`;
  const e = error as { name?: string };
  const status = statusOf(error);
  if (e.name === 'CredentialsProviderError') {
    return new PublishError(`no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (the sandbox accepts any value)`);
  }
  if (isNetworkError(error)) {
    return new PublishError(`cannot reach S3 at ${where} (${describeError(error)}); is the endpoint up?`);
  }
  if (e.name === 'NoSuchBucket' || (status === 404 && !key)) {
    return new PublishError(`bucket ${bucket} does not exist at ${where}; create it first (e.g. aws s3 mb s3://${bucket})`);
  }
  if (e.name === 'AccessDenied' || e.name === 'Forbidden' || status === 403) {
    return new PublishError(`access denied to ${what} at ${where}: the caller needs s3:ListBucket, s3:GetObject and s3:PutObject on it`);
  }
  if (e.name === 'PermanentRedirect' || status === 301) {
    return new PublishError(`bucket ${bucket} is not in ${settings.region}: set REGION to the bucket's region`);
  }
  return new PublishError(`S3 request on ${what} at ${where} failed: ${describeError(error)}`);
}
