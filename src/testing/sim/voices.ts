/**
 * Voices: the stock catalogue, the voices video training makes, and Create Voice, whose voices
 * settle (`started` → `completed` | `error`) `voiceMs` of simulated time after they are made.
 *
 * @module
 * @internal
 */
import type { SimVoice } from '../catalogue.js';
import { type Handler, Reply, badRequest, ok, paginate, parseBody } from './http.js';
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

const AUDIO = /\.(mp3|wav|m4a|flac|ogg|oga|webm|mp4|mov)$/i;

/** `POST /v2/voices`: the documented limits, then a voice that settles on the clock. @internal */
export const createVoice: Handler = (state, { text }) => {
  const body = parseBody(text);
  const name = body.voice_name;
  const audio = body.audio_url;
  const description = body.description ?? null;
  const callback = body.callback_url === '' ? undefined : body.callback_url;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) throw badRequest('Invalid voice_name');
  if (typeof audio !== 'string' || audio.length > 2048 || !/^https?:\/\//.test(audio)) {
    throw badRequest('Invalid audio_url');
  }
  const file = new URL(audio).pathname.split('/').pop() ?? '';
  if (file.includes('.') && !AUDIO.test(file)) throw badRequest('Unsupported audio format');
  if (description !== null && (typeof description !== 'string' || description.length > 1000)) {
    throw badRequest('Invalid description');
  }
  if (callback !== undefined && (typeof callback !== 'string' || !/^https?:\/\//.test(callback))) {
    throw badRequest('Invalid callback_url');
  }
  const now = state.now();
  const voice_id = state.id('v', 12);
  state.voices.set(voice_id, {
    voice_id,
    voice_name: name,
    description,
    voice_type: 'user',
    status: 'started',
    tags: [],
    created_at: new Date(now).toISOString().replace('Z', '000'),
  });
  const facts = state.mediaFacts(audio);
  const unusable =
    facts?.reachable === false
      ? 'There was an issue downloading your audio file.'
      : facts?.hasAudio === false
        ? 'The file has no audio track to clone a voice from.'
        : undefined;
  const outcome = unusable
    ? { error: unusable }
    : (state.voiceOutcome?.({ voice_id, voice_name: name, audio_url: audio }) ?? 'completed');
  state.voiceJobs.set(voice_id, { at: now + state.voiceMs, outcome, callback_url: callback as string | undefined });
  return ok({ voice_id, voice_name: name, status: 'started' });
};

/** Settles the voices whose time has come, handing their callbacks to `onCallback`. @internal */
export function settleVoices(state: SimState): void {
  const now = state.now();
  for (const [voice_id, job] of state.voiceJobs) {
    if (job.at > now) continue;
    state.voiceJobs.delete(voice_id);
    const voice = state.voices.get(voice_id);
    if (!voice) continue;
    const error = typeof job.outcome === 'object' ? job.outcome.error : undefined;
    voice.status = error ? 'error' : 'completed';
    if (error) Object.assign(voice, { error_message: error });
    if (!job.callback_url || !state.onCallback) continue;
    // The envelope is undocumented: the conversation callbacks' shape, the voice fields under `properties`.
    const at = new Date(job.at).toISOString();
    const properties = {
      voice_id,
      voice_name: voice.voice_name,
      status: voice.status,
      ...(error ? { error_message: error } : {}),
    };
    try {
      state.onCallback({
        url: job.callback_url,
        body: {
          event_type: 'application.voice_status_changed',
          message_type: 'application',
          timestamp: at,
          properties,
        },
        at,
      });
    } catch (thrown) {
      queueMicrotask(() => {
        throw thrown;
      });
    }
  }
}
