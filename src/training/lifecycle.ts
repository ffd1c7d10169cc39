/**
 * What the single and the batch watch share about ending: the lazily made `done` promise, the
 * outside ends (the caller's signal and the deadline), the abort and stop errors, and listeners
 * whose exceptions end the watch.
 *
 * @module
 * @internal
 */
import { type Clock, realClock } from '../core/clock.js';
import { APIUserAbortError, type TavusError } from '../errors.js';
import { listenerError } from './tracker.js';

const noop = () => undefined;

/** How a {@link Settlement} ended. @internal */
export type SettlementResult<T> = { ok: true; value: T } | { ok: false; error: TavusError };

/**
 * A watch's `done`: settled once, and made only when someone reads it, so a watch followed through
 * events alone never leaves an unhandled rejection behind. `quiet()` says whether a rejection
 * counts as handled (after `stop()`, say). It is asked when the rejection happens, or when `done`
 * is first read after it. @internal
 */
export class Settlement<T> {
  readonly #quiet: () => boolean;
  #promise: Promise<T> | undefined;
  #resolve: ((value: T) => void) | undefined;
  #reject: ((error: TavusError) => void) | undefined;
  #result: SettlementResult<T> | undefined;

  constructor(quiet: () => boolean) {
    this.#quiet = quiet;
  }

  /** The promise, made on first read: pending until settled, or already settled after that. */
  get promise(): Promise<T> {
    if (!this.#promise) {
      const result = this.#result;
      if (!result) {
        this.#promise = new Promise<T>((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
        });
      } else if (result.ok) {
        this.#promise = Promise.resolve(result.value);
      } else {
        this.#promise = Promise.reject(result.error);
        this.#hush();
      }
    }
    return this.#promise;
  }

  /** How it ended, `undefined` while it has not. */
  get result(): SettlementResult<T> | undefined {
    return this.#result;
  }

  get settled(): boolean {
    return this.#result !== undefined;
  }

  resolve(value: T): void {
    this.#settle({ ok: true, value });
  }

  reject(error: TavusError): void {
    this.#settle({ ok: false, error });
  }

  #settle(result: SettlementResult<T>): void {
    if (this.#result) return;
    this.#result = result;
    const resolve = this.#resolve;
    const reject = this.#reject;
    this.#resolve = undefined;
    this.#reject = undefined;
    if (result.ok) {
      resolve?.(result.value);
    } else if (reject) {
      this.#hush();
      reject(result.error);
    }
  }

  #hush(): void {
    if (this.#quiet()) this.#promise?.catch(noop);
  }
}

/** What ends a watch from outside. @internal */
export interface OutsideEnds {
  /** The caller's signal fired (or had already). */
  abort(signal: AbortSignal): void;
  /** The deadline passed (or had already). */
  expire(): void;
}

/**
 * Arms the caller's `signal` and the `deadline` of a watch. Returns the function that disarms both
 * (so no timer or listener outlives the watch), or `undefined` when the watch is over before it
 * starts: the signal has fired or the deadline has passed. `ends` is then called on a microtask,
 * so listeners attached right after the watch is made still hear how it ended. @internal
 */
export function armOutsideEnds(
  signal: AbortSignal | undefined,
  deadline: number,
  ends: OutsideEnds,
  clock: Clock = realClock,
): (() => void) | undefined {
  if (signal?.aborted) {
    queueMicrotask(() => ends.abort(signal));
    return undefined;
  }
  if (clock.now() >= deadline) {
    queueMicrotask(() => ends.expire());
    return undefined;
  }
  const clearDeadline = clock.at(deadline, () => ends.expire());
  if (!signal) return clearDeadline;
  const onAbort = () => ends.abort(signal);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearDeadline();
    signal.removeEventListener('abort', onAbort);
  };
}

/** `done`'s error after the caller's signal fired; `what` names the watch (`training watch of face r1`). @internal */
export function abortedError(what: string, signal: AbortSignal): APIUserAbortError {
  return new APIUserAbortError(`The ${what} was aborted`, { cause: signal.reason });
}

/** `done`'s error after `stop()`. @internal */
export function stoppedError(what: string): APIUserAbortError {
  return new APIUserAbortError(`The ${what} was stopped`);
}

/** Anything with eventemitter3's `emit`, untyped: the watchers type their own events. @internal */
interface Emitter {
  emit(event: string, payload: unknown): boolean;
}

/**
 * Emits one event of a watch. A listener that throws does not escape: `fail` receives the error the
 * watch then ends with (a `TavusError` naming the event, whose `cause` is the listener's error), so
 * it is neither retried nor taken for a connection failure. @internal
 */
export function emitOrFail(
  emitter: Emitter,
  what: string,
  event: string,
  payload: unknown,
  fail: (error: TavusError) => void,
): void {
  try {
    emitter.emit(event, payload);
  } catch (error) {
    fail(listenerError(event, what, error));
  }
}
