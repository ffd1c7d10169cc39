/**
 * The Node `http` adapter: a request listener over any web-standard handler.
 *
 * @module
 * @internal
 */
import type { ProxyHandler } from './handler.js';

/**
 * What the adapter reads of a Node request (`http.IncomingMessage` is one), spelled out so these
 * types compile without `@types/node`.
 */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  /** The request method. */
  method?: string | undefined;
  /** The request target as sent: usually a path, possibly an absolute URL. */
  url?: string | undefined;
  /** The request headers, lower-cased. */
  headers: Record<string, string | string[] | undefined>;
}

/** What the adapter uses of a Node response (`http.ServerResponse` is one). */
export interface NodeResponseLike {
  /** Sends the status line and headers. */
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  /** Sends the body and ends the response. */
  end(chunk: Uint8Array): unknown;
  /** Called with `'close'` when the response ends or the client goes away. */
  once(event: 'close', listener: () => void): unknown;
  /** Whether the whole response was handed to the system. */
  readonly writableFinished: boolean;
}

/** A Node request listener, as `http.createServer(listener)` and Express's `app.use` take. */
export type NodeRequestListener = (request: NodeRequestLike, response: NodeResponseLike) => Promise<void>;

/**
 * Serves a web-standard handler (such as {@link createProxyHandler}'s) from Node's `http` server,
 * or from Express, Fastify's `raw` mode and anything else that hands out Node requests.
 *
 * The request body streams into the handler as it arrives (so the proxy's size limit counts real
 * bytes); the response is sent when the handler's `Response` is complete. When the client goes away
 * first, the request's `signal` aborts, which cancels the call upstream. A handler that throws gets
 * a `500` with a JSON error that says nothing more.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createProxyHandler, toNodeHandler } from 'tavus-faces/proxy';
 *
 * const proxy = createProxyHandler({ apiKey: process.env.TAVUS_API_KEY!, basePath: '/api/tavus' });
 * createServer(toNodeHandler(proxy)).listen(8787, '127.0.0.1');
 * ```
 */
export function toNodeHandler(handler: ProxyHandler): NodeRequestListener {
  return async (req, res) => {
    const aborts = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborts.abort();
    });
    const method = (req.method ?? 'GET').toUpperCase();
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const body = hasBody ? bodyStream(req) : undefined;
    let response: Response;
    try {
      const init = { method, headers: headersOf(req), body: body?.stream, signal: aborts.signal, duplex: 'half' };
      response = await handler(new Request(requestUrl(req.url), init as RequestInit));
    } catch {
      response = Response.json(
        { error: 'The proxy failed to handle the request', code: 'proxy_error' },
        { status: 500 },
      );
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const bytes = new Uint8Array(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
    // A body left half-read (too large, refused) is not drained: the connection closes instead.
    if (body && !body.ended()) headers.connection = 'close';
    headers['content-length'] = String(bytes.byteLength);
    res.writeHead(response.status, headers);
    res.end(bytes);
  };
}

/**
 * The URL a Node request target stands for. Only its path and query matter to the proxy; an
 * absolute-form target (`GET http://other.host/…`) keeps its path and loses its host, and a
 * `//host/…` path stays a path instead of becoming a host.
 */
function requestUrl(target = '/'): string {
  const origin = 'http://localhost';
  if (target.startsWith('/')) return new URL(origin + target).href;
  try {
    const absolute = new URL(target);
    return new URL(origin + absolute.pathname + absolute.search).href;
  } catch {
    return `${origin}/`;
  }
}

function headersOf(req: NodeRequestLike): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are not headers; a value Headers refuses is dropped.
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, one);
      } catch {}
    }
  }
  return headers;
}

/**
 * The request body as a web stream that reads from Node only when pulled. Cancelling it stops
 * reading without destroying the request, so a `413` can still be written on its socket.
 */
function bodyStream(req: NodeRequestLike): { stream: ReadableStream<Uint8Array>; ended: () => boolean } {
  const chunks = req[Symbol.asyncIterator]();
  let ended = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) {
        ended = true;
        controller.close();
      } else {
        const chunk = value as Uint8Array | string;
        controller.enqueue(
          typeof chunk === 'string'
            ? new TextEncoder().encode(chunk)
            : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
        );
      }
    },
  });
  return { stream, ended: () => ended };
}
