/**
 * The client-side limiter of Send App Message: at most `limit` requests in any `windowMs` (Tavus
 * documents 120 per 60 s), and one request at a time per conversation, so messages reach the PAL
 * in the order they were sent.
 *
 * @module
 * @internal
 */
import { APIUserAbortError } from '../errors.js';
import { type Clock, realClock } from './clock.js';

/**
 * A sliding-window rate limiter. Calls beyond the limit wait for a slot instead of collecting
 * 429s; a waiting call can be aborted, and then takes no slot and leaves no timer behind.
 *
 * @internal
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: Clock;
  /** When the slots of the current window were taken, oldest first (at most `limit`). */
  readonly #taken: number[] = [];
  // The tail of each key's chain: a call for a key starts once every earlier call for it settled.
  readonly #chains = new Map<string, Promise<unknown>>();

  constructor(limit: number, windowMs: number, clock: Clock = realClock) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.#clock = clock;
  }

  /**
   * Runs `send` once the earlier calls for `key` have settled and a slot is free. Rejects with
   * `APIUserAbortError`, without sending, when `signal` fires while it waits; `what` names the call.
   */
  run<T>(key: string, send: () => Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
    const previous = this.#chains.get(key);
    const result = (async () => {
      if (previous && !(await settledOrAborted(previous, signal))) throw aborted(what, signal);
      // Slots are taken in the order the waits end; within a key, the chain keeps call order.
      for (;;) {
        const now = this.#clock.now();
        while (this.#taken.length > 0 && (this.#taken[0] as number) <= now - this.windowMs) this.#taken.shift();
        if (this.#taken.length < this.limit) break;
        if (!(await this.#clock.sleep((this.#taken[0] as number) + this.windowMs - now, signal))) {
          throw aborted(what, signal);
        }
      }
      this.#taken.push(this.#clock.now());
      return send();
    })();
    // The chain moves on once this call and every one before it have settled: an aborted wait must
    // not let the next message overtake one still in flight.
    const tail = Promise.allSettled([previous, result]);
    this.#chains.set(key, tail);
    void tail.then(() => {
      if (this.#chains.get(key) === tail) this.#chains.delete(key);
    });
    return result;
  }
}

/** Resolves `true` once `previous` settles, `false` as soon as `signal` fires. */
function settledOrAborted(previous: Promise<unknown>, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
  });
}

function aborted(what: string, signal: AbortSignal | undefined): APIUserAbortError {
  return new APIUserAbortError(`${what} was aborted while waiting for the app-message rate limit`, {
    cause: signal?.reason,
  });
}
