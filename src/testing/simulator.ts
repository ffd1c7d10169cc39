import type { SimVoice } from './catalogue.js';
import { JsonPatchError, applyJsonPatch, jsonEqual, validatePatch } from './json-patch.js';
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
import {
  type Handler,
  Reply,
  abortReason,
  isAbortError,
  paginate,
  parseBody,
  parseLoose,
  respond,
} from './sim/http.js';
import { fromPersona, toPersona } from './sim/legacy.js';
import { type PalRecord, SimState } from './sim/state.js';
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
    const out = new Map<string, SimPal>();
    for (const [id, pal] of this.#state.pals) if (pal.pal_type === 'user') out.set(id, structuredClone(pal.doc));
    return out;
  }

  /**
   * Marks a PAL as having unpublished PAL Maker changes: patches then answer 409
   * `{ conflict: 'maker_changes' }` until one is sent with `?force=true` or the PAL is published.
   */
  setMakerDraft(palId: string, draft = true): void {
    const pal = this.#state.pals.get(palId);
    if (!pal) throw new RangeError(`no PAL ${palId}`);
    pal.makerDraft = draft;
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
        return method === 'GET'
          ? this.#json(200, this.#listPals(q, legacy))
          : this.#json(200, this.#createPal(parseBody(text), legacy));
      }
      if (id === 'check-username' && !legacy && action === undefined) {
        allow('GET');
        return this.#json(200, this.#checkUsername(q.get('username')));
      }
      if (action === 'publish' && !legacy) {
        allow('POST');
        const pal = this.#ownPal(id, false);
        pal.makerDraft = false;
        pal.doc.updated_at = this.#state.iso();
        return this.#json(200, { status: 'success', ...structuredClone(pal.doc) });
      }
      if (action !== undefined) throw new Reply(404, { error: 'Not Found' });
      allow('GET', 'PATCH', 'DELETE');
      if (method === 'GET') {
        const doc = structuredClone(this.#pal(id, legacy).doc);
        return this.#json(200, { data: [legacy ? toPersona(doc) : doc] });
      }
      if (method === 'PATCH') return this.#patchPal(id, text, q.get('force') === 'true', legacy);
      this.#ownPal(id, legacy);
      this.#state.pals.delete(id);
      return this.#json(204, undefined);
    }
    throw new Reply(404, { error: 'Not Found' });
  }

  // ---------------------------------------------------------------- PALs

  #pal(id: string, legacy: boolean): PalRecord {
    const pal = this.#state.pals.get(id);
    if (!pal) throw new Reply(400, { error: legacy ? 'Invalid persona_id' : 'Invalid pal_id' });
    return pal;
  }

  #ownPal(id: string, legacy: boolean): PalRecord {
    const pal = this.#pal(id, legacy);
    if (pal.pal_type !== 'user') throw new Reply(400, { error: legacy ? 'Invalid persona_id' : 'Invalid pal_id' });
    return pal;
  }

  #listPals(q: URLSearchParams, legacy: boolean): { data: unknown[]; total_count: number } {
    const key = legacy ? 'persona_type' : 'pal_type';
    const type = q.get(key);
    if (type !== null && type !== 'user' && type !== 'system') throw new Reply(400, { error: `Invalid ${key}` });
    const pals = [...this.#state.pals.values()].filter((p) => type === null || p.pal_type === type);
    // The account's PALs first, newest first; then the stock ones.
    const ordered = [
      ...pals.filter((p) => p.pal_type === 'user').reverse(),
      ...pals.filter((p) => p.pal_type !== 'user'),
    ];
    const page = paginate(ordered, q, 10);
    return {
      data: page.data.map((p) => (legacy ? toPersona(structuredClone(p.doc)) : structuredClone(p.doc))),
      total_count: page.total_count,
    };
  }

  #createPal(raw: Record<string, unknown>, legacy: boolean): Record<string, unknown> {
    const body = legacy ? fromPersona(raw) : { ...raw };
    for (const key of ['pal_id', 'created_at', 'updated_at', 'conferencing_email']) delete body[key];
    const faceId = body.default_face_id;
    if (faceId === undefined || faceId === null || faceId === '') {
      if (!legacy) throw new Reply(400, { error: 'default_face_id is required' });
      delete body.default_face_id;
    } else if (typeof faceId !== 'string' || !this.#state.faces.has(faceId)) {
      throw new Reply(400, { error: legacy ? 'Invalid default_replica_id' : 'Invalid default_face_id' });
    }
    const mode = body.pipeline_mode ?? 'full';
    if (mode !== 'full' && mode !== 'echo') throw new Reply(400, { error: 'Invalid pipeline_mode' });
    body.pipeline_mode = mode;
    if (mode === 'full' && (typeof body.system_prompt !== 'string' || body.system_prompt.trim() === '')) {
      throw new Reply(400, { error: "system_prompt is required when pipeline_mode is 'full'" });
    }
    for (const key of ['pal_name', 'system_prompt', 'context']) {
      if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') {
        throw new Reply(400, { error: `Invalid ${key}` });
      }
    }
    if (body.layers === undefined || body.layers === null) body.layers = {};
    if (typeof body.layers !== 'object' || Array.isArray(body.layers))
      throw new Reply(400, { error: 'Invalid layers' });
    const iso = this.#state.iso();
    const doc = { ...body, pal_id: this.#state.id('p', 11), created_at: iso, updated_at: iso } as SimPal;
    this.#conferencing(doc, undefined);
    this.#state.pals.set(doc.pal_id, { doc, pal_type: 'user', makerDraft: false });
    const out: Record<string, unknown> = { pal_id: doc.pal_id };
    if (doc.pal_name !== undefined) out.pal_name = doc.pal_name;
    if (doc.conferencing_email !== undefined) out.conferencing_email = doc.conferencing_email;
    out.created_at = doc.created_at;
    return legacy ? toPersona(out) : out;
  }

  /** Derives `conferencing_email` from `layers.conferencing.username`, refusing a taken username. */
  #conferencing(doc: SimPal, self: string | undefined): void {
    const conferencing = doc.layers?.conferencing as { username?: unknown } | undefined;
    const username = conferencing?.username;
    if (username === undefined || username === null) {
      delete doc.conferencing_email;
      return;
    }
    if (typeof username !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(username)) {
      throw new Reply(400, { error: 'Invalid layers.conferencing.username' });
    }
    if (this.#usernameOwner(username) !== (self ?? doc.pal_id) && this.#usernameOwner(username) !== undefined) {
      throw new Reply(400, { error: 'Username is already taken.' });
    }
    doc.conferencing_email = `${username.toLowerCase()}@tavusinvite.com`;
  }

  #usernameOwner(username: string): string | undefined {
    const email = `${username.toLowerCase()}@tavusinvite.com`;
    for (const [id, pal] of this.#state.pals) if (pal.doc.conferencing_email === email) return id;
    return undefined;
  }

  #checkUsername(username: string | null): Record<string, unknown> {
    if (!username) throw new Reply(400, { error: 'username is required' });
    return this.#usernameOwner(username) === undefined
      ? { available: true }
      : { available: false, reason: 'Username is already taken.' };
  }

  #patchPal(id: string, text: string, force: boolean, legacy: boolean): Response {
    const pal = this.#ownPal(id, legacy);
    const invalid = new Reply(422, { message: 'Invalid JSON patch format' });
    let patch: unknown;
    try {
      patch = JSON.parse(text);
      validatePatch(patch);
    } catch {
      throw invalid;
    }
    if (patch.length === 0) throw invalid;
    const conferencing = patch.map((op) =>
      [op.path, op.from].some((p) => p !== undefined && /^\/layers\/conferencing(\/|$)/.test(p)),
    );
    const onlyConferencing = conferencing.every(Boolean);
    if (conferencing.some(Boolean) && !onlyConferencing) {
      throw new Reply(400, {
        error: 'Changes to layers.conferencing must be sent in their own patch, without other operations.',
      });
    }
    // Conferencing patches bypass the draft check (they are never rejected with 409).
    if (pal.makerDraft && !force && !onlyConferencing) {
      throw new Reply(409, {
        conflict: 'maker_changes',
        message:
          'This PAL has unpublished changes in PAL Maker. Publish or discard them, or retry with ?force=true to overwrite them.',
      });
    }
    const before = legacy ? toPersona(structuredClone(pal.doc)) : structuredClone(pal.doc);
    let after: Record<string, unknown>;
    try {
      after = applyJsonPatch(before as Record<string, unknown>, patch);
    } catch (error) {
      if (error instanceof JsonPatchError) {
        if (error.reason === 'format') throw invalid;
        throw new Reply(422, { message: `Could not apply JSON patch operation ${error.index}: ${error.message}` });
      }
      throw error;
    }
    if (after === null || typeof after !== 'object' || Array.isArray(after)) throw invalid;
    const next = (legacy ? fromPersona(after) : after) as SimPal;
    for (const key of ['pal_id', 'created_at', 'updated_at', 'conferencing_email'] as const) {
      if (!jsonEqual(next[key], pal.doc[key])) throw new Reply(400, { error: `${key} cannot be changed` });
    }
    if (next.default_face_id !== undefined && !this.#state.faces.has(String(next.default_face_id))) {
      throw new Reply(400, { error: 'Invalid default_face_id' });
    }
    if (next.layers === null || typeof next.layers !== 'object' || Array.isArray(next.layers)) {
      throw new Reply(400, { error: 'Invalid layers' });
    }
    const discarded = pal.makerDraft && force && !onlyConferencing;
    if (jsonEqual(next, pal.doc) && !discarded) return this.#json(304, { message: 'No changes were made to the PAL' });
    this.#conferencing(next, pal.doc.pal_id);
    next.updated_at = this.#state.iso();
    pal.doc = next;
    if (discarded) pal.makerDraft = false;
    const body: Record<string, unknown> = legacy ? toPersona(structuredClone(next)) : structuredClone(next);
    if (discarded) body.discarded_maker_changes = true;
    return this.#json(200, body);
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
