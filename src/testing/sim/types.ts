// The public shapes of `tavus-faces/testing`: options, what the simulator records, and faces and
// PALs as the API returns them. A leaf, so every sim/ module can use them without importing the
// facade. (A line comment: a doc comment here would be copied into the published .d.ts.)

/** How a simulated training ends: success, or an error with its `error_message`. */
export type TrainingOutcome =
  | 'completed'
  | {
      /** The `error_message` the face (or callback) reports. */
      error: string;
      /**
       * Phoenix-4.5 only: which stage fails. `'finetune'` (default) keeps the preview usable and
       * ends with `finetune_status: 'errored'`; `'preview'` fails the face itself (`status: 'error'`).
       */
      stage?: 'preview' | 'finetune';
    };

/** What {@link SimulatorOptions.trainingOutcome} is told about a training job. */
export interface TrainingOutcomeParams {
  /** The new face's id. */
  face_id: string;
  /** The `face_name` sent, if any. */
  face_name: string | undefined;
  /** The model it trains on (`phoenix-4` when none was sent). */
  model_name: string;
  /** The training video, for video training. */
  train_video_url: string | undefined;
  /** The training image, for image training. */
  train_image_url: string | undefined;
  /** The whole Create Face body as sent. */
  body: Record<string, unknown>;
}

/** Options of {@link createSimulator}. Every one is optional. */
export interface SimulatorOptions {
  /** The only API key the simulator accepts (as `x-api-key`). @default a fake key made from `seed` */
  apiKey?: string;
  /**
   * `'manual'`: simulated time moves only by `sim.advance(ms)`. `{ speed }`: simulated time runs
   * `speed` times as fast as real time (read from `Date.now()` when needed; no timers are kept).
   * @default 'manual'
   */
  clock?:
    | 'manual'
    | {
        /** How many times faster than real time simulated time runs (e.g. `3600`: an hour a second). */
        speed: number;
      };
  /** Simulated time (ms) a training takes; on Phoenix-4.5 when tuning ends. @default 12600000 (3.5 h) */
  trainingMs?: number;
  /** Phoenix-4.5: simulated time (ms) until the watermarked preview is usable. @default 2% of `trainingMs` */
  previewMs?: number;
  /** Decides how each training ends. @default every training completes */
  trainingOutcome?: (params: TrainingOutcomeParams) => TrainingOutcome;
  /** Seed of ids, the stock catalogue and the default API key: the same seed gives the same ids. @default 1 */
  seed?: number | string;
  /**
   * Simulated time at creation (epoch ms, ISO string or Date).
   * @default `2026-01-01T00:00:00.000Z` with the manual clock, the real time with `{ speed }`
   */
  startTime?: number | string | Date;
  /**
   * Receives every callback the simulator would POST to a `callback_url` (training and
   * conversation callbacks, in simulated-time order), as it happens: when a request is handled, on
   * `sim.advance(ms)`, or when the SDK's own waits move the manual clock. No network is involved.
   */
  onCallback?: (callback: SimCallback) => void;
  /**
   * What the simulator knows of media URLs, by URL (see {@link SimMediaFacts}): a training that
   * uses a video Tavus would reject fails at the end of its (simulated) training with Tavus's error
   * text, and `sim.fetch` serves the URL's `bytes` when given (for `faces.preflight`). Also
   * `sim.setMedia(url, facts)`.
   */
  media?: Record<string, SimMediaFacts>;
  /** Decides how each Create Voice ends, `voiceMs` after it. @default every voice completes (unless its audio's media facts say it is unusable) */
  voiceOutcome?: (params: { voice_id: string; voice_name: string; audio_url: string }) => TrainingOutcome;
  /** Simulated time (ms) a created voice takes to settle. @default 90000 (Tavus: "up to a few minutes") */
  voiceMs?: number;
}

/**
 * Facts about a media URL, as `checkTrainingMedia` would report them. The simulator does not parse
 * media: it believes these. Unset facts are taken to be fine.
 */
export interface SimMediaFacts {
  /** `false`: Tavus cannot download it (`download_link`). @default true */
  reachable?: boolean;
  /** The file's size in bytes (over 750 MB: `file_size`). */
  sizeBytes?: number;
  /** The container, e.g. `mp4`, `webm`, `mov` (not `mp4`: `video_format`). */
  container?: string;
  /** The video codec, e.g. `h264`, `vp9`, `hevc` (not `h264`: `video_codec`). */
  videoCodec?: string;
  /** The duration in seconds (under 60: `video_duration`). */
  durationS?: number;
  /** Whether there is an audio track (`false` fails a voice cloned from it). */
  hasAudio?: boolean;
  /**
   * The file itself: `sim.fetch` serves it at this URL (GET, with `Range` support, no API key), so
   * `tavus.faces.preflight(params, { fetch: sim.fetch })` reads it as it would a storage host's.
   */
  bytes?: Uint8Array | ArrayBuffer;
  /** The `Content-Type` it is served with. @default `video/mp4` */
  contentType?: string;
}

/** Options of {@link TavusSimulator.addFace}. */
export interface AddFaceOptions {
  /** The face's id. @default a new seeded id */
  face_id?: string;
  /** Display name. */
  face_name?: string;
  /** Phoenix model. @default 'phoenix-4' */
  model_name?: 'phoenix-3' | 'phoenix-4' | 'phoenix-4.5';
  /** Its default (and original) voice. */
  default_voice_id?: string;
  /** Whether training is done already. @default true */
  trained?: boolean;
}

/** A fault to inject with {@link TavusSimulator.failNext}. */
export interface FaultOptions {
  /**
   * Answer with this status (and a documented-looking JSON error body unless `body` is given).
   * @default 500, or 200 when only `body` is given
   */
  status?: number;
  /** Adds a `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** How many matching requests fail. @default 1 */
  times?: number;
  /** Which requests: a method, and a pathname prefix (string) or pattern (RegExp). @default every request */
  match?: {
    /** Only this HTTP method (case-insensitive). */
    method?: string;
    /** Only paths starting with this string, or matching this pattern. */
    path?: string | RegExp;
  };
  /** Drop the connection: the fetch rejects with a `TypeError` like undici's `fetch failed`. */
  reset?: boolean;
  /**
   * With `reset`: the request is handled first (state changes, e.g. a face is deleted), then the
   * answer is lost, as when a connection drops after the server acted.
   */
  afterHandling?: boolean;
  /**
   * Wait this many real milliseconds first (latency). Honours the request's AbortSignal: an abort
   * rejects at once and clears the timer. With nothing else set, the request then proceeds normally.
   */
  delayMs?: number;
  /**
   * The body to answer with: a string is sent as is (an HTML page, truncated JSON…), anything else
   * as JSON. With no `status`, it is served as a 200 (a "malformed body").
   */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A request the simulator received. The API key is never recorded. */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** URL pathname, e.g. `/v2/faces`. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** The body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
  body: unknown;
}

/** A training callback the simulator would have POSTed (it makes no network calls). */
export interface RecordedCallback {
  /** The `callback_url` given at Create Face. */
  url: string;
  /**
   * The documented replica-era body (`replica_id`, `status: 'ready' | 'error'`, `error_message`)
   * plus `face_id`, and `finetune_status` on Phoenix-4.5's second callback.
   */
  body: {
    /** The face id, under its documented replica-era name. */
    replica_id: string;
    /** The same id under the face-era name. */
    face_id: string;
    /** `ready` on success, `error` on failure (the replica-era words). */
    status: 'ready' | 'error';
    /** Why training failed, with `status: 'error'`. */
    error_message?: string;
    /** Phoenix-4.5's second callback: how background tuning ended. */
    finetune_status?: 'completed' | 'errored';
  };
  /** Simulated time of the event (ISO). */
  at: string;
}

/** A face as Get Face (verbose) returns it. */
export interface SimFace {
  /** The face's id (`r` + hex). */
  face_id: string;
  /** Display name. */
  face_name: string | null;
  /** A fake thumbnail URL once trained. */
  thumbnail_video_url: string | null;
  /** `"<n>/100"`, rising with simulated time. */
  training_progress: string;
  /** Training state. */
  status: 'started' | 'completed' | 'error';
  /** Creation time on the simulated clock (ISO). */
  created_at: string;
  /** Last change on the simulated clock (ISO). */
  updated_at: string;
  /** Why training failed, when `status` is `error`. */
  error_message: string | null;
  /** `user` for faces you created, `system` for the stock catalogue. */
  face_type: 'user' | 'system';
  /** Phoenix model. */
  model_name: string;
  /** The face's default voice. */
  default_voice_id: string | null;
  /** The voice the face was created with. */
  original_voice_id: string | null;
  /** Phoenix-4.5 background tuning; `null` on other models and while training. */
  finetune_status: 'started' | 'completed' | 'errored' | null;
}

/** A PAL as Get PAL returns it (fields as sent, plus ids and timestamps). */
export interface SimPal {
  /** The PAL's id (`p` + hex). */
  pal_id: string;
  /** Display name. */
  pal_name?: string;
  /** The system prompt (absent in echo mode). */
  system_prompt?: string;
  /** The face the PAL uses by default. */
  default_face_id?: string;
  /** `full` or `echo`. */
  pipeline_mode: string;
  /** The layers as sent and patched. */
  layers: Record<string, unknown>;
  /** `<username>@tavusinvite.com` when a conferencing layer is set. */
  conferencing_email?: string;
  /** Creation time on the simulated clock. */
  created_at: string;
  /** Last change on the simulated clock. */
  updated_at: string;
  /** Any other field sent at create or added by a patch. */
  [key: string]: unknown;
}

/** msw's `http` namespace, structurally (msw is not a dependency of this package). */
export interface MswHttpLike<Handler> {
  /** msw's `http.all(path, resolver)`. */
  all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
}

/** msw's `HttpResponse`, structurally. */
export interface MswHttpResponseLike {
  /** msw's `HttpResponse.error()`: a network error. */
  error(): Response;
}

/** A callback the simulator would have POSTed, as {@link SimulatorOptions.onCallback} receives it. */
export interface SimCallback {
  /** The `callback_url` it would go to. */
  url: string;
  /**
   * The body: a training callback ({@link RecordedCallback}'s `body`) or a conversation callback
   * as the webhooks page documents it (`properties`, `conversation_id`, `webhook_url`,
   * `event_type`, `message_type`, `timestamp`).
   */
  body: Record<string, unknown>;
  /** Simulated time of the event (ISO). */
  at: string;
}

/** A conversation as the simulator keeps it, for inspection (`sim.conversations`). */
export interface SimConversation {
  /** The conversation's id (`c` + hex). */
  conversation_id: string;
  /** The name given at creation. */
  conversation_name: string | null;
  /** The (fake) Daily room, `https://tavus.daily.co/<id>`. */
  conversation_url: string;
  /** `active` until it ends. */
  status: 'active' | 'ended';
  /** The face in the call. */
  face_id: string;
  /** The PAL in the call. */
  pal_id: string;
  /** Why it ended, as the webhooks page words it (`max_call_duration reached`, …); `null` while active. */
  shutdown_reason: string | null;
  /** The emotion last set with `conversation.set_emotion`, `null` before. */
  emotion: string | null;
  /** Participants in the room now (see `sim.joinConversation`). */
  participants: number;
  /** The events so far, as verbose Get Conversation returns them. */
  events: Record<string, unknown>[];
  /** Creation time on the simulated clock (ISO). */
  created_at: string;
}

/** An app message the simulator accepted (`sim.appMessages(id)`), in arrival order. */
export interface SimAppMessage {
  /** The body as sent. */
  message: Record<string, unknown>;
  /** Simulated time it arrived (ISO). */
  at: string;
}
