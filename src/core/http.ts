import ky, { HTTPError, type Options as KyOptions, TimeoutError } from 'ky';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  type APIError,
  type TavusError,
  RequestValidationError,
  ResponseValidationError,
  makeAPIError,
  parseRetryAfter,
  redact,
  secretsIn,
} from '../errors.js';
import type { Emit } from './events.js';

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
    out += encodeURIComponent(id) + (strings[i + 1] ?? '');
  });
  return out;
}

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
    this.#ky = ky.create({ headers, timeout: config.timeoutMs });
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
    let bodies: Map<Response, string> | undefined;

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
      const text = await response.text();
      if (response.ok) {
        parsed = parseBody(text);
        if (parsed.bad && method === 'GET') throw new UnparseableBody();
      } else {
        bodies ??= new Map();
        bodies.set(response, text);
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
            if (await wait(nextDelay, signal)) continue;
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
    const body = response.ok && parsed ? parsed : parseBody(bodies?.get(response) ?? '');
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
    bodies: Map<Response, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<TavusError> {
    // Whatever the fetch rejected with (the signal's own reason, a TimeoutError from
    // AbortSignal.timeout, …), a fired user signal means the caller aborted.
    if (signal?.aborted) return new APIUserAbortError(`${method} ${urlPath} was aborted`, { cause: signal.reason });
    if (error instanceof HTTPError) {
      const { response } = error;
      const text = bodies?.get(response) ?? (await response.text().catch(() => ''));
      const body = parseBody(text);
      return makeAPIError({
        status: response.status,
        body: this.redact(body.json ? body.data : text || undefined, secrets),
        headers: headersToObject(response.headers),
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
    const reason = error instanceof Error ? error.message : String(error);
    return new APIConnectionError(this.redact(`${method} ${urlPath}: connection failed (${reason})`, secrets), {
      cause: error,
    });
  }
}

/** The longest delay ky and `setTimeout` accept (2^31 − 1 ms, ~24.8 days). @internal */
export const MAX_TIMER_MS = 2 ** 31 - 1;

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

/**
 * Waits `ms` before a retry: true when the wait ran out, false as soon as `signal` fires (the timer
 * and the listener are both gone either way).
 */
function wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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

function headersToObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    // Only response headers are kept; set-cookie is never useful in an error report.
    if (key !== 'set-cookie') out[key] = value;
  });
  return out;
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
