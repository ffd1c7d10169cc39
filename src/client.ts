import { EventEmitter } from 'eventemitter3';
import { clockOf, setClock } from './core/clock.js';
import type { Emit, Hears, TavusEvents } from './core/events.js';
import { type BackoffOptions, HttpCore, checkHeaders, checkRetriesAndTimeout } from './core/http.js';
import { RateLimiter } from './core/limiter.js';
import { ResourceContext } from './core/resource.js';
import { isBrowserLike, isNode, readEnv } from './core/runtime.js';
import type { ValidationMode } from './core/validation.js';
import { unknownNameMessage } from './core/suggest.js';
import { RequestValidationError, TavusError, isTavusError } from './errors.js';
import { Conversations } from './resources/conversations.js';
import { Faces } from './resources/faces.js';
import { Pals } from './resources/pals.js';
import { StockFaces } from './resources/stock-faces.js';
import { Voices } from './resources/voices.js';
import { VERSION } from './version.js';

/** The API's address. */
export const DEFAULT_BASE_URL = 'https://tavusapi.com';
/** Per-attempt timeout when none is given: 30 seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries of a retryable failure when none is given. */
export const DEFAULT_MAX_RETRIES = 2;

/** Options of {@link Tavus}. Every one is optional. */
export interface ClientOptions {
  /**
   * Your Tavus API key, sent as the `x-api-key` header. In Node it defaults to
   * `process.env.TAVUS_API_KEY`. Pass `null` for proxy mode: no key is sent, and `baseUrl` must
   * point at your own server, which adds the key.
   */
  apiKey?: string | null;
  /** Where the API lives; your proxy in proxy mode. @default 'https://tavusapi.com' */
  baseUrl?: string;
  /** Timeout of each attempt, in milliseconds (retries get their own). @default 30000 */
  timeoutMs?: number;
  /**
   * How often a retryable failure is retried. Reads and deletes retry on 408, 429, 5xx, network
   * errors and timeouts; creates and patches only on 429. @default 2
   */
  maxRetries?: number;
  /** Backoff between retries and the longest `Retry-After` honoured. */
  backoff?: BackoffOptions;
  /**
   * A `fetch` implementation to use instead of the global one (e.g. the simulator's `sim.fetch`). It is
   * called with one `Request` that carries everything, `redirect: 'manual'` included, so a wrapper that
   * passes only its first argument on still follows no redirect.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Extra headers on every request. In browsers, custom headers trigger CORS preflights. Names are
   * case-insensitive: one the SDK also sets (`User-Agent`, `Accept`) replaces the SDK's value.
   */
  headers?: Record<string, string>;
  /**
   * How responses are checked: `'lenient'` passes problems through with a `warning` event,
   * `'strict'` throws `ResponseValidationError`, `'off'` skips checks. @default 'lenient'
   */
  validation?: ValidationMode;
  /**
   * Allow an API key in a browser. Anyone who can open your page can read it: prefer proxy mode
   * (`apiKey: null` with your server's `baseUrl`). @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

/** State shared by a client and the clients derived from it with `withOptions`. @internal */
interface Shared {
  deprecationsSeen: Set<string>;
  parentEmit: Emit | undefined;
  /** Send App Message's 120 per 60 s, kept by one limiter per account (created on first use). */
  limiter: RateLimiter | undefined;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The Tavus client. It is also a typed event emitter: `request`, `response`, `retry` and `warning`
 * (see {@link TavusEvents}); no payload ever holds the API key or request headers.
 *
 * @example
 * ```ts
 * import { Tavus } from 'tavus-faces';
 * const tavus = new Tavus(); // TAVUS_API_KEY from the environment in Node
 * tavus.on('retry', (e) => console.warn(`retrying ${e.method} ${e.path} in ${e.delayMs} ms`));
 * const first = await tavus.stockFaces.list({ limit: 10 });
 * ```
 */
export class Tavus extends EventEmitter<TavusEvents> {
  /** Your own faces: train, read, list, rename, delete. */
  readonly faces: Faces;
  /** The ready-made Tavus stock faces. */
  readonly stockFaces: StockFaces;
  /** Voices for image training and PALs. */
  readonly voices: Voices;
  /** PALs: the behaviour of a video agent. */
  readonly pals: Pals;
  /** Conversations: live video calls with a face and its PAL. */
  readonly conversations: Conversations;
  /** The resolved base URL. */
  readonly baseUrl: string;
  /** The resolved per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** The resolved retry count. */
  readonly maxRetries: number;
  /** The resolved validation mode. */
  readonly validation: ValidationMode;

  readonly #options: ClientOptions;
  readonly #shared: Shared;
  readonly #http: HttpCore;

  /**
   * @throws TavusError when there is no API key (and no proxy `baseUrl`), or when an API key is
   *   used in a browser without `dangerouslyAllowBrowser`.
   * @throws RequestValidationError when an option has a bad value.
   */
  constructor(options: ClientOptions = {}) {
    super();
    const shared: Shared = inheriting ?? { deprecationsSeen: new Set(), parentEmit: undefined, limiter: undefined };
    inheriting = undefined;
    checkClientOptions(options);
    const browser = isBrowserLike();
    const apiKey = options.apiKey === undefined ? (browser ? undefined : readEnv('TAVUS_API_KEY')) : options.apiKey;
    const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, browser);
    if (apiKey === undefined || (apiKey === null && options.baseUrl === undefined) || apiKey === '') {
      throw new TavusError(
        'No Tavus API key. Pass it as new Tavus({ apiKey }) or set the TAVUS_API_KEY environment variable ' +
          '(keys are created in the Tavus developer portal). To call through your own proxy, pass ' +
          "{ apiKey: null, baseUrl: 'https://your-server/tavus' }.",
      );
    }
    if (typeof apiKey === 'string' && !API_KEY_CHARS.test(apiKey)) {
      // The key itself is never echoed: a message with it would end up in logs.
      throw new RequestValidationError(
        'apiKey',
        'contains a character an HTTP header cannot carry (a space, newline, control or non-ASCII character); ' +
          'copy the key again from the Tavus developer portal',
      );
    }
    if (apiKey !== undefined && apiKey !== null && typeof apiKey !== 'string') {
      throw new RequestValidationError('apiKey', 'expected a string, or null for proxy mode');
    }
    if (typeof apiKey === 'string' && browser && !options.dangerouslyAllowBrowser) {
      throw new TavusError(
        'Refusing to use a Tavus API key in a browser: anyone who opens the page could read it. ' +
          'Use proxy mode instead (new Tavus({ apiKey: null, baseUrl: "/api/tavus" }) with a server that adds ' +
          'the x-api-key header), or pass dangerouslyAllowBrowser: true if you accept the risk.',
      );
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const validation = options.validation ?? 'lenient';
    checkRetriesAndTimeout(maxRetries, timeoutMs);
    if (validation !== 'strict' && validation !== 'lenient' && validation !== 'off') {
      throw new RequestValidationError('validation', "expected 'strict', 'lenient' or 'off'");
    }
    const backoff = {
      initialDelayMs: options.backoff?.initialDelayMs ?? 500,
      maxDelayMs: options.backoff?.maxDelayMs ?? 8_000,
      maxRetryAfterMs: options.backoff?.maxRetryAfterMs ?? 60_000,
    };
    for (const [key, value] of Object.entries(backoff)) {
      if (!(typeof value === 'number' && value >= 0)) {
        throw new RequestValidationError(`backoff.${key}`, 'expected a non-negative number of milliseconds');
      }
    }

    this.#options = { ...options };
    this.#shared = shared;
    this.baseUrl = baseUrl;
    this.timeoutMs = timeoutMs;
    this.maxRetries = maxRetries;
    this.validation = validation;

    const emit: Emit = (event, payload) => {
      try {
        (this.emit as (e: string, p: unknown) => boolean)(event, payload);
        shared.parentEmit?.(event, payload);
      } catch (error) {
        // A throwing listener fails the call once, as itself: not retried, not a connection error.
        if (isTavusError(error)) throw error;
        throw new TavusError(
          `A "${event}" event listener threw: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
    };
    // A derived client hears whatever its parents do: it does not look, and builds every payload.
    const hears: Hears = (event) => shared.parentEmit !== undefined || this.listenerCount(event) > 0;
    // Browsers get no custom headers beyond what the API needs: each one forces a CORS preflight.
    const headers: Record<string, string> = isNode() ? { 'user-agent': `tavus-faces/${VERSION}` } : {};
    if (options.headers !== undefined) checkHeaders('headers', options.headers);
    Object.assign(headers, options.headers);
    this.#http = new HttpCore(
      {
        baseUrl,
        timeoutMs,
        maxRetries,
        fetch: options.fetch,
        headers,
        backoff,
        emit,
        hears,
      },
      typeof apiKey === 'string' ? apiKey : null,
    );
    const ctx = new ResourceContext(this.#http, validation, emit, shared.deprecationsSeen);
    this.faces = new Faces(ctx);
    this.stockFaces = new StockFaces(ctx);
    this.voices = new Voices(ctx);
    this.pals = new Pals(ctx);
    // The simulator's fetch carries its clock: the SDK's own waits then run on simulated time.
    const clock = clockOf(options.fetch);
    setClock(ctx, clock);
    // Shared with derived clients: withOptions changes how calls are made, not the account's limit.
    shared.limiter ??= new RateLimiter(120, 60_000, clock);
    this.conversations = new Conversations(ctx, shared.limiter, clock);
  }

  /**
   * A new client with some options changed. It keeps this client's other options; its events are
   * emitted on it and also on this client, so listeners attached here keep working.
   *
   * @example
   * ```ts
   * const patient = tavus.withOptions({ timeoutMs: 120_000, maxRetries: 5 });
   * ```
   */
  withOptions(options: Partial<ClientOptions>): Tavus {
    const parentEmit: Emit = (event, payload) => {
      (this.emit as (e: string, p: unknown) => boolean)(event, payload);
      this.#shared.parentEmit?.(event, payload);
    };
    inheriting = { deprecationsSeen: this.#shared.deprecationsSeen, parentEmit, limiter: this.#shared.limiter };
    try {
      return new Tavus({ ...this.#options, ...options });
    } finally {
      inheriting = undefined;
    }
  }

  /** A serialisable view of the client's settings. The API key is shown only as present or not. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      timeoutMs: this.timeoutMs,
      maxRetries: this.maxRetries,
      validation: this.validation,
      apiKey: this.#http.hasApiKey ? '[redacted]' : null,
    };
  }

  /** Keeps `console.log(tavus)` short and free of the key. @internal */
  [inspectSymbol](): string {
    return `Tavus ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * What `withOptions` hands the client it is constructing (set just before, read once by the
 * constructor): the shared state stays out of the public options and the constructor's signature.
 */
let inheriting: Shared | undefined;

// What an API key can hold and an HTTP header can carry: visible ASCII. Tavus keys are hex.
const API_KEY_CHARS = /^[\x21-\x7e]+$/;

const CLIENT_OPTIONS: readonly string[] = [
  'apiKey',
  'baseUrl',
  'timeoutMs',
  'maxRetries',
  'backoff',
  'fetch',
  'headers',
  'validation',
  'dangerouslyAllowBrowser',
];

function checkClientOptions(options: unknown): void {
  if (options === null || typeof options !== 'object') {
    throw new RequestValidationError('options', 'expected an object of client options');
  }
  for (const key of Object.keys(options)) {
    if (!CLIENT_OPTIONS.includes(key)) {
      throw new RequestValidationError(key, unknownNameMessage('client option', key, CLIENT_OPTIONS));
    }
  }
}

/**
 * The base URL, without trailing slashes. In Node it must be an absolute http(s) URL (a relative
 * one would fail every call later as a "connection error"); browsers may use a relative one for
 * proxy mode. Credentials, a query or a fragment in it are refused, and never echoed: someone
 * may have put the key there (`https://u:KEY@host`).
 */
function checkBaseUrl(value: unknown, browser: boolean): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RequestValidationError('baseUrl', 'expected a URL string');
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    if (!browser) {
      throw new RequestValidationError(
        'baseUrl',
        "expected an absolute http(s) URL such as 'https://tavusapi.com' (relative URLs only work in browsers)",
      );
    }
  }
  if (url) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RequestValidationError('baseUrl', `expected an http(s) URL, got a ${url.protocol} URL`);
    }
    if (url.username || url.password) {
      throw new RequestValidationError(
        'baseUrl',
        'must not contain a user name or password (not shown); pass the API key as apiKey',
      );
    }
  }
  if (/[?#]/.test(value)) {
    throw new RequestValidationError('baseUrl', 'must not contain a query string or fragment');
  }
  return value.replace(/\/+$/, '');
}
