import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type TavusSimulator, createSimulator } from './simulator.js';
import type { SimulatorOptions } from './sim/types.js';

/** Options of {@link serveSimulator}: the simulator's own options, plus where to listen. */
export interface ServeSimulatorOptions extends SimulatorOptions {
  /** The port on 127.0.0.1; `0` picks a free one (read it from `url`). @default 0 */
  port?: number;
}

/** A running simulator server (see {@link serveSimulator}). */
export interface SimulatorServer {
  /** Its origin, e.g. `http://127.0.0.1:41234`: pass it as `baseUrl` (no trailing slash). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The simulator behind it: `sim.apiKey`, `sim.advance(ms)`, `sim.requests`, `sim.failNext(…)`. */
  readonly sim: TavusSimulator;
  /** Stops listening and drops open connections; resolves once the port is free. Safe to call twice. */
  close(): Promise<void>;
}

type NodeHttp = typeof import('node:http');

/**
 * Runs a Tavus simulator (see {@link createSimulator}) as a real HTTP server on 127.0.0.1, for code
 * that cannot take `sim.fetch`: a child process (the `tavus-faces` CLI), Playwright, or a client in
 * another language. Node only; it never keeps the process alive on its own (close it when done).
 *
 * The server answers like `sim.fetch`: routes by path, checks `x-api-key` against `sim.apiKey`,
 * honours `sim.failNext` (a `reset` fault drops the TCP connection). Clients over HTTP wait in real
 * time, so for watches to end by themselves pass `clock: { speed }` (e.g. `{ speed: 3600 }`, an
 * hour a second) or move time with `sim.advance(ms)`; the manual clock stays the default.
 *
 * @example
 * ```ts
 * import { serveSimulator } from 'tavus-faces/testing';
 *
 * const server = await serveSimulator({ clock: { speed: 3600 } });
 * const tavus = new Tavus({ baseUrl: server.url, apiKey: server.sim.apiKey });
 * // … or: TAVUS_API_KEY=<server.sim.apiKey> tavus-faces faces list --base-url <server.url>
 * await server.close();
 * ```
 *
 * @throws TypeError outside Node (no `node:http`), or for a bad `port`.
 */
export async function serveSimulator(options: ServeSimulatorOptions = {}): Promise<SimulatorServer> {
  const { port = 0, ...simulatorOptions } = options ?? {};
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`serveSimulator: port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  // `process.getBuiltinModule` rather than an import: this file is part of the browser build of
  // tavus-faces/testing, which must load (and bundle) without any Node built-in.
  const http = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    'node:http',
  ) as NodeHttp | undefined;
  if (!http) throw new TypeError('serveSimulator runs in Node (>= 20.16) only; in a browser, pass sim.fetch instead');

  const sim = createSimulator(simulatorOptions);
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => void answer(sim, req, res));
  server.on('connection', (socket) => {
    // A keep-alive connection must not hold the process open either.
    socket.unref();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    sim,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** One request: Node's request into a fetch `Request`, the simulator's `Response` back out. */
async function answer(sim: TavusSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Ends a `delayMs` fault early when the client goes away, as `sim.fetch` does with its signal.
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method, headers, body, signal: gone.signal });
    const response = await sim.fetch(request);
    const bytes = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(method === 'HEAD' ? undefined : bytes);
  } catch {
    // A `reset` fault (or a client that left): drop the connection, as a failing server would.
    req.socket.destroy();
  }
}
