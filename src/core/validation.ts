import type * as z from 'zod/mini';
import { ResponseValidationError, type ValidationIssue } from '../errors.js';

/**
 * How responses are checked against the contract.
 *
 * - `'lenient'` (default): a field of the wrong type, a missing field or an unknown enum value
 *   passes through unchanged, with a `warning` event naming its path.
 * - `'strict'`: any of those throws {@link ResponseValidationError}.
 * - `'off'`: no checks at all.
 *
 * Every mode normalises (legacy names, envelopes, derived fields) and keeps unknown keys.
 */
export type ValidationMode = 'strict' | 'lenient' | 'off';

/** Reports a validation issue passed through in lenient mode. @internal */
export type ValidationWarn = (issue: ValidationIssue) => void;

/** Formats a zod path (`['data', 3, 'status']`) as `data[3].status`. @internal */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Checks `data` against `schema` in the given mode and returns `data` itself: our schemas never
 * transform, so the checked value is the input (unknown keys kept), and lenient mode can hand back
 * the very same object when a check fails.
 *
 * @internal
 */
export function check<T>(
  schema: z.ZodMiniType<T>,
  data: unknown,
  mode: ValidationMode,
  warn: ValidationWarn,
  request?: { method: string; path: string },
): T {
  if (mode === 'off') return data as T;
  const result = schema.safeParse(data);
  if (result.success) return data as T;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    code: issue.code,
  }));
  if (mode === 'strict') throw new ResponseValidationError(issues, request);
  for (const issue of issues) warn(issue);
  return data as T;
}
