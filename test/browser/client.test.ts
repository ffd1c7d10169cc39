import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIUserAbortError, RedirectError, Tavus, TavusError } from '../../src/index.js';
import { createProxyHandler } from '../../src/proxy/index.js';

const seen: { path: string; headers: Record<string, string> }[] = [];
const fromTheBrowser: Record<string, string>[] = [];
const hostile: string[] = [];
// The page's server: tavus-faces/proxy at /api/tavus, in front of a stand-in for the Tavus API.
const api = setupApi();
const proxy = createProxyHandler({ apiKey: 'server-side-key', basePath: '/api/tavus', fetch: api });
const worker = setupWorker(
  // A misconfigured proxy that itself redirects: the SDK's own rule is under test there.
  http.all(
    '*/api/tavus/v2/pals',
    () => new HttpResponse(null, { status: 307, headers: { location: '/evil/collect' } }),
  ),
  http.all('*/evil/*', ({ request }) => {
    hostile.push(`${request.method} ${new URL(request.url).pathname}`);
    return HttpResponse.json({ data: [], total_count: 0 });
  }),
  http.all('*/api/tavus/*', ({ request }) => {
    fromTheBrowser.push(Object.fromEntries(request.headers));
    return proxy(request);
  }),
);

beforeAll(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'error', serviceWorker: { url: '/mockServiceWorker.js' } });
});
afterAll(() => worker.stop());

describe('in a real browser', () => {
  it('refuses an API key without dangerouslyAllowBrowser', () => {
    expect(() => new Tavus({ apiKey: 'k' })).toThrow(TavusError);
    expect(() => new Tavus({ apiKey: 'k' })).toThrow(/proxy mode/);
  });

  it('works in proxy mode with a relative base URL, sending no key and no custom headers', async () => {
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
    const face = await tavus.faces.get('r90bbd427f71');
    expect(face).toMatchObject({ face_id: 'r90bbd427f71', progress: 7 });
    expect(seen[0]?.path).toBe('/v2/faces/r90bbd427f71');
    expect(fromTheBrowser[0]?.['x-api-key']).toBeUndefined();
    expect(Object.keys(fromTheBrowser[0] ?? {}).filter((h) => h.startsWith('x-'))).toEqual([]);
    // The proxy added the key on the way.
    expect(seen[0]?.headers['x-api-key']).toBe('server-side-key');
    const stock = await tavus.stockFaces.list().toArray();
    expect(stock.map((f) => f.face_id)).toEqual(['rc9cff32ceba']);
  });

  it('aborts', async () => {
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
    await expect(tavus.faces.get('r1', undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
  });

  it('never follows a redirect: an opaque redirect is a RedirectError, and the body is not re-posted', async () => {
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
    const error = await tavus.pals
      .create({
        pal_name: 'Coach',
        system_prompt: 'Be kind.',
        default_face_id: 'r90bbd427f71',
        layers: { llm: { model: 'custom', base_url: 'https://llm.example', api_key: 'sk-browser-secret' } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    // Browsers hide a manual redirect's status and target.
    expect(error).toMatchObject({ kind: 'RedirectError', status: 0, targetOrigin: undefined, method: 'POST' });
    expect(String(error)).not.toContain('sk-browser-secret');
    await expect(tavus.pals.list().toArray()).rejects.toBeInstanceOf(RedirectError);
    expect(hostile).toEqual([]);
  });
});

/** A stand-in for the Tavus API behind the proxy: one face, one stock face. */
function setupApi(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    seen.push({ path: url.pathname, headers: Object.fromEntries(request.headers) });
    const id = /^\/v2\/faces\/(\w+)$/.exec(url.pathname)?.[1];
    if (id) return Response.json({ face_id: id, status: 'started', training_progress: '7/100' });
    const page = Number(url.searchParams.get('page'));
    return Response.json({
      data: page === 1 ? [{ face_id: 'rc9cff32ceba', status: 'completed' }] : [],
      total_count: 1,
    });
  };
}
