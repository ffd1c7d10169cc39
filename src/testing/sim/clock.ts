/**
 * The manual clock as the SDK's waits see it: a watcher's pause or the app-message limiter's wait
 * moves simulated time forward instead of waiting in real time, so a watch on the simulator ends
 * without anyone calling `sim.advance`.
 *
 * @module
 * @internal
 */
import type { Clock } from '../../core/clock.js';
import type { SimState } from './state.js';

interface Sleeper {
  at: number;
  wake: (done: boolean) => void;
}

interface Timer {
  at: number;
  fn: () => void;
}

/**
 * Virtual time for the SDK. A `sleep` is queued; on the next real macrotask (so the code that
 * slept, and anything else in flight, runs first) the clock jumps to the earliest queued wake-up and
 * wakes every sleeper due. Concurrent sleeps overlap rather than add up: two watches pausing 30 s
 * each move the clock 30 s. `at` timers (deadlines) never move time; they fire when it gets there,
 * by a sleep or by `sim.advance`.
 *
 * @internal
 */
export class VirtualClock implements Clock {
  readonly #state: SimState;
  readonly #settle: () => void;
  #sleepers: Sleeper[] = [];
  #timers: Timer[] = [];
  /** Cancels the pending tick. */
  #tick: (() => void) | undefined;

  constructor(state: SimState, settle: () => void) {
    this.#state = state;
    this.#settle = settle;
  }

  now(): number {
    return this.#state.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        if (this.#sleepers.length === 0) this.#cancelTick();
        resolve(false);
      };
      const sleeper: Sleeper = {
        at: this.now() + Math.max(0, ms),
        wake: (done) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(done);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#schedule();
    });
  }

  at(time: number, fn: () => void): () => void {
    if (time <= this.now()) {
      fn();
      return () => undefined;
    }
    const timer: Timer = { at: time, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Fires what the clock has reached (after `sim.advance` too): timers first, then sleepers. */
  fire(): void {
    const now = this.now();
    const timers = this.#timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
    this.#timers = this.#timers.filter((t) => t.at > now);
    const sleepers = this.#sleepers.filter((s) => s.at <= now);
    this.#sleepers = this.#sleepers.filter((s) => s.at > now);
    for (const timer of timers) timer.fn();
    for (const sleeper of sleepers) sleeper.wake(true);
    if (this.#sleepers.length === 0) this.#cancelTick();
  }

  #schedule(): void {
    if (this.#tick !== undefined) return;
    this.#tick = macrotask(() => {
      this.#tick = undefined;
      const next = Math.min(...this.#sleepers.map((s) => s.at));
      if (!Number.isFinite(next)) return;
      const now = this.now();
      if (next > now) {
        this.#state.advance(next - now);
        this.#settle();
      }
      this.fire();
      if (this.#sleepers.length > 0) this.#schedule();
    });
  }

  #cancelTick(): void {
    this.#tick?.();
    this.#tick = undefined;
  }
}

/**
 * Runs `fn` on the next macrotask; returns its cancel. Node's `setImmediate` runs at once after
 * pending I/O, where `setTimeout(fn, 0)` waits a millisecond: a training watch polls ~400 times.
 */
function macrotask(fn: () => void): () => void {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown; clearImmediate?: (id: unknown) => void };
  if (g.setImmediate && g.clearImmediate) {
    const id = g.setImmediate(fn);
    return () => g.clearImmediate?.(id);
  }
  const id = setTimeout(fn, 0);
  return () => clearTimeout(id);
}
