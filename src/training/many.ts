import { EventEmitter } from 'eventemitter3';
import { type Clock, clockFor } from '../core/clock.js';
import { RequestValidationError, type TavusError, TrainingTimeoutError } from '../errors.js';
import type { Face } from '../schemas/face.js';
import { Settlement, abortedError, armOutsideEnds, emitOrFail, stoppedError } from './lifecycle.js';
import {
  type Outcome,
  type ResolvedOptions,
  Tracker,
  asTavusError,
  backoffDelay,
  checkFaceId,
  isTransient,
  resolveOptions,
} from './tracker.js';
import type {
  ListFacesById,
  RetrieveFace,
  TrainingBatchEvents,
  TrainingBatchResult,
  WatchTrainingOptions,
} from './types.js';

/** Most ids per list request, which is also its page size. */
export const BATCH_PAGE_SIZE = 100;
/** Budget for the encoded `face_ids` value, so URLs stay well under common 2–8 kB limits. */
const MAX_IDS_CHARS = 1_800;
/** Pages read per chunk at most, in case a server caps page sizes below what was asked. */
const MAX_PAGES_PER_CHUNK = 10;
/** Names the watch in messages: "The batch training watch was stopped". */
const WHAT = 'batch training watch';

/**
 * A watch of many faces at once (`tavus.faces.watchMany`). It polls the list endpoint with the
 * documented `face_ids` filter, in chunks of at most {@link BATCH_PAGE_SIZE} ids (so the requests
 * per interval are at most ⌈faces / 100⌉), never one GET per face; faces that reach a terminal
 * state drop out of the next poll. Events are those of a single watch, each carrying `faceId`.
 *
 * Filtering by id is never more costly than paging through the whole account at the same page
 * size, since the faces watched are a subset of the account's.
 */
export class TrainingBatchWatch extends EventEmitter<TrainingBatchEvents> {
  /** The faces being watched (duplicates removed). */
  readonly faceIds: readonly string[];
  /** The deadline, as epoch milliseconds. */
  readonly deadline: number;

  readonly #options: ResolvedOptions;
  readonly #list: ListFacesById;
  readonly #retrieve: RetrieveFace;
  readonly #trackers = new Map<string, Tracker>();
  readonly #pending: Set<string>;
  readonly #result: TrainingBatchResult = { completed: [], failed: [] };
  /** Aborts the request in flight and the sleep between polls when the watch ends. */
  readonly #controller = new AbortController();
  /** Settled the moment the watch ends; its rejection counts as handled only after `stop()`. */
  readonly #done = new Settlement<TrainingBatchResult>(() => this.#stopped);
  readonly #disarm: (() => void) | undefined;
  /** The client's clock (simulated time on the simulator): deadline, pauses and ETAs run on it. */
  readonly #clock: Clock;
  #stopped = false;
  #errors = 0;

  /** @internal */
  constructor(init: {
    faceIds: string[];
    list: ListFacesById;
    retrieve: RetrieveFace;
    options: ResolvedOptions;
    clock: Clock;
  }) {
    super();
    this.#clock = init.clock;
    this.faceIds = init.faceIds;
    this.#options = init.options;
    this.#list = init.list;
    this.#retrieve = init.retrieve;
    this.deadline = init.clock.now() + init.options.timeoutMs;
    this.#pending = new Set(init.faceIds);
    for (const id of init.faceIds) this.#trackers.set(id, new Tracker(id, init.options.until));
    this.#disarm = armOutsideEnds(
      init.options.signal,
      this.deadline,
      {
        abort: (signal) => this.#finish({ ok: false, error: abortedError(WHAT, signal) }),
        expire: () =>
          this.#finish({
            ok: false,
            error: new TrainingTimeoutError({
              faceId: [...this.#pending][0] ?? '',
              deadline: this.deadline,
              lastStatus: null,
              pendingFaceIds: [...this.#pending],
            }),
          }),
      },
      init.clock,
    );
    if (!this.#disarm) return; // over before it starts (the signal fired): no poll
    // Whatever escapes the loop (a bug, not a poll failure: those are handled inside) ends the
    // watch through `done` rather than as an unhandled rejection.
    queueMicrotask(() => {
      this.#run().catch((error: unknown) => this.#finish({ ok: false, error: asTavusError(error) }));
    });
  }

  /**
   * Resolves with `{ completed, failed }` once every face is terminal. Rejects only when the
   * deadline passes (`TrainingTimeoutError`, with `pendingFaceIds`), on `stop()` / the signal
   * (`APIUserAbortError`, never reported as unhandled after `stop()`), or when a listener of this
   * watch throws (a `TavusError` whose `cause` is the listener's error; the watch ends there).
   */
  get done(): Promise<TrainingBatchResult> {
    return this.#done.promise;
  }

  /** The faces not yet terminal. */
  get pending(): string[] {
    return [...this.#pending];
  }

  /** Ends the watch; `done` rejects with `APIUserAbortError`, never reported as unhandled. */
  stop(): void {
    if (this.#ended) return;
    this.#stopped = true;
    this.#finish({ ok: false, error: stoppedError(WHAT) });
  }

  /** Whether the watch has ended: `done` settles the moment it does. */
  get #ended(): boolean {
    return this.#done.settled;
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    while (!this.#ended) {
      let failure: TavusError | undefined;
      for (const chunk of chunks([...this.#pending])) {
        try {
          await this.#pollChunk(chunk, signal);
        } catch (caught) {
          if (signal.aborted || this.#ended) return;
          const error = asTavusError(caught);
          if (isTransient(error)) {
            failure = error;
            break;
          }
          if (error.kind === 'AuthenticationError' || error.kind === 'PermissionDeniedError') {
            // The key itself is refused: every face of the chunk is out of reach.
            for (const id of chunk) this.#end(id, { ok: false, error });
          } else {
            // The list refused this chunk (one bad id can do that): read its faces one by one, so
            // only a face that is itself refused fails.
            try {
              await this.#readEach(chunk, signal);
            } catch (retry) {
              if (signal.aborted || this.#ended) return;
              failure = asTavusError(retry);
              break;
            }
          }
        }
        if (this.#ended) return;
      }
      if (this.#pending.size === 0) {
        this.#finish({ ok: true });
        return;
      }
      let delay: number;
      if (failure) {
        this.#errors += 1;
        if (this.#errors >= this.#options.maxConsecutiveErrors) {
          for (const id of [...this.#pending]) this.#end(id, { ok: false, error: failure });
          this.#finish({ ok: true });
          return;
        }
        delay = backoffDelay(failure, this.#errors, this.#options.intervalMs);
        const event = { attempt: this.#errors + 1, delayMs: delay, error: failure, faceIds: [...this.#pending] };
        this.#emit('retry', event);
      } else {
        this.#errors = 0;
        delay = Number.POSITIVE_INFINITY;
        for (const id of this.#pending) {
          delay = Math.min(delay, this.#trackers.get(id)?.nextDelay(this.#options.intervalMs) ?? delay);
        }
      }
      if (this.#ended) return;
      await this.#clock.sleep(delay, signal);
    }
  }

  async #pollChunk(chunk: string[], signal: AbortSignal): Promise<void> {
    const wanted = new Set(chunk);
    const seen = new Set<string>();
    const confirm: string[] = [];
    let read = 0;
    for (let page = 1; page <= MAX_PAGES_PER_CHUNK; page += 1) {
      const { data, total_count } = await this.#list(chunk, page, signal);
      if (this.#ended) return;
      const items = Array.isArray(data) ? data : [];
      read += items.length;
      for (const face of items) {
        const id = face?.face_id;
        if (typeof id !== 'string' || !wanted.has(id) || seen.has(id)) continue;
        seen.add(id);
        if (this.#incomplete(face)) confirm.push(id);
        else this.#observe(id, face);
      }
      if (items.length === 0 || seen.size >= chunk.length || !(read < total_count)) break;
    }
    // The filter leaves out faces it cannot find (deleted, or another account's): a GET says why.
    // A list item that would end a face without the fields that say how is read in full, too.
    await this.#readEach([...chunk.filter((id) => !seen.has(id)), ...confirm], signal);
  }

  /**
   * List items lack fields a terminal verdict needs (the contract's list schema has no
   * `error_message`, and `finetune_status` may be missing): one GET for a face that changes state
   * is cheap, one per face per interval is what the list saves.
   */
  #incomplete(face: Face): boolean {
    if (face.status === 'error') return !('error_message' in face);
    return this.#options.until === 'tuned' && face.status === 'completed' && !('finetune_status' in face);
  }

  /** Reads faces one by one; a final error ends only the face it concerns. */
  async #readEach(ids: readonly string[], signal: AbortSignal): Promise<void> {
    for (const id of ids) {
      if (!this.#pending.has(id)) continue;
      try {
        const face = await this.#retrieve(id, signal);
        if (this.#ended) return;
        this.#observe(id, face);
      } catch (caught) {
        if (signal.aborted || this.#ended) return;
        const error = asTavusError(caught);
        if (isTransient(error)) throw error;
        this.#end(id, { ok: false, error });
      }
    }
  }

  #observe(faceId: string, face: Face): void {
    const tracker = this.#trackers.get(faceId);
    if (!tracker || !this.#pending.has(faceId) || this.#ended) return;
    const outcome = tracker.observe(
      face,
      {
        status: (event) => this.#emit('status', { ...event, faceId }),
        progress: (event) => this.#emit('progress', { ...event, faceId }),
        finetune: (event) => this.#emit('finetune', { ...event, faceId }),
        warning: (event) => this.#emit('warning', { ...event, faceId }),
      },
      this.#clock.now(),
    );
    if (outcome) this.#end(faceId, outcome);
  }

  #end(faceId: string, outcome: Outcome): void {
    if (this.#ended || !this.#pending.delete(faceId)) return;
    if (outcome.ok) {
      this.#result.completed.push(outcome.face);
      this.#emit('completed', { faceId, face: outcome.face });
    } else {
      this.#result.failed.push({ faceId, error: outcome.error });
      this.#emit('failed', { faceId, error: outcome.error });
    }
  }

  /**
   * Emits an event. A listener that throws ends the whole watch once: `done` rejects with a
   * `TavusError` whose `cause` is the listener's error, never retried, and nothing more is emitted.
   */
  #emit<E extends keyof TrainingBatchEvents>(event: E, payload: Parameters<TrainingBatchEvents[E]>[0]): void {
    if (this.#ended) return;
    emitOrFail(this, WHAT, event, payload, (error) => this.#finish({ ok: false, error }));
  }

  #finish(outcome: { ok: true } | { ok: false; error: TavusError }): void {
    if (this.#ended) return;
    // Settled first: the aborts below run other code, which must find the watch ended.
    if (outcome.ok) this.#done.resolve(this.#result);
    else this.#done.reject(outcome.error);
    this.#disarm?.();
    this.#controller.abort();
  }
}

/** Splits ids into chunks of at most BATCH_PAGE_SIZE ids whose encoded list fits MAX_IDS_CHARS. @internal */
export function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const id of ids) {
    const size = encodeURIComponent(id).length + 3; // `%2C` between ids
    if (current.length > 0 && (current.length >= BATCH_PAGE_SIZE || chars + size > MAX_IDS_CHARS)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(id);
    chars += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Starts a batch watch on the clock of the client behind `owner` (its resource context). @internal */
export function watchFaces(
  owner: object,
  list: ListFacesById,
  retrieve: RetrieveFace,
  faceIds: readonly string[],
  options?: WatchTrainingOptions,
): TrainingBatchWatch {
  if (!Array.isArray(faceIds)) throw new RequestValidationError('faceIds', 'expected an array of face ids');
  for (const [i, id] of faceIds.entries()) checkFaceId(`faceIds[${i}]`, id);
  const resolved = resolveOptions(options);
  const clock = clockFor(owner);
  return new TrainingBatchWatch({ faceIds: [...new Set(faceIds)], list, retrieve, options: resolved, clock });
}
