import { http, HttpResponse } from 'msw';
import { expect, expectTypeOf, it, vi } from 'vitest';
import { main } from '../../examples/train-face.js';
import type {
  Face,
  TavusError,
  TrainingBatchResult,
  TrainingProgress,
  TrainingWatch,
  TrainingWatchHandle,
} from '../../src/index.js';
import { BASE, fixture, makeClient } from '../helpers/msw.js';
import { scriptedFace, useTrainingSetup } from './helpers.js';

const { server, requests, face } = useTrainingSetup();

it('examples/train-face.ts creates a face and prints its progress until it is ready', async () => {
  const created = await fixture<{ face_id: string }>('faces.create.response.json');
  const id = created.body.face_id;
  const { handler } = scriptedFace(id, [face(id, 'started', '0/100'), face(id, 'completed', '100/100')]);
  server.use(
    http.post(`${BASE}/v2/faces`, () => HttpResponse.json(created.body)),
    handler,
  );
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  const run = main(makeClient(), { TRAIN_VIDEO_URL: 'https://example.com/rio.mp4', FACE_NAME: 'Rio' });
  await vi.advanceTimersByTimeAsync(30_000);
  await expect(run).resolves.toBe(id);
  expect(requests[0]?.body).toEqual({ train_video_url: 'https://example.com/rio.mp4', face_name: 'Rio' });
  expect(lines).toEqual([
    `Training face ${id}`,
    'status: — → started',
    'progress: 0% (estimating…)',
    'status: started → completed',
    'progress: 100% (~0 min left)',
    `Face ${id} is ready (phoenix-3).`,
  ]);
});

it('public training types', async () => {
  const tavus = makeClient();
  // Stopped before their first poll (which starts on a microtask): no request is sent.
  const watch = tavus.faces.watchTraining('r1', { intervalMs: 1_000, until: 'tuned' });
  watch.stop();
  const many = tavus.faces.watchMany(['r1']);
  many.stop();
  expectTypeOf(watch).toEqualTypeOf<TrainingWatch>();
  expectTypeOf(watch.done).toEqualTypeOf<Promise<Face>>();
  expectTypeOf(watch.toJSON()).toEqualTypeOf<TrainingWatchHandle>();
  expectTypeOf(many.done).toEqualTypeOf<Promise<TrainingBatchResult>>();
  watch.on('progress', (p) => expectTypeOf(p).toEqualTypeOf<TrainingProgress>());
  watch.on('progress', (p) => expectTypeOf(p.etaMs).toEqualTypeOf<number | null>());
  watch.on('completed', (f) => expectTypeOf(f).toEqualTypeOf<Face>());
  watch.on('failed', (e) => expectTypeOf(e).toEqualTypeOf<TavusError>());
  many.on('progress', (p) => expectTypeOf(p.faceId).toBeString());
  // @ts-expect-error until is 'usable' | 'tuned'
  expect(() => tavus.faces.watchTraining('r1', { until: 'ready' })).toThrow();
  // @ts-expect-error no such event
  watch.on('done', () => undefined);
  const handle = { ...watch.toJSON(), deadline: 0 };
  // @ts-expect-error resume takes its deadline from the handle (and refuses timeoutMs at run time)
  expect(() => tavus.faces.resumeWatch(handle, { timeoutMs: 5 })).toThrow(/timeoutMs/);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(requests).toHaveLength(0);
});
