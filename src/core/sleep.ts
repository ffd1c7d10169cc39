/**
 * The one abortable sleep of the SDK: retry waits, watcher intervals and the simulator's latency.
 *
 * @module
 * @internal
 */

/** The longest delay `setTimeout` accepts (2^31 − 1 ms, ~24.8 days); longer ones fire at once. @internal */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds (capped at {@link MAX_TIMER_MS}). Resolves `true` when the time ran out and
 * `false` as soon as `signal` fires (at once when it already has); either way the timer and the
 * abort listener are gone when it resolves, so nothing keeps the process alive or leaks.
 *
 * @internal
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, Math.min(ms, MAX_TIMER_MS)),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
