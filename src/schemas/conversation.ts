import * as z from 'zod/mini';
import { listEnvelope, nullish, nullishString, once, openEnum } from './common.js';

/** Conversation states (open: the API may add more). */
export const CONVERSATION_STATUSES = ['active', 'ended'] as const;
/** Who spoke a transcript turn (open). */
export const TRANSCRIPT_ROLES = ['user', 'assistant', 'system', 'tool'] as const;
/** The `event_type`s of a verbose conversation's `events` that the SDK types. */
export const CONVERSATION_EVENT_TYPES = [
  'system.replica_joined',
  'system.shutdown',
  'application.transcription_ready',
  'application.perception_analysis',
  'application.recording_ready',
] as const;

/** A conversation's state: `active` → `ended` (open: the API may add more). */
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number] | (string & {});
/** A transcript turn's speaker (open). */
export type TranscriptRole = (typeof TRANSCRIPT_ROLES)[number] | (string & {});

const turnSchema = () =>
  z.looseObject({
    /** Who spoke. */
    role: openEnum(TRANSCRIPT_ROLES),
    /** What was said. */
    content: z.string(),
    /** When, as a Unix time in seconds (a float). */
    timestamp: z.optional(z.number()),
    /** Seconds since the conversation started. */
    seconds_from_start: z.optional(z.number()),
    /** How long the turn lasted, in seconds. */
    duration: z.optional(z.number()),
    /** Groups the turn with the inference that produced it, where available. */
    inference_id: z.optional(z.string()),
  });

/** One turn of a transcript. Unknown fields are kept. */
export interface TranscriptTurn extends z.infer<ReturnType<typeof turnSchema>> {}

// One schema for every event, whatever its type: the properties of the documented types are
// checked where they appear (a discriminated union would cost ~2 kB of zod in the browser bundle),
// and the typed union below narrows them per `event_type`.
const propertiesSchema = (turn: ReturnType<typeof turnSchema>) =>
  z.optional(
    z.looseObject({
      /** `system.shutdown`: why the call ended (the reference's verbose example). */
      reason: z.optional(z.string()),
      /** `system.shutdown`: why the call ended (callbacks). */
      shutdown_reason: z.optional(z.string()),
      /** `application.transcription_ready`: the transcript, oldest turn first. */
      transcript: z.optional(z.array(turn)),
      /** `application.perception_analysis`: the end-of-call visual analysis. */
      analysis: z.optional(z.string()),
      /** The face (callbacks; `replica_id` there, mapped). */
      face_id: z.optional(z.string()),
      /** `application.recording_ready` (older form): the bucket. */
      bucket_name: z.optional(z.string()),
      /** `application.recording_ready` (older form): the object key. */
      s3_key: z.optional(z.string()),
      /** `application.recording_ready`: the recording's length, in seconds. */
      duration: z.optional(z.number()),
      /** `application.recording_ready` (newer form): `s3`, `gcs` or `azure_blob`. */
      storage_provider: z.optional(z.string()),
      /** `application.recording_ready` (newer form): where the recording is. */
      storage_uri: z.optional(z.string()),
      /** `application.recording_copy_failed` (callbacks): why the copy to your storage failed. */
      error_message: z.optional(z.string()),
    }),
  );

const eventSchema = (properties: ReturnType<typeof propertiesSchema>) =>
  z.looseObject({
    /** What happened (open: unknown types are kept, with a warning in lenient mode). */
    event_type: openEnum(CONVERSATION_EVENT_TYPES),
    /** When, as an ISO 8601 string (not parsed). */
    timestamp: nullishString,
    /** The event's details; see each event type. */
    properties,
  });

const callbackSchema = (properties: ReturnType<typeof propertiesSchema>) =>
  z.looseObject({
    conversation_id: z.string(),
    // Any type: a webhook endpoint must not fail on an event newer than the SDK.
    event_type: z.string(),
    message_type: z.optional(z.string()),
    webhook_url: nullishString,
    timestamp: nullishString,
    properties,
  });

type EventWire = z.infer<ReturnType<typeof eventSchema>>;
type EventProperties = NonNullable<EventWire['properties']>;
/** An event of one type, with the properties it carries (unknown ones are kept). */
type EventOf<T extends string, K extends keyof EventProperties = never, R extends K = never> = Omit<
  EventWire,
  'event_type' | 'properties'
> & {
  /** What happened. */
  event_type: T;
  /** The event's details. */
  properties?: Pick<EventProperties, K> & Required<Pick<EventProperties, R>> & Record<string, unknown>;
};

/** The face joined the call (its first event). */
export interface ReplicaJoinedEvent extends EventOf<'system.replica_joined', 'face_id'> {}
/**
 * The call ended. Why is in `properties.reason` (the reference's verbose example) or
 * `properties.shutdown_reason` (callbacks); {@link Conversation.shutdownReason} reads either.
 */
export interface ShutdownEvent extends EventOf<'system.shutdown', 'reason' | 'shutdown_reason' | 'face_id'> {}
/** The transcript is ready, shortly after the end; also {@link Conversation.transcript}. */
export interface TranscriptionReadyEvent
  extends EventOf<'application.transcription_ready', 'transcript' | 'face_id', 'transcript'> {}
/** The end-of-call visual analysis (PALs with Raven perception); also {@link Conversation.perceptionAnalysis}. */
export interface PerceptionAnalysisEvent extends EventOf<'application.perception_analysis', 'analysis', 'analysis'> {}
/** The recording was written (calls with `enable_recording`): older S3 fields or the newer storage URI. */
export interface RecordingReadyEvent
  extends EventOf<
    'application.recording_ready',
    'bucket_name' | 's3_key' | 'duration' | 'storage_provider' | 'storage_uri'
  > {}

/**
 * An event of a verbose conversation, discriminated by `event_type`: `switch (event.event_type)`
 * narrows `properties`. Events of a type this SDK does not know yet are kept as they came (lenient
 * mode warns; strict mode rejects); at compile time they fall into no case.
 */
export type ConversationEvent =
  | ReplicaJoinedEvent
  | ShutdownEvent
  | TranscriptionReadyEvent
  | PerceptionAnalysisEvent
  | RecordingReadyEvent;

const conversationSchema = (event: z.ZodMiniType<ConversationEvent>) =>
  z.looseObject({
    /** The conversation's id, e.g. `ca4301628cb9`. */
    conversation_id: z.string(),
    /** Its name. */
    conversation_name: nullishString,
    /** The Daily room to join, e.g. `https://tavus.daily.co/ca4301628cb9`. */
    conversation_url: nullishString,
    /** `active` or `ended`. See {@link ConversationStatus}. */
    status: openEnum(CONVERSATION_STATUSES),
    /** Where the conversation's callbacks go. */
    callback_url: nullishString,
    /** The face in the call (`replica_id` in older answers, mapped). */
    face_id: nullishString,
    /** The PAL in the call (`persona_id` in older answers, mapped). */
    pal_id: nullishString,
    /** Creation time, as the API formats it (not parsed). */
    created_at: nullishString,
    /** Last change, as the API formats it. */
    updated_at: nullishString,
    /** With `require_auth`: the token that joins the private room (`?t=TOKEN`). A credential: keep it private. */
    meeting_token: nullishString,
    /** With `verbose: true`: what happened, oldest first. */
    events: nullish(z.array(event)),
  });

/** A conversation as the API returns it (unknown fields are kept). */
export interface ConversationWire extends z.infer<ReturnType<typeof conversationSchema>> {}

/** A conversation, as returned, plus what the SDK derives from its events. */
export interface Conversation extends ConversationWire {
  /**
   * The transcript from the `application.transcription_ready` event, oldest turn first; `null`
   * until it has arrived (shortly after the end) or without `verbose: true`.
   */
  transcript: TranscriptTurn[] | null;
  /**
   * Why the call ended, as the API words it (`participant_left_timeout`, `max_call_duration
   * reached`, `end_conversation_endpoint_hit`, …); `null` while active or without `verbose: true`.
   */
  shutdownReason: string | null;
  /** The end-of-call perception analysis text; `null` when there is none (yet). */
  perceptionAnalysis: string | null;
}

/** The conversation schemas, built on first use rather than at import. @internal */
export const conversationSchemas = once(() => {
  const properties = propertiesSchema(turnSchema());
  const event = eventSchema(properties) as unknown as z.ZodMiniType<ConversationEvent>;
  const conversation = conversationSchema(event);
  return { conversation, list: listEnvelope(conversation), callback: callbackSchema(properties) };
});

/** Legacy response names and their face/PAL-era names. @internal */
export const CONVERSATION_LEGACY_NAMES = { replica_id: 'face_id', persona_id: 'pal_id' } as const;

/**
 * Fills the derived fields of a conversation from its events (and from top-level `transcript` /
 * `shutdown_reason`, which some answers carry). @internal
 */
export function deriveConversation(wire: ConversationWire): Conversation {
  const out = wire as Conversation & { transcript?: unknown; shutdown_reason?: unknown };
  const events = Array.isArray(out.events) ? (out.events as readonly Partial<ConversationEvent>[]) : [];
  const find = (type: string) =>
    events.find((e) => e?.event_type === type)?.properties as Record<string, unknown> | undefined;
  const turns = find('application.transcription_ready')?.transcript ?? out.transcript;
  const shutdown = find('system.shutdown');
  const reason = shutdown?.shutdown_reason ?? shutdown?.reason ?? out.shutdown_reason;
  const analysis = find('application.perception_analysis')?.analysis;
  out.transcript = Array.isArray(turns) ? (turns as TranscriptTurn[]) : null;
  out.shutdownReason = typeof reason === 'string' ? reason : null;
  out.perceptionAnalysis = typeof analysis === 'string' ? analysis : null;
  return out;
}
