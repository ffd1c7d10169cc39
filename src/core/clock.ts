/**
 * The time the SDK's own waits run on: the watchers' pauses between polls, their deadlines and the
 * app-message limiter. Real time by default; a `fetch` that carries a clock under {@link CLOCK_KEY}
 * (the simulator's `sim.fetch`) brings its own, so waits run on simulated time.
 *
 * @module
 * @internal
 */
import { MAX_TIMER_MS, sleep } from './sleep.js';

/**
 * A source of time and waits. On a simulated clock, `sleep` is what moves time forward (a watch
 * waiting 30 s moves the clock 30 s at once), while `at` only fires when time gets there.
 *
 * @internal
 */
export interface Clock {
  /** The current time, epoch milliseconds. */
  now(): number;
  /**
   * Waits `ms`; resolves `true` when the time is up, `false` as soon as `signal` fires (at once when
   * it has already). Leaves no timer or listener behind either way.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Calls `fn` once the clock reaches `time` (epoch ms); returns a function that cancels it. */
  at(time: number, fn: () => void): () => void;
}

/**
 * The property of a `fetch` function under which it may carry a {@link Clock} (a registry symbol,
 * so a simulator from another copy of the package is recognised too).
 *
 * @internal
 */
export const CLOCK_KEY: unique symbol = Symbol.for('tavus-faces.clock') as never;

/** Real time. @internal */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep,
  at(time, fn) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // setTimeout fires at once past ~24.8 days, so long waits are re-armed in steps.
    const arm = (): void => {
      const left = time - Date.now();
      if (left <= 0) {
        timer = undefined;
        fn();
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    arm();
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
  },
};

/** The clock a `fetch` carries, or real time. @internal */
export function clockOf(fetch: unknown): Clock {
  const clock = typeof fetch === 'function' ? (fetch as { [CLOCK_KEY]?: unknown })[CLOCK_KEY] : undefined;
  return isClock(clock) ? clock : realClock;
}

function isClock(value: unknown): value is Clock {
  const c = value as Partial<Clock> | null | undefined;
  return typeof c?.now === 'function' && typeof c.sleep === 'function' && typeof c.at === 'function';
}

// Which clock each client's resource context runs on, for watchers that only get the context.
const clocks = new WeakMap<object, Clock>();

/** Records the clock of a client, keyed by its resource context. @internal */
export function setClock(owner: object, clock: Clock): void {
  if (clock !== realClock) clocks.set(owner, clock);
}

/** The clock of the client behind `owner` (its resource context), or real time. @internal */
export function clockFor(owner: object): Clock {
  return clocks.get(owner) ?? realClock;
}
