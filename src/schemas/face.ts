import * as z from 'zod/mini';
import { listEnvelope, nullish, nullishString, once, openEnum } from './common.js';

/** Training states of a face. The API may add more; unknown ones pass in lenient mode. */
export const FACE_STATUSES = ['started', 'completed', 'error'] as const;
/** Phoenix model names a face can be trained with. */
export const FACE_MODELS = ['phoenix-3', 'phoenix-4', 'phoenix-4.5'] as const;
/** `user` = your own faces, `system` = Tavus stock faces. */
export const FACE_TYPES = ['user', 'system'] as const;

/** A face's training state: `started` → `completed` | `error` (open: the API may add more). */
export type FaceStatus = (typeof FACE_STATUSES)[number] | (string & {});
/** A Phoenix model name (open: the API may add more). */
export type FaceModelName = (typeof FACE_MODELS)[number] | (string & {});
/**
 * Phoenix-4.5 background tuning: `null` while training, then (values between are undocumented)
 * `completed` or `errored`.
 */
export type FinetuneStatus = 'completed' | 'errored' | (string & {});

/** @internal */
const faceSchema = () =>
  z.looseObject({
    /** The face's id, e.g. `r90bbd427f71`. */
    face_id: z.string(),
    /** The face's display name. */
    face_name: nullishString,
    /** Training state. See {@link FaceStatus}. */
    status: openEnum(FACE_STATUSES),
    /** Training progress exactly as returned: a string `"<n>/100"`, e.g. `"42/100"`. */
    training_progress: nullishString,
    /** A short thumbnail video of the face. */
    thumbnail_video_url: nullishString,
    /** A thumbnail image (seen on some responses; not in the documented schema). */
    thumbnail_image_url: nullishString,
    /** Creation time, as the API formats it (shapes vary; not parsed). */
    created_at: nullishString,
    /** Last update time, as the API formats it. */
    updated_at: nullishString,
    /** Why training failed, when `status` is `error`; usually `null` otherwise. */
    error_message: nullishString,
    /** `user` or `system` (stock); only returned with `verbose: true`. */
    face_type: z.optional(openEnum(FACE_TYPES)),
    /** The Phoenix model the face was trained with. */
    model_name: nullish(openEnum(FACE_MODELS)),
    /** Voice a PAL uses when it sets none itself; `null` when the face has no voice. */
    default_voice_id: nullishString,
    /** Voice the face was created with (read-only); set `default_voice_id` back to it to revert. */
    original_voice_id: nullishString,
    /** Phoenix-4.5 background tuning state; `null` on other models and while training. */
    finetune_status: nullish(z.string() as z.ZodMiniType<FinetuneStatus>),
  });

/** The face as the API returns it (unknown fields are kept). */
export interface FaceWire extends z.infer<ReturnType<typeof faceSchema>> {}

/**
 * A face: a photorealistic likeness trained with Phoenix. Carries every field as returned, plus
 * derived conveniences.
 */
export interface Face extends FaceWire {
  /**
   * `training_progress` parsed to a number 0–100 (`"42/100"` → 42); `null` when absent or not in
   * the `"n/100"` shape. Derived by the SDK; `training_progress` keeps the raw string.
   */
  progress: number | null;
}

/** @internal */
const createdFaceSchema = () =>
  z.looseObject({
    /** The new face's id; watch its training with `tavus.faces.watchTraining(face_id)`. */
    face_id: z.string(),
    /** The initial training state, `started`. */
    status: openEnum(FACE_STATUSES),
  });

/** The answer to Create Face: the new face's id and its (initial) status. */
export interface CreatedFace extends z.infer<ReturnType<typeof createdFaceSchema>> {}

/** @internal */
const updatedFaceSchema = () =>
  z.looseObject({
    /** The face's id. */
    face_id: z.string(),
    /** The face's display name after the update. */
    face_name: nullishString,
    /** The face's default voice after the update. */
    default_voice_id: nullishString,
    /** The voice the face was created with (read-only). */
    original_voice_id: nullishString,
  });

/** The answer to Update Face. */
export interface UpdatedFace extends z.infer<ReturnType<typeof updatedFaceSchema>> {}

/** @internal */
const imageValidationSchema = () =>
  z.looseObject({
    /** Whether the image passed every check: a `200` only says the validation ran. */
    passed: z.boolean(),
    /** One entry per check (ids differ by model and are open strings); failed entries say what to fix. */
    checks: z.array(
      z.looseObject({
        /** The check's id, e.g. `face_visible`. */
        id: z.string(),
        /** What the check looks at, for people. */
        label: z.string(),
        /** Whether the image passed it. */
        passed: z.boolean(),
      }),
    ),
    /** Diagnostics, different per model (`pose_suitable_for_face`, …); not typed further. */
    details: nullish(z.record(z.string(), z.unknown())),
  });

/** Tavus's verdict on a training image (Validate Face Image): overall `passed`, each check, diagnostics. */
export interface ImageValidation extends z.infer<ReturnType<typeof imageValidationSchema>> {}

/** The face response schemas, built on first use rather than at import. @internal */
export const faceSchemas = once(() => {
  const face = faceSchema();
  return {
    face,
    list: listEnvelope(face),
    created: createdFaceSchema(),
    updated: updatedFaceSchema(),
    imageValidation: imageValidationSchema(),
  };
});

/** Legacy response names and their face-era names. @internal */
export const FACE_LEGACY_NAMES = {
  replica_id: 'face_id',
  replica_name: 'face_name',
  replica_type: 'face_type',
} as const;

const PROGRESS = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*%?\s*$/;

/**
 * Parses `training_progress` (`"42/100"`, also `"42"` or a number) into 0–100, or `null`.
 *
 * @example
 * ```ts
 * parseTrainingProgress('42/100'); // 42
 * ```
 */
export function parseTrainingProgress(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? clampPercent(raw) : null;
  if (typeof raw !== 'string') return null;
  // Every trained face of a list reads "100/100": the last value is parsed once, not matched (and a
  // match array allocated) for every face of every page.
  if (raw !== lastProgress) {
    lastProgress = raw;
    lastPercent = parseProgressText(raw);
  }
  return lastPercent;
}

let lastProgress: string | undefined;
let lastPercent: number | null = null;

function parseProgressText(raw: string): number | null {
  const match = PROGRESS.exec(raw);
  if (!match) return null;
  const done = Number(match[1]);
  const total = match[2] === undefined ? 100 : Number(match[2]);
  if (!(total > 0)) return null;
  return clampPercent((done / total) * 100);
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value * 100) / 100));
}
