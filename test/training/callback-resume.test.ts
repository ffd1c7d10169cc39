import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  RequestValidationError,
  ResponseValidationError,
  TrainingFailedError,
  TrainingTimeoutError,
  parseTrainingCallback,
  type TrainingWatchHandle,
} from '../../src/index.js';
import { BASE, fixture, makeClient } from '../helpers/msw.js';
import { scriptedFace, thrown, useTrainingSetup } from './helpers.js';

const { server, requests, face } = useTrainingSetup();
const ID = 'r90bbd427f71';

describe('parseTrainingCallback', () => {
  it('normalises the documented replica-era "ready" callback (test/fixtures/callbacks.training.ready.json)', async () => {
    const { body } = await fixture<Record<string, unknown>>('callbacks.training.ready.json');
    const parsed = parseTrainingCallback(body);
    expect(parsed).toEqual({ face_id: 'rxxxxxxxxx', status: 'completed', error_message: null, raw: body });
    expect(parseTrainingCallback(JSON.stringify(body)).face_id).toBe('rxxxxxxxxx');
  });

  it('reads the error form and the face-era form with face_id and finetune_status', () => {
    expect(parseTrainingCallback({ replica_id: 'r1', status: 'error', error_message: 'No face found' })).toMatchObject({
      face_id: 'r1',
      status: 'error',
      error_message: 'No face found',
    });
    const faceEra = parseTrainingCallback({ face_id: 'r2', status: 'completed', finetune_status: 'completed' });
    expect(faceEra).toMatchObject({ face_id: 'r2', status: 'completed', finetune_status: 'completed' });
    // A parsed callback can be parsed again (watch.feed accepts either).
    expect(parseTrainingCallback(faceEra)).toEqual(faceEra);
  });

  it.each([
    [null, ''],
    ['{not json', ''],
    [[], ''],
    [{ status: 'ready' }, 'replica_id'],
    [{ face_id: '', status: 'ready' }, 'face_id'],
    [{ replica_id: 'r1' }, 'status'],
    [{ replica_id: 'r1', status: 'error', error_message: 42 }, 'error_message'],
  ])('rejects %j with ResponseValidationError at %j', (body, where) => {
    let error: unknown;
    try {
      parseTrainingCallback(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).paths).toContain(where);
  });
});

describe('parseTrainingCallback: absurdly deep bodies', () => {
  const levels = 100_000;
  const deepArray = '['.repeat(levels) + ']'.repeat(levels);

  it.each([
    ['JSON text with a deep member', `{"replica_id":"r1","status":"ready","extra":${deepArray}}`],
    ['JSON text that is deep at its root', deepArray],
    ['a parsed body with a deep member', () => ({ replica_id: 'r1', status: 'ready', extra: nested(levels) })],
    ['a circular body', () => circular()],
  ])('%s is a RequestValidationError naming the body, never a RangeError', (_, input) => {
    const body = typeof input === 'function' ? input() : input;
    const error = thrown(() => parseTrainingCallback(body));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe('body');
    expect((error as Error).message).toContain('nested more than 64 levels deep');
  });

  it('64 levels, and brackets inside strings, are fine', () => {
    const brackets = '['.repeat(1_000);
    expect(
      parseTrainingCallback(`{"replica_id":"r1","status":"ready","note":"${brackets}\\"${brackets}"}`),
    ).toMatchObject({
      face_id: 'r1',
    });
    // The body object is the first level.
    expect(parseTrainingCallback({ replica_id: 'r1', status: 'ready', extra: nested(63) }).face_id).toBe('r1');
    expect(
      thrown(() => parseTrainingCallback({ replica_id: 'r1', status: 'ready', extra: nested(64) })),
    ).toBeInstanceOf(RequestValidationError);
    const text = `{"replica_id":"r1","status":"ready","extra":${'['.repeat(63)}${']'.repeat(63)}}`;
    expect(parseTrainingCallback(text).face_id).toBe('r1');
  });
});

/** `depth` objects, each inside the one before. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i += 1) value = { a: value };
  return value;
}

function circular(): Record<string, unknown> {
  const body: Record<string, unknown> = { replica_id: 'r1', status: 'ready' };
  body.self = body;
  return body;
}

describe('watch.feed', () => {
  it('a callback polls at once and ends the watch; repeats, other faces and late callbacks are ignored', async () => {
    const { handler, times } = scriptedFace(ID, [face(ID, 'started', '40/100'), face(ID, 'completed', '100/100')]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 3_600_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times).toHaveLength(1);

    expect(watch.feed({ replica_id: 'rsomeoneelse', status: 'ready' })).toBe(false);
    expect(watch.feed({ face_id: ID, status: 'started' })).toBe(false);
    const { body } = await fixture<Record<string, unknown>>('callbacks.training.ready.json');
    expect(watch.feed({ ...body, replica_id: ID })).toBe(true);
    expect(watch.feed({ ...body, replica_id: ID })).toBe(true); // joins the same poll
    await vi.advanceTimersByTimeAsync(0);
    await expect(watch.done).resolves.toMatchObject({ status: 'completed' });
    expect(times).toEqual([times[0], times[0]! + 1_000]);
    expect(watch.feed({ ...body, replica_id: ID })).toBe(false);
    expect(() => watch.feed({ nope: true })).toThrow(ResponseValidationError);
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toHaveLength(2);
  });

  it('a callback that arrives while a poll is in flight is confirmed by one more poll right after it', async () => {
    const times: number[] = [];
    let release: (() => void) | undefined;
    let calls = 0;
    server.use(
      http.get(`${BASE}/v2/faces/${ID}`, async () => {
        times.push(Date.now());
        calls += 1;
        if (calls === 2) await new Promise<void>((resolve) => (release = resolve));
        return HttpResponse.json(calls <= 2 ? face(ID, 'started', '90/100') : face(ID, 'completed', '100/100'));
      }),
    );
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 60_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2); // the second poll is in flight, answered (late) with the old state
    expect(watch.feed({ replica_id: ID, status: 'ready' })).toBe(true);
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    await expect(watch.done).resolves.toMatchObject({ status: 'completed' });
    expect(times).toEqual([times[0], times[0]! + 60_000, times[0]! + 60_000]);
  });

  it('an error callback is confirmed by the poll and fails the watch with the face error_message', async () => {
    const { handler } = scriptedFace(ID, [
      face(ID, 'started', '10/100'),
      face(ID, 'error', '10/100', { error_message: 'Image quality too low' }),
    ]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 3_600_000 });
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    watch.feed({ replica_id: ID, status: 'error', error_message: 'Image quality too low' });
    await vi.advanceTimersByTimeAsync(0);
    const error = await done;
    expect(error).toBeInstanceOf(TrainingFailedError);
    expect((error as TrainingFailedError).errorMessage).toBe('Image quality too low');
  });
});

describe('resumeWatch', () => {
  it('continues from a serialised handle with the same deadline, never reporting lower progress', async () => {
    const first = scriptedFace(ID, [face(ID, 'started', '60/100')]);
    server.use(first.handler);
    const tavus = makeClient();
    const watch = tavus.faces.watchTraining(ID, { intervalMs: 1_000, timeoutMs: 3_600_000, until: 'tuned' });
    await vi.advanceTimersByTimeAsync(0);
    const handle = JSON.parse(JSON.stringify(watch)) as TrainingWatchHandle;
    watch.stop();
    expect(handle).toEqual({
      version: 1,
      faceId: ID,
      until: 'tuned',
      deadline: watch.deadline,
      status: 'started',
      progress: 60,
      finetuneStatus: null,
    });

    // "Another process": a fresh client; the API briefly answers a lower progress.
    server.resetHandlers();
    const second = scriptedFace(ID, [
      face(ID, 'started', '55/100'),
      face(ID, 'started', '70/100'),
      face(ID, 'completed', '100/100'),
    ]);
    server.use(second.handler);
    await vi.advanceTimersByTimeAsync(60_000);
    const resumed = makeClient().faces.resumeWatch(handle, { intervalMs: 1_000 });
    expect(resumed.deadline).toBe(handle.deadline);
    expect(resumed.until).toBe('tuned');
    const log: string[] = [];
    resumed.on('status', (e) => log.push(`status ${e.from}->${e.to}`));
    resumed.on('progress', (e) => log.push(`progress ${e.percent}`));
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(resumed.done).resolves.toMatchObject({ status: 'completed' });
    expect(log).toEqual(['progress 70', 'status started->completed', 'progress 100']);
  });

  it('a handle past its deadline rejects at once without a request; bad handles throw', async () => {
    const tavus = makeClient();
    const handle: TrainingWatchHandle = {
      version: 1,
      faceId: ID,
      until: 'usable',
      deadline: Date.now() - 1,
      status: 'started',
      progress: 10,
      finetuneStatus: null,
    };
    await expect(tavus.faces.resumeWatch(handle).done).rejects.toBeInstanceOf(TrainingTimeoutError);
    expect(requests).toHaveLength(0);
    expect(() => tavus.faces.resumeWatch({ ...handle, faceId: '' })).toThrow(/handle\.faceId/);
    expect(() => tavus.faces.resumeWatch({ ...handle, version: 2 as 1 })).toThrow(/handle/);
    expect(() => tavus.faces.resumeWatch({ ...handle, progress: 140 })).toThrow(/handle\.progress/);
  });
});
