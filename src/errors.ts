/**
 * Every error tavus-faces throws. This module imports only leaves at run time (redaction, the retry
 * policy's `Retry-After` parser; the preflight report only as a type), so any layer may use it.
 *
 * @module
 */
import { redact, redactHeaders, scrub } from './core/redact.js';
import { parseRetryAfter } from './core/retry.js';
import type { FacePreflightProblem, FacePreflightReport } from './resources/faces.preflight.js';

export { parseRetryAfter };

/**
 * The kinds of error tavus-faces throws, as accepted by {@link isTavusError}: each is the name of
 * its class. (The class table at the end of this module is checked against this list both ways.)
 */
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
  | 'TrainingTimeoutError'
  | 'TrainingMediaError'
  | 'VoiceFailedError';

// A registry-wide symbol: two copies of the SDK (the ESM build and the CJS build, or two versions
// in one bundle) brand their errors the same way, so `isTavusError` works where `instanceof` fails.
const BRAND = Symbol.for('tavus-faces.error');

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
  readonly kind: TavusErrorKind;

  constructor(message: string, options?: TavusErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kindOf(new.target);
    // From the table, not `new.target.name`: an app's minifier may rename the classes.
    this.name = this.kind;
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
  headers?: Record<string, string> | Headers;
  /** HTTP method of the request, upper-case. */
  method: string;
  /** Path of the request, without origin or query string (e.g. `/v2/faces/r90bbd427f71`). */
  path: string;
  /**
   * Secrets the request carried (the API key, PAL provider keys): scrubbed from the body, headers
   * and message the error keeps, and not kept themselves.
   */
  secrets?: readonly string[];
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
    // Scrubbed here, so no call site can forget: the body and headers may echo the request.
    const secrets = init.secrets ?? [];
    const body = redact(init.body, secrets);
    const serverMessage = serverMessageOf(body);
    super(
      scrub(
        message ?? `${init.method} ${init.path} failed with ${init.status}${serverMessage ? `: ${serverMessage}` : ''}`,
        secrets,
      ),
      { cause: init.cause },
    );
    this.status = init.status;
    this.body = body;
    this.bodyTruncated = init.bodyTruncated === true;
    const headers = init.headers ?? {};
    this.headers = redactHeaders(headers instanceof Headers ? headers : Object.entries(headers), secrets);
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
export class BadRequestError extends APIError {}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends APIError {}
/** 403: the key may not do this (plan limits, IP allow-lists). */
export class PermissionDeniedError extends APIError {}
/** 404: no such route or resource. */
export class NotFoundError extends APIError {}
/**
 * 409: a conflict. On a PAL patch, `conflict` is `"maker_changes"` when PAL Maker holds an
 * unpublished draft; retry with `{ force: true }` to overwrite it.
 */
export class ConflictError extends APIError {
  /** The body's `conflict` field (e.g. `"maker_changes"`), when present. */
  readonly conflict: string | undefined;
  constructor(init: APIErrorInit, message?: string) {
    super(init, message);
    const conflict = (init.body as { conflict?: unknown } | undefined)?.conflict;
    this.conflict = typeof conflict === 'string' ? conflict : undefined;
  }
}
/** 422: the body was well-formed JSON but not acceptable (e.g. an invalid JSON Patch). */
export class UnprocessableEntityError extends APIError {}
/** 429: too many requests. */
export class RateLimitError extends APIError {
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
export class InternalServerError extends APIError {}

/** The request never got an HTTP answer: DNS, TCP, TLS failure or a reset connection. */
export class APIConnectionError extends TavusError {}
/** An attempt took longer than `timeoutMs`, and no retry was left (or allowed). */
export class APITimeoutError extends APIConnectionError {}
/** The caller aborted: an `AbortSignal` fired, or a watch was stopped. */
export class APIUserAbortError extends TavusError {}

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

/** Which stage of a training failed: the training itself, or Phoenix-4.5's background fine-tuning. */
export type TrainingStage = 'training' | 'finetune';

/** Training ended in failure (`status: error`, or `finetune_status: errored` when waiting for a tuned face). */
export class TrainingFailedError extends TavusError {
  /** The face whose training failed. */
  readonly faceId: string;
  /** The face's `error_message`, when it had one. */
  readonly errorMessage: string | null;
  /** The last progress seen, 0–100. */
  readonly lastProgress: number | null;
  /** Which stage failed. */
  readonly stage: TrainingStage;
  constructor(init: {
    faceId: string;
    errorMessage: string | null;
    lastProgress: number | null;
    stage: TrainingStage;
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

/**
 * `tavus.faces.create(params, { preflight: true })` found a problem Tavus would fail the paid training
 * with, so nothing was sent. `report` is the whole preflight report; `problems` its errors. Neither the
 * message nor `toJSON()` shows a training URL (a presigned URL's signature must not reach logs).
 */
export class TrainingMediaError extends TavusError {
  /** The preflight report: `ok`, `problems`, the per-field `reports`, `imageValidation`. */
  readonly report: FacePreflightReport;
  /** The error-severity findings: why nothing was sent. */
  readonly problems: FacePreflightProblem[];
  constructor(report: FacePreflightReport) {
    const problems = report.problems.filter((p) => p.severity === 'error');
    super(`Not training: ${problems.map((p) => `${p.field}: ${p.code}: ${p.message}`).join('; ')}`);
    this.report = report;
    this.problems = problems;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problems: this.problems };
  }
}

/**
 * A voice did not become ready (see `tavus.voices.waitUntilReady`): it ended with `status: error`
 * (`errorMessage` says why), or the wait's deadline passed first (`timedOut`; it may still finish).
 */
export class VoiceFailedError extends TavusError {
  constructor(
    /** The voice waited for. */ readonly voiceId: string,
    /** The voice's `error_message`, when it had one. */ readonly errorMessage: string | null,
    /** The wait's deadline passed while the voice was still `lastStatus`. */ readonly timedOut = false,
    /** The last status seen, when any. */ readonly lastStatus: string | null = 'error',
  ) {
    super(`Voice ${voiceId} ${timedOut ? `was ${lastStatus} at the deadline` : `failed: ${errorMessage}`}`);
  }
  override toJSON(): Record<string, unknown> {
    const { voiceId, errorMessage, timedOut, lastStatus } = this;
    return { ...super.toJSON(), voiceId, errorMessage, timedOut, lastStatus };
  }
}

/**
 * The one table of error classes: every kind's class, from which each error's `kind` and `name`,
 * the ancestry {@link isTavusError} checks and {@link TavusErrorByKind} are derived. `satisfies`
 * checks it against {@link TavusErrorKind} both ways.
 */
const ERRORS = {
  TavusError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  RedirectError,
  ResponseValidationError,
  RequestValidationError,
  TrainingFailedError,
  TrainingTimeoutError,
  TrainingMediaError,
  VoiceFailedError,
} satisfies { [K in TavusErrorKind]: abstract new (...args: never[]) => TavusError };

const KIND_OF = new Map<unknown, TavusErrorKind>(
  Object.entries(ERRORS).map(([kind, errorClass]) => [errorClass, kind as TavusErrorKind]),
);

/** The kind of a class: its own, or that of its nearest ancestor in the table (a user's subclass). */
function kindOf(errorClass: unknown): TavusErrorKind {
  for (let c = errorClass; c; c = Object.getPrototypeOf(c)) {
    const kind = KIND_OF.get(c);
    if (kind) return kind;
  }
  return 'TavusError';
}

// Each kind's ancestors by kind name, so the check works on errors from another copy of the SDK.
const ANCESTORS = new Map<TavusErrorKind, TavusErrorKind[]>(
  Object.entries(ERRORS).map(([kind, errorClass]) => {
    const up: TavusErrorKind[] = [];
    for (let c = Object.getPrototypeOf(errorClass); KIND_OF.has(c); c = Object.getPrototypeOf(c)) {
      up.push(KIND_OF.get(c) as TavusErrorKind);
    }
    return [kind as TavusErrorKind, up];
  }),
);

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
  return own === kind || (ANCESTORS.get(own)?.includes(kind) ?? false);
}

/**
 * Maps each {@link TavusErrorKind} to its class's instance type. Spelled out for the API docs; the
 * `ERRORS_BY_KIND` check below keeps it equal to the class table.
 */
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
  /** {@link TrainingMediaError} */
  TrainingMediaError: TrainingMediaError;
  /** {@link VoiceFailedError} */
  VoiceFailedError: VoiceFailedError;
}

// Fails to compile if TavusErrorByKind and the class table ever disagree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const ERRORS_BY_KIND: Same<TavusErrorByKind, { [K in TavusErrorKind]: InstanceType<(typeof ERRORS)[K]> }> = true;
void ERRORS_BY_KIND;

const BY_STATUS: Readonly<Record<number, new (init: APIErrorInit, message?: string) => APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * Builds the {@link APIError} subclass for a status.
 *
 * @internal
 */
export function makeAPIError(init: APIErrorInit, message?: string): APIError {
  const errorClass = BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : APIError);
  return new errorClass(init, message);
}
