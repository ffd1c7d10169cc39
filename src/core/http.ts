import ky, { HTTPError, type Options as KyOptions, TimeoutError } from 'ky';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  type APIError,
  MAX_ERROR_BODY_CHARS,
  RedirectError,
  RequestValidationError,
  ResponseValidationError,
  type TavusError,
  isTavusError,
  makeAPIError,
  parseRetryAfter,
  redact,
  redactHeaders,
  secretsIn,
} from '../errors.js';
import type { Emit } from './events.js';
import { MAX_TIMER_MS, sleep } from './sleep.js';
import { unknownNameMessage } from './suggest.js';

/** Options every request method accepts as its last argument; they override the client's. */
export interface RequestOptions {
  /** Aborts the request (and any retry wait); the call rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** How many times a retryable failure is retried. @default the client's `maxRetries` */
  maxRetries?: number;
  /** Extra headers for this request (in browsers they may trigger a CORS preflight). */
  headers?: Record<string, string>;
}

/** Backoff between retries. */
export interface BackoffOptions {
  /** Delay before the first retry; doubled each time, with jitter. @default 500 */
  initialDelayMs?: number;
  /** Largest backoff delay. @default 8000 */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the SDK waits for. A longer one fails fast with a `RateLimitError`
   * whose `retryAfterMs` says how long the server asked for. @default 60000
   */
  maxRetryAfterMs?: number;
}

/** HTTP methods the SDK sends. @internal */
export type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';

/** Everything the core needs, resolved once by the client. @internal */
export interface HttpConfig {
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof globalThis.fetch | undefined;
  headers: Record<string, string>;
  backoff: Required<BackoffOptions>;
  emit: Emit;
}

/** A query string value; arrays are sent comma-separated, `undefined` is left out. @internal */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** One API call as a resource describes it. @internal */
export interface CallSpec {
  method: Method;
  /** Path under the base URL, starting with `/v2/`; build it with {@link path}. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  options?: RequestOptions | undefined;
  /** Non-2xx statuses that count as success for this call (e.g. 304 on a PAL patch). */
  acceptStatus?: readonly number[];
  /**
   * `'json'` (default): a 2xx body that is not JSON is an error (`ResponseValidationError`).
   * `'any'`: any body is success (Delete Face answers the text `OK`).
   */
  expect?: 'json' | 'any';
}

/** A successful exchange: the status and the parsed JSON body (`undefined` when empty or not JSON). @internal */
export interface CallResult {
  status: number;
  /** The JSON body; `undefined` when the body was empty or not JSON (see `text`). */
  data: unknown;
  /** Whether the body was JSON (an empty body is not). */
  json: boolean;
  /** The raw body text, kept when it was not JSON (e.g. `OK` from Delete Face). */
  text: string;
}

const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'HEAD', 'DELETE']);
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const INVALID_ID = /^Invalid [a-z_]+_id$/i;

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

/**
 * The only module that touches ky: auth, retries (our loop around one ky attempt at a time),
 * per-attempt timeouts, aborts, events, and mapping failures to tavus-faces errors.
 *
 * @internal
 */
export class HttpCore {
  readonly config: HttpConfig;
  // Private fields are invisible to util.inspect, JSON.stringify and property enumeration.
  readonly #apiKey: string | null;
  readonly #secrets: string[];
  // Static headers and the client's timeout live on a ky instance, merged once, not on every call.
  readonly #ky: typeof ky;

  constructor(config: HttpConfig, apiKey: string | null) {
    this.config = config;
    this.#apiKey = apiKey;
    this.#secrets = apiKey ? [apiKey] : [];
    const headers: Record<string, string> = { accept: 'application/json', ...config.headers };
    if (apiKey) headers['x-api-key'] = apiKey;
    // `manual`: a redirect comes back to us instead of being followed, so the key and the body
    // never reach another origin and a POST is never re-sent or turned into a GET.
    this.#ky = ky.create({ headers, timeout: config.timeoutMs, redirect: 'manual' });
  }

  /** Whether requests carry an API key (false in proxy mode). */
  get hasApiKey(): boolean {
    return this.#apiKey !== null;
  }

  /** Scrubs the API key, `extra` secrets and secret-looking fields out of a value bound for an error or event. */
  redact<T>(value: T, extra: readonly string[] = []): T {
    return redact(value, extra.length ? [...this.#secrets, ...extra] : this.#secrets) as T;
  }

  async call(spec: CallSpec): Promise<CallResult> {
    const { method, path: urlPath, options = {} } = spec;
    checkRequestOptions(spec.options);
    const { config } = this;
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
    checkRetriesAndTimeout(maxRetries, timeoutMs);
    const signal = options.signal;
    const idempotent = IDEMPOTENT.has(method);
    const emit = config.emit;
    // Provider keys inside a PAL body: a server that echoes the request must not leak them.
    const secrets = spec.body === undefined ? [] : secretsIn(spec.body);
    let attempt = 0;
    let nextDelay = 0;
    // Whether an earlier attempt may have reached the server without us learning the outcome.
    let ambiguous = false;
    // Read by the fetch wrapper below, inside ky's per-attempt timeout (a body that stalls after the
    // headers times out like any attempt), once (a ky hook would tee a clone of every response); a
    // GET whose 2xx body was cut off is retried like any transient failure.
    let parsed: ParsedBody | undefined;
    // Error bodies, by response; made on the first non-2xx answer (most calls never need one).
    let bodies: Map<Response, CappedText> | undefined;

    const decide = async (error: unknown, retryCount: number): Promise<boolean> => {
      if (signal?.aborted) return false;
      let delayMs: number | undefined;
      if (error instanceof HTTPError) {
        const status = error.response.status;
        if (status >= 500) ambiguous = true;
        if (status !== 429 && !(idempotent && RETRY_STATUSES.includes(status))) return false;
        const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'));
        // Past the cap we fail fast; the RateLimitError carries the wait the server asked for.
        if (retryAfter !== undefined && retryAfter > config.backoff.maxRetryAfterMs) return false;
        delayMs = retryAfter;
      } else if (!idempotent) {
        // A POST/PATCH that timed out or lost its connection may have reached the server: a second
        // create would start a second paid training, so only a refused (429) request is re-sent.
        return false;
      } else if (!(error instanceof UnparseableBody)) {
        ambiguous = true;
      }
      nextDelay = delayMs ?? this.#backoff(retryCount);
      emit('retry', {
        method,
        path: urlPath,
        attempt: retryCount + 1,
        delayMs: nextDelay,
        error: await this.#toError(error, method, urlPath, timeoutMs, secrets, bodies, signal),
      });
      return true;
    };

    // One attempt: events, then the body of a 2xx read inside ky's per-attempt timeout.
    const attemptFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      attempt += 1;
      const sentAt = Date.now();
      emit('request', { method, path: urlPath, attempt });
      const response = await (config.fetch ?? globalThis.fetch)(input, init);
      emit('response', { method, path: urlPath, status: response.status, durationMs: Date.now() - sentAt });
      if (isRedirect(response)) {
        response.body?.cancel().catch(() => undefined);
        throw redirectError(response, input, method, urlPath);
      }
      if (response.ok) {
        parsed = parseBody(await response.text());
        if (parsed.bad && method === 'GET') throw new UnparseableBody();
      } else {
        bodies ??= new Map();
        bodies.set(response, await readCapped(response, MAX_ERROR_BODY_CHARS));
      }
      return response;
    };

    const accept = spec.acceptStatus;

    // Only what differs from ky's defaults and the instance's: ky merges and scans every key of
    // this object on every call (measured in docs/performance.md). ky makes one attempt per call;
    // the retry loop below is ours: handing ky a retry policy object costs more per call than
    // anything else the SDK adds (ky re-normalises it on every request), and `decide` would have
    // answered every one of ky's questions anyway.
    const kyOptions: KyOptions = { method, fetch: attemptFetch, retry: 0 };
    if (options.headers) kyOptions.headers = options.headers;
    if (spec.body !== undefined) kyOptions.json = spec.body;
    if (signal) kyOptions.signal = signal;
    if (timeoutMs !== config.timeoutMs) kyOptions.timeout = timeoutMs;
    if (accept) kyOptions.throwHttpErrors = (status) => !accept.includes(status);
    // The query string is built here: given `searchParams`, ky would construct the Request twice.
    const url = config.baseUrl + urlPath + queryString(spec.query);

    let response: Response | undefined;
    let retryCount = 0;
    while (response === undefined) {
      const attemptsBefore = attempt;
      try {
        response = await this.#ky(url, kyOptions);
      } catch (error) {
        // Our own errors from inside an attempt are final: a redirect we refuse to follow, or a
        // throwing event listener (the client wraps it), which must fail the call once, unretried.
        if (isTavusError(error)) throw error;
        // Only a failure of an attempt that was sent is retried: one ky threw before fetching (a
        // malformed header, say) would fail the same way every time.
        if (attempt > attemptsBefore && retryCount < maxRetries) {
          let retry: boolean;
          try {
            retry = await decide(error, retryCount + 1);
          } catch (listenerError) {
            // A throwing `retry` listener fails the call like a throwing `request` listener does.
            throw await this.#toError(listenerError, method, urlPath, timeoutMs, secrets, bodies, signal);
          }
          if (retry) {
            retryCount += 1;
            if (await sleep(nextDelay, signal)) continue;
            throw await this.#toError(signal?.reason, method, urlPath, timeoutMs, secrets, bodies, signal);
          }
        }
        const mapped = await this.#toError(error, method, urlPath, timeoutMs, secrets, bodies, signal);
        // An earlier attempt of this DELETE may have deleted the resource before its answer was lost.
        if (
          method === 'DELETE' &&
          ambiguous &&
          mapped.kind === 'BadRequestError' &&
          INVALID_ID.test((mapped as APIError).serverMessage ?? '')
        ) {
          return { status: 200, data: undefined, json: false, text: '' };
        }
        throw mapped;
      }
    }
    // A non-2xx status the call accepts (e.g. 304) was stashed by the wrapper.
    const body = response.ok && parsed ? parsed : parseBody(bodies?.get(response)?.text ?? '');
    if (body.bad && spec.expect !== 'any') throw unparseable(method, urlPath);
    return { status: response.status, data: body.data, json: body.json, text: body.json ? '' : body.text };
  }

  #backoff(retryCount: number): number {
    const { initialDelayMs, maxDelayMs } = this.config.backoff;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, retryCount - 1));
    // "Equal jitter": never zero, never more than the capped exponential delay.
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  async #toError(
    error: unknown,
    method: Method,
    urlPath: string,
    timeoutMs: number,
    secrets: readonly string[],
    bodies: Map<Response, CappedText> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<TavusError> {
    if (isTavusError(error)) return error;
    // Whatever the fetch rejected with (the signal's own reason, a TimeoutError from
    // AbortSignal.timeout, …), a fired user signal means the caller aborted.
    if (signal?.aborted) return new APIUserAbortError(`${method} ${urlPath} was aborted`, { cause: signal.reason });
    if (error instanceof HTTPError) {
      const { response } = error;
      const { text, truncated } =
        bodies?.get(response) ??
        (await readCapped(response, MAX_ERROR_BODY_CHARS).catch(() => ({ text: '', truncated: false })));
      // A cut body is kept as text: its JSON would not parse, and half an object would mislead.
      const body = truncated ? { json: false, data: undefined } : parseBody(text);
      const all = [...this.#secrets, ...secrets];
      return makeAPIError({
        status: response.status,
        body: redact(body.json ? body.data : text || undefined, all),
        bodyTruncated: truncated,
        headers: redactHeaders(response.headers, all),
        method,
        path: urlPath,
      });
    }
    if (error instanceof TimeoutError) {
      return new APITimeoutError(`${method} ${urlPath} timed out after ${timeoutMs} ms`);
    }
    if (isAbort(error)) {
      return new APIUserAbortError(`${method} ${urlPath} was aborted`, { cause: error });
    }
    if (error instanceof UnparseableBody) return unparseable(method, urlPath);
    return new APIConnectionError(
      this.redact(`${method} ${urlPath}: ${describeConnectionFailure(error, this.config.baseUrl)}`, secrets),
      { cause: error },
    );
  }
}

export { MAX_TIMER_MS };

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

function unparseable(method: string, urlPath: string): ResponseValidationError {
  return new ResponseValidationError(
    [{ path: '', message: 'response body is not valid JSON (cut off mid-transfer?)', code: 'invalid_json' }],
    { method, path: urlPath },
  );
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}

/** A 2xx GET body that is not JSON (cut off mid-transfer?): thrown inside an attempt so it is retried. */
class UnparseableBody extends Error {}

interface ParsedBody {
  text: string;
  data: unknown;
  json: boolean;
  bad: boolean;
}

const NON_SPACE = /\S/;

function parseBody(text: string): ParsedBody {
  // A regex test stops at the first non-space character; `trim()` would copy the whole body.
  if (!NON_SPACE.test(text)) return { text, data: undefined, json: false, bad: false };
  try {
    return { text, data: JSON.parse(text), json: true, bad: false };
  } catch {
    return { text, data: undefined, json: false, bad: true };
  }
}

interface CappedText {
  text: string;
  /** Whether the body went on past the cap (and was not read further). */
  truncated: boolean;
}

/**
 * Reads at most `maxChars` characters of an error body and cancels the rest: a 50 MB error page is
 * neither kept nor downloaded whole.
 */
async function readCapped(response: Response, maxChars: number): Promise<CappedText> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    text += decoder.decode(value, { stream: true });
    if (text.length > maxChars) {
      // Not awaited: some streams (a mocked body, a stalled server) settle a cancel only later.
      reader.cancel().catch(() => undefined);
      return { text: text.slice(0, maxChars), truncated: true };
    }
  }
}

function isRedirect(response: Response): boolean {
  // Browsers answer `redirect: 'manual'` with an opaque redirect (status 0, no headers); Node with
  // the 3xx itself. 304 Not Modified is no redirect (a PAL patch that changes nothing).
  return (
    response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304)
  );
}

function redirectError(response: Response, input: RequestInfo | URL, method: string, urlPath: string): RedirectError {
  let targetOrigin: string | undefined;
  let targetPath: string | undefined;
  const location = response.headers.get('location');
  if (location) {
    try {
      const from = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
      const target = new URL(location, from);
      targetOrigin = target.origin;
      targetPath = target.pathname;
    } catch {
      // An unparseable Location: the error still says a redirect happened, without a target.
    }
  }
  return new RedirectError({ method, path: urlPath, status: response.status, targetOrigin, targetPath });
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused by',
  ECONNRESET: 'connection reset by',
  EPIPE: 'connection closed by',
  ETIMEDOUT: 'connection timed out to',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out to',
  UND_ERR_SOCKET: 'connection closed by',
  EHOSTUNREACH: 'host unreachable:',
  ENETUNREACH: 'network unreachable for',
  ENOTFOUND: 'DNS lookup failed for',
  EAI_AGAIN: 'DNS lookup failed for',
};

/**
 * Says where and why a request got no HTTP answer, from the system code in the cause chain:
 * `connection refused by 127.0.0.1:9 (ECONNREFUSED)`. Browsers give no code: `connection to … failed`.
 *
 * @internal
 */
export function describeConnectionFailure(error: unknown, baseUrl: string): string {
  const code = systemCode(error);
  let where = baseUrl;
  try {
    const url = new URL(baseUrl);
    where = `${url.hostname}:${url.port || (url.protocol === 'http:' ? '80' : '443')}`;
  } catch {
    // A relative base URL (browser proxy mode): name it as given.
  }
  if (code) {
    const phrase =
      CONNECTION_CODES[code] ?? (code.startsWith('ERR_TLS') || code.includes('CERT') ? 'TLS failed with' : undefined);
    return phrase ? `${phrase} ${where} (${code})` : `connection to ${where} failed (${code})`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `connection to ${where} failed (${reason})`;
}

/** The first `code` along the cause chain (undici nests it: TypeError → Error / AggregateError). */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && code) return code;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = systemCode(errors[0]);
      if (inner) return inner;
    }
    current = cause;
  }
  return undefined;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
