import type { SimVoice } from './catalogue.js';
import { JsonPatchError, applyJsonPatch, jsonEqual, validatePatch } from './json-patch.js';
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
import { fromPersona, toPersona, toReplica } from './sim/legacy.js';
import { type FaceRecord, type PalRecord, SimState } from './sim/state.js';
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

const MODELS = new Set(['phoenix-3', 'phoenix-4', 'phoenix-4.5']);
const THUMBNAILS = 'https://sim.tavus.invalid';

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
    this.#settle();
  }

  /** Every request received, oldest first (never the API key). */
  get requests(): readonly RecordedRequest[] {
    return this.#state.requests;
  }

  /** Training callbacks that would have been sent, oldest first. */
  get callbacks(): readonly RecordedCallback[] {
    this.#settle();
    return this.#state.callbacks;
  }

  /** The account's own faces, as Get Face (verbose) would return them now. */
  get faces(): ReadonlyMap<string, SimFace> {
    this.#settle();
    const out = new Map<string, SimFace>();
    for (const face of this.#state.faces.values())
      if (face.face_type === 'user') out.set(face.face_id, this.#faceView(face));
    return out;
  }

  /** The stock faces (`face_type: 'system'`), in catalogue order. */
  get stockFaces(): readonly SimFace[] {
    return [...this.#state.faces.values()].filter((f) => f.face_type === 'system').map((f) => this.#faceView(f));
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
    const now = this.now();
    const face_id = init.face_id ?? this.#state.id('r', 11);
    if (this.#state.faces.has(face_id)) throw new RangeError(`face ${face_id} exists already`);
    this.#state.claim(face_id);
    const model = init.model_name ?? 'phoenix-4';
    const trained = init.trained ?? true;
    const voice = init.default_voice_id ?? null;
    const face: FaceRecord = {
      face_id,
      face_name: init.face_name ?? null,
      face_type: 'user',
      model_name: model,
      created: now,
      updated: now,
      default_voice_id: voice,
      original_voice_id: voice,
      trainingMs: this.trainingMs,
      previewMs: this.previewMs,
      outcome: 'completed',
      callback_url: undefined,
      status: trained ? 'completed' : 'started',
      finetune_status: trained && model === 'phoenix-4.5' ? 'completed' : null,
      error_message: null,
      progress: trained ? 100 : 0,
    };
    this.#state.faces.set(face_id, face);
    return this.#faceView(face);
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
      this.#settle();
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
        return method === 'GET'
          ? this.#json(200, this.#listFaces(q, legacy))
          : this.#json(200, this.#createFace(parseBody(text), legacy));
      }
      if (action === 'name') {
        allow('PATCH');
        this.#renameFace(id, parseBody(text), legacy);
        return this.#text(200, 'OK');
      }
      if (action !== undefined) throw new Reply(404, { error: 'Not Found' });
      allow('GET', 'PATCH', 'DELETE');
      if (method === 'GET') {
        const face = this.#faceView(this.#face(id, legacy), q.get('verbose') === 'true');
        return this.#json(200, legacy ? toReplica(face) : face);
      }
      if (method === 'PATCH') return this.#json(200, this.#updateFace(id, parseBody(text)));
      this.#ownFace(id, legacy);
      this.#state.faces.delete(id);
      return this.#text(200, 'OK');
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

  // ---------------------------------------------------------------- faces

  #face(id: string, legacy: boolean): FaceRecord {
    const face = this.#state.faces.get(id);
    if (!face) throw new Reply(400, { error: legacy ? 'Invalid replica_id' : 'Invalid face_id' });
    return face;
  }

  /** Stock faces are readable by everyone but belong to no account: they cannot be changed. */
  #ownFace(id: string, legacy: boolean): FaceRecord {
    const face = this.#face(id, legacy);
    if (face.face_type !== 'user') throw new Reply(400, { error: legacy ? 'Invalid replica_id' : 'Invalid face_id' });
    return face;
  }

  #faceView(face: FaceRecord, verbose = true, list = false): SimFace {
    const view: Partial<SimFace> = {
      face_id: face.face_id,
      face_name: face.face_name,
      thumbnail_video_url: face.status === 'completed' ? `${THUMBNAILS}/faces/${face.face_id}/thumbnail.mp4` : null,
      training_progress: `${face.progress}/100`,
      status: face.status,
      created_at: new Date(face.created).toISOString(),
    };
    // List items carry a subset of Get's fields (contract, parts/faces.md §3).
    if (!list) {
      view.updated_at = new Date(face.updated).toISOString();
      view.error_message = face.error_message;
    }
    if (verbose) view.face_type = face.face_type;
    view.model_name = face.model_name;
    view.default_voice_id = face.default_voice_id;
    view.original_voice_id = face.original_voice_id;
    view.finetune_status = face.finetune_status;
    return view as SimFace;
  }

  #listFaces(q: URLSearchParams, legacy: boolean): { data: unknown[]; total_count: number } {
    const type = q.get(legacy ? 'replica_type' : 'face_type') ?? 'user';
    if (type !== 'user' && type !== 'system') {
      throw new Reply(400, { error: `Invalid ${legacy ? 'replica_type' : 'face_type'}` });
    }
    const idsParam = q.get(legacy ? 'replica_ids' : 'face_ids');
    const ids = idsParam ? new Set(idsParam.split(',').map((s) => s.trim())) : undefined;
    const model = q.get('model_name');
    const verbose = q.get('verbose') === 'true';
    let faces = [...this.#state.faces.values()].filter(
      (f) => f.face_type === type && (!ids || ids.has(f.face_id)) && (!model || f.model_name === model),
    );
    // Newest first for the account's faces; the catalogue keeps its own order.
    if (type === 'user') faces = faces.reverse();
    const page = paginate(faces, q, 10);
    const data = page.data.map((f) => {
      const view = this.#faceView(f, verbose, true);
      return legacy ? toReplica(view) : view;
    });
    return { data, total_count: page.total_count };
  }

  #createFace(body: Record<string, unknown>, legacy: boolean): Record<string, unknown> {
    // The reference's quickstarts send `callback_url: ""`: an empty string means absent.
    const given = (key: string): string | undefined => {
      const value = body[key];
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'string') throw new Reply(400, { error: `Invalid ${key}` });
      return value;
    };
    const video = given('train_video_url');
    const image = given('train_image_url');
    if (!video && !image)
      throw new Reply(400, { error: 'Either train_video_url or train_image_url must be provided.' });
    if (video && image) throw new Reply(400, { error: 'Provide only one of train_video_url or train_image_url.' });
    for (const key of ['train_video_url', 'train_image_url', 'callback_url']) {
      const value = given(key);
      if (value !== undefined && !isHttpUrl(value)) throw new Reply(400, { error: `Invalid ${key}` });
    }
    const model = given('model_name') ?? 'phoenix-4';
    if (!MODELS.has(model)) throw new Reply(400, { error: 'Invalid model_name' });
    if (image && model === 'phoenix-3') {
      throw new Reply(400, { error: 'Image training is not available on phoenix-3.' });
    }
    const name = given(legacy ? 'replica_name' : 'face_name') ?? given('face_name');
    const voiceName = given('voice_name');
    const voiceId = given('default_voice_id');
    if (voiceName && voiceId) throw new Reply(400, { error: 'Provide only one of voice_name or default_voice_id.' });
    let voice: string | undefined;
    if (voiceName) {
      const slug = voiceName.toLowerCase();
      voice = [...this.#state.voices.values()].find(
        (v) => v.voice_type === 'system' && v.voice_name === slug,
      )?.voice_id;
      if (!voice) throw new Reply(400, { error: 'Invalid voice_name' });
    } else if (voiceId) {
      if (!this.#state.voices.has(voiceId)) throw new Reply(400, { error: 'Invalid default_voice_id' });
      voice = voiceId;
    }
    if (image && !voice) {
      throw new Reply(400, { error: 'Image training requires voice_name or default_voice_id.' });
    }

    const now = this.now();
    const face_id = this.#state.id('r', 11);
    let original = voice ?? null;
    if (video) {
      // Video training makes a voice from the video's audio; it becomes the face's original voice.
      const created = this.#state.id('v', 12);
      this.#state.voices.set(created, {
        voice_id: created,
        voice_name: name ?? `Voice of ${face_id}`,
        description: null,
        voice_type: 'user',
        status: 'completed',
        tags: [],
        created_at: new Date(now).toISOString().replace('Z', '000'),
      });
      original = created;
    }
    const outcome =
      this.#state.outcome?.({
        face_id,
        face_name: name,
        model_name: model,
        train_video_url: video,
        train_image_url: image,
        body: structuredClone(body),
      }) ?? 'completed';
    this.#state.faces.set(face_id, {
      face_id,
      face_name: name ?? null,
      face_type: 'user',
      model_name: model,
      created: now,
      updated: now,
      default_voice_id: voice ?? original,
      original_voice_id: original,
      trainingMs: this.trainingMs,
      previewMs: this.previewMs,
      outcome,
      callback_url: given('callback_url'),
      status: 'started',
      finetune_status: null,
      error_message: null,
      progress: 0,
    });
    return legacy ? { replica_id: face_id, status: 'started' } : { face_id, status: 'started' };
  }

  #updateFace(id: string, body: Record<string, unknown>): Record<string, unknown> {
    const face = this.#ownFace(id, false);
    const next = { face_name: face.face_name, default_voice_id: face.default_voice_id };
    for (const key of ['face_name', 'default_voice_id'] as const) {
      if (!Object.hasOwn(body, key)) continue;
      const value = body[key];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new Reply(400, { error: `${key} must not be null or blank` });
      }
      if (key === 'default_voice_id' && !this.#state.voices.has(value)) {
        throw new Reply(400, { error: 'Invalid default_voice_id' });
      }
      next[key] = value;
    }
    face.face_name = next.face_name;
    face.default_voice_id = next.default_voice_id;
    face.updated = this.now();
    return {
      face_id: face.face_id,
      face_name: face.face_name,
      default_voice_id: face.default_voice_id,
      original_voice_id: face.original_voice_id,
    };
  }

  #renameFace(id: string, body: Record<string, unknown>, legacy: boolean): void {
    const face = this.#ownFace(id, legacy);
    const name = body[legacy ? 'replica_name' : 'face_name'];
    if (typeof name !== 'string' || name.trim() === '') {
      throw new Reply(400, { error: `${legacy ? 'replica_name' : 'face_name'} is required` });
    }
    face.face_name = name;
    face.updated = this.now();
  }

  /** Brings every training up to the simulated now, recording callbacks in time order. */
  #settle(): void {
    const now = this.now();
    const events: RecordedCallback[] = [];
    for (const face of this.#state.faces.values()) {
      if (face.face_type === 'user') this.#settleFace(face, now, events);
    }
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    this.#state.callbacks.push(...events);
  }

  #settleFace(face: FaceRecord, now: number, events: RecordedCallback[]): void {
    const elapsed = now - face.created;
    const twoStage = face.model_name === 'phoenix-4.5';
    const firstStageMs = twoStage ? face.previewMs : face.trainingMs;
    const error = typeof face.outcome === 'object' ? face.outcome : undefined;
    const notify = (at: number, body: Omit<RecordedCallback['body'], 'replica_id' | 'face_id'>): void => {
      if (face.callback_url) {
        events.push({
          url: face.callback_url,
          body: { replica_id: face.face_id, face_id: face.face_id, ...body },
          at: new Date(at).toISOString(),
        });
      }
    };
    if (face.status === 'started') {
      if (elapsed < firstStageMs) {
        face.progress = Math.min(99, Math.floor((elapsed / firstStageMs) * 100));
        return;
      }
      const at = face.created + firstStageMs;
      face.updated = at;
      if (error && (!twoStage || error.stage === 'preview')) {
        face.status = 'error';
        face.error_message = error.error;
        notify(at, { status: 'error', error_message: error.error });
        return;
      }
      face.status = 'completed';
      face.progress = 100;
      if (twoStage) face.finetune_status = 'started';
      notify(at, { status: 'ready' });
    }
    if (twoStage && face.finetune_status === 'started' && elapsed >= face.trainingMs) {
      const at = face.created + face.trainingMs;
      face.updated = at;
      if (error) {
        face.finetune_status = 'errored';
        notify(at, { status: 'ready', finetune_status: 'errored', error_message: error.error });
      } else {
        face.finetune_status = 'completed';
        notify(at, { status: 'ready', finetune_status: 'completed' });
      }
    }
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

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
