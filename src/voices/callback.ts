import * as z from 'zod/mini';
import { check } from '../core/validation.js';
import { openEnum } from '../schemas/common.js';
import { CALLBACK_REQUEST, readCallbackBody } from '../core/callback-body.js';

/** An `application.voice_status_changed` callback (`callback_url` POST body of Create Voice), normalised. */
export interface VoiceCallback {
  /** The voice the callback is about. */
  voice_id: string;
  /** The voice's name, when the callback carries it. */
  voice_name: string | null;
  /** The settled status: `completed` (the voice can speak) or `error`; open, as everywhere. */
  status: 'started' | 'completed' | 'error' | (string & {});
  /** Why creating the voice failed, with `status: 'error'`; otherwise `null`. */
  error_message: string | null;
  /** `application.voice_status_changed` when the body says so (the envelope is not documented). */
  event_type?: string;
  /** When, as the body writes it (not parsed), when it says. */
  timestamp?: string | null;
  /** The face the voice belongs to, when the body names one (`face_id`, or the replica-era `replica_id`). */
  face_id?: string | null;
  /** The body as received (parsed from JSON when a string was given). */
  raw: Record<string, unknown>;
}

const schema = z.looseObject({
  voice_id: z.string().check(z.minLength(1)),
  voice_name: z.nullable(z.string()),
  status: openEnum(['started', 'completed', 'error']),
  error_message: z.nullable(z.string()),
  event_type: z.optional(z.literal('application.voice_status_changed')),
  timestamp: z.optional(z.nullable(z.string())),
  face_id: z.optional(z.string()),
});

/**
 * Validates an `application.voice_status_changed` callback and normalises it to {@link VoiceCallback}.
 * Its envelope is not documented, so the voice fields are read at the top level or under
 * `properties` (as conversation callbacks carry theirs), and a replica-era `replica_id` (the face a
 * voice came from, as replica-era voice lists name it) is read as `face_id`. Accepts the parsed body or its JSON text. The
 * event is a snapshot, so a repeat is safe to apply twice; callbacks are not signed, so confirm with
 * `tavus.voices.get` before trusting one.
 *
 * @throws ResponseValidationError naming the failing field (`voice_id`, `status`, …).
 * @throws RequestValidationError when the body is nested more than 64 levels deep (or is circular).
 *
 * @example
 * ```ts
 * const cb = parseVoiceCallback(req.body); // { voice_id: 'v…', status: 'completed', … }
 * if (cb.status === 'completed') await tavus.pals.update(palId, { layers: { tts: { voice_id: cb.voice_id } } });
 * ```
 */
export function parseVoiceCallback(body: unknown): VoiceCallback {
  const value = readCallbackBody(body);
  // Already parsed (a VoiceCallback handed back in): read its raw body again.
  const raw = isObject(value.raw) && typeof value.voice_id === 'string' ? value.raw : value;
  const inner = isObject(raw.properties) ? raw.properties : {};
  const field = (key: string): unknown => (Object.hasOwn(inner, key) ? inner[key] : raw[key]) ?? null;
  const out = {
    voice_id: field('voice_id'),
    voice_name: field('voice_name'),
    status: field('status'),
    error_message: field('error_message'),
    ...(raw.event_type === undefined ? {} : { event_type: raw.event_type }),
    ...(raw.timestamp === undefined ? {} : { timestamp: raw.timestamp }),
  };
  const face = field('face_id') ?? field('replica_id');
  if (face !== null) Object.assign(out, { face_id: face });
  check(schema, out, 'strict', () => undefined, CALLBACK_REQUEST);
  return { ...(out as Omit<VoiceCallback, 'raw'>), raw };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
