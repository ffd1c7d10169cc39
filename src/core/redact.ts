/**
 * Redaction: what keeps secrets (the API key, PAL provider keys) out of errors, events and logs.
 * A leaf module: errors.ts and the HTTP core both use it.
 *
 * @module
 * @internal
 */

const SECRET_KEY = /(^|_|-)(api[_-]?key|authorization|secret|token|password|cookie)$/i;
const REDACTED = '[redacted]';
/** How deep {@link redact} copies; anything deeper is replaced by {@link TOO_DEEP}. */
const MAX_DEPTH = 32;
const TOO_DEEP = '[truncated: nested too deep]';

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * Deep-copies a JSON-like value, replacing the values of secret-looking keys (`api_key`,
 * `authorization`, …) and any occurrence of the given secret strings — in values and in keys —
 * with `[redacted]`. PAL bodies carry LLM / TTS provider keys, and a server may echo a request
 * back in an error. Past {@link MAX_DEPTH} levels the rest is replaced by a marker rather than
 * kept unscrubbed, so nothing survives by nesting and the copy can always be serialised.
 *
 * @internal
 */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    // defineProperty: a JSON body may have an own `__proto__` key, which assignment would turn
    // into the copy's prototype.
    Object.defineProperty(out, scrub(key, secrets), {
      value: SECRET_KEY.test(key) && item != null ? REDACTED : redact(item, secrets, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Response headers as kept on an error: secret-looking headers (`set-cookie`, `authorization`,
 * an echoed `x-api-key`, …) are replaced by `[redacted]`, and secrets are scrubbed from the rest.
 *
 * @internal
 */
export function redactHeaders(
  headers: Iterable<[string, string]>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of headers) {
    Object.defineProperty(out, scrub(key, secrets), {
      value: SECRET_KEY.test(key) ? REDACTED : scrub(value, secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * The secret strings a request body carries (values under `api_key`-like keys, including JSON Patch
 * values whose `path` ends in such a key), so an error that echoes the request can be scrubbed.
 *
 * @internal
 */
export function secretsIn(value: unknown): string[] {
  const out: string[] = [];
  const walk = (item: unknown, key: string, depth: number): void => {
    if (depth > 32) return;
    if (typeof item === 'string') {
      if (SECRET_KEY.test(key) && item) out.push(item);
      return;
    }
    if (Array.isArray(item)) {
      for (const entry of item) walk(entry, '', depth + 1);
    } else if (item !== null && typeof item === 'object') {
      // A patch operation names its key in `path`: `{ path: '/layers/llm/api_key', value }`.
      const record = item as Record<string, unknown>;
      const opKey =
        typeof record.op === 'string' && typeof record.path === 'string' ? record.path.split('/').pop() : '';
      for (const [k, v] of Object.entries(record)) walk(v, k === 'value' && opKey ? opKey : k, depth + 1);
    }
  };
  walk(value, '', 0);
  return out;
}
