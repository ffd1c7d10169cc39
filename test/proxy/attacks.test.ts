/**
 * An adversarial review of tavus-faces/proxy, the requests: path, method, header and query tricks
 * a browser could try, against a real upstream on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { APP, ATTACK_KEY as KEY, useUpstream } from './upstream.js';

const upstream = useUpstream();
const proxy = upstream.proxy;

describe('paths that normalise into something else', () => {
  it.each([
    ['`..%2f` after a segment', '/api/tavus/v2/faces/..%2f..%2fpersonas'],
    ['a `;` path parameter', '/api/tavus/v2/faces;x=1'],
    ['full-width dots', '/api/tavus/v2/faces/\uff0e\uff0e/voices'],
    ['a full-width slash', '/api/tavus/v2/faces/r1\uff0fend'],
    ['an encoded NUL', '/api/tavus/v2/faces/r1%00'],
    ['overlong UTF-8 for `.`', '/api/tavus/v2/faces/%c0%ae%c0%ae'],
    ['an encoded `?`', '/api/tavus/v2/faces/r1%3Fface_type=x'],
    ['an encoded `#`', '/api/tavus/v2/faces/r1%23'],
    ['an encoded space', '/api/tavus/v2/faces/r1%20'],
    ['`..` as the id', '/api/tavus/v2/conversations/%2e%2e/end'],
    ['an empty id', '/api/tavus/v2/conversations//end'],
    ['an id that is a dot segment with a suffix', '/api/tavus/v2/faces/.hidden'],
    ['a mount path with a suffix', '/api/tavusX/v2/faces'],
    ['`..` out of the mount path', '/api/tavus/../x/v2/faces'],
    ['an upper-case path', '/api/tavus/V2/FACES'],
  ])('%s is refused and sends nothing', async (_, path) => {
    const response = await proxy()(new Request(`${APP}${path}`));
    expect(response.status, path).toBe(403);
    expect(upstream.received).toEqual([]);
  });

  it('tabs and newlines are dropped by URL parsing, before matching: what matched is what is forwarded', async () => {
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/fa\tces/r\n1`));
    expect(response.status).toBe(200);
    // `..` after a `;` segment is resolved like any other, before the rule is looked up.
    await proxy()(new Request(`${APP}/api/tavus/v2/faces/r1;/../../pals`));
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/faces/r1', '/v2/pals']);
  });

  it('a trailing dot is part of the id, not a way out of it', async () => {
    await proxy()(new Request(`${APP}/api/tavus/v2/faces/r1.`));
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/faces/r1.']);
  });
});

describe('methods', () => {
  it('a lower-case method is the same method (and PATCH, which Request does not normalise, is still refused)', async () => {
    const handler = proxy();
    expect((await handler(new Request(`${APP}/api/tavus/v2/voices`, { method: 'get' }))).status).toBe(200);
    expect((await handler(new Request(`${APP}/api/tavus/v2/faces/r1`, { method: 'patch', body: '{}' }))).status).toBe(
      403,
    );
    expect(upstream.received.map((r) => r.method)).toEqual(['GET']);
  });

  it('HEAD and OPTIONS are never forwarded; method-override headers and parameters change nothing', async () => {
    const handler = proxy();
    expect((await handler(new Request(`${APP}/api/tavus/v2/faces`, { method: 'HEAD' }))).status).toBe(403);
    expect((await handler(new Request(`${APP}/api/tavus/v2/faces`, { method: 'OPTIONS' }))).status).toBe(403);
    await handler(
      new Request(`${APP}/api/tavus/v2/faces/r1`, {
        headers: { 'x-http-method-override': 'DELETE', 'x-http-method': 'DELETE', 'x-method-override': 'DELETE' },
      }),
    );
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0]?.method).toBe('GET');
    expect(Object.keys(upstream.received[0]?.headers ?? {}).filter((h) => h.includes('method'))).toEqual([]);
  });
});

describe('headers and query', () => {
  it('a second x-api-key in another case, a key in the query in camelCase, and hop-by-hop headers are dropped', async () => {
    await proxy()(
      new Request(`${APP}/api/tavus/v2/faces?limit=1&accessToken=browser-1&xApiKey=browser-2&ApiKey=browser-3`, {
        headers: {
          'X-API-KEY': 'browser-4',
          'x-Api-Key': 'browser-5',
          connection: 'x-api-key, keep-alive',
          'keep-alive': 'timeout=5',
          te: 'trailers',
          upgrade: 'websocket',
          'x-forwarded-proto': 'http',
          forwarded: 'host=other.host',
          'x-original-url': '/v2/faces/r1',
          'x-rewrite-url': '/v2/faces/r1',
        },
      }),
    );
    const [received] = upstream.received;
    expect(received?.url).toBe('/v2/faces?limit=1');
    expect(received?.headers['x-api-key']).toBe(KEY);
    expect(JSON.stringify(received)).not.toMatch(/browser-\d/);
    for (const name of ['upgrade', 'forwarded', 'x-forwarded-proto', 'x-original-url', 'x-rewrite-url', 'te']) {
      expect(received?.headers[name], name).toBeUndefined();
    }
  });

  it('a compressed request body is forwarded as the bytes it is, never inflated by the proxy', async () => {
    const gzip = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await proxy()(
      new Request(`${APP}/api/tavus/v2/conversations`, {
        method: 'POST',
        body: gzip,
        headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
      }),
    );
    expect(upstream.received[0]?.headers['content-encoding']).toBeUndefined();
    expect(upstream.received[0]?.body.length).toBeGreaterThan(0);
  });
});
