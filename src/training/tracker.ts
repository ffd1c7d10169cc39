import {
  type APIError,
  RequestValidationError,
  type ResponseValidationError,
  TavusError,
  TrainingFailedError,
  isTavusError,
  parseRetryAfter,
} from '../errors.js';
import { realClock } from '../core/clock.js';
import { unknownKeys, unknownNameMessage } from '../core/suggest.js';
import { type Face, parseTrainingProgress } from '../schemas/face.js';
import type {
  TrainingFinetuneChange,
  TrainingGoal,
  TrainingProgress,
  TrainingStatusChange,
  TrainingWarning,
  WatchTrainingOptions,
} from './types.js';

/** @internal */
export const DEFAULT_INTERVAL_MS = 30_000;
/** @internal */
export const MIN_INTERVAL_MS = 10;
/** @internal */
export const DEFAULT_TIMEOUT_MS = 8 * 3_600_000;
/** @internal */
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 10;
/** Longest backoff between failed polls, unless the interval itself is longer. */
const MAX_BACKOFF_MS = 5 * 60_000;
/** An unknown status slows polling down to at most this many intervals. */
const MAX_SLOWDOWN = 8;

const KNOWN_STATUSES: ReadonlySet<string> = new Set(['started', 'completed', 'error', 'ready']);
const FATAL_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 422]);
// Rate-of-progress smoothing: new samples weigh 30 %.
const ALPHA = 0.3;

/** Options after defaults and checks. @internal */
export interface ResolvedOptions {
  intervalMs: number;
  timeoutMs: number;
  maxConsecutiveErrors: number;
  until: TrainingGoal;
  signal: AbortSignal | undefined;
}

/** The option names of `watchTraining`, `watchMany` and `createAndWatch`. @internal */
export const WATCH_OPTION_NAMES: readonly string[] = [
  'intervalMs',
  'timeoutMs',
  'signal',
  'maxConsecutiveErrors',
  'until',
];
/** The option names of `resumeWatch`: its deadline and goal come from the handle. @internal */
export const RESUME_OPTION_NAMES: readonly string[] = ['intervalMs', 'signal', 'maxConsecutiveErrors'];

/**
 * Checks and completes watch options; bad input throws before any request. Only own properties
 * count, both as names and as values, so a polluted `Object.prototype` neither sets an option nor
 * trips the unknown-name check. `known` narrows the accepted names (resume takes fewer). @internal
 */
export function resolveOptions(
  options: WatchTrainingOptions | undefined,
  known: readonly string[] = WATCH_OPTION_NAMES,
): ResolvedOptions {
  const o = options ?? {};
  if (typeof o !== 'object') throw new RequestValidationError('options', 'expected an object');
  const [unknown] = unknownKeys(o, new Set(known));
  if (unknown !== undefined) {
    // A watch option that resume does not take gets a reason rather than a far-fetched guess.
    const message = WATCH_OPTION_NAMES.includes(unknown)
      ? `resumeWatch takes no "${unknown}": the deadline and goal come from the handle`
      : unknownNameMessage('option', unknown, known);
    throw new RequestValidationError(unknown, message);
  }
  const own = <K extends keyof WatchTrainingOptions>(key: K): WatchTrainingOptions[K] =>
    Object.hasOwn(o, key) ? o[key] : undefined;
  const intervalMs = own('intervalMs') ?? DEFAULT_INTERVAL_MS;
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new RequestValidationError('intervalMs', 'expected a non-negative number of milliseconds');
  }
  const timeoutMs = own('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RequestValidationError('timeoutMs', 'expected a positive, finite number of milliseconds');
  }
  const maxConsecutiveErrors = own('maxConsecutiveErrors') ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
  if (!Number.isInteger(maxConsecutiveErrors) || maxConsecutiveErrors < 1) {
    throw new RequestValidationError('maxConsecutiveErrors', 'expected a positive integer');
  }
  const until = own('until') ?? 'usable';
  if (!isGoal(until)) throw new RequestValidationError('until', "expected 'usable' or 'tuned'");
  const signal = own('signal');
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new RequestValidationError('signal', 'expected an AbortSignal');
  }
  return {
    intervalMs: Math.max(MIN_INTERVAL_MS, intervalMs),
    timeoutMs,
    maxConsecutiveErrors,
    until,
    signal,
  };
}

/** Whether `value` is a {@link TrainingGoal}. @internal */
export function isGoal(value: unknown): value is TrainingGoal {
  return value === 'usable' || value === 'tuned';
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean';
}

// With the `u` flag a surrogate pair is one code point, so only a lone (unpaired) half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Checks one face id before any request. Besides empty ids and commas (which would split the
 * `face_ids` filter), it refuses `.` and `..`, which a URL resolves as path steps
 * (`/v2/faces/..` is `/v2/`), and lone surrogates, which no URL can encode. @internal
 */
export function checkFaceId(field: string, faceId: unknown): asserts faceId is string {
  if (typeof faceId !== 'string') {
    // Never JSON.stringify an arbitrary value: a bigint or a deeply nested object would throw.
    throw new RequestValidationError(field, `expected a non-empty face id string, got ${describe(faceId)}`);
  }
  if (faceId.trim() === '' || faceId.includes(',')) {
    throw new RequestValidationError(field, `expected a non-empty face id, got ${JSON.stringify(faceId)}`);
  }
  if (faceId === '.' || faceId === '..') {
    throw new RequestValidationError(field, `"${faceId}" is not a face id (a URL would read it as a path step)`);
  }
  if (LONE_SURROGATE.test(faceId)) {
    throw new RequestValidationError(field, 'a face id cannot contain a lone surrogate (it cannot be put in a URL)');
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Whether a failed poll is worth repeating: 408, 429, 5xx, network errors, timeouts and bodies cut
 * off mid-transfer. Anything else (400 `Invalid face_id`, 401, 403, 404, 422, a contract break in
 * strict mode, a `RequestValidationError`, a throwing listener, an error that is not ours at all)
 * ends the watch at once: repeating it would fail the same way. @internal
 */
export function isTransient(error: unknown): boolean {
  if (isTavusError(error, 'APIError')) {
    const { status } = error as APIError;
    if (FATAL_STATUSES.has(status)) return false;
    return status === 408 || status === 429 || status >= 500;
  }
  if (isTavusError(error, 'APIConnectionError')) return true;
  if (isTavusError(error, 'ResponseValidationError')) {
    return (error as ResponseValidationError).issues.some((issue) => issue.code === 'invalid_json');
  }
  return false;
}

/**
 * Wraps anything thrown into a tavus-faces error, so events and `done` always carry one. A foreign
 * error becomes a plain `TavusError`, never a connection error: the HTTP core already maps network
 * failures, so what reaches here unmapped is a bug or bad input, and it must not be retried. @internal
 */
export function asTavusError(error: unknown): TavusError {
  if (isTavusError(error)) return error;
  return new TavusError(`training poll failed: ${messageOf(error)}`, { cause: error });
}

/**
 * The error a watch fails with when one of its listeners throws: a `TavusError` naming the event,
 * with the listener's error as `cause`. It is final (never retried) and is not a connection error,
 * since nothing went wrong on the wire. @internal
 */
export function listenerError(event: string, watch: string, error: unknown): TavusError {
  return new TavusError(`A "${event}" listener of the ${watch} threw: ${messageOf(error)}`, { cause: error });
}

/** The message of anything thrown, without calling a `toString` that may itself throw. */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : `a thrown ${describe(error)}`;
}

/**
 * Delay before the poll after the `n`-th failure in a row: the interval doubled per failure
 * (capped), with ±20 % jitter, and never shorter than the server's `Retry-After`. @internal
 */
export function backoffDelay(error: unknown, n: number, intervalMs: number): number {
  const cap = Math.max(intervalMs, MAX_BACKOFF_MS);
  const base = Math.min(cap, intervalMs * 2 ** Math.min(n - 1, 30));
  const jittered = Math.round(base * (0.8 + Math.random() * 0.4));
  let retryAfter: number | undefined;
  if (isTavusError(error, 'APIError')) {
    retryAfter =
      (error as { retryAfterMs?: number }).retryAfterMs ?? parseRetryAfter((error as APIError).headers['retry-after']);
  }
  return Math.max(jittered, retryAfter ?? 0);
}

/**
 * A timer for an epoch-ms deadline that also works past setTimeout's ~24.8-day limit (it fires at
 * once for longer delays, so long deadlines are re-armed in steps). @internal
 */
export function armDeadline(deadline: number, onExpire: () => void): () => void {
  return realClock.at(deadline, onExpire);
}

/** What the tracker reports while reading a face. @internal */
export interface TrackerSink {
  status(event: TrainingStatusChange): void;
  progress(event: TrainingProgress): void;
  finetune(event: TrainingFinetuneChange): void;
  warning(event: TrainingWarning): void;
}

/** How a reading ended a watch, if it did. @internal */
export type Outcome = { ok: true; face: Face } | { ok: false; error: TavusError };

/** The state saved in a handle and restored on resume. @internal */
export interface TrackerState {
  status: string | null;
  progress: number | null;
  finetuneStatus: string | null;
}

/**
 * The per-face state machine shared by single and batch watches: turns successive readings of a
 * face into events (never a lower progress), an ETA, and an outcome. @internal
 */
export class Tracker {
  readonly faceId: string;
  readonly until: TrainingGoal;
  status: string | null;
  percent: number | null;
  finetune: string | null;
  latest: TrainingProgress | null = null;
  /** Readings in a row with an unknown status; slows the poll. */
  unknownStreak = 0;
  #rate: number | null = null;
  #mark: { at: number; percent: number } | null = null;
  readonly #warned = new Set<string>();

  constructor(faceId: string, until: TrainingGoal, state?: TrackerState) {
    this.faceId = faceId;
    this.until = until;
    this.status = state?.status ?? null;
    this.percent = state?.progress ?? null;
    this.finetune = state?.finetuneStatus ?? null;
  }

  /** Reads one snapshot; returns the outcome when the face reached a terminal state. */
  observe(face: Face, sink: TrackerSink, now = Date.now()): Outcome | undefined {
    const to = face.status;
    if (to !== this.status) {
      const from = this.status;
      this.status = to;
      sink.status({ from, to, face });
    }

    const raw = face.training_progress;
    const percent = parseTrainingProgress(raw);
    // A resumed watch reports its first reading again when it matches the saved progress.
    const first = this.latest === null;
    if (
      percent !== null &&
      typeof raw === 'string' &&
      (this.percent === null || percent > this.percent || (first && percent === this.percent))
    ) {
      this.#sample(percent, now);
      this.percent = percent;
      this.latest = { percent, raw, etaMs: this.#eta(percent), face };
      sink.progress(this.latest);
    }

    const finetune = face.finetune_status ?? null;
    if (finetune !== this.finetune) {
      const from = this.finetune;
      this.finetune = finetune;
      sink.finetune({ from, to: finetune, face });
    }

    if (typeof to === 'string' && !KNOWN_STATUSES.has(to)) {
      this.unknownStreak += 1;
      if (!this.#warned.has(to)) {
        this.#warned.add(to);
        sink.warning({
          kind: 'unknown-status',
          message: `Face ${this.faceId} has the unknown status ${JSON.stringify(to)}; polling more slowly until it changes.`,
          face,
        });
      }
      return undefined;
    }
    this.unknownStreak = 0;

    if (to === 'error') {
      return { ok: false, error: this.#failure(face, 'training') };
    }
    if (to !== 'completed' && to !== 'ready') return undefined;
    if (this.until === 'usable' || finetune === 'completed') return { ok: true, face };
    if (finetune === 'errored') return { ok: false, error: this.#failure(face, 'finetune') };
    // Only Phoenix-4.5 tunes in the background; on other models finetune_status stays null.
    if (finetune === null && !/^phoenix-4\.5/i.test(face.model_name ?? '')) return { ok: true, face };
    return undefined;
  }

  /** The delay this face asks for before the next poll: longer while its status is unknown. */
  nextDelay(intervalMs: number): number {
    return intervalMs * Math.min(MAX_SLOWDOWN, 2 ** this.unknownStreak);
  }

  state(): TrackerState {
    return { status: this.status, progress: this.percent, finetuneStatus: this.finetune };
  }

  #failure(face: Face, stage: 'training' | 'finetune'): TrainingFailedError {
    return new TrainingFailedError({
      faceId: this.faceId,
      errorMessage: face.error_message ?? null,
      lastProgress: this.percent,
      stage,
    });
  }

  #sample(percent: number, now: number): void {
    const mark = this.#mark;
    this.#mark = { at: now, percent };
    if (!mark || now <= mark.at || percent <= mark.percent) return;
    const sample = (percent - mark.percent) / (now - mark.at);
    this.#rate = this.#rate === null ? sample : ALPHA * sample + (1 - ALPHA) * this.#rate;
  }

  #eta(percent: number): number | null {
    if (percent >= 100) return 0;
    if (this.#rate === null || this.#rate <= 0) return null;
    return Math.round((100 - percent) / this.#rate);
  }
}
