/** A stand-in for the Tavus API on 127.0.0.1 that records what reached it. */
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ProxyHandler, type ProxyHandlerOptions, createProxyHandler } from '../../src/proxy/index.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = (received: Received, res: ServerResponse) => void;

export interface Upstream {
  url: string;
  received: Received[];
  /** What the next requests are answered with (by default, JSON echoing the path). */
  reply: Reply;
  close: () => Promise<void>;
}

export const echo: Reply = (received, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: received.url }));
};

/** Starts an upstream; `upstream` is the object to fill in (a new one by default). */
export async function startUpstream(
  upstream: Upstream = { url: '', received: [], reply: echo, close: async () => {} },
): Promise<Upstream> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    upstream.received.push(received);
    upstream.reply(received, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

/** The key of the adversarial suites: it holds `/` and `+`-producing bytes, so its encoded forms differ from it. */
export const ATTACK_KEY = 'tvs_attack/secret+key~0123456789abcdef';
/** The browser app's origin in the adversarial suites. */
export const APP = 'http://app.example';

/**
 * An upstream for one test file: started before its tests, reset to {@link echo} with no requests
 * after each, closed after all; `proxy()` is a handler mounted at `/api/tavus` in front of it.
 */
export function useUpstream(): Upstream & { proxy(options?: Partial<ProxyHandlerOptions>): ProxyHandler } {
  const upstream = {
    url: '',
    received: [] as Received[],
    reply: echo,
    close: async () => {},
    proxy: (options: Partial<ProxyHandlerOptions> = {}) =>
      createProxyHandler({ apiKey: ATTACK_KEY, baseUrl: upstream.url, basePath: '/api/tavus', ...options }),
  };
  beforeAll(() => startUpstream(upstream));
  afterEach(() => {
    upstream.received.length = 0;
    upstream.reply = echo;
  });
  afterAll(() => upstream.close());
  return upstream;
}
