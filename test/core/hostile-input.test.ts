/** Hostile ids, unknown options, throwing listeners and connection failures that say where and why. */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { APIConnectionError, RequestValidationError, Tavus, TavusError, isTavusError } from '../../src/index.js';
import { API_KEY, BASE, makeClient, recordRequests, useMsw } from '../helpers/msw.js';
import { freePort, withoutMsw } from '../helpers/net.js';

const server = useMsw();
const seen = recordRequests(server);
const FACE = { face_id: 'r1', status: 'completed', training_progress: '100/100' };

describe('hostile ids', () => {
  it('rejects . and .. (URL normalisation would make them another call) before any request', async () => {
    seen.length = 0;
    const tavus = makeClient();
    for (const id of ['.', '..']) {
      await expect(tavus.faces.delete(id)).rejects.toMatchObject({ kind: 'RequestValidationError', field: 'id' });
      await expect(tavus.pals.publish(id)).rejects.toBeInstanceOf(RequestValidationError);
      await expect(tavus.faces.get(id)).rejects.toBeInstanceOf(RequestValidationError);
    }
    expect(seen).toHaveLength(0);
  });

  it('rejects a lone surrogate as a RequestValidationError, not a URIError', async () => {
    seen.length = 0;
    const error = await makeClient()
      .faces.get('\uD800')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ field: 'id' });
    expect(seen).toHaveLength(0);
  });
});

describe('unknown option names', () => {
  it('per-call options: names the option and the closest valid one, before any request', async () => {
    seen.length = 0;
    const tavus = makeClient();
    const error = await tavus.faces.get('r1', undefined, { timeoutMS: 10 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ field: 'timeoutMS' });
    expect((error as Error).message).toContain('did you mean "timeoutMs"?');
    await expect(tavus.stockFaces.list(undefined, { singal: AbortSignal.abort() } as never)).rejects.toMatchObject({
      field: 'singal',
    });
    expect(seen).toHaveLength(0);
  });

  it('client options too', () => {
    expect(() => new Tavus({ apiKey: API_KEY, timeout: 5 } as never)).toThrow(/unknown client option "timeout"/);
    expect(() => new Tavus({ apiKey: API_KEY, maxRetry: 1 } as never)).toThrow(/did you mean "maxRetries"/);
  });

  it('header values a Request would refuse are a RequestValidationError that does not echo them', async () => {
    const error = await makeClient()
      .faces.get('r1', undefined, { headers: { 'x-token': 'hunter2\nvalue' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'RequestValidationError', field: 'headers.x-token' });
    expect((error as Error).message).not.toContain('hunter2');
    expect(() => makeClient({ headers: { 'bad name': 'x' } })).toThrow(RequestValidationError);
  });
});

describe('a throwing event listener', () => {
  for (const event of ['request', 'response'] as const) {
    it(`"${event}" fails the call once, with the listener's error as cause: no retry, no connection error`, async () => {
      seen.length = 0;
      server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(FACE)));
      const tavus = makeClient({ maxRetries: 3 });
      const boom = new Error('listener bug');
      tavus.on(event, () => {
        throw boom;
      });
      const error = await tavus.faces.get('r1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TavusError);
      expect(error).not.toBeInstanceOf(APIConnectionError);
      expect((error as Error).cause).toBe(boom);
      expect((error as Error).message).toContain(`"${event}" event listener threw`);
      expect(seen).toHaveLength(event === 'request' ? 0 : 1);
    });
  }

  it('"warning" too (a lenient-mode contract break reported to a throwing listener)', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ ...FACE, status: 42 })));
    const tavus = makeClient();
    const boom = new Error('warning listener bug');
    tavus.on('warning', () => {
      throw boom;
    });
    const error = await tavus.faces.get('r1').catch((e: unknown) => e);
    expect(isTavusError(error)).toBe(true);
    expect((error as Error).cause).toBe(boom);
  });
});

describe('construction', () => {
  it('an API key with characters a header cannot carry is a RequestValidationError that does not print it', () => {
    for (const key of ['tvs_key\nX-Evil: 1', 'tvs_key\r', 'tvs_kéy_ü', 'tvs_key_\u2028', 'tvs_😀']) {
      let error: unknown;
      try {
        new Tavus({ apiKey: key, baseUrl: BASE });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error).toMatchObject({ field: 'apiKey' });
      expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('tvs_k');
    }
  });

  it('refuses a key in baseUrl userinfo, without echoing it', () => {
    const error = (() => {
      try {
        new Tavus({ apiKey: API_KEY, baseUrl: 'https://user:tvs_secret_in_url@tavusapi.com' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ kind: 'RequestValidationError', field: 'baseUrl' });
    expect(JSON.stringify(error) + String(error)).not.toContain('tvs_secret_in_url');
    expect(() => new Tavus({ apiKey: null, baseUrl: 'https://tvs_secret@proxy.example' })).toThrow(/user name/);
  });

  it('a relative or malformed baseUrl in Node is a RequestValidationError from the constructor', () => {
    for (const baseUrl of ['/api/tavus', 'tavusapi.com', 'http//x', 'ftp://tavusapi.com', 'https://x/?a=1']) {
      expect(() => new Tavus({ apiKey: API_KEY, baseUrl })).toThrow(RequestValidationError);
    }
  });
});

// The default entry (browsers, workers) quotes a system code as it is: only Node's fetch reports
// one, and the Node entry names it (test/core/node-entry.test.ts).
describe('connection failures say where and why', () => {
  it('a refused port: host, port and the system code', async () => {
    const port = await freePort();
    const error = await withoutMsw(server, () =>
      new Tavus({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).faces
        .list()
        .catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`GET /v2/faces: connection to 127.0.0.1:${port} failed (ECONNREFUSED)`);
  });

  it('the system code is found along the cause chain; without one, the reason is quoted', async () => {
    const failing = (cause: unknown) =>
      (async () => {
        throw new TypeError('fetch failed', { cause });
      }) as unknown as typeof fetch;
    const get = (fetch: typeof globalThis.fetch, baseUrl = 'https://no-such-host.invalid') =>
      new Tavus({ apiKey: API_KEY, baseUrl, maxRetries: 0, fetch }).faces.get('r1').catch((e: unknown) => e as Error);
    const nested = new AggregateError([Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })]);
    expect((await get(failing(nested))).message).toBe(
      'GET /v2/faces/r1: connection to no-such-host.invalid:443 failed (ENOTFOUND)',
    );
    const browserLike = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect((await get(browserLike, 'http://127.0.0.1:8080')).message).toBe(
      'GET /v2/faces/r1: connection to 127.0.0.1:8080 failed (Failed to fetch)',
    );
  });
});

describe('deeply nested responses', () => {
  const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;

  it('a 2xx body nested 100k levels, even in a field no schema checks, is a ResponseValidationError in every mode', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse(`{"face_id":"r1","status":"completed","extra":${deep}}`)),
    );
    for (const validation of ['strict', 'lenient', 'off'] as const) {
      const error = await makeClient({ validation, maxRetries: 0 })
        .faces.get('r1')
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        kind: 'ResponseValidationError',
        request: { method: 'GET', path: '/v2/faces/r1' },
      });
      expect((error as Error).message).toContain('extra: nested more than 1000 levels deep');
    }
  });

  it('nesting that alternates objects and arrays counts both kinds of bracket', async () => {
    // 600 objects and 600 arrays, 1,200 levels: neither kind alone is over the 1,000 bound.
    const mixed = `${'{"a":['.repeat(600)}1${']}'.repeat(600)}`;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse(`{"face_id":"r1","status":"completed","extra":${mixed}}`)),
    );
    const error = await makeClient({ maxRetries: 0 })
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'ResponseValidationError', issues: [{ path: 'extra', code: 'too_deep' }] });
  });

  it('brackets and escaped quotes inside strings are not nesting', async () => {
    const tricky = `${'{['.repeat(200)} \\" \\\\" ${'}]'.repeat(200)}`;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.json({ face_id: 'r1', status: 'completed', face_name: tricky, x: [[[[1]]]] }),
      ),
    );
    const face = await makeClient().faces.get('r1');
    expect(face.face_name).toBe(tricky);
  });
});
