import { RequestValidationError, ResponseValidationError, type ValidationIssue } from '../errors.js';
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
  let value = body;
  if (typeof value === 'string') {
    // Measured before parsing, so no engine's JSON.parse (some recurse) sees a deep body.
    if (textNestsDeeper(value, MAX_DEPTH)) throw tooDeep();
    try {
      value = JSON.parse(value);
    } catch {
      throw invalid([{ path: '', message: 'callback body is not valid JSON', code: 'invalid_json' }]);
    }
  } else if (valueNestsDeeper(value, MAX_DEPTH)) {
    throw tooDeep();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid([{ path: '', message: 'expected a JSON object', code: 'invalid_type' }]);
  }
  const raw = value as Record<string, unknown>;
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

/** Deeper than any callback (they are flat objects), and far from any engine's stack limit. */
const MAX_DEPTH = 64;

function tooDeep(): RequestValidationError {
  return new RequestValidationError('body', `nested more than ${MAX_DEPTH} levels deep (or circular)`);
}

/** Whether JSON text opens more than `max` arrays or objects at once; brackets in strings do not count. */
/** @internal (also used by parseVoiceCallback) */
export function textNestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** Whether a value nests deeper than `max`; a cycle counts as infinitely deep. Recursion stops at `max`. */
/** @internal (also used by parseVoiceCallback) */
export function valueNestsDeeper(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  for (const item of Object.values(value)) if (valueNestsDeeper(item, max - 1)) return true;
  return false;
}

function invalid(issues: ValidationIssue[]): ResponseValidationError {
  return new ResponseValidationError(issues, { method: 'POST', path: 'callback_url' });
}
