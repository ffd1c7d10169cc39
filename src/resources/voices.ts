import { path, type RequestOptions } from '../core/http.js';
import { isJsonObject } from '../core/json-patch.js';
import type { PageParams, PagePromise } from '../core/pagination.js';
import type { JsonRecord, ResourceContext } from '../core/resource.js';
import { clockFor } from '../core/clock.js';
import type { ValidationIssue } from '../errors.js';
import { once } from '../schemas/common.js';
import { type CreatedVoice, type Voice, voiceSchemas } from '../schemas/voice.js';
import { type RetrieveVoice, type WaitForVoiceOptions, waitForVoice, waitOptions } from '../voices/wait.js';
import { checkCreateVoice, listVoicesQuery } from './voices.checks.js';

/**
 * Parameters of {@link Voices.create}. The page shows the name and audio fields without their wire
 * names; `voice_name` is the Voice object's and the callback's name, `audio_url` the replica-era
 * voice items' name for a clip.
 */
export interface CreateVoiceParams {
  /** The voice's name, 1–255 characters, e.g. `Ana`. */
  voice_name: string;
  /**
   * A public URL (at most 2048 characters) of the sample: `.mp3`, `.wav`, `.m4a`, `.flac`, `.ogg`,
   * `.oga`, `.webm`, `.mp4` or `.mov` (a video's audio track is used). You must hold the rights to the voice.
   */
  audio_url: string;
  /** Free text, at most 1000 characters, returned on reads, e.g. `Warm, unhurried, mid-Atlantic`. */
  description?: string;
  /** Receives `application.voice_status_changed` once the status settles (see `parseVoiceCallback`). */
  callback_url?: string;
}

/** Parameters of {@link Voices.list}. */
export interface ListVoicesParams extends PageParams {
  /** Case-insensitive substring match on `voice_name`. */
  search?: string;
  /** Order by `voice_name`. @default 'asc' */
  sort?: 'asc' | 'desc';
  /** Only voices whose linked stock face has this tag (case-insensitive). */
  tag?: string;
}

/**
 * Voices (`tavus.voices`): the voices image training (`voice_name`, `default_voice_id`) and PALs
 * (`layers.tts.voice_id`) accept.
 */
export class Voices {
  readonly #ctx: ResourceContext;

  /** @internal */
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** Lists voices (default page size 100). Await for the first page or iterate for all. */
  list(params?: ListVoicesParams, options?: RequestOptions): PagePromise<Voice> {
    return this.#ctx.list('/v2/voices', () => listVoicesQuery(params), { ...read(), options, key: voiceKey }, 100);
  }

  /** Reads one voice. */
  async get(voiceId: string, options?: RequestOptions): Promise<Voice> {
    return this.#ctx.get(path`/v2/voices/${voiceId}`, { options, ...read() });
  }

  /**
   * Clones a voice from an audio sample (Create Voice); resolves at once with `status: 'started'`.
   * It can speak once `completed`, within a few minutes: wait with {@link Voices.waitUntilReady} or a
   * `callback_url`. Checked before sending (name length, audio URL and format). Like a face, a voice
   * is not re-sent after a failure that may have reached the server (a duplicate would be a second
   * voice); a 429 is retried.
   */
  async create(params: CreateVoiceParams, options?: RequestOptions): Promise<CreatedVoice> {
    return this.#ctx.post('/v2/voices', { body: checkCreateVoice(params), options, ...created() });
  }

  /**
   * Waits until a voice can speak: polls Get Voice every `intervalMs` (default 5 s) and resolves with
   * the `completed` voice; rejects with `VoiceFailedError` on `status: 'error'` or at the deadline
   * (`timedOut`, default 10 min), `APIUserAbortError` on the signal, or a final API error. Transient
   * failures back off as the training watcher's do.
   *
   * @example
   * ```ts
   * const { voice_id } = await tavus.voices.create({ voice_name: 'Ana', audio_url: 'https://…/ana.mp3' });
   * const voice = await tavus.voices.waitUntilReady(voice_id);
   * ```
   */
  async waitUntilReady(voiceId: string, options?: WaitForVoiceOptions): Promise<Voice> {
    return waitForVoice(this.#retrieve, voiceId, clockFor(this.#ctx), options);
  }

  /**
   * Creates a voice (like {@link Voices.create}) and waits until it is ready (like
   * {@link Voices.waitUntilReady}); wait options are checked before the voice is created.
   */
  async createAndWait(
    params: CreateVoiceParams,
    waitOptions?: WaitForVoiceOptions,
    options?: RequestOptions,
  ): Promise<Voice> {
    checkWait(waitOptions);
    const { voice_id } = await this.create(params, options);
    return this.waitUntilReady(voice_id, waitOptions);
  }

  // Polls are never retried by the HTTP core (the wait backs off itself), and a status the SDK does
  // not know yet is let through even in strict mode: the wait keeps polling.
  readonly #retrieve: RetrieveVoice = async (voiceId, signal) =>
    this.#ctx.get(path`/v2/voices/${voiceId}`, {
      options: { signal, maxRetries: 0 },
      ...read(),
      tolerate: (issue: ValidationIssue) => issue.code === 'invalid_value' && issue.path === 'status',
    });
}

const checkWait = waitOptions;

/** How voice answers are read; built on first use, like the schemas. */
const read = once(() => ({ schema: voiceSchemas().voice, normalise }));
const created = once(() => ({ schema: voiceSchemas().created }));

/** Maps the replica-era item shape (`replica_id`, tags as `{ tag_name }`) onto the Voice shape. */
function normalise(item: JsonRecord, ctx: ResourceContext): void {
  ctx.renameLegacy(item, { replica_id: 'face_id' });
  if (Array.isArray(item.tags)) {
    // An own `tag_name` only: a tag is user data, and `{ "__proto__": … }` is a key like any other.
    item.tags = item.tags.map((tag) =>
      isJsonObject(tag) && Object.hasOwn(tag, 'tag_name') && typeof tag.tag_name === 'string' ? tag.tag_name : tag,
    );
  }
}

/** A voice's own id: pages compare their voices by it. */
const voiceKey = (voice: Voice): unknown => voice.voice_id;
