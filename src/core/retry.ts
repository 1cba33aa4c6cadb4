// When a failed request is worth repeating, and after how long. Only requests that produced no
// answer text are repeated, so the server-side conversation never gets the question twice (H12):
// a failed response adds nothing to its conversation.
import { isSdkError } from './sdk/sdk';

export const MAX_ATTEMPTS = 3;
/** Longer server-requested waits are not sat out silently: the turn fails and says how long (H2). */
export const MAX_RETRY_WAIT_MS = 20_000;

/** Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get('retry-after-ms')) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly waitMs: number; readonly reason: string };

/** `attempt` counts from 1 (the attempt that just failed). */
export function shouldRetry(err: unknown, attempt: number): RetryDecision {
  if (attempt >= MAX_ATTEMPTS) return { retry: false };
  const backoff = 500 * 2 ** (attempt - 1);
  if (isSdkError(err, 'RateLimitError')) {
    if (err.code === 'insufficient_quota') return { retry: false };
    const wait = retryAfterMs(err.headers) ?? backoff;
    return wait > MAX_RETRY_WAIT_MS ? { retry: false } : { retry: true, waitMs: wait, reason: 'Rate limited by the server' };
  }
  if (isSdkError(err, 'InternalServerError')) {
    const wait = retryAfterMs(err.headers) ?? backoff;
    return wait > MAX_RETRY_WAIT_MS ? { retry: false } : { retry: true, waitMs: wait, reason: `The server had an error (${err.status})` };
  }
  if (isSdkError(err, 'APIConnectionError') && !(isSdkError(err, 'APIConnectionTimeoutError')) && !(isSdkError(err, 'APIUserAbortError'))) {
    return { retry: true, waitMs: backoff, reason: 'Could not reach the server' };
  }
  return { retry: false };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
