import { CALLBACK_REQUEST, readCallbackBody } from '../core/callback-body.js';
import type { WarningEvent } from '../core/events.js';
import { check } from '../core/validation.js';
import { CONVERSATION_LEGACY_NAMES, type ConversationEvent, conversationSchemas } from '../schemas/conversation.js';

/** What every conversation callback carries besides its event. */
export interface ConversationCallbackEnvelope {
  /** The conversation the event is about. */
  conversation_id: string;
  /** `system` (joined, shutdown) or `application` (transcript, recording, perception). */
  message_type?: 'system' | 'application' | (string & {});
  /** The `callback_url` it was sent to. */
  webhook_url?: string | null;
  /** When, as an ISO 8601 string with microseconds (not parsed). */
  timestamp?: string | null;
  /** The body as received (parsed from JSON when a string was given). */
  raw: Record<string, unknown>;
}

/** Callback events that verbose Get Conversation does not list. */
export type ConversationCallbackOnlyEvent =
  | {
      /** The face-era name of `system.replica_joined`, sent alongside it by newer accounts. */
      event_type: 'system.pal_joined';
      /** The face that joined. */
      properties?: {
        /** The face's id. */
        face_id?: string;
      } & Record<string, unknown>;
    }
  | {
      /** Copying the recording to your storage failed; Tavus keeps it about 30 days. */
      event_type: 'application.recording_copy_failed';
      /** Why. */
      properties?: {
        /** What went wrong. */
        error_message?: string;
      } & Record<string, unknown>;
    }
  | {
      /** Perception analysis could not be produced, or a post-call action ran. */
      event_type: 'application.perception_unavailable' | 'application.post_call_action_executed';
      /** Not documented in detail. */
      properties?: Record<string, unknown>;
    };

/**
 * A conversation callback (`callback_url` POST body), discriminated by `event_type` like the
 * events of a verbose conversation, with `replica_id` / `persona_id` mapped to `face_id` / `pal_id`.
 */
export type ConversationCallback = (ConversationEvent | ConversationCallbackOnlyEvent) & ConversationCallbackEnvelope;

/** Options of {@link parseConversationCallback}. */
export interface ParseConversationCallbackOptions {
  /**
   * Receives the `deprecation` warning for each legacy name (`replica_id`, `persona_id`), once per
   * name for each function given. @default `process.emitWarning` in Node, `console.warn`
   * elsewhere (once per name per process)
   */
  onWarning?: (warning: WarningEvent) => void;
}

// Names already reported, per sink: once per name per process with the default sink.
const warned = new WeakMap<(warning: WarningEvent) => void, Set<string>>();

/**
 * Validates a conversation callback — every documented webhook event (`system.replica_joined`,
 * `system.shutdown`, `application.transcription_ready`, `application.recording_ready`,
 * `application.perception_analysis`, …), others kept as they are — and maps replica/persona-era
 * names to `face_id` / `pal_id`, with one deprecation warning per name. Accepts the parsed body or
 * its JSON text. Callbacks are not signed: treat them as a hint and confirm with the API (a
 * conversation watch's `feed` does).
 *
 * @throws ResponseValidationError naming the failing field.
 * @throws RequestValidationError when the body is nested more than 64 levels deep (or is circular):
 *   no callback is, and walking such a body would overflow the stack here or in the caller's code.
 *
 * @example
 * ```ts
 * app.post('/tavus/conversations', (req, res) => {
 *   const cb = parseConversationCallback(req.body);
 *   if (cb.event_type === 'application.transcription_ready') save(cb.conversation_id, cb.properties?.transcript);
 *   res.sendStatus(204);
 * });
 * ```
 */
export function parseConversationCallback(
  body: unknown,
  options?: ParseConversationCallbackOptions,
): ConversationCallback {
  const given = readCallbackBody(body);
  // Already parsed (a ConversationCallback handed back in): read its raw body again.
  const raw = isObject(given.raw) && typeof given.conversation_id === 'string' ? given.raw : given;
  const out = structuredClone(raw);
  const warn = options?.onWarning ?? defaultWarn;
  for (const target of [out, out.properties]) {
    if (!isObject(target)) continue;
    for (const [legacy, current] of Object.entries(CONVERSATION_LEGACY_NAMES)) {
      if (!(legacy in target)) continue;
      if (!(current in target)) target[current] = target[legacy];
      delete target[legacy];
      const seen = warned.get(warn) ?? new Set<string>();
      warned.set(warn, seen);
      if (!seen.has(legacy)) {
        seen.add(legacy);
        warn({
          kind: 'deprecation',
          path: legacy,
          message: `The callback carries the legacy field "${legacy}"; tavus-faces exposes it as "${current}".`,
        });
      }
    }
  }
  check(conversationSchemas().callback, out, 'strict', () => undefined, CALLBACK_REQUEST);
  return Object.assign(out, { raw }) as unknown as ConversationCallback;
}

function defaultWarn(warning: WarningEvent): void {
  const emit = (globalThis as { process?: { emitWarning?: (message: string, type: string) => void } }).process
    ?.emitWarning;
  if (emit) emit(`tavus-faces: ${warning.message}`, 'DeprecationWarning');
  else console.warn(`tavus-faces: ${warning.message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
