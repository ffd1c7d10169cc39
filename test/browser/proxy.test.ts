/**
 * tavus-faces/proxy in Chromium: the handler runs in the page as msw's service worker hands it the
 * browser's own requests, and calls "Tavus" (msw again, answered by the simulator) with Chromium's
 * fetch, so `redirect: 'manual'` and cookies behave as a browser makes them.
 */
import { http } from 'msw';
import { setupWorker } from 'msw/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APIError, PermissionDeniedError, Tavus } from '../../src/index.js';
import { createProxyHandler } from '../../src/proxy/index.js';
import { createSimulator } from '../../src/testing/index.js';

const sim = createSimulator({ seed: 5 });
const upstream: { path: string; headers: Record<string, string> }[] = [];
const elsewhere: string[] = [];
const proxy = createProxyHandler({ apiKey: sim.apiKey, basePath: '/api/tavus', maxBodyBytes: 4096 });
const worker = setupWorker(
  http.all('*/api/tavus/*', ({ request }) => proxy(request)),
  http.get('https://tavusapi.com/v2/voices/moved', () => Response.redirect('https://elsewhere.example/collect', 307)),
  http.all('https://elsewhere.example/*', ({ request }) => {
    elsewhere.push(request.url);
    return Response.json({});
  }),
  http.all('https://tavusapi.com/*', async ({ request }) => {
    const url = new URL(request.url);
    upstream.push({ path: url.pathname + url.search, headers: Object.fromEntries(request.headers) });
    return sim.fetch(request);
  }),
);

beforeAll(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'error', serviceWorker: { url: '/mockServiceWorker.js' } });
});
afterAll(() => worker.stop());
beforeEach(() => {
  upstream.length = 0;
});

describe('tavus-faces/proxy in a real browser', () => {
  it("the page's client reads through it; the key is added upstream and the page's cookies are not", async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the page's own cookie, as a site sets one
    document.cookie = 'session=page-secret; path=/';
    const face = sim.addFace({ face_name: 'Rio' });
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
    expect((await tavus.faces.get(face.face_id)).face_name).toBe('Rio');
    // A page that sends its cookies and a key of its own.
    const response = await fetch('/api/tavus/v2/voices?api_key=page-key', {
      credentials: 'include',
      headers: { 'x-api-key': 'page-key', authorization: 'Bearer page-token' },
    });
    expect(response.status).toBe(200);
    expect(upstream.map((u) => u.path)).toEqual([`/v2/faces/${face.face_id}`, '/v2/voices']);
    for (const { headers } of upstream) {
      expect(headers['x-api-key']).toBe(sim.apiKey);
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    }
    expect(JSON.stringify(upstream)).not.toMatch(/page-(secret|key|token)/);
  });

  it('refuses a disallowed call with a typed 403, and hostile paths, sending nothing', async () => {
    const face = sim.addFace({ face_name: 'Kept' });
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus', maxRetries: 0 });
    await expect(tavus.faces.delete(face.face_id)).rejects.toBeInstanceOf(PermissionDeniedError);
    for (const path of [
      '/api/tavus/v2/faces/..%2F..%2Fpals',
      '/api/tavus/v2/faces/%252e%252e/voices',
      '/api/tavus/v2/conversations',
    ]) {
      const response = await fetch(path);
      expect(response.status, path).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'route_not_allowed' });
    }
    expect(upstream).toEqual([]);
    expect((await tavus.faces.get(face.face_id)).face_name).toBe('Kept');
  });

  it('answers 413 to a body above the limit', async () => {
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus', maxRetries: 0 });
    const error = await tavus.conversations
      .create({ face_id: 'r1', conversational_context: 'x'.repeat(5000) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 413 });
    expect(upstream).toEqual([]);
  });

  it("follows no redirect: Chromium's opaque redirect becomes a 502, and the target sees nothing", async () => {
    const response = await fetch('/api/tavus/v2/voices/moved');
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'upstream_redirect' });
    expect(elsewhere).toEqual([]);
  });
});
