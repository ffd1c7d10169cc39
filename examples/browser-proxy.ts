/**
 * Browser use through proxy mode: the browser's client has no key; a small server adds it.
 *
 *   TAVUS_API_KEY=… npx tsx examples/browser-proxy.ts     # serves the proxy on 127.0.0.1:8787
 *
 * In the browser:
 *   const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Tavus } from '../src/index.js';

/** Options of {@link createTavusProxy}. */
export interface ProxyOptions {
  /** The key the server adds; it never reaches the browser. */
  apiKey: string;
  /** Where requests go. @default 'https://tavusapi.com' */
  upstream?: string;
  /** Path prefix the browser calls. @default '/api/tavus' */
  prefix?: string;
  /** The fetch used upstream (a test passes the simulator's). */
  fetch?: typeof globalThis.fetch;
  /** Which calls browsers may make; here: reads of faces, stock faces and voices only. */
  allow?: (method: string, path: string) => boolean;
}

const READS = /^\/v2\/(faces|voices)(\/[^/]+)?$/;

/** A minimal Node proxy that adds `x-api-key` and forwards `/api/tavus/v2/*`. */
export function createTavusProxy(options: ProxyOptions): Server {
  const upstream = (options.upstream ?? 'https://tavusapi.com').replace(/\/+$/, '');
  const prefix = options.prefix ?? '/api/tavus';
  const doFetch = options.fetch ?? globalThis.fetch;
  const allow = options.allow ?? ((method, path) => method === 'GET' && READS.test(path));
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    if (!path || !allow(req.method ?? 'GET', path)) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Not allowed through the proxy"}');
      return;
    }
    const upstreamResponse = await doFetch(`${upstream}${path}${url.search}`, {
      method: req.method,
      headers: { 'x-api-key': options.apiKey, accept: 'application/json' },
    });
    const headers: Record<string, string> = {
      'content-type': upstreamResponse.headers.get('content-type') ?? 'application/json',
    };
    const retryAfter = upstreamResponse.headers.get('retry-after');
    if (retryAfter) headers['retry-after'] = retryAfter;
    res.writeHead(upstreamResponse.status, headers).end(await upstreamResponse.text());
  });
}

/** Starts the proxy on 127.0.0.1 and reads through it the way a browser page would. */
export async function main(
  options: ProxyOptions,
  port = 8787,
): Promise<{ stockFaces: number; close: () => Promise<void> }> {
  const server = createTavusProxy(options);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  console.log(`proxy on http://127.0.0.1:${bound}/api/tavus`);

  // What the page does (here from Node, pointed at the proxy): no key anywhere.
  const tavus = new Tavus({ apiKey: null, baseUrl: `http://127.0.0.1:${bound}/api/tavus` });
  const page = await tavus.stockFaces.list({ limit: 5 });
  console.log(`${page.total_count} stock faces through the proxy`);
  return { stockFaces: page.total_count, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const apiKey = process.env.TAVUS_API_KEY;
  if (!apiKey) {
    console.error('Set TAVUS_API_KEY: the proxy adds it to every request.');
    process.exitCode = 1;
  } else {
    main({ apiKey }).catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
