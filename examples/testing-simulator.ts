/**
 * Testing your own code against the in-process simulator: no key, no cost, time you control,
 * and injected faults.
 *
 *   npx tsx examples/testing-simulator.ts
 */
import { Tavus, isTavusError } from '../src/index.js';
import { createSimulator } from '../src/testing/index.js';

/** Exercises training on a manual clock, a failed training, and retries under injected faults. */
export async function main(): Promise<{ progressAt2h: number | null; failed: boolean; retries: number }> {
  const sim = createSimulator({
    seed: 1,
    trainingOutcome: (params) => (params.face_name === 'bad' ? { error: 'ImageQualityError' } : 'completed'),
  });
  const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch, backoff: { initialDelayMs: 1, maxDelayMs: 5 } });

  const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/me.mp4' });
  sim.advance(2 * 3_600_000); // two simulated hours
  const progressAt2h = (await tavus.faces.get(face_id)).progress;
  console.log(`after 2 h: ${progressAt2h}%`);

  const bad = await tavus.faces.create({ train_video_url: 'https://example.com/bad.mp4', face_name: 'bad' });
  sim.advance(4 * 3_600_000);
  const failed = (await tavus.faces.get(bad.face_id)).status === 'error';
  console.log(`the "bad" face ended in error: ${failed}`);

  // Two 503s then success: the SDK retries reads by itself.
  let retries = 0;
  tavus.on('retry', () => retries++);
  sim.failNext({ status: 503, times: 2, match: { method: 'GET' } });
  await tavus.stockFaces.list({ limit: 5 });
  console.log(`retried ${retries} times`);

  // A create is never retried after a 500: the error reaches you.
  sim.failNext({ status: 500, match: { method: 'POST', path: '/v2/faces' } });
  const error = await tavus.faces.create({ train_video_url: 'https://example.com/x.mp4' }).catch((e: unknown) => e);
  console.log(`create after a 500: ${isTavusError(error, 'InternalServerError') ? 'InternalServerError' : error}`);
  return { progressAt2h, failed, retries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
