import type { SimVoice } from './catalogue.js';
import {
  addFace,
  createFace,
  deleteFace,
  faceViews,
  getFace,
  listFaces,
  renameFace,
  settle,
  updateFace,
} from './sim/faces.js';
import { UNAUTHORIZED, addFault, withFault } from './sim/faults.js';
import { type Handler, Reply, abortReason, isAbortError, parseLoose, respond } from './sim/http.js';
import {
  checkUsername,
  createPal,
  deletePal,
  getPal,
  listPals,
  palViews,
  patchPal,
  publishPal,
  setMakerDraft,
} from './sim/pals.js';
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
import { getVoice, listVoices, voiceViews } from './sim/voices.js';

export type {
  AddFaceOptions,
  FaultOptions,
  MswHttpLike,
  MswHttpResponseLike,
  RecordedCallback,
  RecordedRequest,
  SimFace,
  SimPal,
  SimulatorOptions,
  TrainingOutcome,
  TrainingOutcomeParams,
} from './sim/types.js';

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

  // ---------------------------------------------------------------- clock and inspection

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

  // ---------------------------------------------------------------- transports

  /**
   * A `fetch` answering from the simulator; pass it as `new Tavus({ fetch: sim.fetch })`. Any host
   * works: requests are routed by pathname.
   */
  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    return this.#handle(request);
  };

  /**
   * msw handlers for `* /v2/*` that delegate to the same simulator:
   * `setupServer(...sim.handlers(http, HttpResponse))`. msw is passed in, so it stays a dev dependency.
   */
  handlers<Handler>(http: MswHttpLike<Handler>, HttpResponse: MswHttpResponseLike): Handler[] {
    return [
      http.all('*/v2/*', async ({ request }) => {
        try {
          return await this.#handle(request);
        } catch (error) {
          // msw turns a network error response into the rejected fetch a dropped connection gives.
          if (error instanceof TypeError || isAbortError(error)) return HttpResponse.error();
          throw error;
        }
      }),
    ];
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
    const query = Object.fromEntries(url.searchParams);
    this.#state.requests.push({ method, path: url.pathname, query, body: parseLoose(text) });
    const signal = request.signal;
    if (signal?.aborted) throw abortReason(signal);

    return withFault(this.#state, method, url.pathname, signal, () => {
      if (request.headers.get('x-api-key') !== this.apiKey) return this.#json(401, UNAUTHORIZED);
      settle(this.#state);
      try {
        return this.#route(method, url, text);
      } catch (error) {
        if (!(error instanceof Reply)) throw error;
        return this.#json(error.status, error.body);
      }
    });
  }

  #call(handler: Handler, id: string | undefined, query: URLSearchParams, text: string, legacy: boolean): Response {
    return respond(this.#state, handler(this.#state, { id: id ?? '', query, text, legacy }));
  }

  #json(status: number, body: unknown): Response {
    return respond(this.#state, new Reply(status, body));
  }

  #text(status: number, body: string): Response {
    return respond(this.#state, new Reply(status, body, 'text/plain'));
  }

  // ---------------------------------------------------------------- routing

  #route(method: string, url: URL, text: string): Response {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v2') throw new Reply(404, { error: 'Not Found' });
    const [, resource, id, action] = parts;
    const q = url.searchParams;
    const allow = (...methods: string[]): void => {
      if (!methods.includes(method)) throw new Reply(405, { error: 'Method Not Allowed' });
    };
    if (parts.length > 4) throw new Reply(404, { error: 'Not Found' });

    if (resource === 'faces' || resource === 'replicas') {
      const legacy = resource === 'replicas';
      if (id === undefined) {
        allow('GET', 'POST');
        return this.#call(method === 'GET' ? listFaces : createFace, id, q, text, legacy);
      }
      if (action === 'name') {
        allow('PATCH');
        return this.#call(renameFace, id, q, text, legacy);
      }
      if (action !== undefined) throw new Reply(404, { error: 'Not Found' });
      allow('GET', 'PATCH', 'DELETE');
      const handler = method === 'GET' ? getFace : method === 'PATCH' ? updateFace : deleteFace;
      return this.#call(handler, id, q, text, legacy);
    }

    if (resource === 'voices') {
      allow('GET');
      if (action !== undefined) throw new Reply(404, { error: 'Not Found' });
      return this.#call(id === undefined ? listVoices : getVoice, id, q, text, false);
    }

    if (resource === 'pals' || resource === 'personas') {
      const legacy = resource === 'personas';
      if (id === undefined) {
        allow('GET', 'POST');
        return this.#call(method === 'GET' ? listPals : createPal, id, q, text, legacy);
      }
      if (id === 'check-username' && !legacy && action === undefined) {
        allow('GET');
        return this.#call(checkUsername, id, q, text, legacy);
      }
      if (action === 'publish' && !legacy) {
        allow('POST');
        return this.#call(publishPal, id, q, text, legacy);
      }
      if (action !== undefined) throw new Reply(404, { error: 'Not Found' });
      allow('GET', 'PATCH', 'DELETE');
      const handler = method === 'GET' ? getPal : method === 'PATCH' ? patchPal : deletePal;
      return this.#call(handler, id, q, text, legacy);
    }
    throw new Reply(404, { error: 'Not Found' });
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
