/**
 * The retry policy, as pure functions: whether a failed attempt is tried again, and after how long.
 * The HTTP core asks {@link shouldRetry} after every failure; nothing here does I/O or keeps state.
 *
 * @module
 * @internal
 */
import { MAX_TIMER_MS } from './sleep.js';

/** Backoff between retries. */
export interface BackoffOptions {
  /** Delay before the first retry; doubled each time, with jitter. @default 500 */
  initialDelayMs?: number;
  /** Largest backoff delay. @default 8000 */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the SDK waits for. A longer one fails fast with a `RateLimitError`
   * whose `retryAfterMs` says how long the server asked for. @default 60000
   */
  maxRetryAfterMs?: number;
}

/**
 * Why an attempt failed, as far as the policy cares. @internal
 *
 * - `status`: an HTTP answer with an error status (and its `Retry-After`, parsed).
 * - `network`: no HTTP answer (refused, reset, DNS): the request may or may not have arrived.
 * - `timeout`: no complete answer in time: it may have arrived.
 * - `unparseable`: a 2xx read whose body was not JSON (cut off mid-transfer?).
 */
export type Failure =
  | { type: 'status'; status: number; retryAfterMs: number | undefined }
  | { type: 'network' }
  | { type: 'timeout' }
  | { type: 'unparseable' };

/** What the policy knows of the call. @internal */
export interface AttemptInfo {
  /**
   * Whether re-sending is safe after an answer was lost. Reads and deletes are; a create is not
   * (a second one would start a second paid training), so it is re-sent only after a 429.
   */
  idempotent: boolean;
  /** Statuses retried when `idempotent` (429 is always retried). */
  retryStatuses: readonly number[];
  /**
   * Statuses that say nothing was done, so even a call that is not idempotent is re-sent after one
   * (429 always is). Send App Message's 502 is one: the docs say the message was not delivered.
   */
  resendStatuses?: readonly number[];
  /** Retries already made (0 before the first retry). */
  retries: number;
  /** Retries allowed. */
  maxRetries: number;
  /** The client's backoff settings. */
  backoff: Required<BackoffOptions>;
}

/** Statuses a read retries by default: timeouts, rate limits and server failures. @internal */
export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/**
 * The delay before the next attempt, in milliseconds, or `null` when the failure is final.
 * `random` is injectable so tests can pin the jitter.
 *
 * @internal
 */
export function shouldRetry(failure: Failure, attempt: AttemptInfo, random: () => number = Math.random): number | null {
  if (attempt.retries >= attempt.maxRetries) return null;
  if (failure.type === 'status') {
    const { status, retryAfterMs } = failure;
    const retryable =
      status === 429 ||
      attempt.resendStatuses?.includes(status) ||
      (attempt.idempotent && attempt.retryStatuses.includes(status));
    if (!retryable) return null;
    // Past the cap we fail fast; the RateLimitError carries the wait the server asked for.
    if (retryAfterMs !== undefined) {
      return retryAfterMs > attempt.backoff.maxRetryAfterMs ? null : Math.min(retryAfterMs, MAX_TIMER_MS);
    }
  } else if (!attempt.idempotent) {
    // A POST/PATCH that timed out or lost its connection may have reached the server.
    return null;
  }
  return backoffDelay(attempt.retries + 1, attempt.backoff, random);
}

/**
 * Exponential backoff with "equal jitter" for the `retry`-th retry (1-based): never zero, never
 * more than the capped exponential delay.
 *
 * @internal
 */
export function backoffDelay(
  retry: number,
  backoff: Required<BackoffOptions>,
  random: () => number = Math.random,
): number {
  const base = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.min(MAX_TIMER_MS, Math.round(base / 2 + random() * (base / 2)));
}

/**
 * Parses a `Retry-After` value (delay seconds or an HTTP date) into milliseconds from `now`.
 *
 * @internal
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
