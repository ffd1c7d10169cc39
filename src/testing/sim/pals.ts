/**
 * PALs: the routes, JSON Patch updates with the API's own rules (PAL Maker drafts, conferencing
 * patches on their own), and conferencing usernames.
 *
 * @module
 * @internal
 */
import { JsonPatchError, applyJsonPatch, jsonEqual, validatePatch } from '../json-patch.js';
import { type Handler, Reply, badRequest, ok, paginate, parseBody } from './http.js';
import { fromPersona, toPersona } from './legacy.js';
import type { PalRecord, SimState } from './state.js';
import type { SimPal } from './types.js';

const TAKEN = 'Username is already taken.';

/** `GET /v2/pals`: the account's PALs newest first, then the stock ones. @internal */
export const listPals: Handler = (state, { query: q, legacy }) => {
  const key = legacy ? 'persona_type' : 'pal_type';
  const type = q.get(key);
  if (type !== null && type !== 'user' && type !== 'system') throw badRequest(`Invalid ${key}`);
  const pals = [...state.pals.values()].filter((p) => type === null || p.pal_type === type);
  const ordered = [
    ...pals.filter((p) => p.pal_type === 'user').reverse(),
    ...pals.filter((p) => p.pal_type !== 'user'),
  ];
  const page = paginate(ordered, q, 10);
  return ok({
    data: page.data.map((p) => (legacy ? toPersona(structuredClone(p.doc)) : structuredClone(p.doc))),
    total_count: page.total_count,
  });
};

/** `POST /v2/pals`: keeps every field sent, except the ones the server owns. @internal */
export const createPal: Handler = (state, { text, legacy }) => {
  const raw = parseBody(text);
  const body = legacy ? fromPersona(raw) : { ...raw };
  for (const key of ['pal_id', 'created_at', 'updated_at', 'conferencing_email']) delete body[key];
  const faceId = body.default_face_id;
  if (faceId === undefined || faceId === null || faceId === '') {
    // Personas could be made without a face; PALs cannot.
    if (!legacy) throw badRequest('default_face_id is required');
    delete body.default_face_id;
  } else if (typeof faceId !== 'string' || !state.faces.has(faceId)) {
    throw badRequest(legacy ? 'Invalid default_replica_id' : 'Invalid default_face_id');
  }
  const mode = body.pipeline_mode ?? 'full';
  if (mode !== 'full' && mode !== 'echo') throw badRequest('Invalid pipeline_mode');
  body.pipeline_mode = mode;
  if (mode === 'full' && (typeof body.system_prompt !== 'string' || body.system_prompt.trim() === '')) {
    throw badRequest("system_prompt is required when pipeline_mode is 'full'");
  }
  for (const key of ['pal_name', 'system_prompt', 'context']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') {
      throw badRequest(`Invalid ${key}`);
    }
  }
  if (body.layers === undefined || body.layers === null) body.layers = {};
  if (typeof body.layers !== 'object' || Array.isArray(body.layers)) throw badRequest('Invalid layers');
  const iso = state.iso();
  const doc = { ...body, pal_id: state.id('p', 11), created_at: iso, updated_at: iso } as SimPal;
  setConferencingEmail(state, doc, undefined);
  state.pals.set(doc.pal_id, { doc, pal_type: 'user', makerDraft: false });
  const out: Record<string, unknown> = { pal_id: doc.pal_id };
  if (doc.pal_name !== undefined) out.pal_name = doc.pal_name;
  if (doc.conferencing_email !== undefined) out.conferencing_email = doc.conferencing_email;
  out.created_at = doc.created_at;
  return ok(legacy ? toPersona(out) : out);
};

/** `GET /v2/pals/check-username`. @internal */
export const checkUsername: Handler = (state, { query }) => {
  const username = query.get('username');
  if (!username) throw badRequest('username is required');
  return ok(usernameOwner(state, username) === undefined ? { available: true } : { available: false, reason: TAKEN });
};

/** `GET /v2/pals/:id`: one PAL, inside a `data` array as the API sends it. @internal */
export const getPal: Handler = (state, { id, legacy }) => {
  const doc = structuredClone(findPal(state, id, legacy).doc);
  return ok({ data: [legacy ? toPersona(doc) : doc] });
};

/** `POST /v2/pals/:id/publish`: publishes the PAL Maker draft, so patches are accepted again. @internal */
export const publishPal: Handler = (state, { id }) => {
  const pal = ownPal(state, id, false);
  pal.makerDraft = false;
  pal.doc.updated_at = state.iso();
  return ok({ status: 'success', ...structuredClone(pal.doc) });
};

/** `DELETE /v2/pals/:id`. @internal */
export const deletePal: Handler = (state, { id, legacy }) => {
  ownPal(state, id, legacy);
  state.pals.delete(id);
  return new Reply(204, undefined);
};

/**
 * `PATCH /v2/pals/:id`: an RFC 6902 JSON Patch, applied to the document as the caller sees it (so
 * on `/v2/personas` with persona names). 304 when nothing changes; 409 over a PAL Maker draft
 * unless `?force=true`.
 *
 * @internal
 */
export const patchPal: Handler = (state, { id, text, query, legacy }) => {
  const force = query.get('force') === 'true';
  const pal = ownPal(state, id, legacy);
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
    throw badRequest('Changes to layers.conferencing must be sent in their own patch, without other operations.');
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
    if (!jsonEqual(next[key], pal.doc[key])) throw badRequest(`${key} cannot be changed`);
  }
  if (next.default_face_id !== undefined && !state.faces.has(String(next.default_face_id))) {
    throw badRequest('Invalid default_face_id');
  }
  if (next.layers === null || typeof next.layers !== 'object' || Array.isArray(next.layers)) {
    throw badRequest('Invalid layers');
  }
  const discarded = pal.makerDraft && force && !onlyConferencing;
  if (jsonEqual(next, pal.doc) && !discarded) return new Reply(304, { message: 'No changes were made to the PAL' });
  setConferencingEmail(state, next, pal.doc.pal_id);
  next.updated_at = state.iso();
  pal.doc = next;
  if (discarded) pal.makerDraft = false;
  const body: Record<string, unknown> = legacy ? toPersona(structuredClone(next)) : structuredClone(next);
  if (discarded) body.discarded_maker_changes = true;
  return ok(body);
};

/** Copies of the account's PALs, for `sim.pals`. @internal */
export function palViews(state: SimState): SimPal[] {
  return [...state.pals.values()].filter((p) => p.pal_type === 'user').map((p) => structuredClone(p.doc));
}

/** `sim.setMakerDraft`. @internal */
export function setMakerDraft(state: SimState, palId: string, draft: boolean): void {
  const pal = state.pals.get(palId);
  if (!pal) throw new RangeError(`no PAL ${palId}`);
  pal.makerDraft = draft;
}

/** The PAL `id` names; with `own`, only one of the account's (stock PALs cannot be changed). */
function findPal(state: SimState, id: string, legacy: boolean, own = false): PalRecord {
  const pal = state.pals.get(id);
  if (pal && (!own || pal.pal_type === 'user')) return pal;
  throw badRequest(legacy ? 'Invalid persona_id' : 'Invalid pal_id');
}

function ownPal(state: SimState, id: string, legacy: boolean): PalRecord {
  return findPal(state, id, legacy, true);
}

/** Derives `conferencing_email` from `layers.conferencing.username`, refusing a taken username. */
function setConferencingEmail(state: SimState, doc: SimPal, self: string | undefined): void {
  const conferencing = doc.layers?.conferencing as { username?: unknown } | undefined;
  const username = conferencing?.username;
  if (username === undefined || username === null) {
    delete doc.conferencing_email;
    return;
  }
  if (typeof username !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(username)) {
    throw badRequest('Invalid layers.conferencing.username');
  }
  const owner = usernameOwner(state, username);
  if (owner !== (self ?? doc.pal_id) && owner !== undefined) throw badRequest(TAKEN);
  doc.conferencing_email = `${username.toLowerCase()}@tavusinvite.com`;
}

function usernameOwner(state: SimState, username: string): string | undefined {
  const email = `${username.toLowerCase()}@tavusinvite.com`;
  for (const [id, pal] of state.pals) if (pal.doc.conferencing_email === email) return id;
  return undefined;
}
