import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  RequestValidationError,
  TrainingFailedError,
  TrainingTimeoutError,
  isTavusError,
} from '../../src/index.js';
import { BASE, fixture, makeClient } from '../helpers/msw.js';
import { record, scriptedFace, useTrainingSetup } from './helpers.js';

const { server, requests, face } = useTrainingSetup();
const ID = 'r90bbd427f71';

describe('watchTraining: happy path', () => {
  it('emits status, progress (with ETA) and completed in order, then stops polling', async () => {
    const { handler } = scriptedFace(ID, [
      face(ID, 'started', '0/100'),
      face(ID, 'started', '50/100'),
      face(ID, 'completed', '100/100'),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 1_000 });
    const log = record(watch);
    await vi.advanceTimersByTimeAsync(2_000);
    const trained = await watch.done;

    expect(trained).toMatchObject({ face_id: ID, status: 'completed', progress: 100 });
    expect(log.map(([name, p]) => [name, summary(p)])).toEqual([
      ['status', 'null->started'],
      ['progress', '0 0/100 eta=null'],
      ['progress', '50 50/100 eta=1000'],
      ['status', 'started->completed'],
      ['progress', '100 100/100 eta=0'],
      ['completed', ID],
    ]);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill(`GET /v2/faces/${ID}`));
    expect(requests[0]?.query).toEqual({});
    expect(requests[0]?.headers['x-api-key']).toBeDefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('raises intervals below 10 ms to 10 ms and rejects bad input before any request', async () => {
    const { handler, times } = scriptedFace(ID, [face(ID, 'started', '0/100'), face(ID, 'completed', '100/100')]);
    server.use(handler);
    const tavus = makeClient();
    const watch = tavus.faces.watchTraining(ID, { intervalMs: 1 });
    await vi.advanceTimersByTimeAsync(10);
    await watch.done;
    expect(times[1]! - times[0]!).toBe(10);

    requests.length = 0;
    const bad: [() => unknown, string][] = [
      [() => tavus.faces.watchTraining(''), 'faceId'],
      [() => tavus.faces.watchTraining(ID, { intervalMs: -1 }), 'intervalMs'],
      [() => tavus.faces.watchTraining(ID, { timeoutMs: Number.POSITIVE_INFINITY }), 'timeoutMs'],
      [() => tavus.faces.watchTraining(ID, { maxConsecutiveErrors: 0 }), 'maxConsecutiveErrors'],
      [() => tavus.faces.watchTraining(ID, { until: 'soon' as 'usable' }), 'until'],
    ];
    for (const [call, field] of bad) {
      expect(call).toThrow(RequestValidationError);
      try {
        call();
      } catch (error) {
        expect((error as RequestValidationError).field).toBe(field);
      }
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(0);
  });

  it('createAndWatch creates the face, then watches it; bad watch options send nothing', async () => {
    const created = await fixture<{ face_id: string }>('faces.create.response.json');
    const body = (await fixture('faces.create.request.video.json')).body as { train_video_url: string };
    const createdId = created.body.face_id;
    const { handler } = scriptedFace(createdId, [face(createdId, 'completed', '100/100')]);
    server.use(
      http.post(`${BASE}/v2/faces`, () => HttpResponse.json(created.body)),
      handler,
    );
    const tavus = makeClient();
    await expect(tavus.faces.createAndWatch(body, { intervalMs: -5 })).rejects.toThrow(RequestValidationError);
    expect(requests).toHaveLength(0);

    const { face: started, watch } = await tavus.faces.createAndWatch(body, { intervalMs: 100 });
    expect(started.face_id).toBe(createdId);
    await vi.advanceTimersByTimeAsync(0);
    await expect(watch.done).resolves.toMatchObject({ face_id: createdId, status: 'completed' });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/faces', `GET /v2/faces/${createdId}`]);
  });
});

describe('watchTraining: Phoenix-4.5 until', () => {
  it("'tuned' waits for finetune_status: completed and reports finetune changes", async () => {
    const p45 = { model_name: 'phoenix-4.5' };
    const { handler } = scriptedFace(ID, [
      face(ID, 'started', '10/100', { ...p45, finetune_status: null }),
      face(ID, 'completed', '100/100', { ...p45, finetune_status: null }),
      face(ID, 'completed', '100/100', { ...p45, finetune_status: 'in_progress' }),
      face(ID, 'completed', '100/100', { ...p45, finetune_status: 'completed' }),
    ]);
    server.use(handler);
    const tavus = makeClient();
    const tuned = tavus.faces.watchTraining(ID, { intervalMs: 100, until: 'tuned' });
    const usable = tavus.faces.watchTraining(ID, { intervalMs: 100, until: 'usable' });
    const log = record(tuned);
    let usableAt = 0;
    usable.on('completed', () => {
      usableAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(300);
    await expect(tuned.done).resolves.toMatchObject({ finetune_status: 'completed' });
    expect(usableAt).toBe(new Date('2026-11-24T00:00:00.100Z').getTime());
    expect(log.filter(([n]) => n === 'finetune').map(([, p]) => summary(p))).toEqual([
      'null->in_progress',
      'in_progress->completed',
    ]);
    expect(requests).toHaveLength(4);
  });

  it("'tuned' on another model resolves at completed (finetune_status stays null)", async () => {
    const { handler } = scriptedFace(ID, [face(ID, 'completed', '100/100', { model_name: 'phoenix-4' })]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100, until: 'tuned' });
    await vi.advanceTimersByTimeAsync(0);
    await expect(watch.done).resolves.toMatchObject({ model_name: 'phoenix-4' });
    expect(requests).toHaveLength(1);
  });

  it("'tuned' fails with TrainingFailedError (stage finetune) on finetune_status: errored", async () => {
    const { handler } = scriptedFace(ID, [
      face(ID, 'completed', '100/100', { model_name: 'phoenix-4.5', finetune_status: 'errored' }),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { until: 'tuned' });
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const error = await done;
    expect(error).toBeInstanceOf(TrainingFailedError);
    expect(error).toMatchObject({ faceId: ID, stage: 'finetune', lastProgress: 100 });
  });
});

describe('watchTraining: failures', () => {
  it("status 'error' rejects done with TrainingFailedError carrying error_message and last progress", async () => {
    const { handler } = scriptedFace(ID, [
      face(ID, 'started', '30/100'),
      face(ID, 'error', '30/100', { error_message: 'Training video has no speech' }),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const log = record(watch);
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = await done;
    expect(isTavusError(error, 'TrainingFailedError')).toBe(true);
    expect(error).toMatchObject({
      faceId: ID,
      errorMessage: 'Training video has no speech',
      lastProgress: 30,
      stage: 'training',
    });
    expect(log.map(([n]) => n)).toEqual(['status', 'progress', 'status', 'failed']);
    expect(log.at(-1)?.[1]).toBe(error);
  });

  it.each([400, 401, 403, 404, 422])('fails fast on %i without retrying', async (status) => {
    const { handler } = scriptedFace(ID, [{ status, body: { error: 'Invalid face_id' } }]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const retries: unknown[] = [];
    watch.on('retry', (e) => retries.push(e));
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await done;
    expect(error).toMatchObject({ status });
    if (status === 400) {
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).serverMessage).toBe('Invalid face_id');
    }
    expect(requests).toHaveLength(1);
    expect(retries).toHaveLength(0);
  });

  it('backs off through a streak of transient errors and carries on', async () => {
    const { handler, times } = scriptedFace(ID, [
      { status: 503, body: { message: 'unavailable' } },
      { status: 502, body: { message: 'bad gateway' } },
      face(ID, 'completed', '100/100'),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const log = record(watch);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(watch.done).resolves.toMatchObject({ status: 'completed' });
    const retries = log.filter(([n]) => n === 'retry').map(([, p]) => p as { attempt: number; delayMs: number });
    expect(retries.map((r) => r.attempt)).toEqual([2, 3]);
    // Exponential: ~1× then ~2× the interval (±20 % jitter), and the waits are the ones announced.
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(80);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(160);
    expect(times[1]! - times[0]!).toBe(retries[0]!.delayMs);
    expect(times[2]! - times[1]!).toBe(retries[1]!.delayMs);
  });

  it('gives up after maxConsecutiveErrors transient errors with the last of them', async () => {
    const { handler } = scriptedFace(ID, [{ status: 500, body: { message: 'boom' } }]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 10, maxConsecutiveErrors: 3 });
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await done;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    const { handler, times } = scriptedFace(ID, [
      { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '5' } },
      face(ID, 'completed', '100/100'),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const retries: { delayMs: number; error: unknown }[] = [];
    watch.on('retry', (e) => retries.push(e));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(times).toHaveLength(1);
    expect(retries[0]?.delayMs).toBe(5_000);
    expect(isTavusError(retries[0]?.error, 'RateLimitError')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await expect(watch.done).resolves.toMatchObject({ status: 'completed' });
    expect(times).toHaveLength(2);
  });

  it('warns once about an unknown status and polls ever more slowly (never hot-loops)', async () => {
    const { handler, times } = scriptedFace(ID, [face(ID, 'processing', '20/100')]);
    server.use(handler);
    const tavus = makeClient();
    const clientWarnings: unknown[] = [];
    tavus.on('warning', (w) => clientWarnings.push(w));
    const watch = tavus.faces.watchTraining(ID, { intervalMs: 100 });
    const warnings: { kind: string }[] = [];
    watch.on('warning', (w) => warnings.push(w));
    await vi.advanceTimersByTimeAsync(3_000);
    watch.stop();
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(0, 4)).toEqual([200, 400, 800, 800]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.kind).toBe('unknown-status');
    // The client's lenient validation also flags the value.
    expect(clientWarnings.length).toBeGreaterThan(0);
  });

  it('rides out an unknown status in strict mode too: warns, then completes', async () => {
    const strictFace = (status: string, progress: string) => face(ID, status, progress, { face_type: 'user' });
    const { handler } = scriptedFace(ID, [
      strictFace('queued', '0/100'),
      strictFace('queued', '0/100'),
      strictFace('completed', '100/100'),
    ]);
    server.use(handler);
    const tavus = makeClient({ validation: 'strict' });
    const clientWarnings: { kind: string; path?: string }[] = [];
    tavus.on('warning', (w) => clientWarnings.push(w));
    const watch = tavus.faces.watchTraining(ID, { intervalMs: 100 });
    const warnings: { kind: string }[] = [];
    watch.on('warning', (w) => warnings.push(w));
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(watch.done).resolves.toMatchObject({ status: 'completed' });
    expect(warnings.map((w) => w.kind)).toEqual(['unknown-status']);
    expect(clientWarnings.every((w) => w.kind === 'validation' && w.path === 'status')).toBe(true);
    // Outside the watcher, strict mode still rejects the unknown value.
    server.use(http.get(`${BASE}/v2/faces/${ID}`, () => HttpResponse.json(strictFace('queued', '0/100'))));
    await expect(tavus.faces.get(ID)).rejects.toMatchObject({ kind: 'ResponseValidationError' });
  });

  it('never reports progress going backwards', async () => {
    const { handler } = scriptedFace(ID, [
      face(ID, 'started', '40/100'),
      face(ID, 'started', '30/100'),
      face(ID, 'started', '60/100'),
      face(ID, 'completed', '100/100'),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const percents: number[] = [];
    watch.on('progress', (p) => percents.push(p.percent));
    await vi.advanceTimersByTimeAsync(300);
    await watch.done;
    expect(percents).toEqual([40, 60, 100]);
  });
});

describe('watchTraining: deadline, abort, stop', () => {
  it('rejects with TrainingTimeoutError at the deadline and stops polling', async () => {
    const { handler } = scriptedFace(ID, [face(ID, 'started', '10/100')]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 1_000, timeoutMs: 2_500 });
    const done = watch.done.catch((e: unknown) => e);
    const failed: unknown[] = [];
    watch.on('failed', (e) => failed.push(e));
    await vi.advanceTimersByTimeAsync(2_500);
    const error = await done;
    expect(error).toBeInstanceOf(TrainingTimeoutError);
    expect(error).toMatchObject({ faceId: ID, lastStatus: 'started', deadline: watch.deadline });
    expect(failed).toEqual([error]);
    expect(requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort mid-sleep rejects with APIUserAbortError and clears every timer', async () => {
    const { handler } = scriptedFace(ID, [face(ID, 'started', '10/100')]);
    server.use(handler);
    const controller = new AbortController();
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 60_000, signal: controller.signal });
    const done = watch.done;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(1);
    controller.abort();
    await expect(done).rejects.toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const watch = makeClient().faces.watchTraining(ID, { signal: AbortSignal.abort() });
    await expect(watch.done).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() rejects done quietly (no failed event, no unhandled rejection)', async () => {
    const { handler } = scriptedFace(ID, [face(ID, 'started', '10/100')]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 60_000 });
    const failed: unknown[] = [];
    watch.on('failed', (e) => failed.push(e));
    void watch.done; // observed by nobody: must not be reported as unhandled
    await vi.advanceTimersByTimeAsync(0);
    watch.stop();
    watch.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(failed).toHaveLength(0);
    await expect(watch.done).rejects.toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failure with only a failed listener leaves no unhandled rejection; with none nothing crashes', async () => {
    const { handler } = scriptedFace(ID, [{ status: 400, body: { error: 'Invalid face_id' } }]);
    server.use(handler);
    const tavus = makeClient();
    const listened = tavus.faces.watchTraining(ID);
    const seen: unknown[] = [];
    listened.on('failed', (e) => seen.push(e));
    void listened.done;
    tavus.faces.watchTraining(ID); // no listener, done never read
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    expect(requests).toHaveLength(1); // the two watches shared one poll
  });
});

describe('watchTraining: shared polls and iteration', () => {
  it('two watches of one face on one client share one poll', async () => {
    const { handler, times } = scriptedFace(ID, [
      face(ID, 'started', '10/100'),
      face(ID, 'started', '20/100'),
      face(ID, 'started', '30/100'),
      face(ID, 'completed', '100/100'),
    ]);
    server.use(handler);
    const tavus = makeClient();
    const a = tavus.faces.watchTraining(ID, { intervalMs: 1_000 });
    const b = tavus.faces.watchTraining(ID, { intervalMs: 1_000 });
    const pa: number[] = [];
    const pb: number[] = [];
    a.on('progress', (p) => pa.push(p.percent));
    b.on('progress', (p) => pb.push(p.percent));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times).toHaveLength(2);
    b.stop(); // the other watch keeps the poll going
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(a.done).resolves.toMatchObject({ status: 'completed' });
    expect(times).toHaveLength(4);
    expect(pa).toEqual([10, 20, 30, 100]);
    expect(pb).toEqual([10, 20]);
    // Another client does not share: its watch makes its own request.
    const other = makeClient().faces.watchTraining(ID, { intervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    await other.done;
    expect(times).toHaveLength(5);
  });

  it('a late joiner gets the latest reading at once', async () => {
    const { handler, times } = scriptedFace(ID, [face(ID, 'started', '10/100'), face(ID, 'completed', '100/100')]);
    server.use(handler);
    const tavus = makeClient();
    const first = tavus.faces.watchTraining(ID, { intervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(500);
    const late = tavus.faces.watchTraining(ID, { intervalMs: 1_000 });
    const seen: number[] = [];
    late.on('progress', (p) => seen.push(p.percent));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([10]);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([first.done, late.done]);
    expect(times).toHaveLength(2);
  });

  it('for await yields progress snapshots and ends at completion, or throws the failure', async () => {
    const { handler } = scriptedFace(ID, [
      face(ID, 'started', '25/100'),
      face(ID, 'started', '75/100'),
      face(ID, 'completed', '100/100'),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const seen: string[] = [];
    const loop = (async () => {
      for await (const p of watch) seen.push(p.raw);
    })();
    await vi.advanceTimersByTimeAsync(200);
    await loop;
    expect(seen).toEqual(['25/100', '75/100', '100/100']);

    const failing = scriptedFace('rfail', [face('rfail', 'error', '5/100', { error_message: 'bad video' })]);
    server.use(failing.handler);
    const bad = makeClient().faces.watchTraining('rfail');
    const out = (async () => {
      for await (const _ of bad) {
        // drain
      }
    })().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(await out).toBeInstanceOf(TrainingFailedError);
  });
});

function summary(payload: unknown): string {
  const p = payload as Record<string, unknown>;
  if ('to' in p) return `${p.from}->${p.to}`;
  if ('percent' in p) return `${p.percent} ${p.raw} eta=${p.etaMs}`;
  if ('face_id' in p) return String(p.face_id);
  return JSON.stringify(p);
}
