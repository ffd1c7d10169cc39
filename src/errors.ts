/**
 * Every error tavus-faces throws. This module is a leaf: it imports nothing internal, so any layer
 * may use it without creating a cycle.
 *
 * @module
 */

/** The kinds of error tavus-faces throws, as accepted by {@link isTavusError}. */
export type TavusErrorKind =
  | 'TavusError'
  | 'APIError'
  | 'BadRequestError'
  | 'AuthenticationError'
  | 'PermissionDeniedError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'UnprocessableEntityError'
  | 'RateLimitError'
  | 'InternalServerError'
  | 'APIConnectionError'
  | 'APITimeoutError'
  | 'APIUserAbortError'
  | 'RedirectError'
  | 'ResponseValidationError'
  | 'RequestValidationError'
  | 'TrainingFailedError'
  | 'TrainingTimeoutError';

// A registry-wide symbol: two copies of the SDK (the ESM build and the CJS build, or two versions
// in one bundle) brand their errors the same way, so `isTavusError` works where `instanceof` fails.
const BRAND = Symbol.for('tavus-faces.error');

const SECRET_KEY = /(^|_|-)(api[_-]?key|authorization|secret|token|password|cookie)$/i;
const REDACTED = '[redacted]';
/** How deep {@link redact} copies; anything deeper is replaced by {@link TOO_DEEP}. */
const MAX_DEPTH = 32;
const TOO_DEEP = '[truncated: nested too deep]';

function scrub(text: string, secrets: readonly string[]): string {
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

/** Options accepted by every tavus-faces error constructor. */
export interface TavusErrorOptions {
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * The base class of every error tavus-faces throws. Use {@link isTavusError} rather than
 * `instanceof` when more than one copy of the SDK may be loaded.
 */
export class TavusError extends Error {
  /** The error's kind; the same string as its class name. */
  readonly kind: TavusErrorKind = 'TavusError';

  constructor(message: string, options?: TavusErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A plain, serialisable view of the error. Never contains the API key or request headers. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, message: this.message };
  }
}

/** Where a request went and what came back; shared by {@link APIError} and its subclasses. */
export interface APIErrorInit extends TavusErrorOptions {
  /** HTTP status code of the response. */
  status: number;
  /** The parsed JSON body, the raw text when it was not JSON, or `undefined` when empty. */
  body?: unknown;
  /** Response headers, lower-cased. Request headers (and so the API key) are never kept. */
  headers?: Record<string, string>;
  /** HTTP method of the request, upper-case. */
  method: string;
  /** Path of the request, without origin or query string (e.g. `/v2/faces/r90bbd427f71`). */
  path: string;
  /** Whether `body` is only the first {@link MAX_ERROR_BODY_CHARS} characters of a longer body. */
  bodyTruncated?: boolean;
}

/**
 * The longest error body kept on an {@link APIError} (64 KiB of text): a 50 MB error page must not
 * live on in every error and log line. A longer body is kept as its first 64 Ki characters, as
 * text, with `bodyTruncated: true`.
 */
export const MAX_ERROR_BODY_CHARS = 65_536;

/**
 * The API answered with an error status. The subclass says which family: {@link BadRequestError}
 * (400), {@link AuthenticationError} (401), {@link PermissionDeniedError} (403),
 * {@link NotFoundError} (404), {@link ConflictError} (409), {@link UnprocessableEntityError} (422),
 * {@link RateLimitError} (429), {@link InternalServerError} (5xx).
 */
export class APIError extends TavusError {
  override readonly kind: TavusErrorKind = 'APIError';
  /** HTTP status code. */
  readonly status: number;
  /**
   * The parsed JSON body, the raw text when it was not JSON, or `undefined` when empty; scrubbed
   * of secrets, at most 32 levels deep, and cut to its first 64 Ki characters (as text) when longer.
   */
  readonly body: unknown;
  /** Whether `body` was cut: the server sent more than {@link MAX_ERROR_BODY_CHARS} characters. */
  readonly bodyTruncated: boolean;
  /** Response headers, lower-cased, with secret-looking ones (`set-cookie`, echoed keys) redacted. */
  readonly headers: Record<string, string>;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request (no origin, no query string). */
  readonly path: string;
  /** The server's own error text (`error` or `message` in the body), when it sent one. */
  readonly serverMessage: string | undefined;
  /** The request id from the response headers, when the server sent one. */
  readonly requestId: string | undefined;

  constructor(init: APIErrorInit, message?: string) {
    const serverMessage = serverMessageOf(init.body);
    super(
      message ?? `${init.method} ${init.path} failed with ${init.status}${serverMessage ? `: ${serverMessage}` : ''}`,
      init,
    );
    this.status = init.status;
    this.body = init.body;
    this.bodyTruncated = init.bodyTruncated === true;
    this.headers = init.headers ?? {};
    this.method = init.method;
    this.path = init.path;
    this.serverMessage = serverMessage;
    this.requestId = this.headers['x-request-id'] ?? this.headers['request-id'] ?? this.headers['x-amzn-requestid'];
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      method: this.method,
      path: this.path,
      serverMessage: this.serverMessage,
      requestId: this.requestId,
      body: this.body,
      ...(this.bodyTruncated ? { bodyTruncated: true } : {}),
    };
  }
}

/** Tavus puts its error text in `error` (400) or `message` (401, 422, 304). */
function serverMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string')
    return body.trim() && body.length <= 200 && !body.includes('<') ? body.trim() : undefined;
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

/** 400: the request was rejected. Tavus also answers 400 `Invalid face_id` for unknown ids. */
export class BadRequestError extends APIError {
  override readonly kind: TavusErrorKind = 'BadRequestError';
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends APIError {
  override readonly kind: TavusErrorKind = 'AuthenticationError';
}
/** 403: the key may not do this (plan limits, IP allow-lists). */
export class PermissionDeniedError extends APIError {
  override readonly kind: TavusErrorKind = 'PermissionDeniedError';
}
/** 404: no such route or resource. */
export class NotFoundError extends APIError {
  override readonly kind: TavusErrorKind = 'NotFoundError';
}
/**
 * 409: a conflict. On a PAL patch, `conflict` is `"maker_changes"` when PAL Maker holds an
 * unpublished draft; retry with `{ force: true }` to overwrite it.
 */
export class ConflictError extends APIError {
  override readonly kind: TavusErrorKind = 'ConflictError';
  /** The body's `conflict` field (e.g. `"maker_changes"`), when present. */
  readonly conflict: string | undefined;
  constructor(init: APIErrorInit, message?: string) {
    super(init, message);
    const conflict = (init.body as { conflict?: unknown } | undefined)?.conflict;
    this.conflict = typeof conflict === 'string' ? conflict : undefined;
  }
}
/** 422: the body was well-formed JSON but not acceptable (e.g. an invalid JSON Patch). */
export class UnprocessableEntityError extends APIError {
  override readonly kind: TavusErrorKind = 'UnprocessableEntityError';
}
/** 429: too many requests. */
export class RateLimitError extends APIError {
  override readonly kind: TavusErrorKind = 'RateLimitError';
  /** How long the server asked us to wait (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: APIErrorInit, message?: string) {
    super(init, message);
    this.retryAfterMs = parseRetryAfter(this.headers['retry-after']);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
/** 5xx: the server failed. */
export class InternalServerError extends APIError {
  override readonly kind: TavusErrorKind = 'InternalServerError';
}

/**
 * Parses a `Retry-After` value (delay seconds or an HTTP date) into milliseconds from `now`.
 *
 * @internal
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The request never got an HTTP answer: DNS, TCP, TLS failure or a reset connection. */
export class APIConnectionError extends TavusError {
  override readonly kind: TavusErrorKind = 'APIConnectionError';
}
/** An attempt took longer than `timeoutMs`, and no retry was left (or allowed). */
export class APITimeoutError extends APIConnectionError {
  override readonly kind: TavusErrorKind = 'APITimeoutError';
}
/** The caller aborted: an `AbortSignal` fired, or a watch was stopped. */
export class APIUserAbortError extends TavusError {
  override readonly kind: TavusErrorKind = 'APIUserAbortError';
}

/** Where a redirect pointed, as far as it may be told: origin and path, never the query. */
export interface RedirectErrorInit {
  /** HTTP method of the request, upper-case. */
  method: string;
  /** Path of the request (no origin, no query string). */
  path: string;
  /** The redirect's status (301, 302, 303, 307, 308); `0` in a browser, which hides it. */
  status: number;
  /** Origin of the redirect's target (`https://host:port`); `undefined` when the runtime hides it. */
  targetOrigin: string | undefined;
  /** Path of the redirect's target, without its query (which may hold a signature). */
  targetPath: string | undefined;
}

/**
 * The API answered with a redirect, which tavus-faces never follows: the API key and request bodies
 * (PAL provider keys among them) go only to the client's `baseUrl`, and a POST is never re-sent or
 * turned into a GET. Browsers hide a redirect's status and target (`status` is then `0`).
 * Never retried. Usually a misconfigured `baseUrl` or proxy.
 */
export class RedirectError extends TavusError {
  override readonly kind: TavusErrorKind = 'RedirectError';
  /** The redirect's status (301, 302, 303, 307, 308), or `0` when the runtime hides it (browsers). */
  readonly status: number;
  /** Origin of the redirect's target, when known. */
  readonly targetOrigin: string | undefined;
  /** Path of the redirect's target (no query string), when known. */
  readonly targetPath: string | undefined;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request (no origin, no query string). */
  readonly path: string;
  constructor(init: RedirectErrorInit) {
    const target =
      init.targetOrigin === undefined ? 'another location' : `${init.targetOrigin}${init.targetPath ?? ''}`;
    super(
      `${init.method} ${init.path} was redirected${init.status ? ` (${init.status})` : ''} to ${target}; ` +
        'tavus-faces does not follow redirects, so the API key and request body stay with baseUrl ' +
        '(check baseUrl, or your proxy)',
    );
    this.status = init.status;
    this.targetOrigin = init.targetOrigin;
    this.targetPath = init.targetPath;
    this.method = init.method;
    this.path = init.path;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      method: this.method,
      path: this.path,
      targetOrigin: this.targetOrigin,
      targetPath: this.targetPath,
    };
  }
}

/** Which request an error is about. */
export interface RequestRef {
  /** HTTP method, upper-case. */
  method: string;
  /** Path without origin or query string. */
  path: string;
}

/** One failing place in a response, as reported by {@link ResponseValidationError}. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `data[3].status` (empty for the whole body). */
  path: string;
  /** What was wrong. */
  message: string;
  /** The zod issue code (e.g. `invalid_type`, `invalid_value`). */
  code: string;
}

/**
 * A response did not match the contract (in `strict` mode), or a body could not be parsed at all.
 * Not an {@link APIError}: the HTTP exchange succeeded, the data is what is wrong.
 */
export class ResponseValidationError extends TavusError {
  override readonly kind: TavusErrorKind = 'ResponseValidationError';
  /** Every failing path with its zod issue. */
  readonly issues: readonly ValidationIssue[];
  /** The failing paths, e.g. `['data[0].status']`. */
  readonly paths: readonly string[];
  /** Method and path of the request whose response failed, when known. */
  readonly request: RequestRef | undefined;

  constructor(issues: readonly ValidationIssue[], request?: RequestRef, options?: TavusErrorOptions) {
    const where = request ? ` from ${request.method} ${request.path}` : '';
    const list = issues
      .slice(0, 5)
      .map((issue) => `${issue.path || '(body)'}: ${issue.message}`)
      .join('; ');
    super(`Unexpected response${where}: ${list}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`, options);
    this.issues = issues;
    this.paths = issues.map((issue) => issue.path);
    this.request = request;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues, request: this.request };
  }
}

/** Bad input, caught before any request was sent. `field` names what was wrong. */
export class RequestValidationError extends TavusError {
  override readonly kind: TavusErrorKind = 'RequestValidationError';
  /** The offending field (e.g. `train_image_url`, `operations[2].path`). */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** Training ended in failure (`status: error`, or `finetune_status: errored` when waiting for a tuned face). */
export class TrainingFailedError extends TavusError {
  override readonly kind: TavusErrorKind = 'TrainingFailedError';
  /** The face whose training failed. */
  readonly faceId: string;
  /** The face's `error_message`, when it had one. */
  readonly errorMessage: string | null;
  /** The last progress seen, 0–100. */
  readonly lastProgress: number | null;
  /** Which stage failed: the training itself, or Phoenix-4.5's background fine-tuning. */
  readonly stage: 'training' | 'finetune';
  constructor(init: {
    faceId: string;
    errorMessage: string | null;
    lastProgress: number | null;
    stage: 'training' | 'finetune';
  }) {
    super(
      `${init.stage === 'finetune' ? 'Fine-tuning' : 'Training'} of face ${init.faceId} failed` +
        (init.errorMessage ? `: ${init.errorMessage}` : '') +
        (init.lastProgress == null ? '' : ` (last progress ${init.lastProgress}%)`),
    );
    this.faceId = init.faceId;
    this.errorMessage = init.errorMessage;
    this.lastProgress = init.lastProgress;
    this.stage = init.stage;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      faceId: this.faceId,
      errorMessage: this.errorMessage,
      lastProgress: this.lastProgress,
      stage: this.stage,
    };
  }
}

/** A training watch reached its deadline before the face was done. */
export class TrainingTimeoutError extends TavusError {
  override readonly kind: TavusErrorKind = 'TrainingTimeoutError';
  /** The face being watched. */
  readonly faceId: string;
  /** The deadline that passed, as epoch milliseconds. */
  readonly deadline: number;
  /** The last status seen, when any. */
  readonly lastStatus: string | null;
  /** For a batch watch (`watchMany`): every face still unfinished at the deadline. */
  readonly pendingFaceIds: readonly string[] | undefined;
  constructor(init: {
    faceId: string;
    deadline: number;
    lastStatus: string | null;
    pendingFaceIds?: readonly string[];
  }) {
    const pending = init.pendingFaceIds;
    super(
      (pending
        ? `${pending.length} face(s) did not finish training before the deadline`
        : `Face ${init.faceId} did not finish training before the deadline`) +
        ` ${new Date(init.deadline).toISOString()}` +
        (init.lastStatus ? ` (last status: ${init.lastStatus})` : ''),
    );
    this.faceId = init.faceId;
    this.deadline = init.deadline;
    this.lastStatus = init.lastStatus;
    this.pendingFaceIds = pending;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      faceId: this.faceId,
      deadline: this.deadline,
      lastStatus: this.lastStatus,
      ...(this.pendingFaceIds ? { pendingFaceIds: this.pendingFaceIds } : {}),
    };
  }
}

const ANCESTORS: Partial<Record<TavusErrorKind, TavusErrorKind[]>> = {
  BadRequestError: ['APIError'],
  AuthenticationError: ['APIError'],
  PermissionDeniedError: ['APIError'],
  NotFoundError: ['APIError'],
  ConflictError: ['APIError'],
  UnprocessableEntityError: ['APIError'],
  RateLimitError: ['APIError'],
  InternalServerError: ['APIError'],
  APITimeoutError: ['APIConnectionError'],
};

/**
 * Whether `error` is a tavus-faces error, optionally of a given kind (subclasses count: a
 * `RateLimitError` is an `'APIError'`). Works across copies of the SDK, where `instanceof` does not.
 *
 * @example
 * ```ts
 * if (isTavusError(e, 'RateLimitError')) console.log(e.retryAfterMs);
 * ```
 */
export function isTavusError<K extends TavusErrorKind = 'TavusError'>(
  error: unknown,
  kind?: K,
): error is TavusErrorByKind[K] {
  if (error === null || typeof error !== 'object' || !(error as Record<symbol, unknown>)[BRAND]) return false;
  if (kind === undefined || kind === 'TavusError') return true;
  const own = (error as TavusError).kind;
  return own === kind || (ANCESTORS[own]?.includes(kind) ?? false);
}

/** Maps each {@link TavusErrorKind} to its class's instance type. */
export interface TavusErrorByKind {
  /** {@link TavusError} */
  TavusError: TavusError;
  /** {@link APIError} */
  APIError: APIError;
  /** {@link BadRequestError} */
  BadRequestError: BadRequestError;
  /** {@link AuthenticationError} */
  AuthenticationError: AuthenticationError;
  /** {@link PermissionDeniedError} */
  PermissionDeniedError: PermissionDeniedError;
  /** {@link NotFoundError} */
  NotFoundError: NotFoundError;
  /** {@link ConflictError} */
  ConflictError: ConflictError;
  /** {@link UnprocessableEntityError} */
  UnprocessableEntityError: UnprocessableEntityError;
  /** {@link RateLimitError} */
  RateLimitError: RateLimitError;
  /** {@link InternalServerError} */
  InternalServerError: InternalServerError;
  /** {@link APIConnectionError} */
  APIConnectionError: APIConnectionError;
  /** {@link APITimeoutError} */
  APITimeoutError: APITimeoutError;
  /** {@link APIUserAbortError} */
  APIUserAbortError: APIUserAbortError;
  /** {@link RedirectError} */
  RedirectError: RedirectError;
  /** {@link ResponseValidationError} */
  ResponseValidationError: ResponseValidationError;
  /** {@link RequestValidationError} */
  RequestValidationError: RequestValidationError;
  /** {@link TrainingFailedError} */
  TrainingFailedError: TrainingFailedError;
  /** {@link TrainingTimeoutError} */
  TrainingTimeoutError: TrainingTimeoutError;
}

/**
 * Builds the {@link APIError} subclass for a status.
 *
 * @internal
 */
export function makeAPIError(init: APIErrorInit, message?: string): APIError {
  const { status } = init;
  if (status === 400) return new BadRequestError(init, message);
  if (status === 401) return new AuthenticationError(init, message);
  if (status === 403) return new PermissionDeniedError(init, message);
  if (status === 404) return new NotFoundError(init, message);
  if (status === 409) return new ConflictError(init, message);
  if (status === 422) return new UnprocessableEntityError(init, message);
  if (status === 429) return new RateLimitError(init, message);
  if (status >= 500) return new InternalServerError(init, message);
  return new APIError(init, message);
}
