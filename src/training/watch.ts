import { EventEmitter } from 'eventemitter3';
import { type Clock, clockFor } from '../core/clock.js';
import { RequestValidationError, type TavusError, TrainingTimeoutError } from '../errors.js';
import type { Face } from '../schemas/face.js';
import { type TrainingCallback, parseTrainingCallback } from './callback.js';
import { Settlement, abortedError, armOutsideEnds, emitOrFail, stoppedError } from './lifecycle.js';
import { type FacePoll, type PollSubscriber, sharedPoll } from './poll.js';
import {
  type Outcome,
  RESUME_OPTION_NAMES,
  type ResolvedOptions,
  Tracker,
  type TrackerState,
  asTavusError,
  backoffDelay,
  checkFaceId,
  isGoal,
  isTransient,
  resolveOptions,
} from './tracker.js';
import type {
  ResumeWatchOptions,
  RetrieveFace,
  TrainingGoal,
  TrainingProgress,
  TrainingWatchEvents,
  TrainingWatchHandle,
  WatchTrainingOptions,
} from './types.js';

/**
 * A running watch of one face's training: a typed event emitter (see {@link TrainingWatchEvents}),
 * a `done` promise, and an async iterable of progress snapshots.
 *
 * Polls `GET /v2/faces/{id}` in a sequential loop (one request at a time, abortable sleeps in
 * between); watches of the same face on the same client share that loop. After `stop()`, an
 * abort, the deadline or a terminal state, no timer or listener is left behind.
 *
 * @example
 * ```ts
 * const watch = tavus.faces.watchTraining(faceId, { until: 'tuned' });
 * watch.on('progress', (p) => console.log(`${p.percent}%`, p.etaMs));
 * const face = await watch.done;
 * ```
 */
export class TrainingWatch extends EventEmitter<TrainingWatchEvents> implements AsyncIterable<TrainingProgress> {
  /** The face being watched. */
  readonly faceId: string;
  /** When the face counts as trained. */
  readonly until: TrainingGoal;
  /** The deadline, as epoch milliseconds. */
  readonly deadline: number;

  readonly #options: ResolvedOptions;
  readonly #tracker: Tracker;
  readonly #poll: FacePoll | undefined;
  readonly #sub: PollSubscriber;
  readonly #iterators = new Set<ProgressQueue>();
  /** Settled once the last listeners have run; a rejection is handled after `stop()` or by `failed` listeners. */
  readonly #done = new Settlement<Face>(
    () => this.#stopped || (this.listenerCount('failed') > 0 && !this.#failedListenerThrew),
  );
  readonly #disarm: (() => void) | undefined;
  /** The client's clock (simulated time on the simulator): deadline, pauses and ETA run on it. */
  readonly #clock: Clock;
  /** Set as soon as the watch starts to end, before its last listeners run: ends re-entrance. */
  #ending = false;
  #stopped = false;
  /** A `failed` listener threw: the rejection of `done` is then not handled by it. */
  #failedListenerThrew = false;
  #errors = 0;
  #unconfirmed: TrainingCallback | undefined;

  /** @internal */
  constructor(init: {
    owner: object;
    faceId: string;
    retrieve: RetrieveFace;
    options: ResolvedOptions;
    deadline: number;
    state?: TrackerState;
  }) {
    super();
    this.faceId = init.faceId;
    this.until = init.options.until;
    this.deadline = init.deadline;
    this.#options = init.options;
    this.#tracker = new Tracker(init.faceId, init.options.until, init.state);
    this.#sub = {
      onFace: (face) => this.#onFace(face),
      onError: (error) => this.#onError(error),
    };
    this.#clock = clockFor(init.owner);
    this.#disarm = armOutsideEnds(
      init.options.signal,
      init.deadline,
      {
        abort: (signal) => this.#finish({ ok: false, error: abortedError(this.#what, signal) }),
        expire: () => this.#finish({ ok: false, error: this.#timeoutError() }),
      },
      this.#clock,
    );
    if (!this.#disarm) return; // over before it starts (the signal fired, the deadline passed): no poll
    this.#poll = sharedPoll(init.owner, init.faceId, init.retrieve);
    this.#poll.add(this.#sub);
  }

  /**
   * Resolves with the trained face; rejects with `TrainingFailedError` (training or fine-tuning
   * failed), `TrainingTimeoutError` (deadline), `APIUserAbortError` (`stop()` or the signal), a
   * final API error (e.g. 400 `Invalid face_id`), the last of too many transient errors, or a
   * `TavusError` whose `cause` is the error a listener of this watch threw.
   *
   * Created on first access, so a watch used only through events never leaves an unhandled
   * rejection; the rejection also counts as handled after `stop()` or when `failed` has a listener.
   */
  get done(): Promise<Face> {
    return this.#done.promise;
  }

  /** Whether the watch has ended (done resolved or rejected). */
  get settled(): boolean {
    return this.#done.settled;
  }

  /** The latest progress snapshot, `null` before the first one. */
  get latest(): TrainingProgress | null {
    return this.#tracker.latest;
  }

  /**
   * Ends the watch: `done` rejects with `APIUserAbortError` (never reported as unhandled), no
   * `failed` event is emitted, and `for await` loops over the watch end quietly. A no-op once the
   * watch has ended.
   */
  stop(): void {
    if (this.#ending) return;
    this.#stopped = true;
    this.#finish({ ok: false, error: stoppedError(this.#what) });
  }

  /**
   * Hands a training callback (`callback_url` POST body, raw or parsed) to the watch. A callback
   * that reports something polling has not seen yet triggers an immediate poll (or joins the one in
   * flight), whose answer ends or advances the watch; callbacks carry no signature, so they are
   * confirmed with the API rather than trusted. Returns whether it did so; a callback for another
   * face, a repeat, or one after the watch ended returns `false`.
   *
   * @throws ResponseValidationError when `payload` is not a training callback.
   * @throws RequestValidationError when `payload` is nested more than 64 levels deep (or circular).
   */
  feed(payload: unknown): boolean {
    const callback = parseTrainingCallback(payload);
    if (callback.face_id !== this.faceId || this.#ending || !this.#poll) return false;
    const known =
      callback.status === this.#tracker.status &&
      (callback.finetune_status === undefined || callback.finetune_status === this.#tracker.finetune);
    if (known) return false;
    // A poll already in flight may have been answered before the change: look once more after it.
    this.#unconfirmed = callback;
    this.#poll.pollNow();
    return true;
  }

  /** A small serialisable handle for `tavus.faces.resumeWatch(handle)` in another process. */
  toJSON(): TrainingWatchHandle {
    const state = this.#tracker.state();
    return {
      version: 1,
      faceId: this.faceId,
      until: this.until,
      deadline: this.deadline,
      status: state.status,
      progress: state.progress,
      finetuneStatus: state.finetuneStatus,
    };
  }

  /**
   * Iterates progress snapshots: the latest one first (when there is one), then each rise.
   * Ends when the face is trained or the watch is stopped; throws the error `done` rejects with
   * otherwise. Breaking out of the loop leaves the watch running; call `stop()` to end it.
   */
  [Symbol.asyncIterator](): AsyncIterator<TrainingProgress> {
    const queue = new ProgressQueue(() => this.#iterators.delete(queue));
    if (this.#tracker.latest) queue.push(this.#tracker.latest);
    const result = this.#done.result;
    if (result) queue.end(result.ok || this.#stopped ? undefined : result.error);
    else this.#iterators.add(queue); // also while ending: #finish ends it with the final outcome
    return queue;
  }

  // The poll's callbacks never throw (a throwing one would stop the poll for every watch sharing
  // it): whatever goes wrong while reading a face ends this watch alone.
  #onFace(face: Face): number | null {
    if (this.#ending) return null;
    try {
      return this.#read(face);
    } catch (caught) {
      this.#finish({ ok: false, error: asTavusError(caught) });
      return null;
    }
  }

  #read(face: Face): number | null {
    this.#errors = 0;
    const outcome = this.#tracker.observe(
      face,
      {
        status: (event) => this.#emit('status', event),
        progress: (event) => {
          for (const queue of this.#iterators) queue.push(event);
          this.#emit('progress', event);
        },
        finetune: (event) => this.#emit('finetune', event),
        warning: (event) => this.#emit('warning', event),
      },
      this.#clock.now(),
    );
    if (this.#ending) return null;
    if (outcome) {
      this.#finish(outcome);
      return null;
    }
    const callback = this.#unconfirmed;
    this.#unconfirmed = undefined;
    // A webhook said more than this reading shows (it was sent before the change): read again now.
    if (
      callback &&
      (callback.status !== this.#tracker.status ||
        (callback.finetune_status !== undefined && callback.finetune_status !== this.#tracker.finetune))
    ) {
      return 0;
    }
    return this.#tracker.nextDelay(this.#options.intervalMs);
  }

  #onError(caught: unknown): number | null {
    if (this.#ending) return null;
    const error = asTavusError(caught);
    this.#errors += 1;
    if (!isTransient(error) || this.#errors >= this.#options.maxConsecutiveErrors) {
      this.#finish({ ok: false, error });
      return null;
    }
    const delayMs = backoffDelay(error, this.#errors, this.#options.intervalMs);
    this.#emit('retry', { attempt: this.#errors + 1, delayMs, error });
    return this.#ending ? null : delayMs;
  }

  /**
   * Emits a progress-side event. Once the watch is ending (a listener threw, say), the events of
   * the same reading that would follow are dropped.
   */
  #emit<E extends 'status' | 'progress' | 'finetune' | 'warning' | 'retry'>(
    event: E,
    payload: Parameters<TrainingWatchEvents[E]>[0],
  ): void {
    if (this.#ending) return;
    emitOrFail(this, this.#what, event, payload, (error) => this.#finish({ ok: false, error }));
  }

  #finish(end: Outcome): void {
    if (this.#ending) return;
    this.#ending = true;
    this.#disarm?.();
    this.#poll?.remove(this.#sub);
    const outcome = this.#announce(end);
    const failure = outcome.ok || this.#stopped ? undefined : outcome.error;
    for (const queue of this.#iterators) queue.end(failure);
    this.#iterators.clear();
    if (outcome.ok) this.#done.resolve(outcome.face);
    else this.#done.reject(outcome.error);
  }

  /**
   * Emits `completed` or `failed` before `done` settles, so `failed` listeners count as handling
   * the rejection. Returns how the watch ends after them: a throwing `completed` listener turns
   * the end into that failure, reported once through `failed`; a throwing `failed` listener
   * replaces the error `done` rejects with (the listener had the first one already).
   */
  #announce(end: Outcome): Outcome {
    let outcome = end;
    const fail = (error: TavusError) => {
      outcome = { ok: false, error };
    };
    if (end.ok) emitOrFail(this, this.#what, 'completed', end.face, fail);
    if (!outcome.ok && !this.#stopped) {
      emitOrFail(this, this.#what, 'failed', outcome.error, (error) => {
        this.#failedListenerThrew = true;
        fail(error);
      });
    }
    return outcome;
  }

  /** Names the watch in messages: "The training watch of face r1 was stopped". */
  get #what(): string {
    return `training watch of face ${this.faceId}`;
  }

  #timeoutError(): TrainingTimeoutError {
    return new TrainingTimeoutError({
      faceId: this.faceId,
      deadline: this.deadline,
      lastStatus: this.#tracker.status,
    });
  }
}

/** An async iterator fed by pushes. @internal */
class ProgressQueue implements AsyncIterator<TrainingProgress> {
  readonly #items: TrainingProgress[] = [];
  readonly #detach: () => void;
  #ended = false;
  #error: TavusError | undefined;
  #waiting: { resolve: (r: IteratorResult<TrainingProgress>) => void; reject: (e: unknown) => void } | undefined;

  constructor(detach: () => void) {
    this.#detach = detach;
  }

  push(item: TrainingProgress): void {
    if (this.#ended) return;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting.resolve({ value: item, done: false });
    else this.#items.push(item);
  }

  end(error: TavusError | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (!waiting) return;
    if (error) {
      this.#error = undefined;
      waiting.reject(error);
    } else {
      waiting.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<TrainingProgress>> {
    const item = this.#items.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.#ended) {
      const error = this.#error;
      this.#error = undefined;
      return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<TrainingProgress>> {
    this.#ended = true;
    this.#items.length = 0;
    this.#detach();
    return Promise.resolve({ value: undefined, done: true });
  }
}

/** Starts a watch of one face. @internal */
export function watchFace(
  owner: object,
  retrieve: RetrieveFace,
  faceId: string,
  options?: WatchTrainingOptions,
): TrainingWatch {
  checkFaceId('faceId', faceId);
  const resolved = resolveOptions(options);
  const deadline = clockFor(owner).now() + resolved.timeoutMs;
  return new TrainingWatch({ owner, faceId, retrieve, options: resolved, deadline });
}

/** Continues a watch from its handle, under the handle's deadline. @internal */
export function resumeFaceWatch(
  owner: object,
  retrieve: RetrieveFace,
  handle: TrainingWatchHandle,
  options?: ResumeWatchOptions,
): TrainingWatch {
  if (handle === null || typeof handle !== 'object' || handle.version !== 1) {
    throw new RequestValidationError('handle', 'expected a handle from watch.toJSON() (version 1)');
  }
  checkFaceId('handle.faceId', handle.faceId);
  if (typeof handle.deadline !== 'number' || !Number.isFinite(handle.deadline)) {
    throw new RequestValidationError('handle.deadline', 'expected epoch milliseconds');
  }
  const progress = handle.progress ?? null;
  if (progress !== null && (typeof progress !== 'number' || !(progress >= 0 && progress <= 100))) {
    throw new RequestValidationError('handle.progress', 'expected a number 0–100 or null');
  }
  if (!isGoal(handle.until)) throw new RequestValidationError('handle.until', "expected 'usable' or 'tuned'");
  const resolved = { ...resolveOptions(options, RESUME_OPTION_NAMES), until: handle.until };
  return new TrainingWatch({
    owner,
    faceId: handle.faceId,
    retrieve,
    options: resolved,
    deadline: handle.deadline,
    state: {
      status: typeof handle.status === 'string' ? handle.status : null,
      progress,
      finetuneStatus: typeof handle.finetuneStatus === 'string' ? handle.finetuneStatus : null,
    },
  });
}
