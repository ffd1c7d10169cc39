/**
 * Voices: the stock catalogue plus the voices video training makes. Read-only over HTTP.
 *
 * @module
 * @internal
 */
import type { SimVoice } from '../catalogue.js';
import { type Handler, Reply, badRequest, ok, paginate } from './http.js';
import type { SimState } from './state.js';

/** `GET /v2/voices`: search, tag, sort by name, then a page. @internal */
export const listVoices: Handler = (state, { query: q }) => {
  const search = q.get('search')?.toLowerCase();
  const tag = q.get('tag')?.toLowerCase();
  const sort = q.get('sort') ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') throw badRequest('Invalid sort');
  const voices = [...state.voices.values()]
    .filter((v) => !search || v.voice_name.toLowerCase().includes(search))
    .filter((v) => !tag || v.tags.some((t) => t.toLowerCase() === tag))
    .sort((a, b) => a.voice_name.localeCompare(b.voice_name) || a.voice_id.localeCompare(b.voice_id));
  if (sort === 'desc') voices.reverse();
  const page = paginate(voices, q, 10, 100);
  return ok({ ...page, data: page.data.map((v) => structuredClone(v)) });
};

/** `GET /v2/voices/:id`: unlike faces and PALs, an unknown voice is a 404. @internal */
export const getVoice: Handler = (state, { id }) => {
  const voice = state.voices.get(id);
  if (!voice) throw new Reply(404, { error: 'Voice not found' });
  return ok(voice);
};

/** Copies of every voice, for `sim.voices`. @internal */
export function voiceViews(state: SimState): SimVoice[] {
  return [...state.voices.values()].map((v) => structuredClone(v));
}
