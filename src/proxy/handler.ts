/**
 * The web-standard proxy handler: one `Request` in, one `Response` out, the key added on the way.
 *
 * @module
 * @internal
 */
import { RequestValidationError } from '../errors.js';
import { type CompiledRule, DEFAULT_ALLOW, type ProxyRule, compileRules, isAllowed, pathSegments } from './rules.js';

/** Options of {@link createProxyHandler}. */
export interface ProxyHandlerOptions {
  /** Your Tavus API key. The handler adds it as `x-api-key` upstream; it never reaches a response. */
  apiKey: string;
  /**
   * Where requests go: an `http(s)` origin, optionally with a path prefix (a gateway in front of
   * Tavus). Every request goes to this host and no other.
   * @default 'https://tavusapi.com'
   */
  baseUrl?: string;
  /**
   * The method and path pairs that are forwarded, as `'METHOD /path'` strings with `:name` for one
   * segment ({@link ProxyRule}). Anything else is answered `403`.
   * @default DEFAULT_ALLOW
   */
  allow?: readonly ProxyRule[];
  /**
   * The largest request body forwarded, in bytes; a larger one is answered `413`. Counted while
   * the body is read, so a missing or false `Content-Length` changes nothing.
   * @default 1_048_576 (1 MiB)
   */
  maxBodyBytes?: number;
  /**
   * The path the handler is mounted at, removed before matching: with `basePath: '/api/tavus'`,
   * `GET /api/tavus/v2/faces` is matched (and forwarded) as `GET /v2/faces`. A request outside it
   * is answered `403`. Leave it unset when the framework already removes the mount path from the
   * URL the handler sees (Express's `app.use('/api/tavus', …)` does; Next.js, Hono and Node's
   * `http` do not).
   * @default ''
   */
  basePath?: string;
  /**
   * How long one call upstream may take, its answer's body included, in milliseconds; past it the
   * call is cancelled and the answer is a `504`. A client that goes away cancels it sooner (where
   * the runtime reports that through `request.signal`). Longer than the SDK's own 30 s per attempt,
   * so the page's client is the one that gives up first.
   * @default 60_000
   */
  timeoutMs?: number;
  /** The `fetch` used upstream (a test passes the simulator's `sim.fetch`). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** A web-standard request handler, as Next.js route handlers, Hono, Deno, Bun and workers take. */
export type ProxyHandler = (request: Request) => Promise<Response>;

/** Browser headers that are forwarded; every other one (cookies, any key or authorization) is dropped. */
const REQUEST_HEADERS = ['accept', 'accept-language', 'content-type'];
/** Upstream headers passed back: what the SDK reads (content type, `Retry-After`, request ids) and rate limits. */
const RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];
/**
 * Query parameters that look like credentials: a browser cannot pass a key of its own. Matched on
 * the name with camelCase split (`accessToken` is `access_Token`), so no spelling slips through.
 */
const SECRET_PARAM = /(^|_|-)(api[_-]?key|key|authorization|secret|token|password|cookie)$/i;
/**
 * On every answer. The handler shares your app's origin, so an HTML answer (an error page of a
 * gateway, say) must not run there: no sniffing, and a sandbox with nothing allowed if it is opened
 * as a page. `fetch` ignores both.
 */
const GUARD_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
};
const NO_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const DEFAULT_BASE_URL = 'https://tavusapi.com';
const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/**
 * A proxy for browser apps: the page uses `new Tavus({ apiKey: null, baseUrl: '/api/tavus' })`, and
 * this handler, on your server, forwards its calls to Tavus with your key.
 *
 * - Forwards only the method and path pairs in `allow` ({@link DEFAULT_ALLOW} by default); any
 *   other request is answered `403` with a JSON error, and nothing is sent upstream.
 * - Always to `baseUrl`'s host: the request's own host, an absolute URL in its target, `..` and its
 *   encoded spellings, `//`, backslashes and encoded slashes never change where it goes (the path is
 *   normalised first and must consist of plain segments; what is matched is what is forwarded).
 * - Adds `x-api-key`; forwards only `accept`, `accept-language` and `content-type` from the browser,
 *   so cookies, `authorization` and any key it sent are dropped, and drops credential-looking query
 *   parameters (`api_key`, `token`, …).
 * - Bodies above `maxBodyBytes` are answered `413`, counted as they stream in.
 * - Refuses a request a browser marks `Sec-Fetch-Site: cross-site` (`403`), and sets no CORS
 *   headers: only pages of your own site use it.
 * - Passes back the status, the body, and `content-type`, `retry-after`, request ids and rate-limit
 *   headers, with `cache-control: no-store`, `nosniff` and a sandboxing CSP; never `set-cookie`,
 *   and never the key, in any spelling (a body echoing it has it replaced by `[redacted]`, a header
 *   is dropped), nor a PAL's provider keys (`api_key` fields) or `headers` values.
 * - A call upstream that takes longer than `timeoutMs` is cancelled and answered `504`.
 * - Follows no redirect (`redirect: 'manual'`, the SDK's own rule): a 3xx goes back without its
 *   `Location`, so the SDK raises a `RedirectError`; where the runtime hides the redirect (browsers
 *   and service workers), the answer is a `502`.
 * - Logs nothing. An unreachable upstream is a `502` whose message does not name the cause.
 *
 * Whom to serve is yours to decide: put your own authentication in front of it.
 *
 * @example
 * ```ts
 * // app/api/tavus/[...path]/route.ts (Next.js)
 * import { createProxyHandler } from 'tavus-faces/proxy';
 * const proxy = createProxyHandler({ apiKey: process.env.TAVUS_API_KEY!, basePath: '/api/tavus' });
 * export { proxy as GET, proxy as POST };
 * ```
 *
 * @throws {RequestValidationError} when an option is invalid (naming it, never showing the key).
 */
export function createProxyHandler(options: ProxyHandlerOptions): ProxyHandler {
  const config = resolve(options);
  return (request) => forward(config, request);
}

interface Config {
  apiKey: string;
  /** Every spelling of the key an echo could use, lower-cased, and a pattern replacing them (see {@link keyForms}). */
  forms: string[];
  secret: RegExp;
  upstream: URL;
  rules: CompiledRule[];
  maxBodyBytes: number;
  timeoutMs: number;
  basePath: string[];
  fetch: typeof globalThis.fetch;
}

function resolve(options: ProxyHandlerOptions): Config {
  if (options === null || typeof options !== 'object') {
    throw new RequestValidationError('options', 'pass { apiKey, baseUrl?, allow?, maxBodyBytes?, basePath? }');
  }
  const { apiKey } = options;
  // Printable ASCII only: anything else is not a valid header value.
  if (typeof apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new RequestValidationError('apiKey', 'must be your Tavus API key: a non-empty string without spaces');
  }
  let upstream: URL | undefined;
  try {
    upstream = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
  } catch {}
  if (!upstream || !/^https?:$/.test(upstream.protocol) || upstream.search || upstream.hash) {
    throw new RequestValidationError('baseUrl', 'must be an absolute http(s) URL without query or fragment');
  }
  if (upstream.username || upstream.password) {
    throw new RequestValidationError('baseUrl', 'must not contain credentials: the proxy adds the key itself');
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new RequestValidationError('maxBodyBytes', 'must be a whole number of bytes, 0 or more');
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
    throw new RequestValidationError('timeoutMs', 'must be a whole number of milliseconds above 0');
  }
  const basePath = pathSegments((options.basePath ?? '').replace(/\/+$/, '') || '/');
  if (!basePath || (options.basePath && !options.basePath.startsWith('/'))) {
    throw new RequestValidationError('basePath', "must be a path such as '/api/tavus'");
  }
  // Looked up per call, so a fetch installed later (a test's, a polyfill) is the one used.
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (typeof fetchImpl !== 'function') throw new RequestValidationError('fetch', 'must be a fetch function');
  return {
    apiKey,
    ...keyForms(apiKey),
    upstream,
    rules: compileRules(options.allow ?? DEFAULT_ALLOW),
    maxBodyBytes,
    timeoutMs,
    basePath,
    fetch: fetchImpl,
  };
}

async function forward(config: Config, request: Request): Promise<Response> {
  const method = request.method.toUpperCase();
  // Browsers say where a request comes from. A page of another site is never a client of this
  // proxy (it sets no CORS headers); refusing it also stops a form or `<img>` on another site from
  // driving it with your visitor's cookies (CSRF).
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    await discard(request);
    return problem(config, 403, 'cross_site_request', 'A page of another site cannot use this proxy');
  }
  // Only the path and query are read: the request's host (or an absolute URL it carried) is never used.
  const url = new URL(request.url);
  const segments = pathSegments(url.pathname);
  const inside = segments !== undefined && config.basePath.every((s, i) => segments[i] === s);
  const path = inside ? segments.slice(config.basePath.length) : undefined;
  if (!path || !isAllowed(config.rules, method, path)) {
    await discard(request);
    const shown = path ? `/${path.join('/')}` : 'this path';
    return problem(config, 403, 'route_not_allowed', `${method} ${shown} is not allowed through this proxy`);
  }

  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request, config.maxBodyBytes);
  if (body === TOO_LARGE) {
    return problem(
      config,
      413,
      'body_too_large',
      `The request body is larger than this proxy accepts (${config.maxBodyBytes} bytes)`,
    );
  }

  const target = new URL(config.upstream.href);
  target.pathname = `${config.upstream.pathname.replace(/\/+$/, '')}/${path.map(encodeURIComponent).join('/')}`;
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams)
    if (!SECRET_PARAM.test(name.replace(/([a-z\d])(?=[A-Z])/g, '$1_'))) query.append(name, value);
  target.search = query.toString();

  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set('x-api-key', config.apiKey);

  // Called as a plain function: browsers and workers throw "Illegal invocation" for a `fetch`
  // called as a method of another object.
  const send = config.fetch;
  const timeout = AbortSignal.timeout(config.timeoutMs);
  try {
    const upstream = await send(target.href, {
      method,
      headers,
      body: body && body.byteLength > 0 ? body : undefined,
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, timeout]),
    });
    // Inside the `try`: a connection cut while the body streams in is a 502 too, not a rejection.
    return await passBack(config, upstream);
  } catch {
    return timeout.aborted
      ? problem(config, 504, 'upstream_timeout', 'The Tavus API did not answer in time')
      : unreachable(config);
  }
}

async function passBack(config: Config, upstream: Response): Promise<Response> {
  // Browsers and workers hide a manual redirect's status and target (an opaque redirect).
  if (upstream.type === 'opaqueredirect') {
    return problem(
      config,
      502,
      'upstream_redirect',
      'The Tavus API answered with a redirect, which this proxy never follows',
    );
  }
  if (upstream.status === 0) return unreachable(config);
  const headers = new Headers(GUARD_HEADERS);
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null && !leaks(config, value)) headers.set(name, value);
  }
  if (NO_BODY_STATUS.has(upstream.status)) {
    await upstream.body?.cancel();
    return new Response(null, { status: upstream.status, headers });
  }
  // No `statusText`: a reason phrase is the upstream's text too, and nothing reads it.
  return new Response(scrub(config, new Uint8Array(await upstream.arrayBuffer())), {
    status: upstream.status,
    headers,
  });
}

/** The cause may quote the request, so the answer says only what happened. */
function unreachable(config: Config): Response {
  return problem(config, 502, 'upstream_unreachable', 'The proxy could not reach the Tavus API');
}

const TOO_LARGE = Symbol('too large');

/** Reads a request body, counting bytes as they arrive; stops reading past the limit. */
async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | typeof TOO_LARGE> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > max) {
    await discard(request);
    return TOO_LARGE;
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return concat(chunks);
}

/** Stops reading a body that will not be forwarded. */
async function discard(request: Request): Promise<void> {
  if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => {});
}

function problem(config: Config, status: number, code: string, message: string): Response {
  // `error` is where the SDK (and Tavus) put the readable text; the key cannot be in it, but the
  // path is the browser's, so it is scrubbed all the same.
  return new Response(JSON.stringify({ error: message.replace(config.secret, REDACTED), code }), {
    status,
    headers: { 'content-type': 'application/json', ...GUARD_HEADERS },
  });
}

const REDACTED = '[redacted]';

/**
 * The key as it is and as an echo could spell it: URL-encoded, JSON-escaped, in base64 and base64url
 * at each of the three byte alignments (`Basic user:key` puts it at any offset; the pattern takes
 * the up to 4 characters either side that still encode part of it). Case-insensitive, so an
 * upper-cased echo is caught too. A JSON body with `\u` escapes is also parsed (see {@link scrub}).
 */
function keyForms(key: string): { forms: string[]; secret: RegExp } {
  const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  const forms = [key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1), key.replace(/\//g, '\\/')];
  const patterns = forms.map(literal);
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa('\0'.repeat(offset) + key);
    const core = encoded.slice(offset ? 4 : 0, Math.floor((offset + key.length) / 3) * 4);
    if (core.length < 8) continue;
    for (const form of [core, core.replace(/\+/g, '-').replace(/\//g, '_')]) {
      forms.push(form);
      patterns.push(`[\\w+/-]{0,4}${literal(form)}[\\w+/=-]{0,4}`);
    }
  }
  return { forms: forms.map((f) => f.toLowerCase()), secret: new RegExp(patterns.join('|'), 'gi') };
}

/** Whether a text holds the key in any spelling: plain substring searches, so a clean body costs little. */
function leaks(config: Config, text: string): boolean {
  const lower = text.toLowerCase();
  return config.forms.some((form) => lower.includes(form));
}

const decoder = new TextDecoder();

/**
 * JSON fields that hold your own secrets, which Tavus may return: a PAL's provider keys
 * (`layers.llm.api_key`, `layers.tts.api_key`). Every value of a `headers` object (a PAL's
 * `layers.llm.headers`, sent to your LLM, typically an `Authorization`) is redacted too.
 */
const SECRET_FIELD = /^api_?key$/i;

/**
 * The body with every spelling of the key, and in JSON every {@link SECRET_FIELD} and `headers`
 * value, replaced by `[redacted]` (the very same bytes when there is none).
 */
function scrub(config: Config, bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const text = decoder.decode(bytes);
  let out = leaks(config, text) ? text.replace(config.secret, REDACTED) : text;
  // A parse only where it can find something: a field to redact, or `\u` escapes that could hide the key.
  if (/api_?key|"headers"|\\u/i.test(out)) {
    try {
      let changed = false;
      const value: unknown = JSON.parse(out, (name, v: unknown) => {
        let redacted = v;
        if (name === 'headers' && v && typeof v === 'object' && !Array.isArray(v)) {
          redacted = Object.fromEntries(Object.keys(v).map((header) => [header, REDACTED]));
        } else if (typeof v === 'string' && v) {
          // Parsed, `\u0074vs_…` is the key again, and is found.
          redacted = SECRET_FIELD.test(name) ? REDACTED : leaks(config, v) ? v.replace(config.secret, REDACTED) : v;
        }
        changed ||= redacted !== v;
        return redacted;
      });
      if (changed) out = JSON.stringify(value);
    } catch {}
  }
  return out === text ? bytes : new TextEncoder().encode(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
