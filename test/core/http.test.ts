import { getEventListeners } from 'node:events';
import { HttpResponse, delay, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  type RetryEvent,
  UnprocessableEntityError,
  isTavusError,
} from '../../src/index.js';
import { API_KEY, BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);
const FACE = { face_id: 'r90bbd427f71', status: 'completed', training_progress: '100/100' };
const VIDEO = { train_video_url: 'https://example.com/rio.mp4', face_name: 'Rio' };

function count(method: string, path: string) {
  return seen.filter((r) => r.method === method && r.path === path).length;
}

describe('requests', () => {
  it('sends the key as x-api-key, JSON headers and a Node User-Agent', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    await makeClient({ headers: { 'x-trace': 'abc' } }).faces.get('r1');
    const [req] = seen;
    expect(req?.headers['x-api-key']).toBe(API_KEY);
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['user-agent']).toMatch(/^tavus-faces\/\d+\.\d+\.\d+/);
    expect(req?.headers['x-trace']).toBe('abc');
    expect(req?.headers.authorization).toBeUndefined();
  });

  it('URL-encodes path segments and rejects empty ids before sending', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/:id`, ({ params }) => HttpResponse.json({ ...FACE, face_id: params.id })));
    const tavus = makeClient();
    await tavus.faces.get('a/b?c');
    expect(seen[0]?.path).toBe('/v2/faces/a%2Fb%3Fc');
    await expect(tavus.faces.get('')).rejects.toMatchObject({ kind: 'RequestValidationError', field: 'id' });
    await expect(tavus.faces.delete('  ')).rejects.toMatchObject({ kind: 'RequestValidationError' });
    expect(seen).toHaveLength(1);
  });

  it('sends JSON bodies with content-type application/json', async () => {
    seen.length = 0;
    server.use(http.post(`${BASE}/v2/faces`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    await makeClient().faces.create(VIDEO);
    await seen.settled();
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.body).toEqual(VIDEO);
  });

  it('per-call headers are merged over client headers', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    await makeClient({ headers: { 'x-a': '1', 'x-b': '1' } }).faces.get('r1', undefined, { headers: { 'x-b': '2' } });
    expect(seen[0]?.headers).toMatchObject({ 'x-a': '1', 'x-b': '2' });
  });

  it('a header given again replaces the earlier value whatever its case, never joins it', async () => {
    seen.length = 0;
    server.use(http.post(`${BASE}/v2/faces`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    const tavus = makeClient({ headers: { 'User-Agent': 'mine/1', Accept: 'application/json; v=2', 'X-B': '1' } });
    await tavus.faces.create(VIDEO, { headers: { 'x-b': '2', 'Content-Type': 'application/json; charset=utf-8' } });
    await seen.settled();
    expect(seen[0]?.headers).toMatchObject({
      'user-agent': 'mine/1',
      accept: 'application/json; v=2',
      'x-b': '2',
      'content-type': 'application/json; charset=utf-8',
    });
  });

  it('a wrapped global fetch that rewrites its init cannot change the next request', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    const tavus = makeClient();
    const original = globalThis.fetch;
    // As some instrumentation does: the init's headers replaced in place, here on the first call only.
    let calls = 0;
    globalThis.fetch = (input, init) => {
      calls += 1;
      if (calls === 1 && init) init.headers = [['x-injected', 'first call']];
      return original(input, init);
    };
    try {
      await tavus.faces.get('r1');
      await tavus.faces.get('r1');
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).toBe(2);
    expect(seen[0]?.headers['x-injected']).toBe('first call');
    expect(seen[1]?.headers['x-injected']).toBeUndefined();
    expect(seen[1]?.headers['x-api-key']).toBe(API_KEY);
  });
});

describe('status → error class', () => {
  const cases = [
    [400, BadRequestError, { error: 'Invalid face_id' }, 'Invalid face_id'],
    [401, AuthenticationError, { message: 'Invalid access token' }, 'Invalid access token'],
    [403, PermissionDeniedError, { message: 'Forbidden' }, 'Forbidden'],
    [404, NotFoundError, { error: 'Not found' }, 'Not found'],
    [409, ConflictError, { conflict: 'maker_changes', message: 'draft' }, 'draft'],
    [422, UnprocessableEntityError, { message: 'Invalid JSON patch format' }, 'Invalid JSON patch format'],
    [429, RateLimitError, { error: 'slow down' }, 'slow down'],
    [500, InternalServerError, { error: 'boom' }, 'boom'],
    [503, InternalServerError, { message: 'unavailable' }, 'unavailable'],
  ] as const;
  for (const [status, Class, body, text] of cases) {
    it(`${status} → ${Class.name}`, async () => {
      server.use(
        http.get(`${BASE}/v2/faces/r1`, () =>
          HttpResponse.json(body, { status, headers: { 'x-request-id': 'req_123' } }),
        ),
      );
      const error = await makeClient({ maxRetries: 0 })
        .faces.get('r1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(APIError);
      expect(isTavusError(error, 'APIError')).toBe(true);
      expect(isTavusError(error, Class.name as 'APIError')).toBe(true);
      const e = error as APIError;
      expect(e.status).toBe(status);
      expect(e.serverMessage).toBe(text);
      expect(e.message).toContain(text);
      expect(e.body).toEqual(body);
      expect(e.method).toBe('GET');
      expect(e.path).toBe('/v2/faces/r1');
      expect(e.requestId).toBe('req_123');
    });
  }

  it('uses the documented 401 fixture body', async () => {
    const { body, status } = await fixture('errors.401.invalid-access-token.json');
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(body, { status })));
    await expect(makeClient().faces.get('r1')).rejects.toMatchObject({
      kind: 'AuthenticationError',
      serverMessage: 'Invalid access token',
    });
  });

  it('a non-JSON error body (HTML 502 page) still gives the typed error', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.text('<html><body><h1>502 Bad Gateway</h1></body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
      ),
    );
    const error = (await makeClient({ maxRetries: 0 })
      .faces.get('r1')
      .catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.serverMessage).toBeUndefined();
    expect(error.body).toContain('502 Bad Gateway');
  });

  it('an empty error body still gives the typed error', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse(null, { status: 403 })));
    const error = await makeClient()
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as APIError).body).toBeUndefined();
  });
});

describe('retries', () => {
  it('GET retries 408/429/500/502/503/504 up to maxRetries and emits retry events', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      seen.length = 0;
      server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ error: 'x' }, { status })));
      const tavus = makeClient({ maxRetries: 3 });
      const retries: RetryEvent[] = [];
      tavus.on('retry', (e) => retries.push(e));
      await expect(tavus.faces.get('r1')).rejects.toMatchObject({ status });
      expect(count('GET', '/v2/faces/r1')).toBe(4);
      expect(retries.map((r) => r.attempt)).toEqual([2, 3, 4]);
      expect(retries[0]).toMatchObject({ method: 'GET', path: '/v2/faces/r1' });
      expect(retries[0]?.error).toMatchObject({ status });
      expect(retries.every((r) => r.delayMs >= 0 && r.delayMs <= 5)).toBe(true);
    }
  });

  it('GET succeeds after transient failures', async () => {
    seen.length = 0;
    let n = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        ++n < 3 ? HttpResponse.json({}, { status: 503 }) : HttpResponse.json(FACE),
      ),
    );
    const face = await makeClient().faces.get('r1');
    expect(face.face_id).toBe(FACE.face_id);
    expect(count('GET', '/v2/faces/r1')).toBe(3);
  });

  it('does not retry 400/401/403/404/409/422', async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      seen.length = 0;
      server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ error: 'no' }, { status })));
      await expect(makeClient({ maxRetries: 3 }).faces.get('r1')).rejects.toMatchObject({ status });
      expect(count('GET', '/v2/faces/r1')).toBe(1);
    }
  });

  it('POST is never retried on 5xx (a duplicate create would start a second paid training)', async () => {
    for (const status of [500, 502, 503, 504, 408]) {
      seen.length = 0;
      server.use(http.post(`${BASE}/v2/faces`, () => HttpResponse.json({ error: 'x' }, { status })));
      await expect(makeClient({ maxRetries: 3 }).faces.create(VIDEO)).rejects.toMatchObject({ status });
      expect(count('POST', '/v2/faces')).toBe(1);
    }
  });

  it('POST is retried on 429 (the request was refused)', async () => {
    seen.length = 0;
    let n = 0;
    server.use(
      http.post(`${BASE}/v2/faces`, () =>
        ++n === 1
          ? HttpResponse.json({ error: 'rate' }, { status: 429 })
          : HttpResponse.json({ face_id: 'r1', status: 'started' }),
      ),
    );
    await expect(makeClient().faces.create(VIDEO)).resolves.toEqual({ face_id: 'r1', status: 'started' });
    expect(count('POST', '/v2/faces')).toBe(2);
  });

  it('POST is not retried after a network error or a timeout', async () => {
    seen.length = 0;
    server.use(http.post(`${BASE}/v2/faces`, () => HttpResponse.error()));
    await expect(makeClient({ maxRetries: 3 }).faces.create(VIDEO)).rejects.toBeInstanceOf(APIConnectionError);
    expect(count('POST', '/v2/faces')).toBe(1);

    seen.length = 0;
    server.use(
      http.post(`${BASE}/v2/faces`, async () => {
        await delay(200);
        return HttpResponse.json({ face_id: 'r1', status: 'started' });
      }),
    );
    const error = await makeClient({ maxRetries: 3, timeoutMs: 20 })
      .faces.create(VIDEO)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(count('POST', '/v2/faces')).toBe(1);
  });

  it('PATCH is retried only on 429', async () => {
    seen.length = 0;
    server.use(http.patch(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ error: 'x' }, { status: 503 })));
    await expect(makeClient({ maxRetries: 3 }).faces.rename('r1', 'Ana')).rejects.toBeInstanceOf(InternalServerError);
    expect(count('PATCH', '/v2/faces/r1')).toBe(1);
  });

  it('GET and DELETE retry network errors and timeouts', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.error()));
    const error = await makeClient({ maxRetries: 2 })
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(count('GET', '/v2/faces/r1')).toBe(3);

    seen.length = 0;
    let n = 0;
    server.use(
      http.delete(`${BASE}/v2/faces/r1`, async () => {
        if (++n === 1) await delay(300);
        return HttpResponse.text('OK');
      }),
    );
    await expect(makeClient({ timeoutMs: 30 }).faces.delete('r1')).resolves.toBeUndefined();
    expect(count('DELETE', '/v2/faces/r1')).toBe(2);
  });

  it('a timeout with no retries left is an APITimeoutError naming the timeout', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, async () => {
        await delay(300);
        return HttpResponse.json(FACE);
      }),
    );
    const error = await makeClient({ maxRetries: 0, timeoutMs: 25 })
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain('25 ms');
  });

  it('per-call maxRetries and timeoutMs override the client', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({}, { status: 500 })));
    await expect(makeClient({ maxRetries: 5 }).faces.get('r1', undefined, { maxRetries: 1 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(count('GET', '/v2/faces/r1')).toBe(2);
  });

  it('honours Retry-After in seconds', async () => {
    let n = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        ++n === 1
          ? HttpResponse.json({ error: 'rate' }, { status: 429, headers: { 'retry-after': '1' } })
          : HttpResponse.json(FACE),
      ),
    );
    const tavus = makeClient();
    const retries: RetryEvent[] = [];
    tavus.on('retry', (e) => retries.push(e));
    await tavus.faces.get('r1');
    expect(retries.map((r) => r.delayMs)).toEqual([1000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    let n = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        ++n === 1
          ? HttpResponse.json(
              { error: 'rate' },
              { status: 503, headers: { 'retry-after': new Date(Date.now() + 1500).toUTCString() } },
            )
          : HttpResponse.json(FACE),
      ),
    );
    const tavus = makeClient();
    const retries: RetryEvent[] = [];
    tavus.on('retry', (e) => retries.push(e));
    await tavus.faces.get('r1');
    expect(retries).toHaveLength(1);
    // An HTTP date has one-second resolution: the wait lies within the second before the date.
    expect(retries[0]?.delayMs).toBeGreaterThan(300);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(1500);
  });

  it('fails fast with the wait on the error when Retry-After is past the cap', async () => {
    seen.length = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.json({ error: 'rate' }, { status: 429, headers: { 'retry-after': '3600' } }),
      ),
    );
    const error = (await makeClient()
      .faces.get('r1')
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(count('GET', '/v2/faces/r1')).toBe(1);
  });

  it('GET retries a 2xx whose body was cut off, then reports it as a ResponseValidationError', async () => {
    seen.length = 0;
    let n = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        ++n === 1
          ? new HttpResponse('{"face_id":"r1","sta', { headers: { 'content-type': 'application/json' } })
          : HttpResponse.json(FACE),
      ),
    );
    const tavus = makeClient();
    const retries: RetryEvent[] = [];
    tavus.on('retry', (e) => retries.push(e));
    await expect(tavus.faces.get('r1')).resolves.toMatchObject({ face_id: FACE.face_id });
    expect(count('GET', '/v2/faces/r1')).toBe(2);
    expect(retries[0]?.error).toBeInstanceOf(ResponseValidationError);

    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse('{"face_id":', { status: 200 })));
    const error = await makeClient({ maxRetries: 2 })
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain('not valid JSON');
    expect(count('GET', '/v2/faces/r1')).toBe(3);
  });

  it('a retried DELETE answered 400 Invalid face_id resolves: the first attempt deleted it', async () => {
    seen.length = 0;
    let n = 0;
    server.use(
      http.delete(`${BASE}/v2/faces/r1`, () =>
        ++n === 1 ? HttpResponse.error() : HttpResponse.json({ error: 'Invalid face_id' }, { status: 400 }),
      ),
    );
    await expect(makeClient().faces.delete('r1')).resolves.toBeUndefined();
    expect(count('DELETE', '/v2/faces/r1')).toBe(2);
  });

  it('a DELETE refused with 429, then answered 400 Invalid face_id, rejects: nothing was deleted', async () => {
    seen.length = 0;
    let n = 0;
    server.use(
      http.delete(`${BASE}/v2/faces/typo`, () =>
        ++n === 1
          ? HttpResponse.json({ error: 'slow down' }, { status: 429 })
          : HttpResponse.json({ error: 'Invalid face_id' }, { status: 400 }),
      ),
    );
    await expect(makeClient().faces.delete('typo')).rejects.toBeInstanceOf(BadRequestError);
    expect(count('DELETE', '/v2/faces/typo')).toBe(2);
  });

  it('a DELETE answered 503, then 400 Invalid face_id, resolves: the first attempt may have deleted it', async () => {
    let n = 0;
    server.use(
      http.delete(`${BASE}/v2/faces/r1`, () =>
        ++n === 1
          ? HttpResponse.json({ error: 'x' }, { status: 503 })
          : HttpResponse.json({ error: 'Invalid face_id' }, { status: 400 }),
      ),
    );
    await expect(makeClient().faces.delete('r1')).resolves.toBeUndefined();
  });

  it('a first-attempt DELETE answered 400 Invalid face_id rejects', async () => {
    const { body, status } = await fixture('faces.delete.response.400.json');
    server.use(http.delete(`${BASE}/v2/faces/r1`, () => HttpResponse.json(body, { status })));
    await expect(makeClient().faces.delete('r1')).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('deadlines and option checks', () => {
  it('an error body that stalls after the headers times out like the attempt (no hang)', async () => {
    seen.length = 0;
    const stalled = () => new ReadableStream({ start: () => undefined });
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse(stalled(), { status: 503 })),
      http.post(`${BASE}/v2/faces`, () => new HttpResponse(stalled(), { status: 500 })),
    );
    const read = await makeClient({ timeoutMs: 40, maxRetries: 1 })
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(read).toBeInstanceOf(APITimeoutError);
    expect(count('GET', '/v2/faces/r1')).toBe(2);
    const create = await makeClient({ timeoutMs: 40 })
      .faces.create(VIDEO)
      .catch((e: unknown) => e);
    expect(create).toBeInstanceOf(APITimeoutError);
    expect(count('POST', '/v2/faces')).toBe(1);
  });

  it("an attempt that outlives its timeout cannot decide the next attempt's outcome", async () => {
    // A fetch of the caller's own that ignores the abort: the first attempt's 404 arrives after its
    // timer fired, while the second attempt is still waiting for its 200.
    let sent = 0;
    const late: typeof fetch = async () => {
      const first = ++sent === 1;
      await new Promise((resolve) => setTimeout(resolve, first ? 300 : 150));
      return first ? Response.json({ message: 'gone' }, { status: 404 }) : Response.json(FACE);
    };
    const face = await makeClient({ fetch: late, timeoutMs: 200, maxRetries: 1 }).faces.get('r1');
    expect(face.face_id).toBe(FACE.face_id);
    expect(sent).toBe(2);
  });

  it("an attempt's answer that arrives after its timeout is not the call's answer", async () => {
    // The mirror case: the first attempt's 200 arrives late, while the second is waiting for its 404.
    let sent = 0;
    const late: typeof fetch = async () => {
      const first = ++sent === 1;
      await new Promise((resolve) => setTimeout(resolve, first ? 300 : 150));
      return first ? Response.json(FACE) : Response.json({ message: 'gone' }, { status: 404 });
    };
    await expect(makeClient({ fetch: late, timeoutMs: 200, maxRetries: 1 }).faces.get('r1')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(sent).toBe(2);
  });

  it('rejects per-call maxRetries and timeoutMs that would retry for ever or never time out', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    const tavus = makeClient();
    for (const maxRetries of [Number.NaN, -1, 1.5]) {
      await expect(tavus.faces.get('r1', undefined, { maxRetries })).rejects.toMatchObject({ field: 'maxRetries' });
    }
    for (const timeoutMs of [0, -5, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 31]) {
      await expect(tavus.faces.get('r1', undefined, { timeoutMs })).rejects.toMatchObject({ field: 'timeoutMs' });
    }
    expect(() => makeClient({ timeoutMs: Number.POSITIVE_INFINITY })).toThrow(RequestValidationError);
    expect(seen).toHaveLength(0);
  });
});

describe('abort', () => {
  it('rejects with APIUserAbortError when the signal fires mid-request', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, async () => {
        await delay(500);
        return HttpResponse.json(FACE);
      }),
    );
    const controller = new AbortController();
    const pending = makeClient().faces.get('r1', undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('an abort with a custom reason, or AbortSignal.timeout, is still an APIUserAbortError', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, async () => {
        await delay(300);
        return HttpResponse.json(FACE);
      }),
    );
    const controller = new AbortController();
    const pending = makeClient().faces.get('r1', undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 10);
    const custom = await pending.catch((e: unknown) => e);
    expect(custom).toBeInstanceOf(APIUserAbortError);
    expect(((custom as Error).cause as Error).message).toBe('user cancelled');
    const timedOut = await makeClient()
      .faces.get('r1', undefined, { signal: AbortSignal.timeout(20) })
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(APIUserAbortError);
  });

  it('rejects at once, without a request, when the signal is already aborted', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    const error = await makeClient()
      .faces.get('r1', undefined, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(0);
  });

  it('an abort during the retry wait stops retrying', async () => {
    seen.length = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.json({ error: 'x' }, { status: 503, headers: { 'retry-after': '1' } }),
      ),
    );
    const controller = new AbortController();
    const tavus = makeClient({ maxRetries: 5 });
    tavus.on('retry', () => controller.abort());
    const error = await tavus.faces.get('r1', undefined, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(count('GET', '/v2/faces/r1')).toBe(1);
  });

  it('an abort in the middle of a long retry wait ends it at once, leaving no timer or listener behind', async () => {
    seen.length = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        // 40 s: were the wait not cut short, this test would run into its timeout.
        HttpResponse.json({ error: 'x' }, { status: 503, headers: { 'retry-after': '40' } }),
      ),
    );
    // The wait's own timer is the one set for exactly 40 s; it must be cleared, not left to hold the
    // process open (other timers in this worker come and go, so counting them all would be flaky).
    const setSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const controller = new AbortController();
      const tavus = makeClient({ maxRetries: 5, backoff: { maxRetryAfterMs: 60_000 } });
      tavus.on('retry', () => setTimeout(() => controller.abort(new Error('user gave up')), 20));
      const error = await tavus.faces.get('r1', undefined, { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as APIUserAbortError).cause).toEqual(new Error('user gave up'));
      expect(count('GET', '/v2/faces/r1')).toBe(1);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      const waits = setSpy.mock.calls.flatMap((call, i) => (call[1] === 40_000 ? [setSpy.mock.results[i]?.value] : []));
      expect(waits).toHaveLength(1);
      expect(clearSpy.mock.calls.map((call) => call[0])).toContain(waits[0]);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });

  it('a throwing retry listener fails the call with a tavus-faces error', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ error: 'x' }, { status: 503 })));
    const tavus = makeClient({ maxRetries: 2 });
    tavus.on('retry', () => {
      throw new Error('listener boom');
    });
    const error = await tavus.faces.get('r1').catch((e: unknown) => e);
    expect(isTavusError(error)).toBe(true);
    expect((error as Error).message).toContain('listener boom');
  });

  it('a request ky cannot build (a malformed header) fails at once, unsent and not retried', async () => {
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    const tavus = makeClient({ maxRetries: 3 });
    const retries: unknown[] = [];
    tavus.on('retry', (e) => retries.push(e));
    const error = await tavus.faces.get('r1', undefined, { headers: { 'bad header': 'x' } }).catch((e: unknown) => e);
    expect(isTavusError(error)).toBe(true);
    expect(retries).toEqual([]);
    expect(count('GET', '/v2/faces/r1')).toBe(0);
  });

  it('leaves no abort listeners on a shared signal over thousands of requests', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    const controller = new AbortController();
    const tavus = makeClient();
    const before = getEventListeners(controller.signal, 'abort').length;
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, () => tavus.faces.get('r1', undefined, { signal: controller.signal })),
      );
    }
    expect(getEventListeners(controller.signal, 'abort').length).toBe(before);
  }, 60_000);
});

describe('success bodies', () => {
  it('Delete Face answers the text OK: success', async () => {
    server.use(http.delete(`${BASE}/v2/faces/r1`, () => HttpResponse.text('OK')));
    await expect(makeClient().faces.delete('r1')).resolves.toBeUndefined();
  });

  it('a 204 with no body is success for a delete', async () => {
    server.use(http.delete(`${BASE}/v2/faces/r1`, () => new HttpResponse(null, { status: 204 })));
    await expect(makeClient().faces.delete('r1')).resolves.toBeUndefined();
  });

  it('a POST whose 2xx body is not JSON is a ResponseValidationError, not retried', async () => {
    seen.length = 0;
    server.use(http.post(`${BASE}/v2/faces`, () => HttpResponse.text('<html>oops</html>')));
    await expect(makeClient().faces.create(VIDEO)).rejects.toBeInstanceOf(ResponseValidationError);
    expect(count('POST', '/v2/faces')).toBe(1);
  });
});

describe('events', () => {
  it('emits request and response per attempt, with durations and no secrets', async () => {
    let n = 0;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        ++n === 1 ? HttpResponse.json({}, { status: 500 }) : HttpResponse.json(FACE),
      ),
    );
    const tavus = makeClient();
    const log: [string, unknown][] = [];
    for (const name of ['request', 'response', 'retry', 'warning'] as const) {
      tavus.on(name, (payload: unknown) => log.push([name, payload]));
    }
    await tavus.faces.get('r1');
    expect(log.map(([name]) => name)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(log[0]?.[1]).toEqual({ method: 'GET', path: '/v2/faces/r1', attempt: 1 });
    expect(log[1]?.[1]).toMatchObject({ method: 'GET', path: '/v2/faces/r1', status: 500 });
    expect((log[1]?.[1] as { durationMs?: number } | undefined)?.durationMs).toBeGreaterThanOrEqual(0);
    expect(log[3]?.[1]).toEqual({ method: 'GET', path: '/v2/faces/r1', attempt: 2 });
    const serialised = JSON.stringify(log, (_k, v) => (v instanceof Error ? { ...v, message: v.message } : v));
    expect(serialised).not.toContain(API_KEY);
    expect(serialised).not.toContain('x-api-key');
  });

  it('a derived client emits on itself and on its parent', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
    const parent = makeClient();
    const child = parent.withOptions({ timeoutMs: 5_000 });
    const seenBy: string[] = [];
    parent.on('request', () => seenBy.push('parent'));
    child.on('request', () => seenBy.push('child'));
    await child.faces.get('r1');
    expect(seenBy).toEqual(['child', 'parent']);
    expect(child.timeoutMs).toBe(5_000);
    expect(child.maxRetries).toBe(parent.maxRetries);
  });
});
