/**
 * Redirects against real servers on 127.0.0.1: the "API" answers with a redirect to a second,
 * "hostile" origin, which records whatever reaches it. Nothing may: not the key, not a body.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientOptions, RedirectError, Tavus, isTavusError } from '../../src/index.js';

const KEY = 'tvs_redirect_secret_key_42';
const LLM_KEY = 'sk-provider-secret-0042';

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { hits, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

let hostile: Awaited<ReturnType<typeof listen>>;
let api: Awaited<ReturnType<typeof listen>>;
let redirectStatus = 302;
let location = '';

beforeAll(async () => {
  hostile = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: [], total_count: 0 }));
  });
  api = await listen((req, res) => {
    if (req.url?.startsWith('/same/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ face_id: 'r1', status: 'completed' }));
      return;
    }
    res.writeHead(redirectStatus, { location: location || `${hostile.url}/collect?X-Amz-Signature=abc123` });
    res.end('moved');
  });
});
afterAll(async () => {
  await api.close();
  await hostile.close();
});

function client(options: ClientOptions = {}) {
  return new Tavus({ apiKey: KEY, baseUrl: api.url, backoff: { initialDelayMs: 1, maxDelayMs: 2 }, ...options });
}

describe('a redirect from the API', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin is not followed: RedirectError, and nothing reaches the target`, async () => {
      redirectStatus = status;
      location = '';
      hostile.hits.length = 0;
      api.hits.length = 0;
      const tavus = client();
      const error = await tavus.pals
        .create({
          pal_name: 'Coach',
          system_prompt: 'Be kind.',
          default_face_id: 'r90bbd427f71',
          layers: { llm: { model: 'custom', base_url: 'https://llm.example', api_key: LLM_KEY } },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(isTavusError(error, 'RedirectError')).toBe(true);
      expect(error).toMatchObject({
        kind: 'RedirectError',
        status,
        method: 'POST',
        path: '/v2/pals',
        targetOrigin: hostile.url,
        targetPath: '/collect',
      });
      // Never the query: it may hold a signature.
      const printed = `${(error as Error).message} ${JSON.stringify(error)} ${inspect(error)}`;
      expect(printed).not.toContain('X-Amz-Signature');
      expect(printed).not.toContain(KEY);
      expect(printed).not.toContain(LLM_KEY);
      expect(hostile.hits).toEqual([]);
      // Sent once, never re-sent (a redirect is final, not retried).
      expect(api.hits).toHaveLength(1);
    });
  }

  it('fails a GET too, rather than sending the key to another origin', async () => {
    redirectStatus = 302;
    location = '';
    hostile.hits.length = 0;
    await expect(client().faces.get('r1')).rejects.toMatchObject({ kind: 'RedirectError', status: 302 });
    await expect(client().faces.list().toArray()).rejects.toBeInstanceOf(RedirectError);
    expect(hostile.hits).toEqual([]);
  });

  it('does not follow a same-origin redirect either (one rule for Node and browsers)', async () => {
    redirectStatus = 307;
    location = '/same/r1';
    api.hits.length = 0;
    const error = await client()
      .faces.get('r1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'RedirectError', status: 307, targetOrigin: api.url, targetPath: '/same/r1' });
    expect(api.hits.map((h) => h.url)).toEqual(['/v2/faces/r1']);
  });

  it("is not followed through a fetch of the caller's own that drops the init it is given", async () => {
    redirectStatus = 302;
    location = '';
    hostile.hits.length = 0;
    const seen: string[] = [];
    const careless = client({
      fetch: (input) => {
        seen.push((input as Request).redirect);
        return fetch(input);
      },
    });
    await expect(careless.faces.get('r1')).rejects.toMatchObject({ kind: 'RedirectError', status: 302 });
    expect(seen).toEqual(['manual']);
    expect(hostile.hits).toEqual([]);
  });

  it('a 302 never turns pals.create into a GET that resolves with a list', async () => {
    redirectStatus = 302;
    location = '';
    hostile.hits.length = 0;
    const result = await client()
      .pals.create({ pal_name: 'x', system_prompt: 'y', default_face_id: 'r1' })
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    expect('error' in result && result.error).toBeInstanceOf(RedirectError);
    expect(hostile.hits.filter((h) => h.method === 'GET')).toEqual([]);
  });
});
