import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  APIUserAbortError,
  BATCH_PAGE_SIZE,
  BadRequestError,
  RequestValidationError,
  TavusError,
  TrainingFailedError,
  type TrainingBatchEvents,
  TrainingTimeoutError,
} from '../../src/index.js';
import { ResourceContext } from '../../src/core/resource.js';
import { BASE, makeClient } from '../helpers/msw.js';
import { follow, useTrainingSetup } from './helpers.js';

const { server, requests, face } = useTrainingSetup();

const ids = (n: number) => Array.from({ length: n }, (_, i) => `r${i.toString(16).padStart(11, '0')}`);

/** A List Faces handler honouring `face_ids`, `limit` and `page`; `state(id)` gives each face's snapshot. */
function listHandler(state: (id: string) => Record<string, unknown> | undefined) {
  const urls: string[] = [];
  const handler = http.get(`${BASE}/v2/faces`, ({ request }) => {
    urls.push(request.url);
    const url = new URL(request.url);
    const wanted = (url.searchParams.get('face_ids') ?? '').split(',').filter(Boolean);
    const limit = Number(url.searchParams.get('limit'));
    const page = Number(url.searchParams.get('page'));
    const found = wanted.map(state).filter((f): f is Record<string, unknown> => f !== undefined);
    return HttpResponse.json({ data: found.slice((page - 1) * limit, page * limit), total_count: found.length });
  });
  return { handler, urls };
}

describe('watchMany', () => {
  it('polls 1,000 faces with at most ⌈1,000 / page size⌉ list requests per interval; finished faces drop out', async () => {
    const all = ids(1_000);
    let round = 0;
    const { handler, urls } = listHandler((id) => {
      const index = all.indexOf(id);
      // Round 1: all started. Round 2: even faces complete. Round 3: the rest complete.
      if (round >= 3 || (round === 2 && index % 2 === 0)) return face(id, 'completed', '100/100');
      return face(id, 'started', `${round * 10}/100`);
    });
    server.use(handler);
    const watch = makeClient().faces.watchMany(all, { intervalMs: 1_000 });
    const completed: string[] = [];
    watch.on('completed', (e) => completed.push(e.faceId));

    const perRound: number[] = [];
    for (let r = 1; r <= 3; r += 1) {
      round = r;
      const before = urls.length;
      await vi.advanceTimersByTimeAsync(r === 1 ? 0 : 1_000);
      perRound.push(urls.length - before);
    }
    const result = await watch.done;

    expect(BATCH_PAGE_SIZE).toBe(100);
    expect(perRound).toEqual([10, 10, 5]);
    expect(perRound.every((n) => n <= Math.ceil(1_000 / BATCH_PAGE_SIZE))).toBe(true);
    expect(result.completed).toHaveLength(1_000);
    expect(result.failed).toEqual([]);
    expect(new Set(completed).size).toBe(1_000);
    for (const r of requests) {
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/v2/faces');
      expect(r.query.face_type).toBe('user');
      expect(r.query.page).toBe('1');
      expect(r.query.limit).toBe(String(r.query.face_ids?.split(',').length));
    }
    expect(Math.max(...urls.map((u) => u.length))).toBeLessThan(2_000);
    // Round 3 asked only for the odd faces.
    const lastRound = requests.slice(-5).flatMap((r) => r.query.face_ids?.split(',') ?? []);
    expect(lastRound).toHaveLength(500);
    expect(lastRound.every((id) => all.indexOf(id) % 2 === 1)).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(urls).toHaveLength(25);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('emits events carrying faceId and resolves { completed, failed }; a face the filter leaves out is read alone', async () => {
    const [a, b, gone] = ['raaaaaaaaaaa', 'rbbbbbbbbbbb', 'rdeleted0000'];
    let round = 0;
    const { handler } = listHandler((id) => {
      if (id === a) return face(a, round > 1 ? 'completed' : 'started', round > 1 ? '100/100' : '50/100');
      if (id === b) return face(b, 'error', '20/100', { error_message: 'No face detected' });
      return undefined;
    });
    server.use(
      handler,
      http.get(`${BASE}/v2/faces/${gone}`, () => HttpResponse.json({ error: 'Invalid face_id' }, { status: 400 })),
    );
    round = 1;
    const watch = makeClient().faces.watchMany([a, b, gone, a], { intervalMs: 500 });
    const log: string[] = [];
    watch.on('status', (e) => log.push(`status ${e.faceId} ${e.from}->${e.to}`));
    watch.on('progress', (e) => log.push(`progress ${e.faceId} ${e.percent}`));
    watch.on('completed', (e) => log.push(`completed ${e.faceId}`));
    watch.on('failed', (e) => log.push(`failed ${e.faceId} ${e.error.name}`));
    await vi.advanceTimersByTimeAsync(0);
    round = 2;
    await vi.advanceTimersByTimeAsync(500);
    const result = await watch.done;

    expect(watch.faceIds).toEqual([a, b, gone]);
    expect(log).toEqual([
      `status ${a} null->started`,
      `progress ${a} 50`,
      `status ${b} null->error`,
      `progress ${b} 20`,
      `failed ${b} TrainingFailedError`,
      `failed ${gone} BadRequestError`,
      `status ${a} started->completed`,
      `progress ${a} 100`,
      `completed ${a}`,
    ]);
    expect(result.completed.map((f) => f.face_id)).toEqual([a]);
    expect(result.failed.map((f) => f.faceId)).toEqual([b, gone]);
    expect(result.failed[0]?.error).toBeInstanceOf(TrainingFailedError);
    expect(result.failed[1]?.error).toBeInstanceOf(BadRequestError);
    expect(requests.map((r) => `${r.path} ${r.query.face_ids ?? ''}`)).toEqual([
      `/v2/faces ${a},${b},${gone}`,
      `/v2/faces/${gone} `,
      `/v2/faces ${a}`,
    ]);
  });

  it('backs off on a transient list error, then carries on', async () => {
    const [a] = ids(1);
    let fail = true;
    server.use(
      http.get(`${BASE}/v2/faces`, () => {
        if (fail) {
          fail = false;
          return HttpResponse.json({ message: 'unavailable' }, { status: 503 });
        }
        return HttpResponse.json({ data: [face(a!, 'completed', '100/100')], total_count: 1 });
      }),
    );
    const watch = makeClient().faces.watchMany([a!], { intervalMs: 100 });
    const retries: { attempt: number; faceIds: string[] }[] = [];
    watch.on('retry', (e) => retries.push(e));
    await vi.advanceTimersByTimeAsync(200);
    await expect(watch.done).resolves.toMatchObject({ completed: [{ face_id: a }] });
    expect(retries).toMatchObject([{ attempt: 2, faceIds: [a] }]);
    expect(requests).toHaveLength(2);
  });

  it('rejects only on the deadline (TrainingTimeoutError with pendingFaceIds) or stop()', async () => {
    const pending = ids(3);
    const { handler } = listHandler((id) => face(id, 'started', '1/100'));
    server.use(handler);
    const tavus = makeClient();
    const timed = tavus.faces.watchMany(pending, { intervalMs: 1_000, timeoutMs: 1_500 });
    const outcome = timed.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_500);
    const error = await outcome;
    expect(error).toBeInstanceOf(TrainingTimeoutError);
    expect((error as TrainingTimeoutError).pendingFaceIds).toEqual(pending);
    expect(requests).toHaveLength(2);

    const stopped = tavus.faces.watchMany(pending, { intervalMs: 1_000 });
    void stopped.done;
    await vi.advanceTimersByTimeAsync(0);
    stopped.stop();
    await expect(stopped.done).rejects.toBeInstanceOf(APIUserAbortError);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an empty list resolves at once without requests; bad ids throw before any request', async () => {
    const tavus = makeClient();
    await expect(tavus.faces.watchMany([]).done).resolves.toEqual({ completed: [], failed: [] });
    expect(() => tavus.faces.watchMany(['ok', ''])).toThrow(/faceIds\[1\]/);
    expect(() => tavus.faces.watchMany(['a,b'])).toThrow(/faceIds\[0\]/);
    expect(requests).toHaveLength(0);
  });
});

describe('watchMany: list items that cannot settle a face by themselves', () => {
  it('reads a failed face in full when the list item lacks error_message, so the error carries it', async () => {
    const [a, b] = ids(2) as [string, string];
    const listItem = (id: string, status: string) => {
      const { error_message: _omit, ...rest } = face(id, status, status === 'completed' ? '100/100' : '40/100');
      return rest;
    };
    server.use(
      listHandler((id) => listItem(id, id === a ? 'error' : 'completed')).handler,
      http.get(`${BASE}/v2/faces/${a}`, () =>
        HttpResponse.json(face(a, 'error', '40/100', { error_message: 'ImageQualityError: too dark' })),
      ),
    );
    const watch = makeClient().faces.watchMany([a, b], { intervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    const result = await watch.done;
    expect(result.completed.map((f) => f.face_id)).toEqual([b]);
    const failure = result.failed[0]?.error as TrainingFailedError;
    expect(failure).toBeInstanceOf(TrainingFailedError);
    expect(failure.errorMessage).toBe('ImageQualityError: too dark');
    // One list request and one GET for the face whose state changed, not one per face.
    expect(requests.map((r) => r.path)).toEqual(['/v2/faces', `/v2/faces/${a}`]);
  });

  it('a list refused for its chunk (400) falls back to one GET per face: only the bad id fails', async () => {
    const [good, other] = ids(2) as [string, string];
    server.use(
      http.get(`${BASE}/v2/faces`, () => HttpResponse.json({ error: 'Invalid face_ids' }, { status: 400 })),
      http.get(`${BASE}/v2/faces/:id`, ({ params }) =>
        params.id === 'rdeleted'
          ? HttpResponse.json({ error: 'Invalid face_id' }, { status: 400 })
          : HttpResponse.json(face(String(params.id), 'completed', '100/100')),
      ),
    );
    const watch = makeClient().faces.watchMany([good, 'rdeleted', other], { intervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    const result = await watch.done;
    expect(result.completed.map((f) => f.face_id).sort()).toEqual([good, other].sort());
    expect(result.failed.map((f) => f.faceId)).toEqual(['rdeleted']);
    expect(result.failed[0]?.error).toBeInstanceOf(BadRequestError);
  });
});

describe('watchMany: final poll errors and throwing listeners', () => {
  it('a list failing with a foreign error is not retried: each face is read alone, and a RequestValidationError fails only its face', async () => {
    const [a, b] = ids(2) as [string, string];
    // The watcher reads through the resource pipeline: fail the reads there.
    const list = vi
      .spyOn(ResourceContext.prototype, 'list')
      .mockImplementation(() => Promise.reject(new TypeError('a bug')) as never);
    const idOf = (path: string) => decodeURIComponent(path.split('/').pop() ?? '');
    const get = vi.spyOn(ResourceContext.prototype, 'get').mockImplementation(async (path: string) => {
      if (idOf(path) === b) throw new RequestValidationError('id', 'not a valid id');
      return face(idOf(path), 'completed', '100/100') as never;
    });
    const watch = makeClient().faces.watchMany([a, b], { intervalMs: 100 });
    const retries: unknown[] = [];
    watch.on('retry', (e) => retries.push(e));
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await watch.done;
    expect(retries).toEqual([]);
    expect(list).toHaveBeenCalledTimes(1);
    expect(get.mock.calls.map(([path]) => idOf(path))).toEqual([a, b]);
    expect(result.completed.map((f) => f.face_id)).toEqual([a]);
    expect(result.failed).toMatchObject([{ faceId: b, error: { kind: 'RequestValidationError' } }]);
  });

  // Each list answers both faces with one snapshot; `null` answers a 503 for the whole list.
  type Snapshot = () => Record<string, unknown> | null;
  it.each<[keyof TrainingBatchEvents, Snapshot]>([
    ['status', () => face('r0', 'started', '10/100')],
    ['progress', () => face('r0', 'started', '10/100')],
    ['completed', () => face('r0', 'completed', '100/100')],
    ['failed', () => face('r0', 'error', '10/100', { error_message: 'No face detected' })],
    ['retry', () => null],
  ])(
    'a throwing "%s" listener ends the batch once: done rejects with a TavusError whose cause is its error',
    async (event, snapshot) => {
      const urls: string[] = [];
      server.use(
        http.get(`${BASE}/v2/faces`, ({ request }) => {
          urls.push(request.url);
          const item = snapshot();
          if (item === null) return HttpResponse.json({ message: 'unavailable' }, { status: 503 });
          // Two faces in one state: a listener that threw for the first hears nothing of the second.
          const data = ['r0', 'r1'].map((face_id) => ({ ...item, face_id }));
          return HttpResponse.json({ data, total_count: 2 });
        }),
      );
      const watch = makeClient().faces.watchMany(['r0', 'r1'], { intervalMs: 100 });
      const bug = new Error('listener bug');
      const heard: unknown[] = [];
      watch.on(event, (payload) => {
        heard.push(payload);
        throw bug;
      });
      const done = follow(watch.done);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(done.value).toBeInstanceOf(TavusError);
      expect((done.value as TavusError).kind).toBe('TavusError');
      expect((done.value as TavusError).cause).toBe(bug);
      expect((done.value as TavusError).message).toBe(
        `A "${event}" listener of the batch training watch threw: listener bug`,
      );
      expect(heard).toHaveLength(1);
      expect(urls).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0);
    },
  );
});
