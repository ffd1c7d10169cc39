import { CALLBACK_REQUEST, readCallbackBody } from '../core/callback-body.js';
import { ResponseValidationError, type ValidationIssue } from '../errors.js';
import type { FaceStatus, FinetuneStatus } from '../schemas/face.js';

/** A training callback (`callback_url` POST body), normalised to face-era names. */
export interface TrainingCallback {
  /** The face the callback is about (`replica_id` in the replica-era form). */
  face_id: string;
  /**
   * The face status word: `'completed'` (sent as `ready` in the replica-era form), `'error'`, or
   * another value the API may add.
   */
  status: FaceStatus;
  /** Why training failed, when `status` is `'error'`; otherwise `null`. */
  error_message: string | null;
  /** Phoenix-4.5 fine-tuning state, when the callback carries one; absent otherwise. */
  finetune_status?: FinetuneStatus | null;
  /** The body as received (parsed from JSON when a string was given). */
  raw: Record<string, unknown>;
}

/**
 * Validates a training callback body — the documented replica-era form
 * `{ replica_id, status: "ready" | "error", error_message? }` or the face-era form with `face_id` —
 * and normalises it to `face_id` and the face status words (`ready` → `completed`). Accepts the
 * parsed body or its JSON text. Callbacks are not signed: treat them as a hint, and confirm with
 * the API (a watch's `feed` does).
 *
 * @throws ResponseValidationError naming the failing field.
 * @throws RequestValidationError when the body is nested more than 64 levels deep (or is circular):
 *   no callback is, and walking such a body would overflow the stack here or in the caller's code.
 *
 * @example
 * ```ts
 * app.post('/tavus/training', (req, res) => {
 *   const cb = parseTrainingCallback(req.body); // { face_id: 'r…', status: 'completed', error_message: null, … }
 *   watch.feed(cb);
 *   res.sendStatus(204);
 * });
 * ```
 */
export function parseTrainingCallback(body: unknown): TrainingCallback {
  const raw = readCallbackBody(body);
  // Already normalised (a TrainingCallback handed back in): read its raw body again.
  const record = isCallback(raw) ? raw.raw : raw;
  const issues: ValidationIssue[] = [];
  const id = record.face_id ?? record.replica_id;
  if (typeof id !== 'string' || id.trim() === '') {
    issues.push({
      path: record.face_id === undefined ? 'replica_id' : 'face_id',
      message: 'expected a non-empty face id (face_id or replica_id)',
      code: 'invalid_type',
    });
  }
  const status = record.status;
  if (typeof status !== 'string' || status.trim() === '') {
    issues.push({
      path: 'status',
      message: 'expected a status string (e.g. "ready" or "error")',
      code: 'invalid_type',
    });
  }
  const errorMessage = record.error_message;
  if (errorMessage !== undefined && errorMessage !== null && typeof errorMessage !== 'string') {
    issues.push({ path: 'error_message', message: 'expected a string or null', code: 'invalid_type' });
  }
  const finetune = record.finetune_status;
  if (finetune !== undefined && finetune !== null && typeof finetune !== 'string') {
    issues.push({ path: 'finetune_status', message: 'expected a string or null', code: 'invalid_type' });
  }
  if (issues.length > 0) throw invalid(issues);
  const out: TrainingCallback = {
    face_id: id as string,
    status: status === 'ready' ? 'completed' : (status as string),
    error_message: (errorMessage as string | null | undefined) ?? null,
    raw: record,
  };
  if (finetune !== undefined) out.finetune_status = finetune as string | null;
  return out;
}

function isCallback(
  value: Record<string, unknown>,
): value is Record<string, unknown> & { raw: Record<string, unknown> } {
  const raw = value.raw;
  return typeof value.face_id === 'string' && raw !== null && typeof raw === 'object' && !Array.isArray(raw);
}

function invalid(issues: ValidationIssue[]): ResponseValidationError {
  return new ResponseValidationError(issues, CALLBACK_REQUEST);
}
