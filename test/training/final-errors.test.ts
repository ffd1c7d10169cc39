/**
 * What must never be retried nor slip through as another kind of error (issue 14): unknown option
 * names, ids no URL can carry, poll errors that are not transient, and listeners that throw.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  BadRequestError,
  RequestValidationError,
  TavusError,
  type TrainingWatchHandle,
  isTavusError,
} from '../../src/index.js';
import { ResourceContext } from '../../src/core/resource.js';
import { fixture, makeClient } from '../helpers/msw.js';
import { follow, record, scriptedFace, thrown, useTrainingSetup } from './helpers.js';

const { server, requests, face } = useTrainingSetup();
const ID = 'r90bbd427f71';

describe('watchTraining: bad input, and failures that must be final (issue 14)', () => {
  const handle: TrainingWatchHandle = {
    version: 1,
    faceId: ID,
    until: 'usable',
    deadline: Date.UTC(2027, 0, 1),
    status: 'started',
    progress: 10,
    finetuneStatus: null,
  };

  it('an unknown option name is a RequestValidationError naming it and the closest valid name, before any request', async () => {
    const tavus = makeClient();
    // Typed as `never`: the compiler already refuses these names, the run-time check is for JS callers.
    const bad = (options: object) => options as never;
    const cases: [() => unknown, string, string][] = [
      [() => tavus.faces.watchTraining(ID, bad({ intervalMS: 10 })), 'intervalMS', 'did you mean "intervalMs"?'],
      [() => tavus.faces.watchTraining(ID, bad({ timeout: 10 })), 'timeout', 'did you mean "timeoutMs"?'],
      [() => tavus.faces.watchMany([ID], bad({ untill: 'tuned' })), 'untill', 'did you mean "until"?'],
      [
        () => tavus.faces.resumeWatch(handle, bad({ maxConsecutiveError: 3 })),
        'maxConsecutiveError',
        '"maxConsecutiveErrors"',
      ],
      [
        () => tavus.faces.resumeWatch(handle, bad({ timeoutMs: 5 })),
        'timeoutMs',
        'deadline and goal come from the handle',
      ],
      [
        () => tavus.faces.watchTraining(ID, bad({ zzzzzzzzzz: 1 })),
        'zzzzzzzzzz',
        'expected one of "intervalMs", "timeoutMs"',
      ],
    ];
    // @ts-expect-error the types refuse an unknown option too
    expect(() => tavus.faces.watchTraining(ID, { intervalMS: 10 })).toThrow(RequestValidationError);
    for (const [call, field, text] of cases) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field).toBe(field);
      expect((error as Error).message).toContain(text);
    }
    expect((thrown(cases[0]![0]) as Error).message).toBe(
      'intervalMS: unknown option "intervalMS" (did you mean "intervalMs"?)',
    );
    const body = (await fixture('faces.create.request.video.json')).body as { train_video_url: string };
    // @ts-expect-error a typo of intervalMs
    await expect(tavus.faces.createAndWatch(body, { intervalMS: 10 })).rejects.toMatchObject({ field: 'intervalMS' });
    // Own keys only: inherited names neither count as typos nor set options (a bad inherited
    // intervalMs would throw if it were read).
    const inherited = Object.create({ intervalMS: 10, intervalMs: -1 }) as object;
    tavus.faces.watchTraining(ID, inherited).stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(0);
  });

  it("'.', '..', lone surrogates and non-strings are RequestValidationErrors before any request, in every entry point", async () => {
    const tavus = makeClient();
    for (const id of ['.', '..', '\uD800', 'r1\uDC00x']) {
      for (const [call, field] of [
        [() => tavus.faces.watchTraining(id), 'faceId'],
        [() => tavus.faces.watchMany(['rfine', id]), 'faceIds[1]'],
        [() => tavus.faces.resumeWatch({ ...handle, faceId: id }), 'handle.faceId'],
      ] as const) {
        const error = thrown(call);
        expect(error).toBeInstanceOf(RequestValidationError);
        expect((error as RequestValidationError).field).toBe(field);
      }
    }
    // Values JSON.stringify cannot describe are named by their type, not thrown about.
    expect(thrown(() => tavus.faces.watchTraining(1n as never))).toMatchObject({ field: 'faceId' });
    expect(thrown(() => tavus.faces.watchTraining(1n as never))).toBeInstanceOf(RequestValidationError);
    // A surrogate pair is a well-formed character: that id is sent (and stopped before its poll).
    tavus.faces.watchTraining('r😀').stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['a RequestValidationError', new RequestValidationError('id', 'not a valid id')],
    ['an error that is not a tavus-faces error', new TypeError('a bug')],
  ])('a poll failing with %s ends the watch at once, without a retry', async (_, failure) => {
    // The watcher reads through the resource pipeline: fail the read there.
    const get = vi.spyOn(ResourceContext.prototype, 'get').mockRejectedValue(failure);
    const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100 });
    const log = record(watch);
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await done;
    expect(get).toHaveBeenCalledTimes(1);
    expect(log.map(([name]) => name)).toEqual(['failed']);
    expect(isTavusError(error)).toBe(true);
    expect(isTavusError(error, 'APIConnectionError')).toBe(false);
    if (isTavusError(failure)) expect(error).toBe(failure);
    else expect((error as Error).cause).toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  const p45 = { model_name: 'phoenix-4.5' };
  // Steps are built inside the test: the face factory loads its fixture before the tests run.
  it.each([
    ['status', () => face(ID, 'started', '10/100')],
    ['progress', () => face(ID, 'started', '10/100')],
    ['warning', () => face(ID, 'queued', '10/100')],
    ['finetune', () => face(ID, 'completed', '100/100', { ...p45, finetune_status: 'started' })],
    ['retry', () => ({ status: 503, body: { message: 'unavailable' } })],
    ['completed', () => face(ID, 'completed', '100/100')],
  ] as const)(
    'a throwing "%s" listener fails the watch once: TavusError with its error as cause, no retry, no more polls',
    async (event, step) => {
      const { handler, times } = scriptedFace(ID, [step()]);
      server.use(handler);
      const watch = makeClient().faces.watchTraining(ID, { intervalMs: 100, until: 'tuned' });
      const bug = new Error('listener bug');
      watch.on(event, () => {
        throw bug;
      });
      const log = record(watch);
      const done = follow(watch.done);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(done.value).toBeInstanceOf(TavusError);
      const error = done.value as TavusError;
      expect(error.kind).toBe('TavusError');
      expect(error.cause).toBe(bug);
      expect(error.message).toBe(`A "${event}" listener of the training watch of face ${ID} threw: listener bug`);
      expect(log.filter(([name]) => name === 'failed').map(([, e]) => e)).toEqual([error]);
      // One poll only: the watch neither retried nor polled on after the listener threw.
      expect(times).toHaveLength(1);
      expect(watch.settled).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('a throwing "failed" listener: done rejects with a TavusError whose cause is that error, and failed is not re-emitted', async () => {
    const { handler } = scriptedFace(ID, [{ status: 400, body: { error: 'Invalid face_id' } }]);
    server.use(handler);
    const watch = makeClient().faces.watchTraining(ID);
    const bug = new Error('failed-listener bug');
    const seen: unknown[] = [];
    watch.on('failed', (e) => {
      seen.push(e);
      throw bug;
    });
    const done = watch.done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const error = (await done) as TavusError;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(BadRequestError);
    expect(error.kind).toBe('TavusError');
    expect(error.cause).toBe(bug);
  });

  it('a throwing listener ends only its own watch: another watch of the same face keeps the shared poll', async () => {
    const { handler, times } = scriptedFace(ID, [face(ID, 'started', '10/100'), face(ID, 'completed', '100/100')]);
    server.use(handler);
    const tavus = makeClient();
    const broken = tavus.faces.watchTraining(ID, { intervalMs: 100 });
    const healthy = tavus.faces.watchTraining(ID, { intervalMs: 100 });
    broken.on('progress', () => {
      throw new Error('listener bug');
    });
    const brokenDone = broken.done.catch((e: unknown) => e);
    const percents: number[] = [];
    healthy.on('progress', (p) => percents.push(p.percent));
    await vi.advanceTimersByTimeAsync(100);
    await expect(healthy.done).resolves.toMatchObject({ status: 'completed' });
    expect(await brokenDone).toBeInstanceOf(TavusError);
    expect(percents).toEqual([10, 100]);
    expect(times).toHaveLength(2);
  });
});
