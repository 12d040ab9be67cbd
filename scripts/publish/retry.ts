/**
 * Bounded retries with exponential backoff for throttling, 5xx answers and dropped
 * connections. The SDK's own retries are turned off (maxAttempts 1) so that this is the one
 * place that decides, and every retry is reported.
 */

export interface RetryOptions {
  /** Total attempts, the first included. Default 4. */
  attempts?: number;
  /** Delay before the first retry, doubled each time (with jitter). Default 200 ms. */
  baseDelayMs?: number;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const THROTTLING = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED']);

export function statusOf(error: unknown): number | undefined {
  return (error as AwsLikeError | undefined)?.$metadata?.httpStatusCode;
}

/** A connection-level failure: nothing answered. */
export function isNetworkError(error: unknown): boolean {
  const e = error as AwsLikeError | undefined;
  if (!e) return false;
  if (e.code && NETWORK.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  return /socket hang up|ECONNREFUSED|ECONNRESET|other side closed|fetch failed/i.test(e.message ?? '');
}

export function isRetryable(error: unknown): boolean {
  const e = error as AwsLikeError | undefined;
  if (!e) return false;
  const status = statusOf(error);
  if (THROTTLING.has(e.name ?? '') || status === 429 || status === 503) return true;
  if (status !== undefined && status >= 500) return true;
  return isNetworkError(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetries<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = Math.round(base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      options.onRetry?.(attempt, error, delay);
      await sleep(delay);
    }
  }
}
