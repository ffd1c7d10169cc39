import { http } from 'msw';
import { setupWorker } from 'msw/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tavus } from '../../src/index.js';
import { DEFAULT_ALLOW, createProxyHandler } from '../../src/proxy/index.js';
import { createSimulator } from '../../src/testing/index.js';

// The page's server: tavus-faces/proxy at /api/tavus, adding the key, in front of Tavus (the simulator).
// App messages are not in the default allow-list; this page steers its calls through the API.
const sim = createSimulator({ seed: 21 });
const proxy = createProxyHandler({
  apiKey: sim.apiKey,
  fetch: sim.fetch,
  basePath: '/api/tavus',
  allow: [...DEFAULT_ALLOW, 'POST /v2/conversations/:id/send-app-message'],
});
const keysFromTheBrowser: (string | null)[] = [];
const worker = setupWorker(
  http.all('*/api/tavus/*', ({ request }) => {
    keysFromTheBrowser.push(request.headers.get('x-api-key'));
    return proxy(request);
  }),
);

beforeAll(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'error', serviceWorker: { url: '/mockServiceWorker.js' } });
});
afterAll(() => worker.stop());

describe('conversations in a real browser (proxy mode)', () => {
  it('starts a call, steers it, ends it and reads its transcript, never holding the key', async () => {
    const face = sim.addFace({ face_name: 'Rio' });
    const tavus = new Tavus({ apiKey: null, baseUrl: '/api/tavus' });
    const call = await tavus.conversations.create({ face_id: face.face_id, conversation_name: 'From the browser' });
    expect(call.conversation_url).toBe(`https://tavus.daily.co/${call.conversation_id}`);
    // Through the browser's fetch the simulator's clock is not the client's: the watch waits in real time.
    const watch = tavus.conversations.watch(call.conversation_id, { intervalMs: 10, timeoutMs: 20_000 });
    await tavus.conversations.setEmotion(call.conversation_id, 'happiness');
    await tavus.conversations.respond(call.conversation_id, 'Hello from Chromium');
    await tavus.conversations.end(call.conversation_id);
    sim.advance(60_000);
    const done = await watch.done;
    expect(done).toMatchObject({
      status: 'ended',
      shutdownReason: 'end_conversation_endpoint_hit',
      face_id: face.face_id,
    });
    expect(done.transcript?.map((t) => t.content)).toContain('Hello from Chromium');
    expect(sim.appMessages(call.conversation_id).map((m) => m.message.event_type)).toEqual([
      'conversation.set_emotion',
      'conversation.respond',
    ]);
    expect(keysFromTheBrowser.length).toBeGreaterThan(4);
    expect(keysFromTheBrowser.every((key) => key === null)).toBe(true);
  });
});
