/**
 * What one simulator knows, shared by the route modules: its options, the clock, the seeded ids,
 * the records and the logs.
 *
 * @module
 * @internal
 */
import { CATALOGUE_CREATED_AT, type SimVoice, buildCatalogue } from '../catalogue.js';
import { hex, mulberry32, seedToNumber } from '../prng.js';
import type {
  FaultOptions,
  RecordedCallback,
  RecordedRequest,
  SimAppMessage,
  SimCallback,
  SimFace,
  SimMediaFacts,
  SimPal,
  SimulatorOptions,
  TrainingOutcome,
  TrainingOutcomeParams,
} from './types.js';

/** A face as kept: its own fields plus the training it was given, so views can be made at any time. @internal */
export interface FaceRecord {
  face_id: string;
  face_name: string | null;
  face_type: 'user' | 'system';
  model_name: string;
  created: number;
  updated: number;
  default_voice_id: string | null;
  original_voice_id: string | null;
  trainingMs: number;
  previewMs: number;
  outcome: TrainingOutcome;
  callback_url: string | undefined;
  status: SimFace['status'];
  finetune_status: SimFace['finetune_status'];
  error_message: string | null;
  progress: number;
}

/** A PAL as kept: the document Get PAL returns, plus what is not in it. @internal */
export interface PalRecord {
  doc: SimPal;
  pal_type: 'user' | 'system';
  makerDraft: boolean;
}

/** A conversation as kept: what it was made with, and its lifecycle on the simulated clock. @internal */
export interface ConversationRecord {
  conversation_id: string;
  conversation_name: string | null;
  face_id: string;
  pal_id: string;
  callback_url: string | undefined;
  created: number;
  updated: number;
  /** When it ends by itself (max_call_duration), epoch ms. */
  maxEnd: number;
  leftTimeoutMs: number;
  absentTimeoutMs: number;
  recording: boolean;
  /** `recording_storage` as sent, if any. */
  storage: Record<string, unknown> | undefined;
  perception: boolean;
  testMode: boolean;
  meetingToken: string | undefined;
  participants: number;
  /** When the last participant left; `undefined` while someone is in the room or before anyone joined. */
  leftAt: number | undefined;
  /** Someone joined at some point (the absence timeout no longer applies). */
  joined: boolean;
  /** When and why it ended; `undefined` while active. */
  ended: { at: number; reason: string } | undefined;
  /** `custom_greeting`, the transcript's first line. */
  greeting: string | undefined;
  emotion: string | null;
  messages: SimAppMessage[];
  /** Events already turned into callbacks. */
  notified: number;
}

/** A voice being created: when it settles and how. @internal */
export interface VoiceJob {
  at: number;
  outcome: TrainingOutcome;
  callback_url: string | undefined;
}

/** A fault still waiting for its requests. @internal */
export interface FaultRule extends FaultOptions {
  remaining: number;
}

const DEFAULT_START = Date.parse('2026-01-01T00:00:00.000Z');
const DEFAULT_TRAINING_MS = 3.5 * 3600_000;

/** What a new face record is made from; the rest follows from `trained`. @internal */
export type NewFace = Pick<
  FaceRecord,
  'face_id' | 'face_name' | 'face_type' | 'model_name' | 'created' | 'default_voice_id' | 'trainingMs' | 'previewMs'
> &
  Partial<Pick<FaceRecord, 'original_voice_id' | 'outcome' | 'callback_url'>> & { trained: boolean };

/**
 * Every face record starts here: trained already (stock faces, `addFace`) or training from
 * `created`. The original voice is the default one unless video training made another.
 *
 * @internal
 */
export function faceRecord(init: NewFace): FaceRecord {
  return {
    face_id: init.face_id,
    face_name: init.face_name,
    face_type: init.face_type,
    model_name: init.model_name,
    created: init.created,
    updated: init.created,
    default_voice_id: init.default_voice_id,
    original_voice_id: init.original_voice_id ?? init.default_voice_id,
    trainingMs: init.trainingMs,
    previewMs: init.previewMs,
    outcome: init.outcome ?? 'completed',
    callback_url: init.callback_url,
    status: init.trained ? 'completed' : 'started',
    finetune_status: init.trained && init.model_name === 'phoenix-4.5' ? 'completed' : null,
    error_message: null,
    progress: init.trained ? 100 : 0,
  };
}

/**
 * The simulator's state. Records are plain data the route modules read and change in place;
 * {@link SimState.reset} rebuilds it all from the same options.
 *
 * @internal
 */
export class SimState {
  readonly apiKey: string;
  readonly trainingMs: number;
  readonly previewMs: number;
  readonly outcome: ((params: TrainingOutcomeParams) => TrainingOutcome) | undefined;
  faces!: Map<string, FaceRecord>;
  voices!: Map<string, SimVoice>;
  pals!: Map<string, PalRecord>;
  requests: RecordedRequest[] = [];
  callbacks: RecordedCallback[] = [];
  faults: FaultRule[] = [];
  conversations: Map<string, ConversationRecord> = new Map();
  /** Arrival times of app messages, for the rate limit (simulated epoch ms). */
  appMessageTimes: number[] = [];
  readonly onCallback: ((callback: SimCallback) => void) | undefined;
  /** Training callbacks already handed to `onCallback`. */
  deliveredTraining = 0;
  /** Media facts by normalised URL (`sim.setMedia`); kept across `reset`, like the options. */
  readonly media = new Map<string, SimMediaFacts>();
  /** Voices still being created. */
  voiceJobs = new Map<string, VoiceJob>();
  readonly voiceOutcome: SimulatorOptions['voiceOutcome'];
  readonly voiceMs: number;

  readonly #seed: number;
  readonly #speed: number | undefined;
  readonly #start: number;
  #realStart = Date.now();
  #offset = 0;
  #random!: () => number;
  #taken!: Set<string>;
  #requestCount = 0;

  constructor(options: SimulatorOptions) {
    this.#seed = seedToNumber(options.seed ?? 1);
    const clock = options.clock ?? 'manual';
    if (clock !== 'manual') {
      if (!(typeof clock?.speed === 'number' && clock.speed > 0 && Number.isFinite(clock.speed))) {
        throw new RangeError('clock.speed must be a positive number');
      }
      this.#speed = clock.speed;
    }
    const start = options.startTime === undefined ? undefined : new Date(options.startTime).getTime();
    if (start !== undefined && Number.isNaN(start)) throw new RangeError('startTime is not a valid time');
    this.#start = start ?? (this.#speed === undefined ? DEFAULT_START : Date.now());
    this.trainingMs = positive('trainingMs', options.trainingMs ?? DEFAULT_TRAINING_MS);
    this.previewMs = positive('previewMs', options.previewMs ?? this.trainingMs * 0.02);
    if (this.previewMs > this.trainingMs) throw new RangeError('previewMs must not exceed trainingMs');
    this.outcome = options.trainingOutcome;
    this.onCallback = options.onCallback;
    this.apiKey = options.apiKey ?? `tvs_sim_${hex(mulberry32(this.#seed ^ 0x0a91_4e75), 32)}`;
    this.voiceOutcome = options.voiceOutcome;
    this.voiceMs = positive('voiceMs', options.voiceMs ?? 90_000);
    for (const [url, facts] of Object.entries(options.media ?? {})) this.setMedia(url, facts);
    this.#init();
  }

  /** Simulated time, epoch ms: computed on demand, so the `{ speed }` clock needs no timers. */
  now(): number {
    const running = this.#speed === undefined ? 0 : (Date.now() - this.#realStart) * this.#speed;
    return this.#start + this.#offset + running;
  }

  /** Simulated time as the API writes it. */
  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Whether simulated time moves only when told to (no `{ speed }`). */
  get manual(): boolean {
    return this.#speed === undefined;
  }

  /** Moves the clock only; settling the trainings it finished is the faces module's job. */
  advance(ms: number): void {
    if (!(typeof ms === 'number' && ms >= 0 && Number.isFinite(ms))) {
      throw new RangeError('advance(ms) needs a non-negative number of milliseconds');
    }
    this.#offset += ms;
  }

  /** A new seeded id that no catalogue entry or earlier record has. */
  id(prefix: string, length: number): string {
    for (;;) {
      const id = prefix + hex(this.#random, length);
      if (!this.#taken.has(id)) {
        this.#taken.add(id);
        return id;
      }
    }
  }

  /** Keeps a caller-chosen id from ever being generated. */
  claim(id: string): void {
    this.#taken.add(id);
  }

  /** The `x-request-id` of the next answer: one per response, faults and errors included. */
  nextRequestId(): string {
    this.#requestCount += 1;
    return `sim-req-${String(this.#requestCount).padStart(6, '0')}`;
  }

  /** Records what is known of a media URL (`sim.setMedia`). */
  setMedia(url: string, facts: SimMediaFacts): void {
    this.media.set(mediaKey(url), { ...facts });
  }

  /** The facts of a media URL, if any were given. */
  mediaFacts(url: unknown): SimMediaFacts | undefined {
    return typeof url === 'string' ? this.media.get(mediaKey(url)) : undefined;
  }

  /** Back to right after construction: the same seed gives the same ids again. */
  reset(): void {
    this.#offset = 0;
    this.#realStart = Date.now();
    this.requests = [];
    this.callbacks = [];
    this.faults = [];
    this.conversations = new Map();
    this.appMessageTimes = [];
    this.deliveredTraining = 0;
    this.voiceJobs = new Map();
    this.#requestCount = 0;
    this.#init();
  }

  #init(): void {
    this.#random = mulberry32(this.#seed);
    const catalogue = buildCatalogue(this.#seed);
    this.#taken = catalogue.taken;
    this.voices = new Map(catalogue.voices.map((v) => [v.voice_id, v]));
    const bySlug = new Map(catalogue.voices.map((v) => [v.voice_name, v.voice_id]));
    const created = Date.parse(CATALOGUE_CREATED_AT);
    this.faces = new Map();
    for (const seed of catalogue.faces) {
      this.faces.set(
        seed.face_id,
        faceRecord({
          face_id: seed.face_id,
          face_name: seed.face_name,
          face_type: 'system',
          model_name: seed.model_name,
          created,
          default_voice_id: bySlug.get(seed.voice) ?? null,
          trainingMs: 0,
          previewMs: 0,
          trained: true,
        }),
      );
    }
    this.pals = new Map();
    const createdIso = new Date(created).toISOString();
    for (const pal of catalogue.pals) {
      this.pals.set(pal.pal_id, {
        pal_type: 'system',
        makerDraft: false,
        doc: { ...pal, pipeline_mode: 'full', layers: {}, created_at: createdIso, updated_at: createdIso },
      });
    }
  }
}

/** A URL as the map keys it: parsed and printed again, so `HTTPS://Host/a` and `https://host/a` meet. */
function mediaKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be a positive number of milliseconds`);
  }
  return value;
}
