/**
 * Every example is executed against the in-process simulator (and typechecked by `tsc -p .`), so
 * the code users copy from examples/ keeps working.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as browserProxy } from '../../examples/browser-proxy.js';
import { main as conversations, onCallback } from '../../examples/conversations.js';
import { badVideoOn, plainLines, runDemo } from '../../examples/demo.js';
import { main as faces } from '../../examples/faces.js';
import { main as imageTraining } from '../../examples/image-training.js';
import { main as pals } from '../../examples/pals.js';
import { main as preflight } from '../../examples/preflight.js';
import { main as quickstart } from '../../examples/quickstart.js';
import { main as stockFaces } from '../../examples/stock-faces.js';
import { main as testingSimulator } from '../../examples/testing-simulator.js';
import { main as trainFace } from '../../examples/train-face.js';
import { Tavus } from '../../src/index.js';
import { type TavusSimulator, createSimulator } from '../../src/testing/index.js';
import { FIXTURES, startMediaServer } from '../media/server.js';
import { fixture } from '../helpers/msw.js';

let sim: TavusSimulator;
let tavus: Tavus;
let out: string[];

beforeEach(() => {
  // 3.5 simulated hours pass in ~13 real milliseconds; watches poll every 10 ms.
  sim = createSimulator({ seed: 3, clock: { speed: 1_000_000 } });
  tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch, backoff: { initialDelayMs: 1, maxDelayMs: 5 } });
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

const FAST = { intervalMs: 10 };

describe('examples run against the simulator', () => {
  it('quickstart trains a face and gives it a PAL', async () => {
    const { faceId, palId } = await quickstart(tavus, 'https://example.com/rio.mp4', FAST);
    expect(sim.faces.get(faceId)?.status).toBe('completed');
    expect(sim.pals.get(palId)).toBeDefined();
    expect(out.at(-1)).toBe(`PAL ${palId} uses face ${faceId}`);
  });

  it('faces lists, reads, renames and deletes', async () => {
    const face = sim.addFace({ face_name: 'Rio', trained: true });
    const names = await faces(tavus, face.face_id, true);
    expect(names).toEqual(['Rio [completed 100%]']);
    expect(sim.faces.has(face.face_id)).toBe(false);
    const renames = sim.requests.filter((r) => r.method === 'PATCH');
    expect(renames[0]?.body).toEqual({ face_name: 'Rio (renamed)' });
  });

  it('faces reports an unknown id as Tavus does (400 Invalid face_id)', async () => {
    await expect(faces(tavus, 'r000000000', false)).rejects.toMatchObject({ serverMessage: 'Invalid face_id' });
  });

  it('stock-faces groups the catalogue by look with an id per model', async () => {
    const looks = await stockFaces(tavus);
    expect(sim.stockFaces.length).toBeGreaterThanOrEqual(100);
    expect([...looks.values()].some((ids) => Object.keys(ids).length > 1)).toBe(true);
    expect(looks.get('Anna - Casual')?.['phoenix-4']).toBe('rc9cff32ceba');
  });

  it('image-training trains from an image with a stock voice', async () => {
    const faceId = await imageTraining(tavus, 'https://example.com/ana.png', FAST);
    const face = sim.faces.get(faceId);
    expect(face?.status).toBe('completed');
    const create = sim.requests.find((r) => r.method === 'POST' && r.path === '/v2/faces');
    expect(create?.body).toMatchObject({ train_image_url: 'https://example.com/ana.png', model_name: 'phoenix-4.5' });
  });

  it('train-face creates and watches until ready', async () => {
    const faceId = await trainFace(tavus, {
      TRAIN_VIDEO_URL: 'https://example.com/rio.mp4',
      FACE_NAME: 'Rio',
      POLL_INTERVAL_MS: '10',
    });
    expect(sim.faces.get(faceId)?.status).toBe('completed');
    expect(out).toContain(`Training face ${faceId}`);
    expect(out.some((line) => line.startsWith('progress: 100%'))).toBe(true);
  });

  it('pals creates, updates, patches, lists and deletes a PAL', async () => {
    await pals(tavus);
    const patches = sim.requests.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThanOrEqual(2);
    expect(sim.pals.size).toBe(0);
    expect(out.some((line) => line.startsWith('prompt now: You are a calm'))).toBe(true);
  });

  it('testing-simulator shows the manual clock, outcomes and faults', async () => {
    const result = await testingSimulator();
    expect(result.progressAt2h).toBeGreaterThan(40);
    expect(result.progressAt2h).toBeLessThan(70);
    expect(result.failed).toBe(true);
    expect(result.retries).toBe(2);
  });

  it('browser-proxy reads through a 127.0.0.1 proxy that adds the key', async () => {
    const { stockFaces: count, close } = await browserProxy({ apiKey: sim.apiKey, fetch: sim.fetch }, 0);
    try {
      expect(count).toBe(sim.stockFaces.length);
      // The key travelled only from the proxy to Tavus.
      expect(sim.requests.at(-1)?.path).toBe('/v2/faces');
    } finally {
      await close();
    }
  });

  it('the demo runs the whole flow, ends with a conversation, and cleans up', async () => {
    // As `npm run demo` runs it: the manual clock and the watches' default intervals.
    const manual = createSimulator({ seed: 7 });
    const client = new Tavus({ apiKey: manual.apiKey, fetch: manual.fetch });
    const lines: string[] = [];
    const summary = await runDemo({
      tavus: client,
      mode: 'simulator',
      trainVideoUrl: 'https://example.com/rio.mp4',
      badVideo: await badVideoOn(manual),
      progress: plainLines((line) => lines.push(line)),
      log: (line) => lines.push(line),
    });
    expect(summary).toMatchObject({ mode: 'simulator', updates: 1, transcriptTurns: 3 });
    // The preflight caught the 20-second video; sent without it, it failed with Tavus's duration error.
    expect(summary.preflightCaught).toEqual(['video_duration']);
    expect(summary.unpreflightedError).toContain('minimum duration requirement');
    const creates = manual.requests.filter((r) => r.method === 'POST' && r.path === '/v2/faces');
    expect(creates.map((r) => (r.body as { train_video_url: string }).train_video_url)).toEqual([
      'https://example.com/training/rio-20s.mp4',
      'https://example.com/rio.mp4',
    ]);
    expect(lines.some((line) => line.startsWith('Preflight stopped a paid training'))).toBe(true);
    expect(summary.stockFaces).toBeGreaterThanOrEqual(100);
    expect(lines.some((line) => line.includes('training 100%'))).toBe(true);
    expect(lines).toContain(
      `Conversation ${summary.conversationId} is live: https://tavus.daily.co/${summary.conversationId}`,
    );
    expect(lines).toEqual(expect.arrayContaining(['Emotion: happiness', 'Emotion: back to neutral', 'Call ended']));
    const emotions = manual.appMessages(String(summary.conversationId)).map((m) => m.message.properties);
    expect(emotions).toEqual([{ emotion: 'happiness' }, { emotion: 'neutral' }]);
    expect(manual.conversations.get(String(summary.conversationId))?.shutdown_reason).toBe(
      'end_conversation_endpoint_hit',
    );
    expect(manual.faces.size).toBe(0);
    expect(manual.pals.size).toBe(0);
  });

  it('conversations starts a call, steers it, ends it and reads its transcript (manual clock)', async () => {
    const manual = createSimulator({ seed: 3 });
    const client = new Tavus({ apiKey: manual.apiKey, fetch: manual.fetch });
    const { conversation, events } = await conversations(client, manual.addFace().face_id);
    expect(conversation.transcript?.map((t) => t.content)).toContain('What can you help me with?');
    expect(events).toEqual(['system.replica_joined', 'system.shutdown', 'application.transcription_ready']);
    expect(manual.appMessages(conversation.conversation_id)).toHaveLength(5);
    expect(out.some((line) => line.startsWith('refused: emotion: "happy" is not a Phoenix emotion'))).toBe(true);
    const shutdown = (await fixture('conversations.callback.shutdown.legacy.json')).body;
    expect(onCallback(shutdown)).toBe('<conversation_id> ended: participant_left_timeout');
  });

  it('the demo with a key but without --live only reads', async () => {
    const lines: string[] = [];
    const summary = await runDemo({
      tavus,
      mode: 'read-only',
      trainVideoUrl: '',
      intervalMs: 10,
      progress: plainLines((line) => lines.push(line)),
      log: (line) => lines.push(line),
    });
    expect(summary.faceId).toBeUndefined();
    expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(lines.join('\n')).toContain('--live');
  });
});

describe('the preflight example runs on the media fixtures', () => {
  it('checks local files and a URL, and prints what to fix', async () => {
    const server = await startMediaServer();
    try {
      const lines: string[] = [];
      const reports = await preflight(
        [`${FIXTURES}good-75s.mp4`, `${server.origin}/range/vp9-20s.webm`, `${FIXTURES}small-256.jpg`],
        'phoenix-4',
        (line) => lines.push(line),
      );
      expect(reports.map((r) => r.ok)).toEqual([true, false, false]);
      expect(lines[0]).toMatch(
        /^OK {3}.*good-75s\.mp4 \(video, phoenix-4\): h264 \+ aac in mp4, 1920×1080 @ 30 fps, 75\.0 s/,
      );
      expect(lines.some((line) => line.startsWith('  error video_codec_and_format'))).toBe(true);
      expect(lines.some((line) => line.includes('fix: Re-encode: `ffmpeg -i vp9-20s.webm -c:v libx264'))).toBe(true);
      expect(lines.some((line) => line.startsWith('  error image_size'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
