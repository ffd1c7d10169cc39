import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIUserAbortError, RedirectError, Tavus, TavusError } from '../../src/index.js';

const seen: { path: string; headers: Record<string, string> }[] = [];
const hostile: string[] = [];
const worker = setupWorker(
  http.all(
    '*/api/tavus/v2/pals',
    () => new HttpResponse(null, { status: 307, headers: { location: '/evil/collect' } }),
  ),
  http.all('*/evil/*', ({ request }) => {
    hostile.push(`${request.method} ${new URL(request.url).pathname}`);
    return HttpResponse.json({ data: [], total_count: 0 });
  }),
  http.get('*/api/tavus/v2/faces/:id', ({ request, params }) => {
    seen.push({ path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) });
    return HttpResponse.json({ face_id: params.id, status: 'started', training_progress: '7/100' });
  }),
  http.get('*/api/tavus/v2/faces', ({ request }) => {
    const page = Number(new URL(request.url).searchParams.get('page'));
    return HttpResponse.json({
      data: page === 1 ? [{ face_id: 'rc9cff32ceba', status: 'completed' }] : [],
      total_count: 1,
    });
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
    expect(seen[0]?.path).toBe('/api/tavus/v2/faces/r90bbd427f71');
    expect(seen[0]?.headers['x-api-key']).toBeUndefined();
    expect(Object.keys(seen[0]?.headers ?? {}).filter((h) => h.startsWith('x-'))).toEqual([]);
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
