import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { compile } from 'zod/mini';
import { faceSchemas } from '../../src/schemas/face.js';
import { palSchemas } from '../../src/schemas/pal.js';
import { voiceSchemas } from '../../src/schemas/voice.js';
import { API_KEY, BASE, useMsw } from '../helpers/msw.js';
import { freePort, withoutMsw } from '../helpers/net.js';

// The Node entry only works as built (its compiler is a file of its own), so this tests dist/,
// which the test command builds first.
const entry = new URL('../../dist/index.node.js', import.meta.url);
const compilerFile = fileURLToPath(new URL('../../dist/compiler.node.cjs', import.meta.url));
const { Tavus: NodeTavus, ResponseValidationError: NodeRVE } = (await import(
  entry.href
)) as typeof import('../../src/index.js');
type NodeRVE = InstanceType<typeof NodeRVE>;
const loaded = () => Object.keys(createRequire(import.meta.url).cache).includes(compilerFile);

const server = useMsw();

// zod's `compile` quietly hands back a schema it cannot compile, which would leave the Node entry on
// the interpreter; `strict` makes that refusal an error here instead.
describe('every response schema', () => {
  const all = { ...prefix('face', faceSchemas()), ...prefix('pal', palSchemas()), ...prefix('voice', voiceSchemas()) };
  it.each(Object.entries(all))('%s compiles', (_name, schema) => {
    expect(() => compile(schema, { strict: true })).not.toThrow();
  });
});

function prefix(name: string, schemas: object): Record<string, Parameters<typeof compile>[0]> {
  return Object.fromEntries(Object.entries(schemas).map(([k, v]) => [`${name}.${k}`, v]));
}

// The Node entry compiles schemas with zod's `compile`; its verdicts must equal the interpreter's.
describe('the Node entry point (compiled schemas)', () => {
  const client = (validation: 'strict' | 'lenient') =>
    new NodeTavus({ apiKey: API_KEY, baseUrl: BASE, validation, maxRetries: 0 });

  it('loads the schema compiler on the first response check, not at import', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ face_id: 'r1', status: 'completed' })));
    const tavus = client('strict');
    expect(loaded()).toBe(false);
    await tavus.faces.get('r1');
    expect(loaded()).toBe(true);
  });

  it('accepts a valid list and keeps unknown fields', async () => {
    server.use(
      http.get(`${BASE}/v2/faces`, () =>
        HttpResponse.json({
          data: [{ face_id: 'r1', status: 'completed', training_progress: '100/100', extra: { kept: 1 } }],
          total_count: 1,
        }),
      ),
    );
    const page = await client('strict').faces.list();
    expect(page.data[0]).toMatchObject({ face_id: 'r1', progress: 100, extra: { kept: 1 } });
  });

  it('reports the same failing paths as the interpreter, in strict and lenient mode', async () => {
    server.use(
      http.get(`${BASE}/v2/faces`, () =>
        HttpResponse.json({ data: [{ face_id: 'r1', status: 'queued' }, { status: 'completed' }], total_count: '2' }),
      ),
    );
    const error = await client('strict')
      .faces.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeRVE);
    expect((error as NodeRVE).paths).toEqual(['data[0].status', 'data[1].face_id', 'total_count']);

    const lenient = client('lenient');
    const paths: (string | undefined)[] = [];
    lenient.on('warning', (w) => paths.push(w.path));
    await lenient.faces.list();
    expect(paths).toEqual(['data[0].status', 'data[1].face_id', 'total_count']);
  });
});

// Only Node's fetch reports system codes, so only the Node entry carries their phrases.
describe('the Node entry point (connection failures)', () => {
  it('a refused port: connection refused by host:port (ECONNREFUSED)', async () => {
    const port = await freePort();
    const error = await withoutMsw(server, () =>
      new NodeTavus({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).faces
        .list()
        .catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ kind: 'APIConnectionError' });
    expect((error as Error).message).toBe(`GET /v2/faces: connection refused by 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it.each([
    ['ENOTFOUND', 'https://no-such-host.invalid', 'DNS lookup failed for no-such-host.invalid:443 (ENOTFOUND)'],
    ['ECONNRESET', 'http://127.0.0.1:8080', 'connection reset by 127.0.0.1:8080 (ECONNRESET)'],
    [
      'UND_ERR_CONNECT_TIMEOUT',
      'http://127.0.0.1:8080',
      'connection timed out to 127.0.0.1:8080 (UND_ERR_CONNECT_TIMEOUT)',
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'https://tavusapi.com',
      'TLS failed with tavusapi.com:443 (ERR_TLS_CERT_ALTNAME_INVALID)',
    ],
    ['EWHATEVER', 'https://tavusapi.com', 'connection to tavusapi.com:443 failed (EWHATEVER)'],
    // An inherited name is no code of the table.
    ['constructor', 'https://tavusapi.com', 'connection to tavusapi.com:443 failed (constructor)'],
  ])('%s reads as its phrase', async (code, baseUrl, message) => {
    const fetch = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`failed: ${code}`), { code }) });
    }) as unknown as typeof globalThis.fetch;
    const error = await new NodeTavus({ apiKey: API_KEY, baseUrl, maxRetries: 0, fetch }).faces
      .get('r1')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(`GET /v2/faces/r1: ${message}`);
  });
});
