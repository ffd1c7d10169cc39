import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  RateLimitError,
  ResponseValidationError,
  type Tavus,
  isTavusError,
} from '../../src/index.js';
import { type SimulatorOptions, type TavusSimulator, createSimulator } from '../../src/testing/index.js';
import { fixture, makeClient } from '../helpers/msw.js';
import { call } from './helpers.js';

const VIDEO = 'https://example.com/training-video.mp4';
const IMAGE = 'https://example.com/headshot.png';

function setup(options: SimulatorOptions = {}): { sim: TavusSimulator; tavus: Tavus } {
  const sim = createSimulator(options);
  return { sim, tavus: makeClient({ apiKey: sim.apiKey, fetch: sim.fetch, validation: 'strict' }) };
}

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('training', () => {
  test('progress rises with the manual clock until the face completes at trainingMs', async () => {
    const { sim, tavus } = setup({ trainingMs: 1000 });
    const created = await tavus.faces.create({ train_video_url: VIDEO, face_name: 'Rio' });
    expect(created).toEqual({ face_id: expect.stringMatching(/^r[0-9a-f]{11}$/), status: 'started' });

    const fresh = await tavus.faces.get(created.face_id);
    expect(fresh).toMatchObject({ status: 'started', training_progress: '0/100', progress: 0, finetune_status: null });
    expect(fresh.created_at).toBe('2026-01-01T00:00:00.000Z');

    sim.advance(420);
    expect(await tavus.faces.get(created.face_id)).toMatchObject({ status: 'started', training_progress: '42/100' });
    sim.advance(579);
    expect((await tavus.faces.get(created.face_id)).training_progress).toBe('99/100');
    sim.advance(1);
    const done = await tavus.faces.get(created.face_id);
    expect(done).toMatchObject({
      status: 'completed',
      training_progress: '100/100',
      progress: 100,
      error_message: null,
    });
    expect(done.updated_at).toBe('2026-01-01T00:00:01.000Z');
    expect(sim.now()).toBe(Date.parse('2026-01-01T00:00:01.000Z'));
  });

  test('video training creates a voice for the face; image training uses the voice given', async () => {
    const { tavus } = setup();
    const video = await tavus.faces.create({ train_video_url: VIDEO, face_name: 'Rio' });
    const videoFace = await tavus.faces.get(video.face_id);
    expect(videoFace.default_voice_id).toMatch(/^v[0-9a-f]{12}$/);
    expect(videoFace.original_voice_id).toBe(videoFace.default_voice_id);
    expect(await tavus.voices.get(videoFace.default_voice_id as string)).toMatchObject({ voice_type: 'user' });

    const [anna] = (await tavus.voices.list({ search: 'anna' })).data;
    const image = await tavus.faces.create({ train_image_url: IMAGE, voice_name: 'Anna' });
    expect(await tavus.faces.get(image.face_id)).toMatchObject({
      default_voice_id: anna?.voice_id,
      original_voice_id: anna?.voice_id,
    });
  });

  test("the reference's quickstart bodies are accepted (callback_url: '' means none)", async () => {
    const { sim, tavus } = setup();
    const video = await fixture<Record<string, string>>('faces.create.request.quickstart-video.json');
    const image = await fixture<Record<string, string>>('faces.create.request.quickstart-image.json');
    expect((await call(sim, 'POST', '/v2/faces', video.body)).status).toBe(200);
    expect((await call(sim, 'POST', '/v2/faces', image.body)).status).toBe(200);
    sim.advance(sim.trainingMs);
    expect(sim.callbacks).toEqual([]);
    expect([...(await tavus.faces.list()).data.map((f) => f.face_name)]).toEqual(['my_image_replica', 'my_replica']);
  });

  test('trainingOutcome decides an error; callbacks carry the replica-era body plus face_id', async () => {
    const { sim, tavus } = setup({
      trainingMs: 100,
      trainingOutcome: (p) => (p.face_name === 'bad' ? { error: 'ImageQualityError' } : 'completed'),
    });
    const good = await tavus.faces.create({
      train_video_url: VIDEO,
      face_name: 'good',
      callback_url: 'https://me.test/cb',
    });
    const bad = await tavus.faces.create({
      train_video_url: VIDEO,
      face_name: 'bad',
      callback_url: 'https://me.test/cb',
    });
    sim.advance(99);
    expect(sim.callbacks).toEqual([]);
    sim.advance(1);
    expect(await tavus.faces.get(bad.face_id)).toMatchObject({ status: 'error', error_message: 'ImageQualityError' });
    expect(sim.callbacks.map((c) => [c.url, c.body])).toEqual([
      ['https://me.test/cb', { replica_id: good.face_id, face_id: good.face_id, status: 'ready' }],
      [
        'https://me.test/cb',
        { replica_id: bad.face_id, face_id: bad.face_id, status: 'error', error_message: 'ImageQualityError' },
      ],
    ]);
    // The documented callback body has exactly these keys (fixture callbacks.training.ready.json).
    const documented = await fixture<Record<string, string>>('callbacks.training.ready.json');
    expect(Object.keys(sim.callbacks[0]?.body ?? {})).toEqual(expect.arrayContaining(Object.keys(documented.body)));
  });

  test('phoenix-4.5: preview completes at 2% of trainingMs, then finetune_status started → completed', async () => {
    const { sim, tavus } = setup({ trainingMs: 10_000 });
    const { face_id } = await tavus.faces.create({
      train_image_url: IMAGE,
      voice_name: 'ivy',
      model_name: 'phoenix-4.5',
      callback_url: 'https://me.test/cb',
    });
    expect(await tavus.faces.get(face_id)).toMatchObject({ status: 'started', finetune_status: null });
    sim.advance(100);
    expect(await tavus.faces.get(face_id)).toMatchObject({ status: 'started', training_progress: '50/100' });
    sim.advance(100);
    expect(await tavus.faces.get(face_id)).toMatchObject({
      status: 'completed',
      training_progress: '100/100',
      finetune_status: 'started',
    });
    sim.advance(9_799);
    expect((await tavus.faces.get(face_id)).finetune_status).toBe('started');
    sim.advance(1);
    expect((await tavus.faces.get(face_id)).finetune_status).toBe('completed');
    expect(sim.callbacks.map((c) => c.body)).toEqual([
      { replica_id: face_id, face_id, status: 'ready' },
      { replica_id: face_id, face_id, status: 'ready', finetune_status: 'completed' },
    ]);
  });

  test('phoenix-4.5: a failed tuning leaves the preview usable with finetune_status errored', async () => {
    const { sim, tavus } = setup({ trainingOutcome: () => ({ error: 'tuning failed' }) });
    const { face_id } = await tavus.faces.create({ train_video_url: VIDEO, model_name: 'phoenix-4.5' });
    sim.advance(sim.trainingMs);
    expect(await tavus.faces.get(face_id)).toMatchObject({ status: 'completed', finetune_status: 'errored' });
  });

  test('with { speed }, simulated time follows Date.now() and no timer is kept', async () => {
    vi.useFakeTimers({ now: Date.parse('2030-05-05T00:00:00.000Z') });
    const { sim, tavus } = setup({ clock: { speed: 3600 }, trainingMs: 3600_000 });
    const { face_id } = await tavus.faces.create({ train_video_url: VIDEO });
    expect(vi.getTimerCount()).toBe(0);
    vi.setSystemTime(Date.parse('2030-05-05T00:00:00.500Z'));
    expect(sim.now()).toBe(Date.parse('2030-05-05T00:30:00.000Z'));
    expect(sim.faces.get(face_id)?.training_progress).toBe('50/100');
    vi.setSystemTime(Date.parse('2030-05-05T00:00:01.000Z'));
    expect(sim.faces.get(face_id)?.status).toBe('completed');
  });
});

describe('faces', () => {
  test('Create Face answers the documented 400 bodies for bad input', async () => {
    const { sim } = setup();
    expect(await call(sim, 'POST', '/v2/faces', { face_name: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'Either train_video_url or train_image_url must be provided.' },
    });
    expect((await call(sim, 'POST', '/v2/faces', { train_image_url: IMAGE })).status).toBe(400);
    expect((await call(sim, 'POST', '/v2/faces', { train_image_url: IMAGE, voice_name: 'nobody' })).body).toEqual({
      error: 'Invalid voice_name',
    });
    expect(
      (await call(sim, 'POST', '/v2/faces', { train_image_url: IMAGE, voice_name: 'anna', model_name: 'phoenix-3' }))
        .status,
    ).toBe(400);
    expect(sim.faces.size).toBe(0);
  });

  test('unknown ids answer 400 Invalid face_id; delete answers 200 OK as text and accepts hard', async () => {
    const { sim, tavus } = setup();
    const error = await rejection(tavus.faces.get('rnope'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).serverMessage).toBe('Invalid face_id');

    const { face_id } = await tavus.faces.create({ train_video_url: VIDEO });
    const raw = await call(sim, 'DELETE', `/v2/faces/${face_id}?hard=true`);
    expect([raw.status, raw.text, raw.headers.get('content-type')]).toEqual([200, 'OK', 'text/plain']);
    expect(await call(sim, 'DELETE', `/v2/faces/${face_id}`)).toMatchObject({
      status: 400,
      body: { error: 'Invalid face_id' },
    });
    expect(sim.faces.has(face_id)).toBe(false);
  });

  test('Update Face is a merge patch of face_name / default_voice_id; blank values are 400', async () => {
    const { sim, tavus } = setup();
    const { face_id } = await tavus.faces.create({ train_video_url: VIDEO, face_name: 'Rio' });
    const original = sim.faces.get(face_id)?.original_voice_id;
    const james = (await tavus.voices.list({ search: 'james' })).data[0]?.voice_id as string;
    expect(await tavus.faces.update(face_id, { default_voice_id: james })).toEqual({
      face_id,
      face_name: 'Rio',
      default_voice_id: james,
      original_voice_id: original,
    });
    expect(await tavus.faces.rename(face_id, 'Ana')).toMatchObject({ face_name: 'Ana', default_voice_id: james });
    expect(await call(sim, 'PATCH', `/v2/faces/${face_id}`, { face_name: '  ' })).toMatchObject({ status: 400 });
    expect(await call(sim, 'PATCH', `/v2/faces/${face_id}`, { default_voice_id: null })).toMatchObject({ status: 400 });
    expect(sim.faces.get(face_id)?.face_name).toBe('Ana');
  });

  test('List Faces: face_ids, model_name, and face_type only with verbose=true', async () => {
    const { sim, tavus } = setup();
    const a = await tavus.faces.create({ train_video_url: VIDEO, face_name: 'a' });
    const b = await tavus.faces.create({ train_video_url: VIDEO, face_name: 'b', model_name: 'phoenix-4.5' });
    await tavus.faces.create({ train_video_url: VIDEO, face_name: 'c' });
    const byIds = await call(sim, 'GET', `/v2/faces?face_type=user&face_ids=${a.face_id},${b.face_id}`);
    expect(byIds.body).toMatchObject({ total_count: 2, data: [{ face_id: b.face_id }, { face_id: a.face_id }] });
    expect((byIds.body as { data: object[] }).data[0]).not.toHaveProperty('face_type');
    const verbose = await tavus.faces.list({ model_name: 'phoenix-4.5', verbose: true });
    expect(verbose.data.map((f) => [f.face_id, f.face_type])).toEqual([[b.face_id, 'user']]);
  });

  test('pagination: 1-based pages with total_count; the SDK stops exactly at the end', async () => {
    const { sim, tavus } = setup();
    for (const name of ['1', '2', '3', '4', '5']) await tavus.faces.create({ train_video_url: VIDEO, face_name: name });
    const before = sim.requests.length;
    const names = (await tavus.faces.list({ limit: 2 }).toArray()).map((f) => f.face_name);
    expect(names).toEqual(['5', '4', '3', '2', '1']);
    expect(sim.requests.slice(before).map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect((await call(sim, 'GET', '/v2/faces?limit=2&page=9')).body).toEqual({ data: [], total_count: 5 });
    expect((await call(sim, 'GET', '/v2/faces?limit=0')).status).toBe(400);
  });

  test('stock catalogue: 100+ system faces across Phoenix models, one id per look per model', async () => {
    const { tavus } = setup();
    const stock = await tavus.stockFaces.list({ verbose: true }).toArray();
    expect(stock.length).toBeGreaterThanOrEqual(100);
    expect(new Set(stock.map((f) => f.face_type))).toEqual(new Set(['system']));
    expect(new Set(stock.map((f) => f.model_name))).toEqual(new Set(['phoenix-3', 'phoenix-4', 'phoenix-4.5']));
    expect(new Set(stock.map((f) => f.face_id)).size).toBe(stock.length);
    const ruby = stock.filter((f) => f.face_name === 'Ruby - Office');
    expect(ruby.map((f) => [f.model_name, f.face_id])).toEqual([
      ['phoenix-4', 'rcc28da86847'],
      ['phoenix-4.5', 'rf90eb925bd8'],
    ]);
    expect(stock.every((f) => f.status === 'completed' && typeof f.default_voice_id === 'string')).toBe(true);
    expect((await tavus.stockFaces.list({ model_name: 'phoenix-4.5' })).total_count).toBe(
      stock.filter((f) => f.model_name === 'phoenix-4.5').length,
    );
    expect((await tavus.faces.list()).total_count).toBe(0);
  });
});

describe('voices', () => {
  test('documented slugs; search, tag, sort, limit/page with total_count; unknown id 404', async () => {
    const { sim, tavus } = setup();
    const all = await tavus.voices.list().toArray();
    expect(all.map((v) => v.voice_name)).toEqual(
      expect.arrayContaining(['anna', 'benjamin', 'james', 'liam', 'julia', 'ivy']),
    );
    expect(all.map((v) => v.voice_name)).toEqual([...all.map((v) => v.voice_name)].sort());
    expect(all.every((v) => v.voice_type === 'system' && v.status === 'completed')).toBe(true);

    const desc = await tavus.voices.list({ sort: 'desc', limit: 3 });
    expect(desc.data.map((v) => v.voice_name)).toEqual(
      all
        .slice(-3)
        .reverse()
        .map((v) => v.voice_name),
    );
    expect(desc.total_count).toBe(all.length);
    expect((await tavus.voices.list({ search: 'LI' })).data.map((v) => v.voice_name)).toEqual(
      all.map((v) => v.voice_name).filter((n) => n.includes('li')),
    );
    const british = await tavus.voices.list({ tag: 'British' });
    expect(british.total_count).toBeGreaterThan(0);
    expect(british.data.every((v) => v.tags?.includes('british'))).toBe(true);
    expect(await tavus.voices.get(all[0]?.voice_id as string)).toEqual(all[0]);
    expect((await call(sim, 'GET', '/v2/voices/vnope')).status).toBe(404);
    expect((await call(sim, 'GET', '/v2/voices?limit=101')).status).toBe(400);
  });
});

describe('auth and requests log', () => {
  test('a wrong key answers 401 {"message":"Invalid access token"}', async () => {
    const { sim } = setup();
    const tavus = makeClient({ apiKey: 'wrong', fetch: sim.fetch });
    expect(await rejection(tavus.faces.list())).toBeInstanceOf(AuthenticationError);
    const documented = await fixture('errors.401.invalid-access-token.json');
    expect(await call(sim, 'GET', '/v2/faces', undefined, null)).toMatchObject({ status: 401, body: documented.body });
  });

  test('the log has method, path, query and body, and never the API key', async () => {
    const { sim, tavus } = setup();
    await tavus.faces.create({ train_video_url: VIDEO, face_name: 'Rio' });
    await tavus.faces.list({ limit: 5 });
    expect(sim.requests).toEqual([
      { method: 'POST', path: '/v2/faces', query: {}, body: { train_video_url: VIDEO, face_name: 'Rio' } },
      { method: 'GET', path: '/v2/faces', query: { face_type: 'user', limit: '5', page: '1' }, body: undefined },
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain(sim.apiKey);
  });

  test('any host works: requests are routed by pathname', async () => {
    const { sim } = setup();
    const res = await sim.fetch(
      new Request('http://localhost:1234/v2/voices?limit=1', { headers: { 'x-api-key': sim.apiKey } }),
    );
    expect(res.status).toBe(200);
  });
});

describe('failNext', () => {
  test('a status with Retry-After and a documented-looking body; the SDK retries and succeeds', async () => {
    const { sim, tavus } = setup();
    sim.failNext({ status: 429, retryAfterSeconds: 0, match: { method: 'GET', path: '/v2/voices' } });
    const retries: number[] = [];
    tavus.on('retry', (e) => retries.push(e.delayMs));
    await tavus.voices.list({ limit: 1 });
    expect(retries).toEqual([0]);
    expect(sim.requests.map((r) => r.path)).toEqual(['/v2/voices', '/v2/voices']);

    sim.failNext({ status: 429, retryAfterSeconds: 120 });
    const raw = await call(sim, 'GET', '/v2/voices');
    expect([raw.status, raw.headers.get('retry-after'), raw.body]).toEqual([
      429,
      '120',
      { error: 'Too Many Requests' },
    ]);
    sim.failNext({ status: 429, retryAfterSeconds: 120 });
    const error = await rejection(tavus.voices.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });

  test('times and match: only matching requests fail, as many times as asked', async () => {
    const { sim } = setup();
    sim.failNext({ status: 503, times: 2, match: { path: /^\/v2\/faces\/?$/ } });
    expect((await call(sim, 'GET', '/v2/voices')).status).toBe(200);
    expect(await call(sim, 'GET', '/v2/faces')).toMatchObject({ status: 503, body: { error: 'Service Unavailable' } });
    expect((await call(sim, 'GET', '/v2/faces')).status).toBe(503);
    expect((await call(sim, 'GET', '/v2/faces')).status).toBe(200);
  });

  test('reset: the fetch rejects like undici; the SDK never re-sends a create', async () => {
    const { sim, tavus } = setup();
    sim.failNext({ reset: true });
    const raw = await rejection(call(sim, 'GET', '/v2/faces'));
    expect(raw).toBeInstanceOf(TypeError);
    expect((raw as TypeError).message).toBe('fetch failed');

    sim.failNext({ reset: true, match: { method: 'POST' } });
    expect(await rejection(tavus.faces.create({ train_video_url: VIDEO }))).toBeInstanceOf(APIConnectionError);
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(sim.faces.size).toBe(0);
  });

  test('reset after handling: a delete that went through but lost its answer', async () => {
    const { sim, tavus } = setup();
    const { face_id } = await tavus.faces.create({ train_video_url: VIDEO });
    sim.failNext({ reset: true, afterHandling: true, match: { method: 'DELETE' } });
    await tavus.faces.delete(face_id);
    expect(sim.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(sim.faces.has(face_id)).toBe(false);
  });

  test('delay: latency then a normal answer; an abort rejects at once and clears the timer', async () => {
    vi.useFakeTimers();
    const { sim } = setup();
    sim.failNext({ delayMs: 50 });
    const slow = call(sim, 'GET', '/v2/voices?limit=1');
    await vi.advanceTimersByTimeAsync(50);
    expect((await slow).status).toBe(200);

    sim.failNext({ delayMs: 60_000 });
    const controller = new AbortController();
    const pending = rejection(
      sim.fetch('https://tavusapi.com/v2/faces', { headers: { 'x-api-key': sim.apiKey }, signal: controller.signal }),
    );
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('delay + abort through the SDK rejects with APIUserAbortError', async () => {
    const { sim, tavus } = setup();
    sim.failNext({ delayMs: 60_000 });
    const controller = new AbortController();
    const pending = rejection(tavus.voices.list({}, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    expect(await pending).toBeInstanceOf(APIUserAbortError);
  });

  test('malformed bodies: HTML or truncated JSON served with 200', async () => {
    const { sim, tavus } = setup();
    sim.failNext({ body: '<html><body>502 Bad Gateway</body></html>' });
    const html = await call(sim, 'GET', '/v2/voices');
    expect([html.status, html.headers.get('content-type'), html.text]).toEqual([
      200,
      'text/html',
      '<html><body>502 Bad Gateway</body></html>',
    ]);

    const strict = makeClient({ apiKey: sim.apiKey, fetch: sim.fetch, maxRetries: 0 });
    sim.failNext({ body: '{"data": [{"voice_id": "v1"' });
    const error = await rejection(strict.voices.list());
    expect(error).toBeInstanceOf(ResponseValidationError);

    // A GET whose body is cut off is retried by the SDK, and the next answer is whole.
    sim.failNext({ body: '{"data": [' });
    expect((await tavus.voices.list({ limit: 2 })).data).toHaveLength(2);
  });

  test('a failure before auth and routing changes nothing', async () => {
    const { sim, tavus } = setup();
    sim.failNext({ status: 500, match: { method: 'POST' } });
    const error = await rejection(tavus.faces.create({ train_video_url: VIDEO }));
    expect(isTavusError(error, 'InternalServerError')).toBe(true);
    expect(sim.faces.size).toBe(0);
  });
});

describe('determinism and reset', () => {
  test('the same seed gives the same key, catalogue and ids; another seed differs', async () => {
    const run = async (seed: number | string) => {
      const { sim, tavus } = setup({ seed });
      const face = await tavus.faces.create({ train_video_url: VIDEO });
      const pal = await call(sim, 'POST', '/v2/pals', { system_prompt: 'hi', default_face_id: face.face_id });
      return {
        key: sim.apiKey,
        stock: sim.stockFaces.map((f) => f.face_id),
        voices: sim.voices.map((v) => v.voice_id),
        face: face.face_id,
        pal: (pal.body as { pal_id: string }).pal_id,
      };
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    const b = await run('another seed');
    expect(b.face).not.toBe(a.face);
    expect(b.key).not.toBe(a.key);
  });

  test('reset() forgets faces, PALs, logs, callbacks, faults and time', async () => {
    const { sim, tavus } = setup();
    const first = await tavus.faces.create({ train_video_url: VIDEO, callback_url: 'https://me.test/cb' });
    sim.advance(sim.trainingMs);
    sim.failNext({ status: 500 });
    sim.reset();
    expect([sim.faces.size, sim.pals.size, sim.requests.length, sim.callbacks.length]).toEqual([0, 0, 0, 0]);
    expect(sim.now()).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    const again = await tavus.faces.create({ train_video_url: VIDEO });
    expect(again.face_id).toBe(first.face_id);
  });
});

describe('legacy routes', () => {
  test('/v2/replicas answers with replica_* names', async () => {
    const { sim, tavus } = setup();
    const { face_id } = await tavus.faces.create({ train_video_url: VIDEO, face_name: 'Rio' });
    expect((await call(sim, 'GET', `/v2/replicas/${face_id}?verbose=true`)).body).toMatchObject({
      replica_id: face_id,
      replica_name: 'Rio',
      replica_type: 'user',
    });
    const list = await call(sim, 'GET', '/v2/replicas?replica_type=system&limit=1');
    expect(list.body).toMatchObject({ total_count: sim.stockFaces.length, data: [{ replica_id: 'rc9cff32ceba' }] });
    expect((await call(sim, 'GET', '/v2/replicas/rnope')).body).toEqual({ error: 'Invalid replica_id' });
    expect((await call(sim, 'POST', '/v2/replicas', { train_video_url: VIDEO, replica_name: 'Old' })).body).toEqual({
      replica_id: expect.any(String),
      status: 'started',
    });
  });
});
