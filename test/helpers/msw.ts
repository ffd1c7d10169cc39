import type { JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Tavus, type ClientOptions } from '../../src/index.js';

/** The base URL tests talk to: msw intercepts it, nothing leaves the process. */
export const BASE = 'https://tavusapi.com';
/** A fake key; tests assert it never leaks. */
export const API_KEY = 'tvs_test_secret_key_0123456789';

/** One msw server per test file, failing on any request no handler matched. */
export function useMsw() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A client with fast retries, for tests. */
export function makeClient(options: ClientOptions = {}): Tavus {
  return new Tavus({
    apiKey: API_KEY,
    baseUrl: BASE,
    backoff: { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
    ...options,
  });
}

/** Records every request msw sees (method, path, query, headers, body). */
export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** The recorded requests, plus `settled()`, which waits until every recorded body has been read. */
export type RecordedList = Recorded[] & { settled(): Promise<Recorded[]> };

/**
 * Collects requests through msw's lifecycle events. Counts are exact as soon as a call settles;
 * before asserting on `body`, `await seen.settled()`.
 */
export function recordRequests(server: ReturnType<typeof setupServer>): RecordedList {
  const pending: Promise<void>[] = [];
  const seen = Object.assign([] as Recorded[], {
    settled: async () => {
      await Promise.all(pending);
      return seen;
    },
  });
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    // Pushed synchronously so counts are exact the moment a call settles; the body (read from a
    // clone) lands a few microtasks later, always before the mocked response is delivered.
    const record: Recorded = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(request.headers),
      body: undefined,
    };
    seen.push(record);
    const read = request
      .clone()
      .text()
      .then((text) => {
        try {
          record.body = text ? JSON.parse(text) : undefined;
        } catch {
          record.body = text;
        }
      });
    pending.push(read);
  });
  return seen;
}

/** Loads a fixture from test/fixtures (each records its source URL). */
export async function fixture<T extends JsonBodyType = JsonBodyType>(
  name: string,
): Promise<{ source: string; status?: number; body: T }> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text);
}
