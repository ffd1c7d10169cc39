/**
 * An adversarial review of tavus-faces/proxy: the proxy shares your app's origin, so what it
 * answers must not run as a page of it, and pages of other sites must not drive it.
 */
import { describe, expect, it } from 'vitest';
import { APP, useUpstream } from './upstream.js';

const upstream = useUpstream();
const proxy = upstream.proxy;

describe('requests from another site', () => {
  it('an HTML answer cannot run as a page of your origin', async () => {
    upstream.reply = (_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<script>alert(document.cookie)</script>');
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces?x=%3Cscript%3E`));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    // The handler's own answers too.
    const refused = await proxy()(new Request(`${APP}/api/tavus/v2/nothing`));
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
  });
  it('a cross-site request (Sec-Fetch-Site) is refused before anything is sent', async () => {
    const handler = proxy();
    for (const method of ['GET', 'POST']) {
      const response = await handler(
        new Request(`${APP}/api/tavus/v2/${method === 'GET' ? 'faces' : 'conversations/c1/end'}`, {
          method,
          headers: { 'sec-fetch-site': 'cross-site' },
        }),
      );
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'cross_site_request' });
    }
    expect(upstream.received).toEqual([]);
    for (const site of ['same-origin', 'same-site', 'none']) {
      const response = await handler(new Request(`${APP}/api/tavus/v2/faces`, { headers: { 'sec-fetch-site': site } }));
      expect(response.status, site).toBe(200);
    }
  });

  it('sets no CORS headers, and passes none of the upstream’s back', async () => {
    upstream.reply = (_, res) => {
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
        })
        .end('{}');
    };
    const response = await proxy()(
      new Request(`${APP}/api/tavus/v2/faces`, { headers: { origin: 'https://evil.example' } }),
    );
    expect([...response.headers.keys()].filter((h) => h.startsWith('access-control'))).toEqual([]);
  });
});
