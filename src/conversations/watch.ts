import { EventEmitter } from 'eventemitter3';
import type { Clock } from '../core/clock.js';
import { RequestValidationError, type TavusError, TrainingTimeoutError } from '../errors.js';
import type { Conversation, ConversationEvent, ConversationStatus } from '../schemas/conversation.js';
import { unknownKeys, unknownNameMessage } from '../core/suggest.js';
import { Settlement, abortedError, armOutsideEnds, emitOrFail, stoppedError } from '../training/lifecycle.js';
import { asTavusError, backoffDelay, isTransient, resolveOptions } from '../training/tracker.js';
import type { TrainingRetry } from '../training/types.js';
import { type ParseConversationCallbackOptions, parseConversationCallback } from './callback.js';

/** Options of `tavus.conversations.watch`. */
export interface WatchConversationOptions {
  /**
   * Time between polls, in milliseconds (at least 10). On the simulator's manual clock this is
   * simulated time, so the watch ends in milliseconds. @default 10000
   */
  intervalMs?: number;
  /**
   * How long the watch may run, in milliseconds; when it passes, `done` rejects with
   * `ConversationTimeoutError`. @default 7200000 (2 hours: the longest call and its transcript)
   */
  timeoutMs?: number;
  /** Ends the watch; `done` then rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /**
   * How many transient failures in a row (429, 5xx, network errors, timeouts) are tolerated; the
   * next one ends the watch with that error. @default 10
   */
  maxConsecutiveErrors?: number;
}

/** Payload of the `status` event: the conversation's `status` changed (the first reading comes `from: null`). */
export interface ConversationStatusChange {
  /** The status seen before, `null` on the first reading. */
  from: ConversationStatus | null;
  /** The new status. */
  to: ConversationStatus;
  /** The conversation as read. */
  conversation: Conversation;
}

/** The events of a {@link ConversationWatch}. */
export interface ConversationWatchEvents {
  /** The conversation's `status` changed (`active` → `ended`). */
  status: (event: ConversationStatusChange) => void;
  /** A verbose event not seen before (each one once, oldest first); `watch.latest` is the conversation read. */
  event: (event: ConversationEvent) => void;
  /** The conversation has ended (the transcript may still be on its way). */
  ended: (conversation: Conversation) => void;
  /** A poll failed transiently; the watch backs off and tries again. */
  retry: (event: TrainingRetry) => void;
  /**
   * The watch failed; `done` rejects with the same error. Not emitted after `stop()`. Listening
   * here marks `done`'s rejection as handled.
   */
  failed: (error: TavusError) => void;
}

/**
 * A conversation watch reached its deadline before the conversation ended with its transcript.
 * Its `kind` and `name` are the watcher's `TrainingTimeoutError`: test for it with
 * `isTavusError(error, 'TrainingTimeoutError') && 'conversationId' in error`.
 */
export class ConversationTimeoutError extends TrainingTimeoutError {
  /** The conversation being watched. */
  readonly conversationId: string;
  /** What the watch was still waiting for. */
  readonly waitingFor: 'end' | 'transcript';
  /** @internal */
  constructor(init: { conversationId: string; deadline: number; lastStatus: string | null; faceId: string | null }) {
    // The watcher's own timeout error, so `isTavusError(e, 'TrainingTimeoutError')` matches it too.
    super({ faceId: init.faceId ?? '', deadline: init.deadline, lastStatus: init.lastStatus });
    this.conversationId = init.conversationId;
    this.waitingFor = init.lastStatus === 'ended' ? 'transcript' : 'end';
    this.message =
      `Conversation ${init.conversationId} did not ${this.waitingFor === 'end' ? 'end' : 'deliver its transcript'} ` +
      `before the deadline ${new Date(init.deadline).toISOString()}` +
      (init.lastStatus ? ` (last status: ${init.lastStatus})` : '');
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), conversationId: this.conversationId, waitingFor: this.waitingFor };
  }
}

/** Reads a conversation (verbose); the watcher never sees a resource, only this. @internal */
export type RetrieveConversation = (conversationId: string, signal: AbortSignal) => Promise<Conversation>;

const OPTION_NAMES = ['intervalMs', 'timeoutMs', 'signal', 'maxConsecutiveErrors'];

/**
 * A running watch of one conversation: a typed event emitter (see {@link ConversationWatchEvents})
 * and a `done` promise that resolves with the verbose conversation once it has ended **and** its
 * transcript has arrived.
 *
 * Polls `GET /v2/conversations/{id}?verbose=true` in a sequential loop on the training watcher's
 * machinery (one settlement, the same deadline and abort wiring, backoff on transient errors,
 * fail-fast on final ones). After `stop()`, an abort, the deadline or the end, no timer or listener
 * is left behind.
 *
 * @example
 * ```ts
 * const watch = tavus.conversations.watch(conversation_id);
 * watch.on('event', (e) => console.log(e.event_type));
 * const { transcript } = await watch.done;
 * ```
 */
export class ConversationWatch extends EventEmitter<ConversationWatchEvents> {
  /** The conversation being watched. */
  readonly conversationId: string;
  /** The deadline, as epoch milliseconds (on the client's clock: simulated time on the simulator). */
  readonly deadline: number;

  readonly #retrieve: RetrieveConversation;
  readonly #clock: Clock;
  readonly #parse: ParseConversationCallbackOptions;
  readonly #intervalMs: number;
  readonly #maxErrors: number;
  readonly #done = new Settlement<Conversation>(
    () => this.#stopped || (this.listenerCount('failed') > 0 && !this.#failedListenerThrew),
  );
  readonly #disarm: (() => void) | undefined;
  /** Aborts the request in flight when the watch ends. */
  readonly #controller = new AbortController();
  /** Ends the current pause early: a callback said something changed, or the watch ended. */
  #wake: AbortController | undefined;
  /** The events seen (by type and time) and their types. */
  readonly #seen = new Set<string>();
  readonly #types = new Set<string>();
  #endedSeen = false;
  #status: ConversationStatus | null = null;
  #latest: Conversation | null = null;
  /** An event type a callback announced that no reading has shown yet: look once more at once. */
  #announced: string | undefined;
  #inFlight = false;
  #ending = false;
  #stopped = false;
  #failedListenerThrew = false;
  #errors = 0;

  /** @internal */
  constructor(
    conversationId: string,
    retrieve: RetrieveConversation,
    clock: Clock,
    options?: WatchConversationOptions,
    parse: ParseConversationCallbackOptions = {},
  ) {
    super();
    this.#parse = parse;
    if (typeof conversationId !== 'string' || conversationId.trim() === '' || /^\.\.?$/.test(conversationId)) {
      throw new RequestValidationError(
        'conversationId',
        `expected a conversation id, got ${JSON.stringify(conversationId)}`,
      );
    }
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new RequestValidationError('options', 'expected an object');
    }
    const [unknown] = unknownKeys(options ?? {}, new Set(OPTION_NAMES));
    if (unknown !== undefined)
      throw new RequestValidationError(unknown, unknownNameMessage('option', unknown, OPTION_NAMES));
    // The training watcher's checks (types, the 10 ms floor), with this watch's defaults.
    const resolved = resolveOptions({ intervalMs: 10_000, timeoutMs: 2 * 3_600_000, ...options }, OPTION_NAMES);
    this.conversationId = conversationId;
    this.#retrieve = retrieve;
    this.#clock = clock;
    this.#intervalMs = resolved.intervalMs;
    this.#maxErrors = resolved.maxConsecutiveErrors;
    this.deadline = clock.now() + resolved.timeoutMs;
    this.#disarm = armOutsideEnds(
      resolved.signal,
      this.deadline,
      {
        abort: (signal) => this.#finish({ ok: false, error: abortedError(this.#what, signal) }),
        expire: () => this.#finish({ ok: false, error: this.#timeoutError() }),
      },
      clock,
    );
    // Started on a microtask so the caller can attach listeners before anything is emitted.
    if (this.#disarm) queueMicrotask(() => void this.#run());
  }

  /**
   * Resolves with the verbose conversation once it has ended and its transcript has arrived
   * (`conversation.transcript` is then set); rejects with `ConversationTimeoutError` (deadline),
   * `APIUserAbortError` (`stop()` or the signal), a final API error (e.g. 400
   * `Invalid conversation_id`) or the last of too many transient errors. Created on first access,
   * so a watch used only through events never leaves an unhandled rejection.
   */
  get done(): Promise<Conversation> {
    return this.#done.promise;
  }

  /** Whether the watch has ended (`done` resolved or rejected). */
  get settled(): boolean {
    return this.#done.settled;
  }

  /** The conversation as last read, `null` before the first reading. */
  get latest(): Conversation | null {
    return this.#latest;
  }

  /** Ends the watch: `done` rejects with `APIUserAbortError` (never reported as unhandled), no `failed` event. */
  stop(): void {
    if (this.#ending) return;
    this.#stopped = true;
    this.#finish({ ok: false, error: stoppedError(this.#what) });
  }

  /**
   * Hands a conversation callback (`callback_url` POST body, raw or parsed) to the watch. One that
   * reports an event the watch has not seen yet triggers a poll at once (callbacks are not signed,
   * so they are confirmed with the API rather than trusted). Returns whether it did; a callback for
   * another conversation, a repeat, or one after the watch ended returns `false`.
   *
   * @throws ResponseValidationError when `payload` is not a conversation callback.
   */
  feed(payload: unknown): boolean {
    const callback = parseConversationCallback(payload, this.#parse);
    if (callback.conversation_id !== this.conversationId || this.#ending) return false;
    if (this.#types.has(callback.event_type)) return false;
    this.#announced = callback.event_type;
    if (!this.#inFlight) this.#wake?.abort();
    return true;
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    while (!this.#ending) {
      let delay: number | null;
      this.#inFlight = true;
      try {
        const conversation = await this.#retrieve(this.conversationId, signal);
        this.#inFlight = false;
        delay = this.#ending ? null : this.#read(conversation);
      } catch (caught) {
        this.#inFlight = false;
        delay = this.#ending ? null : this.#onError(caught);
      }
      if (delay === null || this.#ending) return;
      this.#wake = new AbortController();
      await this.#clock.sleep(delay, this.#wake.signal);
      this.#wake = undefined;
    }
  }

  /** Takes one reading: emits what is new; returns the pause before the next poll, or `null` at the end. */
  #read(conversation: Conversation): number | null {
    this.#errors = 0;
    this.#latest = conversation;
    const to = conversation.status;
    if (to !== this.#status) {
      const from = this.#status;
      this.#status = to;
      this.#emit('status', { from, to, conversation });
    }
    for (const event of conversation.events ?? []) {
      const key = `${event?.event_type}\n${event?.timestamp ?? JSON.stringify(event)}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.#types.add(String(event?.event_type));
      this.#emit('event', event);
    }
    if (to === 'ended' && !this.#endedSeen) {
      this.#endedSeen = true;
      this.#emit('ended', conversation);
    }
    if (this.#ending) return null;
    if (to === 'ended' && conversation.transcript !== null) {
      this.#finish({ ok: true, value: conversation });
      return null;
    }
    const announced = this.#announced;
    this.#announced = undefined;
    // A callback announced an event this reading does not show (it was read just before): once more now.
    if (announced && !(conversation.events ?? []).some((e) => e?.event_type === announced)) return 0;
    return this.#intervalMs;
  }

  #onError(caught: unknown): number | null {
    const error = asTavusError(caught);
    this.#errors += 1;
    if (!isTransient(error) || this.#errors >= this.#maxErrors) {
      this.#finish({ ok: false, error });
      return null;
    }
    const delayMs = backoffDelay(error, this.#errors, this.#intervalMs);
    this.#emit('retry', { attempt: this.#errors + 1, delayMs, error });
    return this.#ending ? null : delayMs;
  }

  /** Emits a reading's event; a listener that throws ends the watch with that error, once. */
  #emit<E extends 'status' | 'event' | 'ended' | 'retry'>(
    event: E,
    payload: Parameters<ConversationWatchEvents[E]>[0],
  ): void {
    if (this.#ending) return;
    emitOrFail(this, this.#what, event, payload, (error) => this.#finish({ ok: false, error }));
  }

  #finish(end: { ok: true; value: Conversation } | { ok: false; error: TavusError }): void {
    if (this.#ending) return;
    this.#ending = true;
    this.#disarm?.();
    this.#controller.abort();
    this.#wake?.abort();
    if (end.ok) {
      this.#done.resolve(end.value);
      return;
    }
    let error = end.error;
    if (!this.#stopped) {
      emitOrFail(this, this.#what, 'failed', error, (thrown) => {
        this.#failedListenerThrew = true;
        error = thrown;
      });
    }
    this.#done.reject(error);
  }

  /** Names the watch in messages: "The watch of conversation c1 was stopped". */
  get #what(): string {
    return `watch of conversation ${this.conversationId}`;
  }

  #timeoutError(): ConversationTimeoutError {
    return new ConversationTimeoutError({
      conversationId: this.conversationId,
      deadline: this.deadline,
      lastStatus: this.#status,
      faceId: this.#latest?.face_id ?? null,
    });
  }
}

/** Starts a watch; bad input throws `RequestValidationError` before any request. @internal */
export function watchConversation(
  conversationId: string,
  retrieve: RetrieveConversation,
  clock: Clock,
  options?: WatchConversationOptions,
  parse?: ParseConversationCallbackOptions,
): ConversationWatch {
  return new ConversationWatch(conversationId, retrieve, clock, options, parse);
}
