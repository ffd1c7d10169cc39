import { createServer } from 'node:net';
import type { setupServer } from 'msw/node';

/** A port on 127.0.0.1 that was free a moment ago: nothing listens on it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Runs `fn` with msw's interception off (a test of real sockets), then turns it back on. */
export async function withoutMsw<T>(server: ReturnType<typeof setupServer>, fn: () => Promise<T>): Promise<T> {
  server.close();
  try {
    return await fn();
  } finally {
    server.listen({ onUnhandledRequest: 'error' });
  }
}
