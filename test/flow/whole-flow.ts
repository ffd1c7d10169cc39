/**
 * The SDK's whole flow against the simulator: create a face → watch its training → make a PAL →
 * update it → delete both. Shared by the Node test and the real-Chromium test.
 */
import { Tavus } from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';

/** What the flow observed, for the tests to assert on. */
export interface FlowResult {
  faceId: string;
  percents: number[];
  statuses: string[];
  palPrompt: string | null | undefined;
  patchRequests: number;
  facesLeft: number;
  palsLeft: number;
  requestPaths: string[];
}

/** Runs the flow; `dangerouslyAllowBrowser` lets the browser test use the simulator's fake key. */
export async function wholeFlow(): Promise<FlowResult> {
  const sim = createSimulator({ seed: 11, clock: { speed: 100_000 } });
  const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch, dangerouslyAllowBrowser: true });

  const { face, watch } = await tavus.faces.createAndWatch(
    { train_video_url: 'https://example.com/rio.mp4', face_name: 'Rio' },
    { intervalMs: 10 },
  );
  const percents: number[] = [];
  const statuses: string[] = [];
  watch.on('progress', (p) => percents.push(p.percent));
  watch.on('status', (s) => statuses.push(String(s.to)));
  const trained = await watch.done;

  const pal = await tavus.pals.create({
    pal_name: 'Coach',
    system_prompt: 'You are a running coach.',
    default_face_id: trained.face_id,
  });
  let patchRequests = 0;
  tavus.on('request', (e) => {
    if (e.method === 'PATCH') patchRequests += 1;
  });
  const updated = await tavus.pals.update(pal.pal_id, { system_prompt: 'You are an upbeat running coach.' });
  // No change → no PATCH request.
  await tavus.pals.update(pal.pal_id, { system_prompt: 'You are an upbeat running coach.' });

  await tavus.pals.delete(pal.pal_id);
  await tavus.faces.delete(face.face_id);
  return {
    faceId: face.face_id,
    percents,
    statuses,
    palPrompt: updated.system_prompt,
    patchRequests,
    facesLeft: sim.faces.size,
    palsLeft: sim.pals.size,
    requestPaths: sim.requests.map((r) => `${r.method} ${r.path}`),
  };
}
