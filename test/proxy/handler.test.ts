/**
 * createProxyHandler against a real upstream on 127.0.0.1: what reaches it, what comes back, and
 * what hostile requests get (nothing upstream).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermissionDeniedError, RequestValidationError, Tavus, isTavusError } from '../../src/index.js';
import { DEFAULT_ALLOW, type ProxyRule, createProxyHandler } from '../../src/proxy/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { type Upstream, echo, startUpstream } from './upstream.js';

const KEY = 'tvs_proxy_secret_key_0123456789';
const APP = 'http://app.example';
let upstream: Upstream;
let other: Upstream;

beforeAll(async () => {
  upstream = await startUpstream();
  // Where a redirect or a hostile path would like the request to go.
  other = await startUpstream();
});
afterEach(() => {
  upstream.received.length = 0;
  other.received.length = 0;
  upstream.reply = echo;
});
afterAll(async () => {
  await upstream.close();
  await other.close();
});

function proxy(options: { allow?: readonly ProxyRule[]; maxBodyBytes?: number; basePath?: string } = {}) {
  return createProxyHandler({ apiKey: KEY, baseUrl: upstream.url, basePath: '/api/tavus', ...options });
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('forwarding', () => {
  it('forwards an allowed read to baseUrl with the key, the mount path removed and the query kept', async () => {
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces/r90bbd427f71?verbose=true`));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ path: '/v2/faces/r90bbd427f71?verbose=true' });
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0]?.headers['x-api-key']).toBe(KEY);
    expect(upstream.received[0]?.headers.host).toBe(new URL(upstream.url).host);
  });

  it('forwards a create with its body and content type', async () => {
    const body = JSON.stringify({ face_id: 'r1', conversation_name: 'Hi' });
    const response = await proxy()(
      new Request(`${APP}/api/tavus/v2/conversations`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.status).toBe(200);
    expect(upstream.received[0]).toMatchObject({ method: 'POST', url: '/v2/conversations', body });
    expect(upstream.received[0]?.headers['content-type']).toBe('application/json');
  });

  it('without basePath, the path is matched as it comes; with one, a path outside it is refused', async () => {
    const bare = createProxyHandler({ apiKey: KEY, baseUrl: upstream.url });
    expect((await bare(new Request(`${APP}/v2/voices`))).status).toBe(200);
    expect((await proxy()(new Request(`${APP}/v2/voices`))).status).toBe(403);
    expect((await proxy()(new Request(`${APP}/api/tavusx/v2/voices`))).status).toBe(403);
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/voices']);
  });

  it('keeps a path prefix of baseUrl (a gateway in front of Tavus)', async () => {
    const gateway = createProxyHandler({ apiKey: KEY, baseUrl: `${upstream.url}/tavus/` });
    await gateway(new Request(`${APP}/v2/pals/p1`));
    expect(upstream.received[0]?.url).toBe('/tavus/v2/pals/p1');
  });

  it('the SDK works through it (proxy mode), and a refused call is a typed 403 with a readable message', async () => {
    const sim = createSimulator({ seed: 4 });
    const handler = createProxyHandler({ apiKey: sim.apiKey, fetch: sim.fetch, basePath: '/api/tavus' });
    const tavus = new Tavus({
      apiKey: null,
      baseUrl: `${APP}/api/tavus`,
      maxRetries: 0,
      fetch: (input, init) => handler(new Request(input, init)),
    });
    const face = sim.addFace({ face_name: 'Rio' });
    expect((await tavus.faces.get(face.face_id)).face_name).toBe('Rio');
    expect((await tavus.stockFaces.list({ limit: 3 })).data).toHaveLength(3);
    const call = await tavus.conversations.create({ face_id: face.face_id });
    await tavus.conversations.end(call.conversation_id);
    expect((await tavus.conversations.get(call.conversation_id)).status).toBe('ended');

    const error = await tavus.faces.delete(face.face_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).serverMessage).toBe(
      `DELETE /v2/faces/${face.face_id} is not allowed through this proxy`,
    );
    expect(sim.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(sim.requests.every((r) => r.path.startsWith('/v2/'))).toBe(true);
  });
});

describe('the allow-list', () => {
  it('by default: reads of faces (and so stock faces), voices and PALs; create, read and end a conversation', async () => {
    expect(DEFAULT_ALLOW).toEqual([
      'GET /v2/faces',
      'GET /v2/faces/:id',
      'GET /v2/voices',
      'GET /v2/voices/:id',
      'GET /v2/pals',
      'GET /v2/pals/:id',
      'POST /v2/conversations',
      'GET /v2/conversations/:id',
      'POST /v2/conversations/:id/end',
    ]);
    const handler = proxy();
    for (const rule of DEFAULT_ALLOW) {
      const [method, path] = rule.split(' ') as [string, string];
      const response = await handler(new Request(`${APP}/api/tavus${path.replace(':id', 'x1')}`, { method }));
      expect(response.status, rule).toBe(200);
    }
  });

  it.each([
    ['POST', '/v2/faces', 'trains a face'],
    ['PATCH', '/v2/faces/r1', 'edits a face'],
    ['PATCH', '/v2/faces/r1/name', 'renames a face'],
    ['DELETE', '/v2/faces/r1', 'deletes a face'],
    ['POST', '/v2/pals', 'creates a PAL'],
    ['PATCH', '/v2/pals/p1', 'edits a PAL'],
    ['POST', '/v2/pals/p1/publish', 'publishes a PAL'],
    ['DELETE', '/v2/pals/p1', 'deletes a PAL'],
    ['GET', '/v2/conversations', "lists every call's join URL"],
    ['DELETE', '/v2/conversations/c1', 'deletes a conversation'],
    ['POST', '/v2/conversations/c1/send-app-message', 'steers a call'],
    ['PUT', '/v2/faces/r1', 'a method no rule names'],
    ['OPTIONS', '/v2/faces', 'a preflight'],
    ['GET', '/v2/faces/r1/extra', 'a deeper path'],
    ['GET', '/v2/faces/', 'a trailing slash'],
    ['GET', '/v2/replicas', 'a legacy path'],
    ['GET', '/v1/faces', 'another API version'],
  ])('refuses %s %s (%s) with a JSON 403, sending nothing', async (method, path) => {
    const response = await proxy()(
      new Request(`${APP}/api/tavus${path}`, {
        method,
        body: method === 'GET' || method === 'OPTIONS' ? undefined : '{}',
      }),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await json(response)).toMatchObject({ code: 'route_not_allowed' });
    expect(upstream.received).toEqual([]);
  });

  it('takes your own rules, with :name matching exactly one segment', async () => {
    const handler = proxy({ allow: [...DEFAULT_ALLOW, 'POST /v2/conversations/:id/send-app-message'] });
    expect(
      (
        await handler(
          new Request(`${APP}/api/tavus/v2/conversations/c1/send-app-message`, { method: 'POST', body: '{}' }),
        )
      ).status,
    ).toBe(200);
    const reads = proxy({ allow: ['GET /v2/voices'] });
    expect((await reads(new Request(`${APP}/api/tavus/v2/faces`))).status).toBe(403);
    expect((await reads(new Request(`${APP}/api/tavus/v2/voices`))).status).toBe(200);
  });

  it('refuses malformed rules and options at creation, naming them and never showing the key', () => {
    const bad = (options: object) => {
      try {
        createProxyHandler({ apiKey: KEY, ...options } as Parameters<typeof createProxyHandler>[0]);
      } catch (error) {
        expect(error).toBeInstanceOf(RequestValidationError);
        expect(String(error)).not.toContain(KEY);
        return (error as RequestValidationError).field;
      }
      throw new Error('no error');
    };
    expect(bad({ allow: ['GET /v2/faces/*'] })).toBe('allow[0]');
    expect(bad({ allow: ['GET /v2/faces', 'get /v2/faces'] })).toBe('allow[1]');
    expect(bad({ allow: ['GET /v2/../faces'] })).toBe('allow[0]');
    expect(bad({ allow: ['GET v2/faces'] })).toBe('allow[0]');
    expect(bad({ allow: 'GET /v2/faces' })).toBe('allow');
    expect(bad({ apiKey: '' })).toBe('apiKey');
    expect(bad({ apiKey: `${KEY}\n` })).toBe('apiKey');
    expect(bad({ baseUrl: 'ftp://tavusapi.com' })).toBe('baseUrl');
    expect(bad({ baseUrl: `https://me:${KEY}@tavusapi.com` })).toBe('baseUrl');
    expect(bad({ baseUrl: 'https://tavusapi.com/?x=1' })).toBe('baseUrl');
    expect(bad({ maxBodyBytes: -1 })).toBe('maxBodyBytes');
    expect(bad({ basePath: 'api/tavus' })).toBe('basePath');
    expect(bad({ basePath: '/api/../tavus' })).toBe('basePath');
  });
});

describe('hostile requests never reach another host or another path', () => {
  it("ignores the request's own host: an absolute URL for another host still goes to baseUrl", async () => {
    const response = await proxy()(new Request(`${other.url}/api/tavus/v2/voices`));
    expect(response.status).toBe(200);
    expect(other.received).toEqual([]);
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/voices']);
  });

  it.each([
    ['`..` out of the mount path', '/api/tavus/../v2/faces'],
    ['encoded `%2e%2e`', '/api/tavus/v2/faces/%2e%2e/%2E%2E/%2e%2e/v2/voices'],
    ['`..` into a route that is not allowed', '/api/tavus/v2/voices/%2e%2e/pals/p1/publish'],
    ['an encoded slash', '/api/tavus/v2/faces/r1%2F..%2F..%2Fpals'],
    ['an encoded backslash', '/api/tavus/v2/faces/r1%5C..%5Cpals'],
    ['a double-encoded `..`', '/api/tavus/v2/faces/%252e%252e'],
    ['`//host` in the path', '/api/tavus//other.example/v2/faces'],
    ['an empty segment', '/api/tavus/v2//faces'],
    ['a bad percent escape', '/api/tavus/v2/faces/%E0%A4%A'],
    ['an id with an @', '/api/tavus/v2/faces/me@other.host'],
    ['an id with a colon', '/api/tavus/v2/faces/http:'],
  ])('%s is refused', async (_, path) => {
    const response = await proxy()(new Request(`${APP}${path}`));
    expect(response.status).toBe(403);
    expect(upstream.received).toEqual([]);
    expect(other.received).toEqual([]);
  });

  it('normalises first, then matches, then forwards exactly what matched (backslashes and dot segments)', async () => {
    const handler = proxy();
    await handler(new Request(`${APP}/api/tavus/v2/pals/%2e%2e/faces`));
    await handler(new Request(`${APP}/api/tavus\\v2\\voices\\.\\v1`));
    await handler(new Request(`${APP}/api/tavus/v2/f%61ces/r1`));
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/faces', '/v2/voices/v1', '/v2/faces/r1']);
  });

  it("drops the browser's keys, cookies and authorization, and credential-looking query parameters", async () => {
    await proxy()(
      new Request(`${APP}/api/tavus/v2/faces?limit=5&api_key=browser-key&token=t&x-api-key=k2&page=2`, {
        headers: {
          accept: 'application/json',
          'x-api-key': 'browser-key',
          authorization: 'Bearer browser-token',
          'proxy-authorization': 'Basic eDp5',
          cookie: 'session=abc',
          'x-tavus-api-key': 'browser-key',
          'x-forwarded-host': 'other.host',
          'x-forwarded-for': '10.0.0.1',
          host: 'other.host',
        },
      }),
    );
    const [received] = upstream.received;
    expect(received?.url).toBe('/v2/faces?limit=5&page=2');
    expect(received?.headers['x-api-key']).toBe(KEY);
    expect(received?.headers.accept).toBe('application/json');
    for (const name of [
      'authorization',
      'proxy-authorization',
      'cookie',
      'x-tavus-api-key',
      'x-forwarded-host',
      'x-forwarded-for',
    ]) {
      expect(received?.headers[name], name).toBeUndefined();
    }
    expect(JSON.stringify(received)).not.toContain('browser-key');
  });
});

describe('body size', () => {
  const conversations = `${APP}/api/tavus/v2/conversations`;

  it('answers 413 to a declared Content-Length above the limit without reading it', async () => {
    const response = await proxy({ maxBodyBytes: 10 })(
      new Request(conversations, { method: 'POST', body: 'x'.repeat(11), headers: { 'content-length': '11' } }),
    );
    expect(response.status).toBe(413);
    expect(await json(response)).toMatchObject({ code: 'body_too_large' });
    expect(upstream.received).toEqual([]);
  });

  it('counts a streamed body with no Content-Length, and stops reading past the limit', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
        if (pulled === 1000) controller.close();
      },
    });
    const request = new Request(conversations, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const response = await proxy({ maxBodyBytes: 4096 })(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(upstream.received).toEqual([]);
  });

  it('forwards a body of exactly the limit, byte for byte', async () => {
    const body = JSON.stringify({ conversation_name: 'é'.repeat(20) });
    const size = new TextEncoder().encode(body).byteLength;
    const response = await proxy({ maxBodyBytes: size })(new Request(conversations, { method: 'POST', body }));
    expect(response.status).toBe(200);
    expect(upstream.received[0]?.body).toBe(body);
    expect((await proxy({ maxBodyBytes: size - 1 })(new Request(conversations, { method: 'POST', body }))).status).toBe(
      413,
    );
  });
});

describe('what comes back', () => {
  it('the status, the body and the headers the SDK reads; never set-cookie; never cacheable', async () => {
    upstream.reply = (_, res) => {
      res
        .writeHead(429, {
          'content-type': 'application/json; charset=utf-8',
          'retry-after': '7',
          'x-request-id': 'req_123',
          'x-ratelimit-remaining': '0',
          'set-cookie': 'upstream=1',
          'x-powered-by': 'upstream',
          'access-control-allow-origin': '*',
        })
        .end('{"message":"Too many requests"}');
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces`));
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('{"message":"Too many requests"}');
    expect(Object.fromEntries(response.headers)).toEqual({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-type': 'application/json; charset=utf-8',
      'retry-after': '7',
      'x-request-id': 'req_123',
      'x-ratelimit-remaining': '0',
    });
  });

  it('the SDK reads Retry-After and the request id through it', async () => {
    let calls = 0;
    upstream.reply = (_, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{}');
      else res.writeHead(404, { 'x-request-id': 'req_9', 'content-type': 'application/json' }).end('{"error":"nope"}');
    };
    const handler = proxy();
    const tavus = new Tavus({
      apiKey: null,
      baseUrl: `${APP}/api/tavus`,
      backoff: { initialDelayMs: 1, maxDelayMs: 5 },
      fetch: (input, init) => handler(new Request(input, init)),
    });
    const error = await tavus.voices.get('v1').catch((e: unknown) => e);
    expect(isTavusError(error, 'NotFoundError')).toBe(true);
    expect(error).toMatchObject({ requestId: 'req_9', serverMessage: 'nope' });
    expect(calls).toBe(2);
  });

  it('204 and 304 come back with no body', async () => {
    for (const status of [204, 304]) {
      upstream.reply = (_, res) => res.writeHead(status).end();
      const response = await proxy()(new Request(`${APP}/api/tavus/v2/pals/p1`));
      expect(response.status).toBe(status);
      expect(response.body).toBeNull();
    }
  });

  it('never follows a redirect: the 3xx comes back without its Location, and nothing reaches the target', async () => {
    for (const status of [301, 302, 307, 308]) {
      upstream.reply = (_, res) => res.writeHead(status, { location: `${other.url}/collect` }).end();
      const response = await proxy()(
        new Request(`${APP}/api/tavus/v2/conversations`, { method: 'POST', body: '{"face_id":"r1"}' }),
      );
      expect(response.status).toBe(status);
      expect(response.headers.get('location')).toBeNull();
    }
    expect(upstream.received).toHaveLength(4);
    expect(other.received).toEqual([]);
  });

  it('an opaque redirect (how browsers and workers report one) is a 502, and so is an error response', async () => {
    // Node's fetch never makes one; this is its shape in browsers (Chromium's is in test/browser/proxy.test.ts).
    const opaque = { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), body: null } as Response;
    const redirected = createProxyHandler({ apiKey: KEY, fetch: async () => opaque });
    const response = await redirected(new Request(`${APP}/v2/faces`));
    expect(response.status).toBe(502);
    expect(await json(response)).toMatchObject({ code: 'upstream_redirect' });
    const failed = createProxyHandler({ apiKey: KEY, fetch: async () => Response.error() });
    expect(await json(await failed(new Request(`${APP}/v2/faces`)))).toMatchObject({ code: 'upstream_unreachable' });
  });

  it('the key never comes back, even when the upstream echoes it in the body or a header', async () => {
    upstream.reply = (received, res) => {
      res
        .writeHead(401, { 'content-type': 'application/json', 'x-request-id': `id-${received.headers['x-api-key']}` })
        .end(
          JSON.stringify({
            message: `Invalid key ${received.headers['x-api-key']}`,
            again: received.headers['x-api-key'],
          }),
        );
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces`));
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({ message: 'Invalid key [redacted]', again: '[redacted]' });
    expect(response.headers.get('x-request-id')).toBeNull();
  });

  it('an unreachable upstream is a 502 that names no cause', async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9' });
    const response = await handler(new Request(`${APP}/v2/faces`));
    expect(response.status).toBe(502);
    const body = await json(response);
    expect(body).toEqual({ error: 'The proxy could not reach the Tavus API', code: 'upstream_unreachable' });
  });
});
