import type { SimVoice } from './catalogue.js';
import { addFace, faceViews, settle } from './sim/faces.js';
import { addFault } from './sim/faults.js';
import { isAbortError } from './sim/http.js';
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
  SimFace,
  SimPal,
  SimulatorOptions,
} from './sim/types.js';
import { voiceViews } from './sim/voices.js';

/**
 * An in-memory, stateful Tavus API for tests and demos: Faces (with training that advances with a
 * simulated clock), Stock Faces, Voices and PALs, with the real API's quirks, fault injection and
 * request inspection. Nothing leaves the process; it runs in Node and browsers.
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

  /** Use {@link createSimulator}. */
  constructor(options: SimulatorOptions = {}) {
    this.#state = new SimState(options);
    this.apiKey = this.#state.apiKey;
    this.trainingMs = this.#state.trainingMs;
    this.previewMs = this.#state.previewMs;
  }

  /** Current simulated time, epoch milliseconds. */
  now(): number {
    return this.#state.now();
  }

  /** Moves simulated time forward by `ms` (with either clock) and settles trainings that finished. */
  advance(ms: number): void {
    this.#state.advance(ms);
    settle(this.#state);
  }

  /** Every request received, oldest first (never the API key). */
  get requests(): readonly RecordedRequest[] {
    return this.#state.requests;
  }

  /** Training callbacks that would have been sent, oldest first. */
  get callbacks(): readonly RecordedCallback[] {
    settle(this.#state);
    return this.#state.callbacks;
  }

  /** The account's own faces, as Get Face (verbose) would return them now. */
  get faces(): ReadonlyMap<string, SimFace> {
    settle(this.#state);
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
   * works: requests are routed by pathname.
   */
  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    return handle(this.#state, request);
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
