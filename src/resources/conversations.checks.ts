/**
 * The checks of conversation requests, as pure functions: each returns what is sent (a body, a
 * query) or throws `RequestValidationError` before any request.
 *
 * @module
 * @internal
 */
import { RequestValidationError } from '../errors.js';
import { closest, unknownNameMessage } from '../core/suggest.js';
import { typeOf, withoutBlankOptionals } from './checks.js';
import { APP_MESSAGE_TYPES, PHOENIX_EMOTIONS, SENSITIVITY_LEVELS } from './conversations.messages.js';

/** The largest Send App Message body Tavus accepts, in bytes of JSON. */
export const MAX_APP_MESSAGE_BYTES = 65_536;

/** Someone to tell about deprecated names (the resource context). @internal */
export interface DeprecationSink {
  deprecated(name: string, message: string): void;
}

type Body = Record<string, unknown>;
type Check = (field: string, value: unknown) => void;

const string: Check = (field, value) => {
  if (typeof value !== 'string') fail(field, `expected a string, got ${typeOf(value)}`);
};
// The reference's own OpenAPI example sends `"audio_only": "false"`: a documented body must work.
const flag: Check = (field, value) => {
  if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') {
    fail(field, `expected a boolean, got ${typeOf(value)}`);
  }
};
const urlOf =
  (schemes: RegExp, what: string): Check =>
  (field, value) => {
    // The value is not echoed: a callback URL may carry a token.
    let ok = false;
    try {
      ok = typeof value === 'string' && schemes.test(new URL(value).protocol);
    } catch {
      // not a URL
    }
    if (!ok) fail(field, `expected an absolute ${what} URL`);
  };
const url = urlOf(/^https?:$/, 'http(s)');
const wsUrl = urlOf(/^(wss?|https?):$/, 'ws(s) or http(s)');
const strings: Check = (field, value) => {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
    fail(field, 'expected an array of non-blank strings');
  }
};
const integer =
  (min: number): Check =>
  (field, value) => {
    if (!Number.isInteger(value) || (value as number) < min) {
      fail(field, `expected an integer of at least ${min}, got ${JSON.stringify(value) ?? typeOf(value)}`);
    }
  };
const object: Check = (field, value) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'expected an object');
};

/** Every documented top-level field of Create Conversation and its check. */
const CREATE_FIELDS: Readonly<Record<string, Check>> = {
  face_id: string,
  pal_id: string,
  conversation_name: string,
  callback_url: url,
  conversational_context: string,
  custom_greeting: string,
  audio_only: flag,
  memory_stores: strings,
  document_ids: strings,
  document_tags: strings,
  document_retrieval_strategy: string,
  test_mode: flag,
  require_auth: flag,
  max_participants: integer(2),
  meeting_url: url,
  policy: string,
  enable_dynamic_greeting: flag,
  properties: object,
};

/** Every documented field of `properties` and its check. */
const PROPERTY_FIELDS: Readonly<Record<string, Check>> = {
  max_call_duration: integer(1),
  participant_left_timeout: integer(0),
  participant_absent_timeout: integer(0),
  enable_recording: flag,
  enable_closed_captions: flag,
  apply_greenscreen: flag,
  language: string,
  languages: strings,
  recording_storage: object,
  recording_s3_bucket_name: string,
  recording_s3_bucket_region: string,
  aws_assume_role_arn: string,
  daily_room: url,
  require_auth: flag,
  livekit_ws_url: wsUrl,
  livekit_room_token: string,
};

/** What each storage provider needs (OpenAPI `recording_storage`; `external_id` is optional). */
const STORAGE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  s3: ['bucket_name', 'bucket_region', 'assume_role_arn'],
  gcs: ['bucket_name', 'project_id', 'workload_identity_provider', 'service_account_email'],
  azure_blob: ['storage_account', 'container', 'tenant_id', 'client_id'],
};

// The replica/persona-era names of the reference's own examples, sent under the face/PAL names.
const LEGACY_REQUEST_NAMES = { replica_id: 'face_id', persona_id: 'pal_id' } as const;

/**
 * The body of Create Conversation: at least one of `face_id` / `pal_id`; every documented field
 * of the right type; a blank optional string left out. `replica_id` / `persona_id` (the
 * reference's examples) are sent as `face_id` / `pal_id`, the deprecated S3 recording fields are
 * reported to `sink`. An unknown field that is one typo away from a documented one is refused
 * (a misspelt `max_call_duration` would silently bill an hour); other unknown fields are sent as
 * given, for fields newer than this SDK.
 *
 * @internal
 */
export function checkCreateConversation(params: unknown, sink: DeprecationSink): Body {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    fail('params', 'expected an object with face_id and/or pal_id');
  }
  const body = withoutBlankOptionals(params as Body);
  for (const [legacy, current] of Object.entries(LEGACY_REQUEST_NAMES)) {
    if (!(legacy in body)) continue;
    if (current in body) fail(legacy, `pass ${current} only (${legacy} is its older name)`);
    body[current] = body[legacy];
    delete body[legacy];
    sink.deprecated(
      legacy,
      `"${legacy}" is the replica/persona-era name of "${current}"; tavus-faces sends "${current}".`,
    );
  }
  checkFields(body, CREATE_FIELDS, '');
  if (body.face_id === undefined && body.pal_id === undefined) {
    fail('face_id', 'pass face_id and/or pal_id (a PAL with a default_face_id needs no face_id)');
  }
  if (body.properties !== undefined) {
    const properties = withoutBlankOptionals(body.properties as Body);
    checkFields(properties, PROPERTY_FIELDS, 'properties.');
    for (const key of ['recording_s3_bucket_name', 'recording_s3_bucket_region', 'aws_assume_role_arn']) {
      if (key in properties) {
        sink.deprecated(key, `properties.${key} is deprecated by Tavus; use properties.recording_storage.`);
      }
    }
    if (properties.recording_storage !== undefined) checkStorage(properties.recording_storage as Body);
    body.properties = properties;
  }
  return body;
}

function checkStorage(storage: Body): void {
  const provider = storage.provider;
  if (typeof provider !== 'string' || provider.trim() === '') {
    fail('properties.recording_storage.provider', "expected 's3', 'gcs' or 'azure_blob'");
  }
  const needed = Object.hasOwn(STORAGE_FIELDS, provider) ? STORAGE_FIELDS[provider] : undefined;
  if (!needed) {
    const guess = nearMiss(provider, Object.keys(STORAGE_FIELDS));
    if (guess) fail('properties.recording_storage.provider', unknownNameMessage('provider', provider, [guess]));
    return;
  }
  for (const key of needed) {
    const value = storage[key];
    if (typeof value !== 'string' || value.trim() === '') {
      fail(`properties.recording_storage.${key}`, `is required for provider '${provider}' (a non-blank string)`);
    }
  }
}

/** Parameters of `conversations.list`, as its query. @internal */
export function listConversationsQuery(params: unknown): { limit?: number; page?: number; status?: string } {
  if (params === undefined) return {};
  if (params === null || typeof params !== 'object') fail('params', 'expected an object');
  const { limit, page, status } = params as { limit?: number; page?: number; status?: unknown };
  if (status !== undefined && (typeof status !== 'string' || status.trim() === '')) {
    fail('status', "expected 'active' or 'ended'");
  }
  return { limit, page, status: status as string | undefined };
}

/**
 * The body of Send App Message: the message as given, once it is an interaction the PAL can take
 * (a documented `event_type` with its required properties; another `event_type` is relayed into
 * the room, unless it looks like a typo of a documented one), addressed to this conversation, and
 * at most {@link MAX_APP_MESSAGE_BYTES} of JSON.
 *
 * @internal
 */
export function checkAppMessage(conversationId: string, message: unknown): Body {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    fail('message', 'expected an app message object ({ message_type, event_type, properties })');
  }
  const body = message as Body;
  const type = body.event_type;
  if (typeof type !== 'string' || type.trim() === '') fail('event_type', 'expected a string');
  if (body.conversation_id !== undefined && body.conversation_id !== conversationId) {
    fail('conversation_id', `is ${JSON.stringify(body.conversation_id)}, but the message is sent to ${conversationId}`);
  }
  if (type === 'conversation.realtime_api')
    fail('event_type', 'conversation.realtime_api is no longer supported by Tavus');
  if ((APP_MESSAGE_TYPES as readonly string[]).includes(type)) {
    if (body.message_type !== 'conversation') fail('message_type', `expected 'conversation' for ${type}`);
    checkProperties(type, body.properties);
  } else {
    // Other event types are relayed into the room; a near miss of a PAL interaction is a typo.
    const guess = nearMiss(type, APP_MESSAGE_TYPES);
    if (guess) fail('event_type', unknownNameMessage('event_type', type, [guess]));
  }
  let json: string;
  try {
    json = JSON.stringify(body);
  } catch (error) {
    fail('message', `cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_APP_MESSAGE_BYTES) {
    fail('message', `is ${bytes} bytes as JSON; Send App Message takes at most ${MAX_APP_MESSAGE_BYTES}`);
  }
  return body;
}

function checkProperties(type: string, value: unknown): void {
  if (type === 'conversation.interrupt' && value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail('properties', `expected an object for ${type}`);
  const p = value as Body;
  const text = (key: string): void => {
    if (typeof p[key] !== 'string' || (p[key] as string).trim() === '') {
      fail(`properties.${key}`, `is required for ${type} (a non-blank string)`);
    }
  };
  switch (type) {
    case 'conversation.respond':
      text('text');
      return;
    case 'conversation.overwrite_llm_context':
    case 'conversation.append_llm_context':
      text('context');
      return;
    case 'conversation.tool_result':
      text('tool_call_id');
      if (typeof p.output !== 'string') fail('properties.output', 'expected a string');
      return;
    case 'conversation.set_emotion':
      checkEmotion(p.emotion, 'properties.emotion');
      return;
    case 'conversation.echo': {
      const modality = p.modality ?? 'text';
      if (modality !== 'text' && modality !== 'audio') fail('properties.modality', "expected 'text' or 'audio'");
      if (modality === 'text') text('text');
      else text('audio');
      return;
    }
    case 'conversation.sensitivity': {
      const keys = ['participant_pause_sensitivity', 'participant_interrupt_sensitivity'].filter(
        (key) => p[key] !== undefined,
      );
      if (keys.length !== 1) {
        fail('properties', 'set exactly one of participant_pause_sensitivity or participant_interrupt_sensitivity');
      }
      const key = keys[0] as string;
      if (!(SENSITIVITY_LEVELS as readonly unknown[]).includes(p[key])) {
        fail(`properties.${key}`, `expected one of ${SENSITIVITY_LEVELS.map((l) => `'${l}'`).join(', ')}`);
      }
    }
  }
}

/**
 * Checks an emotion name against {@link PHOENIX_EMOTIONS}; the error lists the valid ones.
 *
 * @internal
 */
export function checkEmotion(emotion: unknown, field = 'emotion'): void {
  if (!(PHOENIX_EMOTIONS as readonly unknown[]).includes(emotion)) {
    const guess = typeof emotion === 'string' ? closest(emotion, PHOENIX_EMOTIONS) : undefined;
    fail(
      field,
      `${JSON.stringify(emotion) ?? typeOf(emotion)} is not a Phoenix emotion` +
        (guess ? ` (did you mean '${guess}'?)` : '') +
        `; expected one of ${PHOENIX_EMOTIONS.map((e) => `'${e}'`).join(', ')}`,
    );
  }
}

function checkFields(body: Body, fields: Readonly<Record<string, Check>>, prefix: string): void {
  const known = Object.keys(fields);
  for (const [key, value] of Object.entries(body)) {
    const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (check) {
      check(prefix + key, value);
      continue;
    }
    const guess = nearMiss(key, known);
    if (guess) fail(prefix + key, unknownNameMessage('field', key, [guess]));
  }
}

/**
 * The known name `name` is likely a typo of: the closest one, when it is also about as long (so a
 * newer field such as `max_participant_count` is not mistaken for `max_participants`).
 */
function nearMiss(name: string, known: readonly string[]): string | undefined {
  const guess = closest(name, known);
  return guess && Math.abs(guess.length - name.length) <= 2 ? guess : undefined;
}

function fail(field: string, message: string): never {
  throw new RequestValidationError(field, message);
}
