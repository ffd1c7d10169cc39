import { type Clock, clockFor } from '../core/clock.js';
import type { Face } from '../schemas/face.js';
import type { RetrieveFace } from './types.js';

/**
 * One watch's side of a shared poll. Each callback returns the delay the watch wants before the
 * next poll, or `null` once it has left. Neither may throw: a watch turns whatever goes wrong in
 * it (a throwing listener included) into its own end, so one watch cannot break the poll of the
 * others. @internal
 */
export interface PollSubscriber {
  onFace(face: Face): number | null;
  onError(error: unknown): number | null;
}

// One registry per client (keyed by its resource context): two watches of a face share a poll.
const registries = new WeakMap<object, Map<string, FacePoll>>();

/** The shared poll of `faceId` for the client behind `owner`, created on first use. @internal */
export function sharedPoll(owner: object, faceId: string, retrieve: RetrieveFace): FacePoll {
  let registry = registries.get(owner);
  if (!registry) {
    registry = new Map();
    registries.set(owner, registry);
  }
  let poll = registry.get(faceId);
  if (!poll) {
    const polls = registry;
    poll = new FacePoll(
      faceId,
      retrieve,
      (done) => {
        if (polls.get(faceId) === done) polls.delete(faceId);
      },
      clockFor(owner),
    );
    registry.set(faceId, poll);
  }
  return poll;
}

/**
 * A sequential poll loop for one face: read, hand the face (or error) to every subscriber, sleep
 * for the shortest delay any of them asked for, repeat. It runs only while it has subscribers; the
 * last one leaving aborts the request in flight and clears the sleep timer, so nothing is left to
 * keep a process alive. @internal
 */
export class FacePoll {
  readonly faceId: string;
  readonly #retrieve: RetrieveFace;
  readonly #onEmpty: (poll: FacePoll) => void;
  readonly #subs = new Set<PollSubscriber>();
  /** Aborts the request in flight once the last watch has left. */
  readonly #controller = new AbortController();
  #running = false;
  #inFlight = false;
  #last: { face: Face; at: number } | undefined;
  #nextAt = 0;
  /** Ends the current sleep early: the poll moved earlier, or the last watch left. */
  #wake: AbortController | undefined;

  /** The client's clock: simulated time on the simulator, so its pauses move that clock. */
  readonly #clock: Clock;

  constructor(faceId: string, retrieve: RetrieveFace, onEmpty: (poll: FacePoll) => void, clock: Clock) {
    this.faceId = faceId;
    this.#retrieve = retrieve;
    this.#onEmpty = onEmpty;
    this.#clock = clock;
  }

  /** Number of watches sharing this poll. */
  get size(): number {
    return this.#subs.size;
  }

  add(sub: PollSubscriber): void {
    this.#subs.add(sub);
    if (!this.#running) {
      this.#running = true;
      // Started on a microtask so the caller can attach listeners before anything is emitted.
      queueMicrotask(() => void this.#run());
      return;
    }
    const last = this.#last;
    if (!last) return;
    // A late joiner gets the latest reading at once, and the poll moves earlier if it is in a hurry.
    queueMicrotask(() => {
      if (!this.#subs.has(sub)) return;
      const delay = sub.onFace(last.face);
      if (delay !== null && this.#subs.has(sub)) this.#reschedule(last.at + delay);
    });
  }

  remove(sub: PollSubscriber): void {
    if (!this.#subs.delete(sub) || this.#subs.size > 0) return;
    this.#onEmpty(this);
    this.#controller.abort();
    this.#wake?.abort();
  }

  /** Polls as soon as possible (a webhook said something changed); joins a request in flight. */
  pollNow(): void {
    if (this.#inFlight || this.#subs.size === 0) return;
    this.#reschedule(this.#clock.now());
  }

  #reschedule(at: number): void {
    if (at >= this.#nextAt) return;
    this.#nextAt = at;
    this.#wake?.abort();
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    while (this.#subs.size > 0) {
      let face: Face | undefined;
      let error: unknown;
      let ok = false;
      this.#inFlight = true;
      try {
        face = await this.#retrieve(this.faceId, signal);
        ok = true;
      } catch (caught) {
        error = caught;
      }
      this.#inFlight = false;
      if (signal.aborted) return;
      const at = this.#clock.now();
      if (ok) this.#last = { face: face as Face, at };
      let next = Number.POSITIVE_INFINITY;
      for (const sub of [...this.#subs]) {
        if (!this.#subs.has(sub)) continue;
        const delay = ok ? sub.onFace(face as Face) : sub.onError(error);
        if (delay !== null && this.#subs.has(sub)) next = Math.min(next, delay);
      }
      if (this.#subs.size === 0) return;
      this.#nextAt = at + (Number.isFinite(next) ? next : 1_000);
      // Woken early, the loop looks again: the poll may be due now, or have no watch left.
      while (this.#subs.size > 0 && this.#clock.now() < this.#nextAt) {
        this.#wake = new AbortController();
        await this.#clock.sleep(this.#nextAt - this.#clock.now(), this.#wake.signal);
        this.#wake = undefined;
      }
    }
  }
}
