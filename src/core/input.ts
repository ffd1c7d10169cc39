/**
 * Checks of what a caller hands the HTTP core — ids in paths, per-call options, headers, retry
 * counts and timeouts — all run before any request, so bad input never reaches the wire.
 *
 * @module
 * @internal
 */
import { RequestValidationError } from '../errors.js';
import { MAX_TIMER_MS } from './sleep.js';
import { unknownNameMessage } from './suggest.js';

/** Options every request method accepts as its last argument; they override the client's. */
export interface RequestOptions {
  /** Aborts the request (and any retry wait); the call rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** How many times a retryable failure is retried. @default the client's `maxRetries` */
  maxRetries?: number;
  /**
   * Extra headers for this request (in browsers they may trigger a CORS preflight). They replace the
   * client's headers of the same name, whatever its case.
   */
  headers?: Record<string, string>;
}

/**
 * Encodes id path segments: `path\`/v2/faces/${id}\``. An empty id is rejected before any request.
 *
 * @internal
 */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  let out = strings[0] ?? '';
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new RequestValidationError('id', `expected a non-empty id string, got ${JSON.stringify(id)}`);
    }
    // URL normalisation turns `/v2/pals/../publish` into `/v2/pals/publish`: a different call.
    if (id === '.' || id === '..') {
      throw new RequestValidationError('id', `expected an id, got ${JSON.stringify(id)} (a path segment, not an id)`);
    }
    let encoded: string;
    try {
      encoded = encodeURIComponent(id);
    } catch {
      // A lone surrogate has no UTF-8 form (encodeURIComponent throws a URIError).
      throw new RequestValidationError('id', 'expected an id of well-formed Unicode text (it holds a lone surrogate)');
    }
    out += encoded + (strings[i + 1] ?? '');
  });
  return out;
}

const REQUEST_OPTIONS: readonly string[] = ['signal', 'timeoutMs', 'maxRetries', 'headers'];

/**
 * Rejects per-call options the SDK does not know (`{ intervalMS: 10 }`), naming the closest valid
 * one: a typo must not silently fall back to the default.
 *
 * @internal
 */
export function checkRequestOptions(options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') {
    throw new RequestValidationError('options', 'expected an object of request options');
  }
  for (const key of Object.keys(options)) {
    if (!REQUEST_OPTIONS.includes(key)) {
      throw new RequestValidationError(key, unknownNameMessage('request option', key, REQUEST_OPTIONS));
    }
  }
  const { signal, headers } = options as RequestOptions;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new RequestValidationError('signal', 'expected an AbortSignal');
  }
  if (headers !== undefined) checkHeaders('headers', headers);
}

/**
 * Header names and values a `Request` would refuse (a newline, a control or non-Latin-1 character)
 * are caught here, without echoing the value: it may be a credential.
 *
 * @internal
 */
export function checkHeaders(field: string, headers: unknown): void {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw new RequestValidationError(field, 'expected an object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new RequestValidationError(`${field}.${name}`, 'is not a valid HTTP header name');
    }
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new RequestValidationError(
        `${field}.${name}`,
        'expected a string without newlines, control or non-Latin-1 characters (not shown: it may be a secret)',
      );
    }
  }
}

// RFC 9110 token characters; values: visible Latin-1 plus space and tab (what Headers accepts).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Rejects retry counts and timeouts that would retry for ever or never time out. @internal */
export function checkRetriesAndTimeout(maxRetries: unknown, timeoutMs: unknown): void {
  if (!Number.isInteger(maxRetries) || (maxRetries as number) < 0) {
    throw new RequestValidationError('maxRetries', `expected a non-negative integer, got ${String(maxRetries)}`);
  }
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > MAX_TIMER_MS) {
    throw new RequestValidationError(
      'timeoutMs',
      `expected a number of milliseconds above 0 and at most ${MAX_TIMER_MS}, got ${String(timeoutMs)}`,
    );
  }
}
