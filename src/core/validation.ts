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

/** Reports a validation issue passed through in lenient mode, with the request whose answer it is in. @internal */
export type ValidationWarn = (issue: ValidationIssue, request: { method: string; path: string } | undefined) => void;

/** Formats a zod path (`['data', 3, 'status']`) as `data[3].status`. @internal */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

type AnySchema = z.ZodMiniType<unknown>;
let compiler: ((schema: AnySchema) => AnySchema) | undefined;
let validator: ((schema: AnySchema, data: unknown) => boolean) | undefined;
const compiled = new WeakMap<AnySchema, AnySchema>();

/**
 * Installs a schema compiler (zod's `compile`), used by the Node entry point: compiled checks run
 * several times faster, but the code generator would double the browser bundle, so browsers keep
 * zod's interpreter. A compiled schema falls back to the interpreter to report issues, so issues
 * are identical either way. `validate` (zod's) answers the common case, a body that passes, with
 * the compiled check alone: `safeParse` of a compiled schema also builds a copy of the body that
 * nothing reads (~4× the time on a 7-face list).
 *
 * @internal
 */
export function useSchemaCompiler(
  compile: (schema: AnySchema) => AnySchema,
  validate?: (schema: AnySchema, data: unknown) => boolean,
): void {
  compiler = compile;
  validator = validate;
}

function fast<T>(schema: z.ZodMiniType<T>): z.ZodMiniType<T> {
  if (!compiler) return schema;
  let out = compiled.get(schema as AnySchema);
  if (!out) {
    out = compiler(schema as AnySchema);
    compiled.set(schema as AnySchema, out);
  }
  return out as z.ZodMiniType<T>;
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
  tolerate?: (issue: ValidationIssue) => boolean,
): T {
  if (mode === 'off') return data as T;
  const checker = fast(schema);
  if (validator?.(checker as AnySchema, data)) return data as T;
  const result = checker.safeParse(data);
  if (result.success) return data as T;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    code: issue.code,
  }));
  if (mode === 'strict' && !(tolerate && issues.every(tolerate))) throw new ResponseValidationError(issues, request);
  for (const issue of issues) warn(issue, request);
  return data as T;
}
