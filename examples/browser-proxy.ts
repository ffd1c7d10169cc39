/**
 * Browser use through proxy mode: the browser's client has no key; your server adds it with
 * `tavus-faces/proxy` (see docs/proxy.md for Next.js, Hono, workers).
 *
 *   TAVUS_API_KEY=… npx tsx examples/browser-proxy.ts     # serves the proxy on 127.0.0.1:8787
 *
 * In the browser:
 *   const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Tavus } from '../src/index.js';
import { type ProxyHandlerOptions, createProxyHandler, toNodeHandler } from '../src/proxy/index.js';

/** Starts the proxy on 127.0.0.1 and reads through it the way a browser page would. */
export async function main(
  options: ProxyHandlerOptions,
  port = 8787,
): Promise<{ stockFaces: number; close: () => Promise<void> }> {
  // The default allow-list: reads, and creating and ending conversations. See DEFAULT_ALLOW.
  const proxy = createProxyHandler({ basePath: '/api/tavus', ...options });
  const server = createServer(toNodeHandler(proxy));
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
