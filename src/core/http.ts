import ky, { type Options as KyOptions, TimeoutError } from 'ky';
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
} from '../errors.js';
import type { Emit, Hears } from './events.js';
import { type RequestOptions, checkRequestOptions, checkRetriesAndTimeout } from './input.js';
import { scrub, secretsIn } from './redact.js';
import {
  type AttemptInfo,
  type BackoffOptions,
  type Failure,
  RETRY_STATUSES,
  parseRetryAfter,
  shouldRetry,
} from './retry.js';
import { MAX_TIMER_MS, sleep } from './sleep.js';
import { type QueryValue, queryString } from './query.js';

export { MAX_TIMER_MS };
export type { BackoffOptions, RequestOptions };
export { checkHeaders, checkRequestOptions, checkRetriesAndTimeout, path } from './input.js';

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
  /** Whether `event` has a listener: payloads nobody hears are not built. */
  hears: Hears;
}

export type { QueryValue };

/** One API call as a resource describes it, beside its method and path (see {@link HttpCore.call}). @internal */
export interface CallSpec {
  /** The query: values to encode, or a string already encoded (without `?`). */
  query?: Record<string, QueryValue> | string | undefined;
  body?: unknown;
  options?: RequestOptions | undefined;
  /** Non-2xx statuses that count as success for this call (e.g. 304 on a PAL patch). */
  acceptStatus?: readonly number[];
  /**
   * `'json'` (default): a 2xx body that is not JSON is an error (`ResponseValidationError`).
   * `'any'`: any body is success (Delete Face answers the text `OK`).
   */
  expect?: 'json' | 'any';
  /**
   * Whether the call may be re-sent after its answer was lost. @default true for GET, HEAD and
   * DELETE; a POST that is safe to repeat (ending a conversation) may say so.
   */
  idempotent?: boolean;
  /** Statuses retried when idempotent (429 is always retried). @default 408, 429, 500, 502, 503, 504 */
  retryStatuses?: readonly number[];
  /** Statuses that say nothing was done: re-sent even when not idempotent (429 always is). */
  resendStatuses?: readonly number[];
}

/** A successful exchange: the status and the parsed JSON body (`undefined` when empty or not JSON). @internal */
export interface CallResult {
  /** The request's method and path, so callers need not restate them (e.g. in validation errors). */
  method: Method;
  path: string;
  status: number;
  /** The JSON body; `undefined` when the body was empty or not JSON (see `text`). */
  data: unknown;
  /** The raw body text, when it was not JSON (e.g. `OK` from Delete Face). */
  text?: string;
  /** Whether the JSON may nest deeper than {@link MAX_RESPONSE_DEPTH}: the pipeline then measures it. */
  deep?: boolean;
}

/** One attempt's answer: the response and its body, read under the attempt's deadline. */
interface Exchange {
  response: Response;
  text: string;
  /** An accepted body, parsed once: the JSON value, `undefined` when empty, or {@link NOT_JSON}. */
  data?: unknown;
  /** Whether the (error) body went on past {@link MAX_ERROR_BODY_CHARS} and was cut. */
  truncated?: boolean;
}

const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'HEAD', 'DELETE']);
const INVALID_ID = /^Invalid [a-z_]+_id$/i;

/** Header name–value pairs. */
type HeaderList = [string, string][];

/**
 * One pair per name, merged by `Headers.set`: a later value replaces an earlier one whatever its
 * case. Given the list as it is, fetch would append each pair and join a name given twice.
 */
function headerList(list: HeaderList): HeaderList {
  const merged = new Headers();
  for (const [name, value] of list) merged.set(name, value);
  return [...merged];
}

/**
 * The only module that touches ky: auth, retries (our loop around one ky attempt at a time),
 * per-attempt timeouts, aborts, events, and mapping failures to tavus-faces errors.
 *
 * ky builds the request and runs its timer; the exchange itself (headers, the response, its body)
 * is the attempt's, inside ky's `fetch` (see {@link Attempt.exchange}). That keeps ky's option
 * merging to a handful of plain values (headers in ky's options are merged into fresh `Headers`
 * on every call, and after each major GC that merge is re-optimised from scratch: measured in
 * docs/performance.md), and one timer covers the headers and the body.
 *
 * @internal
 */
export class HttpCore {
  readonly config: HttpConfig;
  // Private fields are invisible to util.inspect, JSON.stringify and property enumeration.
  readonly #apiKey: string | null;
  readonly #secrets: readonly string[];
  /** What every request carries: accept, the client's headers and the key. */
  readonly #headers: HeaderList;
  // What every request shares lives on a ky instance, merged once, not on every call.
  readonly #ky: typeof ky;

  constructor(config: HttpConfig, apiKey: string | null) {
    this.config = config;
    this.#apiKey = apiKey;
    this.#secrets = apiKey ? [apiKey] : [];
    const headers: HeaderList = [['accept', 'application/json'], ...Object.entries(config.headers)];
    if (apiKey) headers.push(['x-api-key', apiKey]);
    this.#headers = headerList(headers);
    // The instance carries the timeout alone, and each call its own `fetch` (the attempt's exchange):
    // ky spreads its merged options into an object of its own on every call, and in V8 11 (Node 20)
    // that object keeps one hidden class only when the merged options hold exactly two keys. With
    // one or three or more, each call built ~3 KB of fresh maps (measured in docs/performance.md).
    // So `redirect: 'manual'` goes to the fetch itself (see `exchange`), and ky's own retries stay
    // at its default: they never fire, since the exchange never rejects (only ky's TimeoutError
    // reaches ky's retry, which does not retry it).
    this.#ky = ky.create({ timeout: config.timeoutMs });
  }

  /** Whether requests carry an API key (false in proxy mode). */
  get hasApiKey(): boolean {
    return this.#apiKey !== null;
  }

  /** Scrubs the API key and `extra` secrets out of a message bound for an error or event. */
  scrub(text: string, extra: readonly string[] = []): string {
    return scrub(text, extra.length ? [...this.#secrets, ...extra] : this.#secrets);
  }

  /**
   * Sends `method urlPath` (a path under the base URL, starting with `/v2/`; build it with
   * {@link path}) as `spec` says, retrying what the policy allows.
   */
  call(method: Method, urlPath: string, spec: CallSpec): Promise<CallResult> {
    return new Attempt(this.#ky, this.config, this.#secrets, this.#headers, method, urlPath, spec).run();
  }
}

/**
 * One call's state across its attempts: what to send, how many attempts went out, whether an
 * answer was lost, and the one place a failure becomes a tavus-faces error.
 */
class Attempt {
  readonly method: Method;
  readonly path: string;
  readonly signal: AbortSignal | undefined;
  readonly #ky: typeof ky;
  readonly #config: HttpConfig;
  readonly #spec: CallSpec;
  readonly #url: string;
  readonly #kyOptions: KyOptions;
  /** The call's headers: the client's, then its own (see {@link headerList}). */
  readonly #headers: HeaderList;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #keySecrets: readonly string[];
  /** Built on the first failure: a call that succeeds never needs it. */
  #policy: AttemptInfo | undefined;
  #bodySecrets: readonly string[] | undefined;
  #sent = 0;
  /** When the attempt was sent, if a `response` listener was there to hear how long it took; else -1. */
  #sentAt = -1;
  /** This attempt's accepted answer; without one, the exchange failed with {@link Attempt.#failure}. */
  #answer: Exchange | undefined;
  /** What this attempt's exchange failed with, kept from ky (see {@link Attempt.exchange}). */
  #failure: unknown;
  // Whether an earlier attempt may have reached the server without us learning the outcome.
  #ambiguous = false;

  constructor(
    kyInstance: typeof ky,
    config: HttpConfig,
    keySecrets: readonly string[],
    headers: HeaderList,
    method: Method,
    urlPath: string,
    spec: CallSpec,
  ) {
    const { options, body, query } = spec;
    let maxRetries = config.maxRetries;
    let timeoutMs = config.timeoutMs;
    // The client checked its own values; a call's overrides are checked here, before any request.
    if (options !== undefined) {
      checkRequestOptions(options);
      maxRetries = options.maxRetries ?? maxRetries;
      timeoutMs = options.timeoutMs ?? timeoutMs;
      checkRetriesAndTimeout(maxRetries, timeoutMs);
    }
    this.method = method;
    this.path = urlPath;
    this.signal = options?.signal;
    this.#ky = kyInstance;
    this.#config = config;
    this.#spec = spec;
    this.#timeoutMs = timeoutMs;
    this.#maxRetries = maxRetries;
    this.#keySecrets = keySecrets;
    // Serialised once per call, not per attempt, and here, so a body that cannot be JSON (a cycle,
    // a BigInt, 100k levels of nesting) is bad input before any request, not a "connection" error.
    const json = body === undefined ? undefined : toJson(body);
    // The call's own headers go after the client's (a later one replaces an earlier one); a call
    // without headers of its own shares the client's list.
    let own = headers;
    if (json !== undefined || options?.headers) {
      const list: HeaderList = [...headers];
      if (json !== undefined) list.push(['content-type', 'application/json']);
      if (options?.headers) list.push(...Object.entries(options.headers));
      own = headerList(list);
    }
    this.#headers = own;
    // Only what differs from the instance's options: ky merges and scans every key of this object
    // on every attempt, and a GET's keys are the two that keep ky's shapes (see HttpCore). GET is
    // ky's default method. The fetch carries this attempt: ky calls it after a tick, when other
    // calls may have started.
    const kyOptions: KyOptions = { fetch: (request) => this.exchange(request as Request) };
    if (method !== 'GET') kyOptions.method = method;
    // A status the call accepts but ky does not (a PAL patch's 304) must reach us, not become an HTTPError.
    if (spec.acceptStatus) kyOptions.throwHttpErrors = false;
    if (json !== undefined) kyOptions.body = json;
    if (this.signal) kyOptions.signal = this.signal;
    if (timeoutMs !== config.timeoutMs) kyOptions.timeout = timeoutMs;
    this.#kyOptions = kyOptions;
    // The query string is built here: given `searchParams`, ky would construct the Request twice.
    const search = typeof query === 'string' ? query : queryString(query);
    this.#url = search ? `${config.baseUrl}${urlPath}?${search}` : config.baseUrl + urlPath;
  }

  /** The call: attempts until one is accepted or a failure is final. */
  async run(): Promise<CallResult> {
    const { emit, hears } = this.#config;
    for (;;) {
      try {
        this.#sent += 1;
        if (hears('request')) emit('request', { method: this.method, path: this.path, attempt: this.#sent });
        // Whether this attempt's answer is timed and reported: decided once, where the clock starts.
        this.#sentAt = hears('response') ? Date.now() : -1;
        this.#answer = undefined;
        // Resolves once `exchange` has kept its answer or its failure; rejects only with ky's
        // TimeoutError (or an error ky itself throws before the exchange).
        await this.#ky(this.#url, this.#kyOptions);
        if (!this.#answer) throw this.#failure;
      } catch (error) {
        const delay = this.#retryDelay(error);
        if (delay !== null) {
          if (await sleep(delay, this.signal)) continue;
          throw this.#toError(this.signal?.reason);
        }
        const mapped = this.#toError(error);
        if (this.#deletedEarlier(mapped)) return this.#result(200, '', undefined);
        throw mapped;
      }
      const { response, text, data } = this.#answer as Exchange;
      return this.#result(response.status, text, data);
    }
  }

  /**
   * One attempt's exchange, as ky's `fetch`: sends the request ky built (with our headers), then
   * reads the answer, all under ky's timer and the caller's signal. An accepted answer is kept for
   * `run`; anything else is kept as the attempt's failure (raw, see `#toError`), and ky gets a
   * stand-in: ky never sees our failures, so it never retries (our retries are the policy's) and
   * needs no `retry` option (see HttpCore).
   */
  async exchange(request: Request): Promise<Response> {
    const { method, path: urlPath } = this;
    const config = this.#config;
    // An exchange that ends after its attempt did (ky's timer fired first) must not touch the next one's.
    const attempt = this.#sent;
    try {
      // What the exchange adds to the Request ky built, in one init: the call's headers (they replace
      // its whole list) and `redirect: 'manual'`, so a redirect comes back to us instead of being
      // followed: the key and the body never reach another origin, and a POST is never re-sent or
      // turned into a GET. One init because fetch copies ky's Request once either way (given any
      // init it rebuilds the header list): headers set on that Request first were paid twice
      // (docs/performance.md). A fresh object per attempt: a wrapped global fetch that writes to its
      // init cannot change the next request. A fetch of the caller's own may ignore `init`: it gets
      // a Request that carries both itself.
      const init: RequestInit = { headers: this.#headers, redirect: 'manual' };
      const response = await (config.fetch
        ? config.fetch(new Request(request, init))
        : globalThis.fetch(request, init));
      // Each getter of a fetch Response checks its brand: the status is read once.
      const { status } = response;
      if (this.#sentAt >= 0) {
        config.emit('response', { method, path: urlPath, status, durationMs: Date.now() - this.#sentAt });
      }
      const ok = status >= 200 && status < 300;
      if (!ok) {
        if (isRedirect(response, status)) {
          response.body?.cancel().catch(() => undefined);
          throw redirectError(response, this.#url, method, urlPath);
        }
        if (!this.#spec.acceptStatus?.includes(status)) {
          // An error body is read only up to the cap.
          const { text, truncated } = await readCapped(response, MAX_ERROR_BODY_CHARS);
          throw new StatusFailure({ response, text, truncated });
        }
      }
      const text = await response.text();
      // Parsed here, once: a GET whose 2xx body was cut off is retried like any transient failure.
      const data = parseJson(text);
      if (data === NOT_JSON && method === 'GET' && ok) throw new UnparseableBody();
      if (attempt === this.#sent) this.#answer = { response, text, data };
      return response;
    } catch (error) {
      if (attempt === this.#sent) this.#failure = error;
      return new Response();
    }
  }

  /**
   * The API key and any provider keys inside a PAL body: a server that echoes the request must not
   * leak them. Found on the first failure (a walk of the body), then kept for the retries' errors.
   */
  #secrets(): readonly string[] {
    const { body } = this.#spec;
    this.#bodySecrets ??= body === undefined ? this.#keySecrets : [...this.#keySecrets, ...secretsIn(body)];
    return this.#bodySecrets;
  }

  /** The delay before the next attempt (after emitting `retry`), or `null` when `error` is final. */
  #retryDelay(error: unknown): number | null {
    // Our own errors from inside an attempt are final: a redirect we refuse to follow, or a throwing
    // event listener (the client wraps it), which must fail the call once, unretried.
    if (isTavusError(error) || this.signal?.aborted) return null;
    const failure = classify(error);
    if (failure === null) return null;
    if (
      (failure.type === 'status' && failure.status >= 500) ||
      failure.type === 'network' ||
      failure.type === 'timeout'
    ) {
      this.#ambiguous = true;
    }
    const spec = this.#spec;
    this.#policy ??= {
      idempotent: spec.idempotent ?? IDEMPOTENT.has(this.method),
      retryStatuses: spec.retryStatuses ?? RETRY_STATUSES,
      resendStatuses: spec.resendStatuses,
      retries: 0,
      maxRetries: this.#maxRetries,
      backoff: this.#config.backoff,
    };
    const delayMs = shouldRetry(failure, this.#policy);
    if (delayMs === null) return null;
    this.#policy.retries += 1;
    // A throwing `retry` listener fails the call like a throwing `request` listener does (the
    // client turns it into a TavusError, which `run` then throws as it is).
    this.#config.emit('retry', {
      method: this.method,
      path: this.path,
      attempt: this.#policy.retries + 1,
      delayMs,
      error: this.#toError(error),
    });
    return delayMs;
  }

  /** Maps whatever an attempt threw to a tavus-faces error, scrubbed of the request's secrets. */
  #toError(error: unknown): TavusError {
    const { method, path: urlPath, signal } = this;
    if (isTavusError(error)) return error;
    // Whatever the fetch rejected with (the signal's own reason, a TimeoutError from
    // AbortSignal.timeout, …), a fired user signal means the caller aborted.
    if (signal?.aborted) return new APIUserAbortError(`${method} ${urlPath} was aborted`, { cause: signal.reason });
    if (error instanceof StatusFailure) {
      const { response, text, truncated } = error.exchange;
      // A cut body is kept as text: its JSON would not parse, and half an object would mislead.
      const data = truncated ? NOT_JSON : parseJson(text);
      return makeAPIError({
        status: response.status,
        body: data === NOT_JSON ? text || undefined : data,
        bodyTruncated: truncated,
        headers: response.headers,
        secrets: this.#secrets(),
        method,
        path: urlPath,
      });
    }
    if (error instanceof TimeoutError) {
      return new APITimeoutError(`${method} ${urlPath} timed out after ${this.#timeoutMs} ms`);
    }
    if (isAbort(error)) return new APIUserAbortError(`${method} ${urlPath} was aborted`, { cause: error });
    if (error instanceof UnparseableBody) return unparseable(method, urlPath);
    return new APIConnectionError(
      scrub(`${method} ${urlPath}: ${describeConnectionFailure(error, this.#config.baseUrl)}`, this.#secrets()),
      { cause: error },
    );
  }

  /**
   * Whether a DELETE failed only because an earlier attempt, whose answer was lost, already
   * deleted the resource (Tavus then answers 400 `Invalid …_id`).
   */
  #deletedEarlier(error: TavusError): boolean {
    return (
      this.method === 'DELETE' &&
      this.#ambiguous &&
      error.kind === 'BadRequestError' &&
      INVALID_ID.test((error as APIError).serverMessage ?? '')
    );
  }

  /** The call's result from an accepted status, its body and that body parsed (see {@link parseJson}). */
  #result(status: number, text: string, data: unknown): CallResult {
    const { method, path: urlPath } = this;
    if (data === NOT_JSON) {
      if (this.#spec.expect !== 'any' && NON_SPACE.test(text)) throw unparseable(method, urlPath);
      return { method, path: urlPath, status, data: undefined, text };
    }
    // V8 parses any depth, but every walk after it (a schema check, a diff, the caller's own
    // JSON.stringify) would overflow the stack on a deep body: the pipeline checks the depth of
    // one that may be (without recursion) and turns it into a typed error naming the field.
    return { method, path: urlPath, status, data, deep: bracketsOver(text, MAX_RESPONSE_DEPTH) };
  }
}

/**
 * An idle attempt, for the Node entry to keep (see core/shapes.ts). Its numbers are numbers: a
 * field that first held another type would change representation on the first real call, leaving
 * the idle instance on a discarded map that keeps nothing alive.
 *
 * @internal
 */
export function idleAttempt(): object {
  return new Attempt(ky, { timeoutMs: 0, maxRetries: 0 } as HttpConfig, [], [], 'GET', '', {});
}

/** What the retry policy needs to know of a raw attempt failure; `null` when it is none of its business. */
function classify(error: unknown): Failure | null {
  if (error instanceof StatusFailure) {
    const { response } = error.exchange;
    return {
      type: 'status',
      status: response.status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
  if (error instanceof TimeoutError) return { type: 'timeout' };
  if (error instanceof UnparseableBody) return { type: 'unparseable' };
  if (isAbort(error)) return null;
  return { type: 'network' };
}

/** A non-accepted status; carries the exchange to `toError`. */
class StatusFailure extends Error {
  readonly exchange: Exchange;
  constructor(exchange: Exchange) {
    super(`status ${exchange.response.status}`);
    this.exchange = exchange;
  }
}

/** A 2xx GET body that is not JSON (cut off mid-transfer?): thrown inside an attempt so it is retried. */
class UnparseableBody extends Error {}

function unparseable(method: string, urlPath: string): ResponseValidationError {
  return new ResponseValidationError(
    [{ path: '', message: 'response body is not valid JSON (cut off mid-transfer?)', code: 'invalid_json' }],
    { method, path: urlPath },
  );
}

function toJson(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    const reason =
      error instanceof RangeError ? 'it is nested too deeply' : error instanceof Error ? error.message : String(error);
    throw new RequestValidationError('body', `cannot be sent as JSON: ${reason}`);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}

/**
 * The deepest nesting a response body may have (Tavus's deepest, PAL tool schemas, is far less),
 * and below which no walk of ours overflows the stack. @internal
 */
export const MAX_RESPONSE_DEPTH = 1_000;

/**
 * Whether JSON text holds more than `max` opening brackets (`{` and `[`, strings included): an
 * upper bound of its depth, found with a few `indexOf` calls. Every body the API sends stays under
 * it; one that does not is walked by the pipeline, which decides exactly (and names the field).
 */
function bracketsOver(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false;
  let count = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++count > max) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++count > max) return true;
  return false;
}

const NOT_JSON = Symbol('not JSON');
const NON_SPACE = /\S/;

/** The parsed body, `undefined` when empty, or {@link NOT_JSON}. */
function parseJson(text: string): unknown {
  // A regex test stops at the first non-space character; `trim()` would copy the whole body.
  if (!NON_SPACE.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

async function readCapped(response: Response, maxChars: number): Promise<{ text: string; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    text += decoder.decode(value, { stream: true });
    if (text.length > maxChars) {
      reader.cancel().catch(() => undefined);
      return { text: text.slice(0, maxChars), truncated: true };
    }
  }
}

function isRedirect(response: Response, status: number): boolean {
  // Browsers answer `redirect: 'manual'` with an opaque redirect (status 0, no headers); Node with
  // the 3xx itself. 304 Not Modified is no redirect (a PAL patch that changes nothing).
  return response.type === 'opaqueredirect' || (status >= 300 && status < 400 && status !== 304);
}

function redirectError(response: Response, from: string, method: string, urlPath: string): RedirectError {
  let targetOrigin: string | undefined;
  let targetPath: string | undefined;
  const location = response.headers.get('location');
  if (location) {
    try {
      const target = new URL(location, new URL(from, 'http://relative.invalid'));
      targetOrigin = target.origin;
      targetPath = target.pathname;
    } catch {
      // An unparseable Location: the error still says a redirect happened, without a target.
    }
  }
  return new RedirectError({ method, path: urlPath, status: response.status, targetOrigin, targetPath });
}

/**
 * Says what a system code means (`ECONNREFUSED` → `connection refused by`), or `undefined`. Only
 * Node's fetch reports such codes (browsers give none), so the table lives in the Node entry, which
 * installs it (src/core/system-codes.ts); without it the code is quoted as it is.
 */
let phraseFor: ((code: string) => string | undefined) | undefined;

/** Installs the phrases {@link describeConnectionFailure} uses (the Node entry does). @internal */
export function useConnectionPhrases(phrases: (code: string) => string | undefined): void {
  phraseFor = phrases;
}

/**
 * Says where and why a request got no HTTP answer, from the system code in the cause chain:
 * `connection refused by 127.0.0.1:9 (ECONNREFUSED)` (Node), `connection to 127.0.0.1:9 failed
 * (ECONNREFUSED)` for a code without a phrase. Browsers give no code: `connection to … failed (…)`.
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
    const phrase = phraseFor?.(code);
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
