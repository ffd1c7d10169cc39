/**
 * Faces: the routes, the views Get and List return, and training, which advances with the
 * simulated clock and is settled lazily whenever state is read.
 *
 * @module
 * @internal
 */
import { type Handler, TEXT_OK, badRequest, ok, paginate, parseBody } from './http.js';
import { toReplica } from './legacy.js';
import { type FaceRecord, type SimState, faceRecord } from './state.js';
import type { AddFaceOptions, RecordedCallback, SimFace, TrainingOutcome } from './types.js';
import { trainingError } from './media.js';
import { addTrainedVoice, settleVoices, stockVoiceId } from './voices.js';

const MODELS = new Set(['phoenix-3', 'phoenix-4', 'phoenix-4.5']);
const THUMBNAILS = 'https://sim.tavus.invalid';

/** `GET /v2/faces`: the account's faces newest first, or the stock ones in catalogue order. @internal */
export const listFaces: Handler = (state, { query: q, legacy }) => {
  const type = q.get(legacy ? 'replica_type' : 'face_type') ?? 'user';
  if (type !== 'user' && type !== 'system') throw badRequest(`Invalid ${legacy ? 'replica_type' : 'face_type'}`);
  const idsParam = q.get(legacy ? 'replica_ids' : 'face_ids');
  const ids = idsParam ? new Set(idsParam.split(',').map((s) => s.trim())) : undefined;
  const model = q.get('model_name');
  const verbose = q.get('verbose') === 'true';
  let faces = [...state.faces.values()].filter(
    (f) => f.face_type === type && (!ids || ids.has(f.face_id)) && (!model || f.model_name === model),
  );
  if (type === 'user') faces = faces.reverse();
  const page = paginate(faces, q, 10);
  const data = page.data.map((f) => {
    const view = faceView(f, verbose, true);
    return legacy ? toReplica(view) : view;
  });
  return ok({ data, total_count: page.total_count });
};

/** `POST /v2/faces`: checks the body as the API does, then starts a training on the clock. @internal */
export const createFace: Handler = (state, { text, legacy }) => {
  const body = parseBody(text);
  // The reference's quickstarts send `callback_url: ""`: an empty string means absent.
  const given = (key: string): string | undefined => {
    const value = body[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw badRequest(`Invalid ${key}`);
    return value;
  };
  const video = given('train_video_url');
  const image = given('train_image_url');
  if (!video && !image) throw badRequest('Either train_video_url or train_image_url must be provided.');
  if (video && image) throw badRequest('Provide only one of train_video_url or train_image_url.');
  for (const key of ['train_video_url', 'train_image_url', 'callback_url']) {
    const value = given(key);
    if (value !== undefined && !isHttpUrl(value)) throw badRequest(`Invalid ${key}`);
  }
  const model = given('model_name') ?? 'phoenix-4';
  if (!MODELS.has(model)) throw badRequest('Invalid model_name');
  if (image && model === 'phoenix-3') throw badRequest('Image training is not available on phoenix-3.');
  const name = given(legacy ? 'replica_name' : 'face_name') ?? given('face_name');
  const voiceName = given('voice_name');
  const voiceId = given('default_voice_id');
  if (voiceName && voiceId) throw badRequest('Provide only one of voice_name or default_voice_id.');
  let voice: string | undefined;
  if (voiceName) {
    voice = stockVoiceId(state, voiceName);
    if (!voice) throw badRequest('Invalid voice_name');
  } else if (voiceId) {
    if (!state.voices.has(voiceId)) throw badRequest('Invalid default_voice_id');
    voice = voiceId;
  }
  if (image && !voice) throw badRequest('Image training requires voice_name or default_voice_id.');

  const now = state.now();
  const face_id = state.id('r', 11);
  // Video training makes a voice from the video's audio; it becomes the face's original voice.
  const original = video ? addTrainedVoice(state, name ?? `Voice of ${face_id}`, now) : (voice ?? null);
  // A file Tavus would reject fails the training, at its end, whatever trainingOutcome says.
  const rejected = trainingError(state.mediaFacts(video ?? image), video ? 'video' : 'image');
  const outcome: TrainingOutcome = rejected
    ? { error: rejected, stage: 'preview' }
    : (state.outcome?.({
        face_id,
        face_name: name,
        model_name: model,
        train_video_url: video,
        train_image_url: image,
        body: structuredClone(body),
      }) ?? 'completed');
  state.faces.set(
    face_id,
    faceRecord({
      face_id,
      face_name: name ?? null,
      face_type: 'user',
      model_name: model,
      created: now,
      default_voice_id: voice ?? original,
      original_voice_id: original,
      trainingMs: state.trainingMs,
      previewMs: state.previewMs,
      outcome,
      callback_url: given('callback_url'),
      trained: false,
    }),
  );
  return ok(legacy ? { replica_id: face_id, status: 'started' } : { face_id, status: 'started' });
};

/** `GET /v2/faces/:id`: stock faces are readable too. @internal */
export const getFace: Handler = (state, { id, query, legacy }) => {
  const view = faceView(findFace(state, id, legacy), query.get('verbose') === 'true');
  return ok(legacy ? toReplica(view) : view);
};

/** `PATCH /v2/faces/:id`: name and default voice, neither null nor blank. @internal */
export const updateFace: Handler = (state, { id, text }) => {
  const body = parseBody(text);
  // Face-era names even on /v2/replicas, as the simulator always answered (test/testing/routing.test.ts).
  const face = ownFace(state, id, false);
  const next = { face_name: face.face_name, default_voice_id: face.default_voice_id };
  for (const key of ['face_name', 'default_voice_id'] as const) {
    if (!Object.hasOwn(body, key)) continue;
    const value = body[key];
    if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${key} must not be null or blank`);
    if (key === 'default_voice_id' && !state.voices.has(value)) throw badRequest('Invalid default_voice_id');
    next[key] = value;
  }
  face.face_name = next.face_name;
  face.default_voice_id = next.default_voice_id;
  face.updated = state.now();
  return ok({
    face_id: face.face_id,
    face_name: face.face_name,
    default_voice_id: face.default_voice_id,
    original_voice_id: face.original_voice_id,
  });
};

/** `PATCH /v2/faces/:id/name`. @internal */
export const renameFace: Handler = (state, { id, text, legacy }) => {
  const body = parseBody(text);
  const face = ownFace(state, id, legacy);
  const key = legacy ? 'replica_name' : 'face_name';
  const name = body[key];
  if (typeof name !== 'string' || name.trim() === '') throw badRequest(`${key} is required`);
  face.face_name = name;
  face.updated = state.now();
  return TEXT_OK;
};

/** `DELETE /v2/faces/:id`. @internal */
export const deleteFace: Handler = (state, { id, legacy }) => {
  ownFace(state, id, legacy);
  state.faces.delete(id);
  return TEXT_OK;
};

/** `sim.addFace`: a face made without a request, trained already unless told otherwise. @internal */
export function addFace(state: SimState, init: AddFaceOptions): SimFace {
  const face_id = init.face_id ?? state.id('r', 11);
  if (state.faces.has(face_id)) throw new RangeError(`face ${face_id} exists already`);
  state.claim(face_id);
  const face = faceRecord({
    face_id,
    face_name: init.face_name ?? null,
    face_type: 'user',
    model_name: init.model_name ?? 'phoenix-4',
    created: state.now(),
    default_voice_id: init.default_voice_id ?? null,
    trainingMs: state.trainingMs,
    previewMs: state.previewMs,
    trained: init.trained ?? true,
  });
  state.faces.set(face_id, face);
  return faceView(face);
}

/** Get Face (verbose) views of the account's faces or of the stock ones, in record order. @internal */
export function faceViews(state: SimState, type: 'user' | 'system'): SimFace[] {
  return [...state.faces.values()].filter((f) => f.face_type === type).map((f) => faceView(f));
}

/** Brings every training up to the simulated now, recording callbacks in time order. @internal */
export function settle(state: SimState): void {
  settleVoices(state);
  const now = state.now();
  const events: RecordedCallback[] = [];
  for (const face of state.faces.values()) {
    if (face.face_type === 'user') settleFace(face, now, events);
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  state.callbacks.push(...events);
}

function settleFace(face: FaceRecord, now: number, events: RecordedCallback[]): void {
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

function faceView(face: FaceRecord, verbose = true, list = false): SimFace {
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

/**
 * The face `id` names; with `own`, only one of the account's: stock faces are readable by everyone
 * but belong to no account, so they cannot be changed.
 */
function findFace(state: SimState, id: string, legacy: boolean, own = false): FaceRecord {
  const face = state.faces.get(id);
  if (face && (!own || face.face_type === 'user')) return face;
  throw badRequest(legacy ? 'Invalid replica_id' : 'Invalid face_id');
}

function ownFace(state: SimState, id: string, legacy: boolean): FaceRecord {
  return findFace(state, id, legacy, true);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
