import { CLOCK_KEY } from '../core/clock.js';
import type { SimVoice } from './catalogue.js';
import { VirtualClock } from './sim/clock.js';
import { appMessages, conversationViews, participant, settleAll } from './sim/conversations.js';
import { addFace, faceViews } from './sim/faces.js';
import { addFault } from './sim/faults.js';
import { isAbortError } from './sim/http.js';
import { serveMedia } from './sim/media.js';
import { palViews, setMakerDraft } from './sim/pals.js';
import { handle } from './sim/routes.js';
import { SimState } from './sim/state.js';
import type {
  AddFaceOptions,
  FaultOptions,
  MswHttpLike,
  MswHttpResponseLike,
  RecordedCallback,
  RecordedRequest,
  SimAppMessage,
  SimConversation,
  SimFace,
  SimMediaFacts,
  SimPal,
  SimulatorOptions,
} from './sim/types.js';
import { voiceViews } from './sim/voices.js';

/**
 * An in-memory, stateful Tavus API for tests and demos: Faces (with training that advances with a
 * simulated clock), Stock Faces, Voices, PALs and Conversations (which join, end and deliver their
 * transcript on that clock), with the real API's quirks, fault injection and request inspection.
 * Nothing leaves the process; it runs in Node and browsers.
 *
 * With the manual clock (the default), a client made with `sim.fetch` runs its own waits on
 * simulated time: a watch pausing 30 s between polls moves the clock 30 s at once, and its deadline
 * is simulated time too. So `watchTraining(...).done` and `conversations.watch(...).done` finish
 * without any `sim.advance`, in milliseconds of real time.
 *
 * @example
 * ```ts
 * import { Tavus } from 'tavus-faces';
 * import { createSimulator } from 'tavus-faces/testing';
 *
 * const sim = createSimulator();
 * const tavus = new Tavus({ fetch: sim.fetch, apiKey: sim.apiKey });
 * const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/me.mp4' });
 * sim.advance(sim.trainingMs);
 * (await tavus.faces.get(face_id)).status; // 'completed'
 * ```
 */
export class TavusSimulator {
  /** The API key the simulator accepts. */
  readonly apiKey: string;
  /** Simulated time a training takes, in ms. */
  readonly trainingMs: number;
  /** Phoenix-4.5: simulated time until the preview is usable, in ms. */
  readonly previewMs: number;

  readonly #state: SimState;
  readonly #clock: VirtualClock | undefined;

  /** Use {@link createSimulator}. */
  constructor(options: SimulatorOptions = {}) {
    this.#state = new SimState(options);
    this.apiKey = this.#state.apiKey;
    this.trainingMs = this.#state.trainingMs;
    this.previewMs = this.#state.previewMs;
    if (this.#state.manual) {
      this.#clock = new VirtualClock(this.#state, () => settleAll(this.#state));
      // How a client finds the clock: it looks for this property on the fetch it is given.
      Object.defineProperty(this.fetch, CLOCK_KEY, { value: this.#clock });
    }
  }

  /** Current simulated time, epoch milliseconds. */
  now(): number {
    return this.#state.now();
  }

  /**
   * Moves simulated time forward by `ms` (with either clock): settles trainings and conversations,
   * delivers the callbacks that became due, and wakes the SDK waits (watch pauses, deadlines) the
   * manual clock has reached.
   */
  advance(ms: number): void {
    this.#state.advance(ms);
    settleAll(this.#state);
    this.#clock?.fire();
  }

  /** Every request received, oldest first (never the API key). */
  get requests(): readonly RecordedRequest[] {
    return this.#state.requests;
  }

  /** Training callbacks that would have been sent, oldest first. */
  get callbacks(): readonly RecordedCallback[] {
    settleAll(this.#state);
    return this.#state.callbacks;
  }

  /** The account's own faces, as Get Face (verbose) would return them now. */
  get faces(): ReadonlyMap<string, SimFace> {
    settleAll(this.#state);
    return new Map(faceViews(this.#state, 'user').map((face) => [face.face_id, face]));
  }

  /** The stock faces (`face_type: 'system'`), in catalogue order. */
  get stockFaces(): readonly SimFace[] {
    return faceViews(this.#state, 'system');
  }

  /** Every voice (stock and created by video training). */
  get voices(): readonly SimVoice[] {
    return voiceViews(this.#state);
  }

  /** The account's own PALs, as Get PAL returns them. */
  get pals(): ReadonlyMap<string, SimPal> {
    return new Map(palViews(this.#state).map((pal) => [pal.pal_id, pal]));
  }

  /** Every conversation, oldest first, as the simulator keeps it now (ended and active). */
  get conversations(): ReadonlyMap<string, SimConversation> {
    settleAll(this.#state);
    return new Map(conversationViews(this.#state).map((c) => [c.conversation_id, c]));
  }

  /**
   * The app messages a conversation accepted, in arrival order (refused ones — 413, 429, ended —
   * are not in it; `sim.requests` has every request).
   *
   * @throws RangeError for an unknown conversation.
   */
  appMessages(conversationId: string): SimAppMessage[] {
    return appMessages(this.#state, conversationId);
  }

  /**
   * A participant joins the conversation's room now: it no longer ends by
   * `participant_absent_timeout` (nobody joined), and `participant_left_timeout` starts only once
   * everyone has left again.
   */
  joinConversation(conversationId: string): void {
    participant(this.#state, conversationId, 1);
  }

  /** A participant leaves the room now; when it is empty, `participant_left_timeout` starts. */
  leaveConversation(conversationId: string): void {
    participant(this.#state, conversationId, -1);
  }

  /**
   * Marks a PAL as having unpublished PAL Maker changes: patches then answer 409
   * `{ conflict: 'maker_changes' }` until one is sent with `?force=true` or the PAL is published.
   */
  setMakerDraft(palId: string, draft = true): void {
    setMakerDraft(this.#state, palId, draft);
  }

  /**
   * Adds a face to the account without a Create Face request, e.g. one a documented example refers
   * to (`r90bbd427f71`). It is trained already unless `trained: false` (then it trains from now).
   */
  addFace(init: AddFaceOptions = {}): SimFace {
    return addFace(this.#state, init);
  }

  /**
   * Tells the simulator what a media URL holds (see {@link SimMediaFacts}): a face trained from a
   * video Tavus would reject (40 s long, VP9 in WebM, over 750 MB, unreachable) fails at the end of
   * its simulated training with Tavus's error text; with `bytes`, `sim.fetch` serves the file at that
   * URL, so `tavus.faces.preflight(params, { fetch: sim.fetch })` can catch it first.
   *
   * @example
   * ```ts
   * sim.setMedia('https://example.com/short.mp4', { durationS: 40 });
   * ```
   */
  setMedia(url: string, facts: SimMediaFacts): void {
    this.#state.setMedia(url, facts);
  }

  /** Makes the next matching request(s) fail: a status, latency, a dropped connection or a bad body. */
  failNext(fault: FaultOptions = {}): void {
    addFault(this.#state, fault);
  }

  /** Back to the state right after creation: same seed, clock, catalogue; no faces, PALs, logs or faults. */
  reset(): void {
    this.#state.reset();
  }

  /**
   * A `fetch` answering from the simulator; pass it as `new Tavus({ fetch: sim.fetch })`. Any host
   * works: requests are routed by pathname, except the media URLs `setMedia` gave `bytes`, which it
   * serves as a storage host would (no key needed).
   */
  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    return serveMedia(this.#state, request) ?? handle(this.#state, request);
  };

  /**
   * msw handlers for `* /v2/*` that delegate to the same simulator:
   * `setupServer(...sim.handlers(http, HttpResponse))`. msw is passed in, so it stays a dev dependency.
   */
  handlers<Handler>(http: MswHttpLike<Handler>, HttpResponse: MswHttpResponseLike): Handler[] {
    return [
      http.all('*/v2/*', async ({ request }) => {
        try {
          return await handle(this.#state, request);
        } catch (error) {
          // msw turns a network error response into the rejected fetch a dropped connection gives.
          if (error instanceof TypeError || isAbortError(error)) return HttpResponse.error();
          throw error;
        }
      }),
    ];
  }
}

/**
 * Creates an in-process Tavus simulator. See {@link TavusSimulator}.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ trainingOutcome: () => ({ error: 'ImageQualityError' }) });
 * ```
 */
export function createSimulator(options?: SimulatorOptions): TavusSimulator {
  return new TavusSimulator(options);
}
