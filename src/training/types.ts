import type { TavusError } from '../errors.js';
import type { CreatedFace, Face, FaceStatus, FinetuneStatus } from '../schemas/face.js';
import type { TrainingWatch } from './watch.js';

/**
 * When a watch counts a face as trained.
 *
 * - `'usable'`: at `status: 'completed'`. On Phoenix-4.5 that is the watermarked preview.
 * - `'tuned'`: on Phoenix-4.5, also waits for `finetune_status: 'completed'` (and fails on
 *   `'errored'`). A face of another model, whose `finetune_status` stays `null`, is done at
 *   `status: 'completed'` as with `'usable'`.
 */
export type TrainingGoal = 'usable' | 'tuned';

/** Options of `tavus.faces.watchTraining` and `tavus.faces.watchMany`. */
export interface WatchTrainingOptions {
  /**
   * Time between polls, in milliseconds. Values below 10 are raised to 10 (simulators and tests
   * poll fast; real training takes hours).
   * @default 30000
   */
  intervalMs?: number;
  /**
   * How long the watch may run, in milliseconds; a deadline is always in force. When it passes,
   * `done` rejects with `TrainingTimeoutError`.
   * @default 28800000 (8 hours)
   */
  timeoutMs?: number;
  /** Ends the watch; `done` then rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /**
   * How many transient failures in a row (429, 5xx, network errors, timeouts) are tolerated; the
   * next one ends the watch with that error.
   * @default 10
   */
  maxConsecutiveErrors?: number;
  /** When the face counts as trained. @default 'usable' */
  until?: TrainingGoal;
}

/** Options of `tavus.faces.resumeWatch`: the deadline and goal come from the handle. */
export type ResumeWatchOptions = Omit<WatchTrainingOptions, 'timeoutMs' | 'until'>;

/** A progress snapshot: the payload of `progress` events and what `for await (const p of watch)` yields. */
export interface TrainingProgress {
  /** Progress 0–100. Never lower than an earlier snapshot of the same watch. */
  percent: number;
  /** `training_progress` exactly as the API sent it, e.g. `"42/100"`. */
  raw: string;
  /** Estimated milliseconds until 100 %, from the smoothed progress rate; `null` while unknown. */
  etaMs: number | null;
  /** The face as last read. */
  face: Face;
}

/** Payload of the `status` event: the face's `status` changed (the first reading comes `from: null`). */
export interface TrainingStatusChange {
  /** The status seen before, `null` on the first reading. */
  from: FaceStatus | null;
  /** The new status. */
  to: FaceStatus;
  /** The face as read. */
  face: Face;
}

/** Payload of the `finetune` event: Phoenix-4.5's `finetune_status` changed. */
export interface TrainingFinetuneChange {
  /** The value seen before (`null` while training or on other models). */
  from: FinetuneStatus | null;
  /** The new value. */
  to: FinetuneStatus | null;
  /** The face as read. */
  face: Face;
}

/** Payload of the `retry` event: a poll failed transiently and the watch waits before the next. */
export interface TrainingRetry {
  /** The attempt about to be made: 2 after the first failure in a row, 3 after the second, … */
  attempt: number;
  /** How long the watch waits first, in milliseconds (at least the server's `Retry-After`). */
  delayMs: number;
  /** Why the poll failed. */
  error: TavusError;
}

/** Payload of the watch's `warning` event. */
export interface TrainingWarning {
  /** `'unknown-status'`: the API sent a `status` this SDK does not know; the watch polls more slowly meanwhile. */
  kind: 'unknown-status';
  /** What happened, for humans. */
  message: string;
  /** The face as read. */
  face: Face;
}

/** The events of a {@link TrainingWatch}. */
export interface TrainingWatchEvents {
  /** The face's `status` changed. */
  status: (event: TrainingStatusChange) => void;
  /** Progress went up (never emitted for a lower value). */
  progress: (event: TrainingProgress) => void;
  /** Phoenix-4.5's `finetune_status` changed. */
  finetune: (event: TrainingFinetuneChange) => void;
  /** A poll failed transiently; the watch backs off and tries again. */
  retry: (event: TrainingRetry) => void;
  /** Something odd but not fatal (an unknown status). */
  warning: (event: TrainingWarning) => void;
  /** The face is trained (per `until`); `done` resolves with the same face. */
  completed: (face: Face) => void;
  /**
   * The watch failed; `done` rejects with the same error. Not emitted after `stop()`. Listening
   * here marks `done`'s rejection as handled, unless the listener throws: `done` then rejects with
   * a `TavusError` whose `cause` is what it threw.
   */
  failed: (error: TavusError) => void;
}

/** Adds `faceId` to an event payload of a {@link TrainingBatchWatch}. */
export type WithFaceId<T> = T & {
  /** The face this event is about. */
  faceId: string;
};

/** Payload of a batch watch's `retry` event: one list request failed transiently. */
export interface TrainingBatchRetry extends TrainingRetry {
  /** The faces still being watched, all of which wait for the next poll. */
  faceIds: string[];
}

/** The events of a {@link TrainingBatchWatch}: those of a single watch, each carrying `faceId`. */
export interface TrainingBatchEvents {
  /** A face's `status` changed. */
  status: (event: WithFaceId<TrainingStatusChange>) => void;
  /** A face's progress went up. */
  progress: (event: WithFaceId<TrainingProgress>) => void;
  /** A face's `finetune_status` changed. */
  finetune: (event: WithFaceId<TrainingFinetuneChange>) => void;
  /** A list request failed transiently. */
  retry: (event: TrainingBatchRetry) => void;
  /** A face has an unknown status. */
  warning: (event: WithFaceId<TrainingWarning>) => void;
  /** A face is trained. */
  completed: (event: TrainingBatchCompletion) => void;
  /** A face failed (training error, or a final error such as 400 `Invalid face_id`). */
  failed: (event: TrainingBatchFailure) => void;
}

/** A face of a batch watch that is trained. */
export interface TrainingBatchCompletion {
  /** The face's id. */
  faceId: string;
  /** The trained face. */
  face: Face;
}

/** A face of a batch watch that failed. */
export interface TrainingBatchFailure {
  /** The face's id. */
  faceId: string;
  /** Why: `TrainingFailedError`, a final API error, or the last of too many transient errors. */
  error: TavusError;
}

/** What a batch watch's `done` resolves with once every face is terminal. */
export interface TrainingBatchResult {
  /** Trained faces, in the order they finished. */
  completed: Face[];
  /** Faces that failed, in the order they failed. */
  failed: TrainingBatchFailure[];
}

/**
 * A small serialisable handle of a running watch (`watch.toJSON()`), to continue it elsewhere
 * with `tavus.faces.resumeWatch(handle)` under the same deadline.
 */
export interface TrainingWatchHandle {
  /** Handle format version. */
  version: 1;
  /** The face being watched. */
  faceId: string;
  /** When the face counts as trained. */
  until: TrainingGoal;
  /** The deadline, as epoch milliseconds. */
  deadline: number;
  /** The last `status` seen, `null` before the first reading. */
  status: FaceStatus | null;
  /** The last progress seen (0–100), `null` when none. */
  progress: number | null;
  /** The last `finetune_status` seen. */
  finetuneStatus: FinetuneStatus | null;
}

/** Reads one face; the watcher never sees a resource, only this. @internal */
export type RetrieveFace = (faceId: string, signal: AbortSignal) => Promise<Face>;

/** Reads one page of the faces listed by id (the `face_ids` filter). @internal */
export type ListFacesById = (
  faceIds: string[],
  page: number,
  signal: AbortSignal,
) => Promise<{ data: Face[]; total_count: number }>;

/** What `tavus.faces.createAndWatch` resolves with. */
export interface CreateAndWatchResult {
  /** The new face as Create Face answered it (`status: 'started'`). */
  face: CreatedFace;
  /** The watch of its training, already running. */
  watch: TrainingWatch;
}
