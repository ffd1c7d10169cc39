import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIError,
  AuthenticationError,
  RequestValidationError,
  ResponseValidationError,
  Tavus,
  TavusError,
  VERSION,
  type WarningEvent,
  isTavusError,
} from '../../src/index.js';
import { API_KEY, BASE, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('construction', () => {
  it('reads TAVUS_API_KEY in Node when no apiKey is given', async () => {
    vi.stubEnv('TAVUS_API_KEY', 'env_key_1');
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    await new Tavus().faces.get('r1');
    expect(seen[0]?.headers['x-api-key']).toBe('env_key_1');
  });

  it('without a key, throws a TavusError that says how to set one', () => {
    vi.stubEnv('TAVUS_API_KEY', '');
    const error = (() => {
      try {
        new Tavus();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TavusError);
    expect((error as Error).message).toContain('TAVUS_API_KEY');
    expect((error as Error).message).toContain('apiKey');
    expect(() => new Tavus({ apiKey: null })).toThrow(/proxy/);
  });

  it('proxy mode (apiKey: null with a baseUrl) sends no key header', async () => {
    seen.length = 0;
    server.use(
      http.get('https://proxy.example/tavus/v2/faces/r1', () =>
        HttpResponse.json({ face_id: 'r1', status: 'started' }),
      ),
    );
    const tavus = new Tavus({ apiKey: null, baseUrl: 'https://proxy.example/tavus/' });
    await tavus.faces.get('r1');
    expect(seen[0]?.path).toBe('/tavus/v2/faces/r1');
    expect(seen[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('rejects bad option values with a RequestValidationError naming the option', () => {
    expect(() => makeClient({ maxRetries: -1 })).toThrow(RequestValidationError);
    expect(() => makeClient({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => makeClient({ validation: 'loose' as 'strict' })).toThrow(/validation/);
  });

  it('documents its defaults', () => {
    const tavus = new Tavus({ apiKey: API_KEY });
    expect(tavus.baseUrl).toBe('https://tavusapi.com');
    expect(tavus.timeoutMs).toBe(30_000);
    expect(tavus.maxRetries).toBe(2);
    expect(tavus.validation).toBe('lenient');
  });

  it('VERSION matches package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});

describe('browser guard', () => {
  function pretendBrowser() {
    vi.stubGlobal('window', { document: {} });
    vi.stubGlobal('document', {});
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0' });
  }

  it('refuses an API key in a browser-like runtime, explaining proxy mode', () => {
    pretendBrowser();
    expect(() => new Tavus({ apiKey: API_KEY })).toThrow(/proxy mode/);
    expect(() => new Tavus({ apiKey: API_KEY })).toThrow(TavusError);
  });

  it('allows it with dangerouslyAllowBrowser, and allows proxy mode', () => {
    pretendBrowser();
    expect(() => new Tavus({ apiKey: API_KEY, dangerouslyAllowBrowser: true })).not.toThrow();
    expect(() => new Tavus({ apiKey: null, baseUrl: 'https://proxy.example' })).not.toThrow();
  });

  it('does not read TAVUS_API_KEY in a browser and sends no User-Agent', async () => {
    pretendBrowser();
    vi.stubEnv('TAVUS_API_KEY', 'env_key_2');
    expect(() => new Tavus()).toThrow(/No Tavus API key/);
    seen.length = 0;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    await new Tavus({ apiKey: null, baseUrl: BASE }).faces.get('r1');
    expect(seen[0]?.headers['user-agent'] ?? '').not.toMatch(/tavus-faces/);
  });
});

describe('the API key never leaks', () => {
  it('not in messages, toJSON(), util.inspect or events', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        // A hostile server echoing the key and a PAL-style secret back.
        HttpResponse.json(
          { message: `Invalid access token ${API_KEY}`, layers: { llm: { api_key: 'sk-llm-secret' } } },
          { status: 401 },
        ),
      ),
    );
    const tavus = makeClient();
    const events: unknown[] = [];
    for (const name of ['request', 'response', 'retry', 'warning'] as const)
      tavus.on(name, (p: unknown) => events.push(p));
    const error = (await tavus.faces.get('r1').catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    for (const text of [
      error.message,
      JSON.stringify(error),
      JSON.stringify(error.toJSON()),
      inspect(error, { depth: 10 }),
      inspect(tavus, { depth: 10 }),
      JSON.stringify(tavus),
      JSON.stringify(events),
      inspect(events, { depth: 10 }),
    ]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain('sk-llm-secret');
    }
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify(tavus)).toContain('"apiKey":"[redacted]"');
  });

  it('not in connection errors', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.error()));
    const error = await makeClient({ maxRetries: 0 })
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(isTavusError(error, 'APIConnectionError')).toBe(true);
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });
});

describe('validation modes', () => {
  const malformed = { face_id: 'r1', status: 42, training_progress: '10/100', extra_field: { kept: true } };
  const unknownEnum = { face_id: 'r1', status: 'queued', model_name: 'phoenix-9' };

  it('lenient (default) passes a wrong type through unchanged with a warning naming the path', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(malformed)));
    const tavus = makeClient();
    const warnings: WarningEvent[] = [];
    tavus.on('warning', (w) => warnings.push(w));
    const face = await tavus.faces.get('r1');
    expect(face.status).toBe(42);
    expect(face.extra_field).toEqual({ kept: true });
    expect(face.progress).toBe(10);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'validation', path: 'status' })]);
  });

  it('lenient accepts an unknown enum value with a warning; strict rejects it naming the field', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(unknownEnum)));
    const warnings: WarningEvent[] = [];
    const lenient = makeClient();
    lenient.on('warning', (w) => warnings.push(w));
    await expect(lenient.faces.get('r1')).resolves.toMatchObject({ status: 'queued', model_name: 'phoenix-9' });
    expect(warnings.map((w) => w.path).sort()).toEqual(['model_name', 'status']);

    const error = (await makeClient({ validation: 'strict' })
      .faces.get('r1')
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(APIError);
    expect(error.paths).toEqual(expect.arrayContaining(['status', 'model_name']));
    expect(error.message).toContain('status');
    expect(error.request).toEqual({ method: 'GET', path: '/v2/faces/r1' });
  });

  it('strict reports a missing required field', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ status: 'started' })));
    const error = (await makeClient({ validation: 'strict' })
      .faces.get('r1')
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error.paths).toEqual(['face_id']);
    expect(error.issues[0]?.code).toBe('invalid_type');
  });

  it('strict keeps unknown keys (the API grows)', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ face_id: 'r1', status: 'started', new_thing: 1 })),
    );
    await expect(makeClient({ validation: 'strict' }).faces.get('r1')).resolves.toMatchObject({ new_thing: 1 });
  });

  it('off: no checks and no warnings, but still normalises', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.json({ replica_id: 'r1', status: 42, training_progress: '5/100' }),
      ),
    );
    const tavus = makeClient({ validation: 'off' });
    const warnings: WarningEvent[] = [];
    tavus.on('warning', (w) => warnings.push(w));
    const face = await tavus.faces.get('r1');
    expect(face).toMatchObject({ face_id: 'r1', status: 42, progress: 5 });
    expect('replica_id' in face).toBe(false);
    expect(warnings.map((w) => w.kind)).toEqual(['deprecation']);
  });
});
