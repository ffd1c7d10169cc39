/**
 * Conversations: the routes, a lifecycle on the simulated clock (the face joins, the call ends on
 * `end`, `max_call_duration` or an absence timeout, then the transcript, perception analysis and
 * recording arrive), app messages with the documented size and rate limits, and the callbacks all
 * of it would send.
 *
 * @module
 * @internal
 */
import { mulberry32, seedToNumber } from '../prng.js';
import { settle } from './faces.js';
import { type Handler, Reply, TEXT_OK, badRequest, ok, paginate, parseBody } from './http.js';
import type { ConversationRecord, SimState } from './state.js';
import type { SimAppMessage, SimCallback, SimConversation } from './types.js';

/** Simulated delays after creation (the face joins at once) or after the end, in ms. */
const JOIN_MS = 0;
const TRANSCRIPT_MS = 4_000;
const PERCEPTION_MS = 6_000;
const RECORDING_MS = 8_000;
/** Send App Message: 65,536 bytes per body and 120 requests per 60 s, as documented. */
const MAX_MESSAGE_BYTES = 65_536;
const RATE_LIMIT = 120;
const RATE_WINDOW_MS = 60_000;
const DEFAULTS = { max_call_duration: 3600, participant_left_timeout: 0, participant_absent_timeout: 300 };

const invalidId = () => badRequest('Invalid conversation_id');

/** `POST /v2/conversations`: needs a trained face, given or the PAL's default one. @internal */
export const createConversation: Handler = (state, { text }) => {
  const body = parseBody(text);
  const given = (key: string, legacy?: string): string | undefined => {
    const value = body[key] ?? (legacy ? body[legacy] : undefined);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw badRequest(`Invalid ${key}`);
    return value;
  };
  const palId = given('pal_id', 'persona_id');
  const pal = palId === undefined ? undefined : state.pals.get(palId);
  if (palId !== undefined && !pal)
    throw badRequest(body.pal_id === undefined ? 'Invalid persona_id' : 'Invalid pal_id');
  const faceId = given('face_id', 'replica_id') ?? (pal?.doc.default_face_id as string | undefined);
  if (faceId === undefined) {
    throw badRequest(pal ? 'face_id is required: the PAL has no default_face_id' : 'face_id or pal_id is required');
  }
  const face = state.faces.get(faceId);
  if (!face)
    throw badRequest(
      body.face_id === undefined && body.replica_id !== undefined ? 'Invalid replica_id' : 'Invalid face_id',
    );
  if (face.status !== 'completed') throw badRequest(`The face ${faceId} is not ready (status: ${face.status})`);
  const callback = given('callback_url');
  if (callback !== undefined && !/^https?:\/\//.test(callback)) throw badRequest('Invalid callback_url');
  const properties = body.properties ?? {};
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    throw badRequest('Invalid properties');
  }
  const p = properties as Record<string, unknown>;
  const seconds = (key: keyof typeof DEFAULTS): number => {
    const value = p[key] ?? DEFAULTS[key];
    if (!Number.isInteger(value) || (value as number) < 0) throw badRequest(`Invalid properties.${key}`);
    return (value as number) * 1000;
  };
  const storage = p.recording_storage;
  if (storage !== undefined && (storage === null || typeof storage !== 'object')) {
    throw badRequest('Invalid properties.recording_storage');
  }
  const now = state.now();
  const id = state.id('c', 11);
  const perception = (pal?.doc.layers as { perception?: { perception_model?: unknown } } | undefined)?.perception
    ?.perception_model;
  const auth = body.require_auth === true || body.require_auth === 'true' || p.require_auth === true;
  const testMode = body.test_mode === true || body.test_mode === 'true';
  const record: ConversationRecord = {
    conversation_id: id,
    conversation_name: given('conversation_name') ?? null,
    face_id: faceId,
    pal_id: pal?.doc.pal_id ?? defaultPal(state),
    callback_url: callback,
    created: now,
    updated: now,
    maxEnd: now + seconds('max_call_duration'),
    leftTimeoutMs: seconds('participant_left_timeout'),
    absentTimeoutMs: seconds('participant_absent_timeout'),
    recording: p.enable_recording === true || p.enable_recording === 'true',
    storage: storage as Record<string, unknown> | undefined,
    perception: typeof perception === 'string' && perception !== 'off',
    testMode,
    greeting: given('custom_greeting'),
    meetingToken: auth ? fakeJwt(id) : undefined,
    participants: 0,
    leftAt: undefined,
    joined: false,
    // A test-mode conversation is made but never joined: it is over at once, and free.
    ended: testMode ? { at: now, reason: 'test_mode' } : undefined,
    emotion: null,
    messages: [],
    notified: 0,
  };
  state.conversations.set(id, record);
  const out: Record<string, unknown> = {
    conversation_id: id,
    conversation_name: record.conversation_name,
    conversation_url: roomUrl(id),
    status: record.ended ? 'ended' : 'active',
    callback_url: callback ?? null,
    created_at: new Date(now).toISOString(),
  };
  if (record.meetingToken) out.meeting_token = record.meetingToken;
  return ok(out);
};

/** `GET /v2/conversations`: newest first, optionally by `status`. @internal */
export const listConversations: Handler = (state, { query }) => {
  const status = query.get('status');
  if (status !== null && status !== 'active' && status !== 'ended') throw badRequest('Invalid status');
  const all = [...state.conversations.values()].reverse().filter((c) => status === null || statusOf(c) === status);
  const page = paginate(all, query, 10);
  return ok({ data: page.data.map((c) => wireView(state, c, false)), total_count: page.total_count });
};

/** `GET /v2/conversations/:id`, with `events` when `verbose=true`. @internal */
export const getConversation: Handler = (state, { id, query }) =>
  ok(wireView(state, find(state, id), query.get('verbose') === 'true'));

/** `POST /v2/conversations/:id/end`: 200 `OK`, also for a conversation that has ended already. @internal */
export const endConversation: Handler = (state, { id }) => {
  const record = find(state, id);
  if (!record.ended) end(record, state.now(), 'end_conversation_endpoint_hit');
  return TEXT_OK;
};

/** `DELETE /v2/conversations/:id` (`?hard=true` too): 204. @internal */
export const deleteConversation: Handler = (state, { id }) => {
  find(state, id);
  state.conversations.delete(id);
  return new Reply(204, undefined);
};

/**
 * `POST /v2/conversations/:id/send-app-message`: the documented limits (413 past 65,536 bytes, 429
 * past 120 requests in 60 simulated seconds, with `Retry-After`), then only to active
 * conversations. Accepted messages are recorded in arrival order.
 *
 * @internal
 */
export const sendAppMessage: Handler = (state, { id, text }) => {
  if (new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) {
    throw new Reply(413, { error: `Request body exceeds ${MAX_MESSAGE_BYTES} bytes` });
  }
  const now = state.now();
  const times = state.appMessageTimes;
  while (times.length > 0 && (times[0] as number) <= now - RATE_WINDOW_MS) times.shift();
  if (times.length >= RATE_LIMIT) {
    const waitS = Math.max(1, Math.ceil(((times[0] as number) + RATE_WINDOW_MS - now) / 1000));
    throw new RetryAfterReply(429, { error: 'Too many requests' }, waitS);
  }
  times.push(now);
  const record = find(state, id);
  const message = parseBody(text);
  if (record.ended) throw badRequest('App messages can only be sent to active conversations.');
  record.messages.push({ message, at: new Date(now).toISOString() });
  const props = message.properties as { emotion?: unknown } | undefined;
  if (message.event_type === 'conversation.set_emotion' && typeof props?.emotion === 'string') {
    record.emotion = props.emotion;
  }
  return TEXT_OK;
};

/** A reply with a `Retry-After` header (seconds). @internal */
export class RetryAfterReply extends Reply {
  constructor(
    status: number,
    body: unknown,
    readonly retryAfterSeconds: number,
  ) {
    super(status, body);
  }
}

/**
 * Settles everything up to the simulated now — trainings, then conversations — and hands the
 * callbacks that became due to `onCallback`, oldest first. @internal
 */
export function settleAll(state: SimState): void {
  settle(state);
  const now = state.now();
  const due: SimCallback[] = [];
  for (const record of state.conversations.values()) {
    settleConversation(record, now);
    if (!record.callback_url) continue;
    const timeline = eventsOf(record);
    for (; record.notified < timeline.length; record.notified++) {
      const item = timeline[record.notified] as TimedEvent;
      if (item.at > now) break;
      due.push(callbackOf(record, item));
    }
  }
  const training = state.callbacks.slice(state.deliveredTraining);
  state.deliveredTraining = state.callbacks.length;
  if (!state.onCallback) return;
  const all: SimCallback[] = [...training.map((c) => ({ ...c, body: { ...c.body } })), ...due];
  all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const callback of all) {
    try {
      state.onCallback(callback);
    } catch (error) {
      // A throwing test callback must not break the request being answered: it surfaces on its own.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** Views of every conversation, oldest first, for `sim.conversations`. @internal */
export function conversationViews(state: SimState): SimConversation[] {
  const now = state.now();
  return [...state.conversations.values()].map((c) => ({
    conversation_id: c.conversation_id,
    conversation_name: c.conversation_name,
    conversation_url: roomUrl(c.conversation_id),
    status: statusOf(c),
    face_id: c.face_id,
    pal_id: c.pal_id,
    shutdown_reason: c.ended?.reason ?? null,
    emotion: c.emotion,
    participants: c.participants,
    events: eventsOf(c)
      .filter((e) => e.at <= now)
      .map((e) => structuredClone(e.event)),
    created_at: new Date(c.created).toISOString(),
  }));
}

/** The app messages a conversation accepted, in arrival order (`sim.appMessages(id)`). @internal */
export function appMessages(state: SimState, id: string): SimAppMessage[] {
  const record = state.conversations.get(id);
  if (!record) throw new RangeError(`no conversation ${id}`);
  return record.messages.map((m) => structuredClone(m));
}

/**
 * A participant joins (`+1`) or leaves (`-1`) the room now: joining stops the absence timeout, the
 * last one leaving starts `participant_left_timeout`. @internal
 */
export function participant(state: SimState, id: string, change: 1 | -1): void {
  settleAll(state);
  const record = state.conversations.get(id);
  if (!record) throw new RangeError(`no conversation ${id}`);
  if (record.ended) throw new RangeError(`conversation ${id} has ended`);
  if (change === -1 && record.participants === 0) throw new RangeError(`nobody is in conversation ${id}`);
  record.participants += change;
  record.joined = true;
  record.leftAt = record.participants === 0 ? state.now() : undefined;
  settleAll(state);
}

interface TimedEvent {
  at: number;
  event: { event_type: string; timestamp: string; properties?: Record<string, unknown> };
}

function statusOf(record: ConversationRecord): 'active' | 'ended' {
  return record.ended ? 'ended' : 'active';
}

function find(state: SimState, id: string): ConversationRecord {
  const record = state.conversations.get(id);
  if (!record) throw invalidId();
  return record;
}

/** Ends an active conversation when one of its end conditions is due by `now`. */
function settleConversation(record: ConversationRecord, now: number): void {
  if (record.ended) return;
  const ends: [number, string][] = [[record.maxEnd, 'max_call_duration reached']];
  if (!record.joined) ends.push([record.created + record.absentTimeoutMs, 'participant_absent_timeout reached']);
  if (record.leftAt !== undefined)
    ends.push([record.leftAt + record.leftTimeoutMs, 'participant_left_timeout reached']);
  const [at, reason] = ends.reduce((a, b) => (b[0] < a[0] ? b : a));
  if (at <= now) end(record, at, reason);
}

function end(record: ConversationRecord, at: number, reason: string): void {
  record.ended = { at, reason };
  record.updated = at;
  record.participants = 0;
}

/** The whole timeline as far as it is decided: the join, and once ended what follows the end. */
function eventsOf(record: ConversationRecord): TimedEvent[] {
  if (record.testMode) return [];
  const out: TimedEvent[] = [];
  const add = (at: number, event_type: string, properties?: Record<string, unknown>): void => {
    const event: TimedEvent['event'] = { event_type, timestamp: new Date(at).toISOString() };
    if (properties) event.properties = properties;
    out.push({ at, event });
  };
  const joinedAt = record.created + JOIN_MS;
  const ended = record.ended;
  if (!ended || ended.at >= joinedAt) add(joinedAt, 'system.replica_joined');
  if (!ended) return out;
  // The verbose example of the reference calls it `reason` (callbacks say `shutdown_reason`).
  add(ended.at, 'system.shutdown', { reason: ended.reason });
  add(ended.at + TRANSCRIPT_MS, 'application.transcription_ready', { transcript: transcript(record) });
  if (record.perception) {
    add(ended.at + PERCEPTION_MS, 'application.perception_analysis', {
      analysis:
        '## Visual summary\nThe participant sat facing the camera in a well-lit room, attentive throughout, ' +
        'smiling at the greeting and nodding while the face spoke.',
    });
  }
  if (record.recording) {
    const durationS = Math.max(0, Math.round((ended.at - Math.min(ended.at, joinedAt)) / 1000));
    const provider = typeof record.storage?.provider === 'string' ? record.storage.provider : undefined;
    const key = `recordings/${record.conversation_id}.mp4`;
    add(
      ended.at + RECORDING_MS,
      'application.recording_ready',
      provider
        ? {
            storage_provider: provider,
            storage_uri: storageUri(record.storage ?? {}, provider, key),
            duration: durationS,
          }
        : { bucket_name: 'tavus-sim-recordings', s3_key: key, duration: durationS },
    );
  }
  return out;
}

const REPLIES = [
  "That's a great question. Let me think about it for a second.",
  'I hear you. Tell me a little more about that.',
  'Absolutely, we can go through it step by step.',
  'Thanks for sharing that with me.',
  'Good point. Here is how I would look at it.',
];
const OPENERS = ['Hi!', 'Hello there.', 'Can you hear me?', 'Just testing.', 'Nice to meet you.'];

/**
 * A canned transcript, the same for the same seed and conversation: the greeting, then each
 * `conversation.respond` as a user turn (and each `conversation.echo` as the face's), answered from
 * a fixed list; a couple of made-up turns when no message was sent.
 */
function transcript(record: ConversationRecord): Record<string, unknown>[] {
  const random = mulberry32(seedToNumber(record.conversation_id));
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)] as string;
  const lines: [string, string][] = [['assistant', record.greeting ?? 'Hi, welcome. What brought you here today?']];
  for (const { message } of record.messages) {
    const text = (message.properties as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') continue;
    if (message.event_type === 'conversation.respond') lines.push(['user', text], ['assistant', pick(REPLIES)]);
    if (message.event_type === 'conversation.echo') lines.push(['assistant', text]);
  }
  if (lines.length === 1) lines.push(['user', pick(OPENERS)], ['assistant', pick(REPLIES)]);
  const start = (record.created + JOIN_MS) / 1000;
  let offset = 0;
  return lines.map(([role, content]) => {
    const duration = Math.round((1 + content.length / 15 + random()) * 100) / 100;
    const turn = { role, content, timestamp: start + offset, seconds_from_start: offset, duration };
    offset = Math.round((offset + duration + 0.5 + random()) * 100) / 100;
    return turn;
  });
}

function storageUri(storage: Record<string, unknown>, provider: string, key: string): string {
  const get = (name: string): string => (typeof storage[name] === 'string' ? (storage[name] as string) : 'sim');
  if (provider === 'gcs') return `gs://${get('bucket_name')}/${key}`;
  if (provider === 'azure_blob')
    return `https://${get('storage_account')}.blob.core.windows.net/${get('container')}/${key}`;
  return `s3://${get('bucket_name')}/${key}`;
}

/** The Get Conversation view: replica/persona-era names, as the reference documents them. */
function wireView(state: SimState, record: ConversationRecord, verbose: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    conversation_id: record.conversation_id,
    conversation_name: record.conversation_name,
    conversation_url: roomUrl(record.conversation_id),
    callback_url: record.callback_url ?? null,
    status: statusOf(record),
    replica_id: record.face_id,
    persona_id: record.pal_id,
    created_at: new Date(record.created).toISOString(),
    updated_at: new Date(record.updated).toISOString(),
  };
  if (verbose) {
    const now = state.now();
    out.events = eventsOf(record)
      .filter((e) => e.at <= now)
      .map((e) => structuredClone(e.event));
  }
  return out;
}

/** The callback of one event, as the webhooks page documents it. */
function callbackOf(record: ConversationRecord, { at, event }: TimedEvent): SimCallback {
  const type = event.event_type;
  let properties: Record<string, unknown>;
  if (type === 'system.shutdown') {
    properties = { replica_id: record.face_id, shutdown_reason: event.properties?.reason };
  } else if (type === 'application.transcription_ready') {
    const turns = (event.properties?.transcript ?? []) as { role: string; content: string }[];
    properties = { replica_id: record.face_id, transcript: turns.map(({ role, content }) => ({ role, content })) };
  } else if (type === 'system.replica_joined') {
    properties = { replica_id: record.face_id };
  } else {
    properties = { ...event.properties };
  }
  const iso = new Date(at).toISOString();
  return {
    url: record.callback_url as string,
    at: iso,
    body: {
      properties,
      conversation_id: record.conversation_id,
      webhook_url: record.callback_url,
      event_type: type,
      message_type: type.startsWith('system.') ? 'system' : 'application',
      // Microseconds, as the documented examples write them.
      timestamp: iso.replace(/Z$/, '000Z'),
    },
  };
}

function roomUrl(id: string): string {
  return `https://tavus.daily.co/${id}`;
}

function defaultPal(state: SimState): string {
  for (const [id, pal] of state.pals) if (pal.pal_type === 'system') return id;
  return 'pb87e71797da';
}

function fakeJwt(id: string): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ r: id, sim: true })}.c2ltdWxhdGVk`;
}
