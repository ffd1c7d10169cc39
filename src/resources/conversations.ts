import { type Clock, realClock } from '../core/clock.js';
import type { WarningEvent } from '../core/events.js';
import { path, type RequestOptions } from '../core/http.js';
import type { RateLimiter } from '../core/limiter.js';
import type { PageParams, PagePromise } from '../core/pagination.js';
import type { JsonRecord, ResourceContext } from '../core/resource.js';
import type { ValidationIssue } from '../errors.js';
import {
  type ConversationWatch,
  type RetrieveConversation,
  type WatchConversationOptions,
  watchConversation,
} from '../conversations/watch.js';
import { once } from '../schemas/common.js';
import {
  CONVERSATION_LEGACY_NAMES,
  type Conversation,
  conversationSchemas,
  deriveConversation,
} from '../schemas/conversation.js';
import {
  checkAppMessage,
  checkCreateConversation,
  checkEmotion,
  listConversationsQuery,
} from './conversations.checks.js';
import type { AppMessage, PhoenixEmotion } from './conversations.messages.js';

/** Recording storage on your own bucket: federated identity, no secrets. */
export type RecordingStorage =
  | {
      /** Amazon S3. */
      provider: 's3';
      /** The bucket. */
      bucket_name: string;
      /** Its region, e.g. `us-east-1`. */
      bucket_region: string;
      /** The role Tavus assumes to write, e.g. `arn:aws:iam::123456789012:role/TavusRecordingWriter`. */
      assume_role_arn: string;
      /** The external id the role's trust policy requires, if any. */
      external_id?: string;
    }
  | {
      /** Google Cloud Storage. */
      provider: 'gcs';
      /** The bucket. */
      bucket_name: string;
      /** The project. */
      project_id: string;
      /** The workload identity provider, without the `//iam.googleapis.com/` prefix. */
      workload_identity_provider: string;
      /** The service account Tavus impersonates. */
      service_account_email: string;
    }
  | {
      /** Azure Blob Storage. */
      provider: 'azure_blob';
      /** The storage account. */
      storage_account: string;
      /** The container. */
      container: string;
      /** The Entra tenant. */
      tenant_id: string;
      /** The app registration Tavus signs in as. */
      client_id: string;
    };

/** `properties` of Create Conversation: how the call runs. Every field is optional. */
export interface ConversationProperties {
  /** Hard end of the call, in seconds (Tavus caps it at your plan's maximum). @default 3600 */
  max_call_duration?: number;
  /** End this many seconds after the last participant leaves. @default 0 */
  participant_left_timeout?: number;
  /** End when nobody has joined this many seconds after creation. @default 300 */
  participant_absent_timeout?: number;
  /** Let participants record the call (see `recording_storage`). */
  enable_recording?: boolean;
  /** Closed captions, sent as Daily transcription app messages. */
  enable_closed_captions?: boolean;
  /** Replace the background with green (RGB 0, 255, 155); not on Phoenix-4.5 faces. */
  apply_greenscreen?: boolean;
  /** The language, by full name (`English`, `Spanish`) or `multilingual`. */
  language?: string;
  /** Language codes (newer docs; `language` is then deprecated). */
  languages?: string[];
  /** Where recordings go. */
  recording_storage?: RecordingStorage;
  /** @deprecated Use `recording_storage` (still honoured by Tavus). */
  recording_s3_bucket_name?: string;
  /** @deprecated Use `recording_storage`. */
  recording_s3_bucket_region?: string;
  /** @deprecated Use `recording_storage`. */
  aws_assume_role_arn?: string;
  /** Join another conversation's room (its `conversation_url`): several PALs in one call. */
  daily_room?: string;
  /** A private room; the answer carries `meeting_token`. */
  require_auth?: boolean;
  /** LiveKit transport: the server URL (`wss://…`). */
  livekit_ws_url?: string;
  /** LiveKit transport: the room token for the face. */
  livekit_room_token?: string;
}

/** Fields of Create Conversation besides the face and the PAL. */
export interface CreateConversationCommon {
  /** A name for the conversation. */
  conversation_name?: string;
  /**
   * Receives the conversation's callbacks (see `parseConversationCallback`). An empty string is
   * treated as absent.
   */
  callback_url?: string;
  /** Context appended to the PAL's. */
  conversational_context?: string;
  /** What the face says when someone joins. */
  custom_greeting?: string;
  /** Let the LLM write the greeting. */
  enable_dynamic_greeting?: boolean;
  /** A voice-only call. */
  audio_only?: boolean;
  /** Memory stores to read and write, usually one (e.g. `['anna']`). */
  memory_stores?: string[];
  /** Knowledge base documents by id. */
  document_ids?: string[];
  /** Knowledge base documents by tag. */
  document_tags?: string[];
  /** How documents are retrieved. @default 'balanced' */
  document_retrieval_strategy?: 'speed' | 'quality' | 'balanced' | (string & {});
  /** Create the conversation without the face joining: free, `status: 'ended'`, no concurrency slot. */
  test_mode?: boolean;
  /** A private room; the answer carries `meeting_token`. */
  require_auth?: boolean;
  /** Most participants in the room, the face included (at least 2). */
  max_participants?: number;
  /** Join this Google Meet, Zoom or Teams meeting instead of a Tavus room. */
  meeting_url?: string;
  /** `eu` turns the PAL's `auto` settings (disclosure, emotion recognition) to their EU values. */
  policy?: 'eu' | (string & {});
  /** How the call runs. */
  properties?: ConversationProperties;
}

/**
 * Parameters of {@link Conversations.create}: a face, a PAL, or both. A PAL with a
 * `default_face_id` needs no `face_id`; a `face_id` given overrides the PAL's. A face without a
 * PAL gets Tavus's default PAL.
 */
export type CreateConversationParams = CreateConversationCommon &
  (
    | {
        /** The face in the call (a trained face, yours or a stock one). */
        face_id: string;
        /** The PAL that drives it. */
        pal_id?: string;
      }
    | {
        /** The face in the call; the PAL's `default_face_id` when absent. */
        face_id?: string;
        /** The PAL that drives it. */
        pal_id: string;
      }
  );

/** Parameters of {@link Conversations.get}. */
export interface GetConversationParams {
  /** Include `events` (and so the derived `transcript`, `shutdownReason`, `perceptionAnalysis`). */
  verbose?: boolean;
}

/** Parameters of {@link Conversations.list}. */
export interface ListConversationsParams extends PageParams {
  /** Only `active` or only `ended` conversations. */
  status?: 'active' | 'ended' | (string & {});
}

/** Parameters of {@link Conversations.delete}. */
export interface DeleteConversationParams {
  /** Irreversibly delete the conversation and its assets (recordings, transcripts). */
  hard?: boolean;
}

/**
 * Conversations (`tavus.conversations`): put a face to work in a live video call — start it,
 * steer it while it runs (app messages: what to say, context, emotion), end it, and read what
 * happened (events, transcript).
 *
 * Answers that use replica/persona-era names (`replica_id`, `persona_id`) are normalised to
 * `face_id` / `pal_id`, with a one-time deprecation `warning` event.
 */
export class Conversations {
  // One-line methods are still `async`: a check or an empty id throws while the call's arguments
  // are built, and that must reject the returned promise rather than throw at the caller.
  readonly #ctx: ResourceContext;
  readonly #limiter: RateLimiter;
  readonly #clock: Clock;

  /** @internal */
  constructor(ctx: ResourceContext, limiter: RateLimiter, clock: Clock = realClock) {
    this.#ctx = ctx;
    this.#limiter = limiter;
    this.#clock = clock;
  }

  /**
   * Starts a conversation and resolves with it (`status: 'active'`, `conversation_url` to join).
   * Checked before sending: `face_id` and/or `pal_id`, every documented field of its type, a
   * recording storage with its provider's fields. Billing starts at creation, so a create is never
   * re-sent after a failure that may have reached the server (a 429 is retried).
   *
   * @example
   * ```ts
   * const call = await tavus.conversations.create({
   *   face_id: 'r90bbd427f71',
   *   pal_id: 'pcb7a34da5fe',
   *   properties: { max_call_duration: 600, participant_left_timeout: 30 },
   * });
   * console.log(call.conversation_url);
   * ```
   */
  async create(params: CreateConversationParams, options?: RequestOptions): Promise<Conversation> {
    return this.#ctx.post('/v2/conversations', {
      body: checkCreateConversation(params, this.#ctx),
      options,
      ...read(),
    });
  }

  /**
   * Reads one conversation; with `verbose: true` also its `events` and what the SDK derives from
   * them (`transcript`, `shutdownReason`, `perceptionAnalysis`). Unknown ids answer 400
   * `Invalid conversation_id` (a `BadRequestError`).
   */
  async get(conversationId: string, params?: GetConversationParams, options?: RequestOptions): Promise<Conversation> {
    return getConversation(this.#ctx, conversationId, params?.verbose, options);
  }

  /** Lists conversations, newest first, optionally by `status`. Await it for a page, or iterate it for all. */
  list(params?: ListConversationsParams, options?: RequestOptions): PagePromise<Conversation> {
    const spec = { ...read(), options, key: (c: Conversation) => c.conversation_id };
    return this.#ctx.list('/v2/conversations', () => listConversationsQuery(params), spec, 50);
  }

  /**
   * Ends a conversation (the face leaves, billing stops; `system.shutdown` then says
   * `end_conversation_endpoint_hit`). Ending twice is not a failure, so it is retried like a read.
   */
  async end(conversationId: string, options?: RequestOptions): Promise<void> {
    return this.#ctx.post(path`/v2/conversations/${conversationId}/end`, { options, idempotent: true, expect: 'any' });
  }

  /** Deletes a conversation (204); `hard: true` also removes its assets, irreversibly. */
  async delete(conversationId: string, params?: DeleteConversationParams, options?: RequestOptions): Promise<void> {
    const url = path`/v2/conversations/${conversationId}`;
    return this.#ctx.delete(url, { query: { hard: params?.hard }, options, expect: 'any' });
  }

  /**
   * Sends an interaction to the conversation's PAL without joining the call
   * (`POST /v2/conversations/{id}/send-app-message`); resolves once Tavus has accepted it (queued,
   * not yet acted on). Messages sent before the face joins are held for up to an hour.
   *
   * Checked before sending: a documented interaction with its required properties, addressed to
   * this conversation, at most 65,536 bytes of JSON. Tavus allows 120 of these per 60 s: the client
   * keeps to it, so calls beyond it wait their turn (abortable with `options.signal`) instead of
   * failing with 429s, and messages to one conversation go out one after another, in call order.
   * A 502 (nothing delivered) is retried; a 504 or a lost connection is not, since the message may
   * have arrived.
   *
   * @example
   * ```ts
   * await tavus.conversations.sendAppMessage(id, {
   *   message_type: 'conversation',
   *   event_type: 'conversation.respond',
   *   properties: { text: 'What are your opening hours?' },
   * });
   * ```
   */
  async sendAppMessage(conversationId: string, message: AppMessage, options?: RequestOptions): Promise<void> {
    const url = path`/v2/conversations/${conversationId}/send-app-message`;
    const body = checkAppMessage(conversationId, message);
    // Not idempotent (a timeout or a lost connection may have delivered it, and a second `respond`
    // would be answered twice); a 502 is the one failure the docs say delivered nothing.
    const send = () => this.#ctx.post(url, { body, options, expect: 'any', resendStatuses: [502] });
    return this.#limiter.run(conversationId, send, options?.signal, `POST ${url}`);
  }

  /**
   * Sets the face's expression (Phoenix-4; `conversation.set_emotion`); it holds until the next
   * one. Anything but a {@link PhoenixEmotion} is a `RequestValidationError` listing the valid ones.
   */
  async setEmotion(conversationId: string, emotion: PhoenixEmotion, options?: RequestOptions): Promise<void> {
    checkEmotion(emotion);
    return this.sendAppMessage(conversationId, message('conversation.set_emotion', { emotion }), options);
  }

  /** Makes the face say exactly `text` (`conversation.echo`). */
  async echo(conversationId: string, text: string, options?: RequestOptions): Promise<void> {
    return this.sendAppMessage(conversationId, message('conversation.echo', { modality: 'text', text }), options);
  }

  /** Has the PAL answer `text` as if the user had just said it (`conversation.respond`). */
  async respond(conversationId: string, text: string, options?: RequestOptions): Promise<void> {
    return this.sendAppMessage(conversationId, message('conversation.respond', { text }), options);
  }

  /** Stops the face mid-sentence (`conversation.interrupt`). */
  async interrupt(conversationId: string, options?: RequestOptions): Promise<void> {
    return this.sendAppMessage(conversationId, message('conversation.interrupt'), options);
  }

  /**
   * Watches a conversation until it has ended and its transcript has arrived: events `status`,
   * `event` (each new verbose event once), `ended`; `done` resolves with the verbose conversation.
   * Polls `GET /v2/conversations/{id}?verbose=true` every `intervalMs` (default 10 s) under a
   * deadline (default 2 h); a `callback_url` webhook can `feed` it. Bad input throws
   * `RequestValidationError` before any request.
   *
   * @example
   * ```ts
   * const watch = tavus.conversations.watch(call.conversation_id);
   * watch.on('ended', (c) => console.log(`ended: ${c.shutdownReason}`));
   * const { transcript } = await watch.done;
   * ```
   */
  watch(conversationId: string, options?: WatchConversationOptions): ConversationWatch {
    // Legacy names in fed callbacks are reported as this client's deprecation warnings.
    const onWarning = (w: WarningEvent): void => this.#ctx.deprecated(w.path ?? '', w.message);
    return watchConversation(conversationId, this.#retrieveForWatch, this.#clock, options, { onWarning });
  }

  // The watcher backs off by itself, so its polls are never retried by the HTTP core; and it lets
  // statuses and event types the SDK does not know yet through even in strict mode.
  readonly #retrieveForWatch: RetrieveConversation = async (conversationId, signal) =>
    getConversation(this.#ctx, conversationId, true, { signal, maxRetries: 0 }, isOpenIssue);
}

/**
 * Reads one conversation; the watcher reads with `tolerate`.
 *
 * @internal
 */
export function getConversation(
  ctx: ResourceContext,
  conversationId: string,
  verbose: boolean | undefined,
  options: RequestOptions | undefined,
  tolerate?: (issue: ValidationIssue) => boolean,
): Promise<Conversation> {
  return ctx.get(path`/v2/conversations/${conversationId}`, { query: { verbose }, options, ...read(), tolerate });
}

/** An unknown `status` or event type (e.g. `events[3].event_type`). */
function isOpenIssue(issue: ValidationIssue): boolean {
  return issue.code === 'invalid_value' && /^(status|events\[\d+\]\.event_type)$/.test(issue.path);
}

/** How conversation answers are read; built on first use, like the schemas. */
const read = once(() => ({
  schema: conversationSchemas().conversation,
  normalise: (data: JsonRecord, ctx: ResourceContext): void => {
    ctx.renameLegacy(data, CONVERSATION_LEGACY_NAMES);
    if (Array.isArray(data.events)) {
      for (const event of data.events) ctx.renameLegacy(event?.properties, CONVERSATION_LEGACY_NAMES);
    }
  },
  derive: deriveConversation,
}));

function message<E extends AppMessage['event_type']>(event_type: E, properties?: Record<string, unknown>): AppMessage {
  const out: Record<string, unknown> = { message_type: 'conversation', event_type };
  if (properties) out.properties = properties;
  return out as unknown as AppMessage;
}
