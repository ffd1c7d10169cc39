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

/** The stock voice a `voice_name` slug (any case) names. @internal */
export function stockVoiceId(state: SimState, name: string): string | undefined {
  const slug = name.toLowerCase();
  return [...state.voices.values()].find((v) => v.voice_type === 'system' && v.voice_name === slug)?.voice_id;
}

/** The voice video training makes from the video's audio. @internal */
export function addTrainedVoice(state: SimState, name: string, now: number): string {
  const voice_id = state.id('v', 12);
  state.voices.set(voice_id, {
    voice_id,
    voice_name: name,
    description: null,
    voice_type: 'user',
    status: 'completed',
    tags: [],
    // Written as the stock voices' times are: microseconds and no zone.
    created_at: new Date(now).toISOString().replace('Z', '000'),
  });
  return voice_id;
}
