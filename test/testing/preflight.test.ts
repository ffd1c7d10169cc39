/** The simulator's issue-18 routes and knobs: image validation, Create Voice, media facts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tavus, isTavusError, parseTrainingCallback, parseVoiceCallback } from '../../src/index.js';
import { type SimCallback, createSimulator } from '../../src/testing/index.js';
import { fixture } from '../helpers/msw.js';
import { FIXTURES } from '../media/server.js';
import { call } from './helpers.js';

const b64 = (name: string) => readFileSync(FIXTURES + name).toString('base64');

describe('simulator: POST /v2/faces/image-validation', () => {
  it('gives deterministic verdicts from the decoded image (format, size, aspect)', async () => {
    const sim = createSimulator();
    const verdict = async (name: string, mimeType = 'image/png') =>
      (await call(sim, 'POST', '/v2/faces/image-validation', { imageBase64: b64(name), mimeType })).body as {
        passed: boolean;
        checks: { id: string; passed: boolean }[];
        details: Record<string, unknown>;
      };
    const good = await verdict('good-600x800.png');
    expect(good.passed).toBe(true);
    expect(good.details).toMatchObject({ format: 'png', width: 600, height: 800, pose_suitable_for_face: true });
    const jpeg = await verdict('good-1024.jpg', 'image/jpeg');
    expect(jpeg).toMatchObject({ passed: true, details: { format: 'jpeg', width: 1024, height: 1024 } });
    const failed = (await verdict('small-800x400.png')).checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failed).toEqual(['image_resolution', 'head_fully_in_frame']);
    expect((await verdict('wrong-format-1024.webp', 'image/webp')).checks[0]).toMatchObject({ passed: false });
    // The replica-era route answers with its own diagnostics name.
    const legacy = await call(sim, 'POST', '/v2/replicas/image-validation', {
      imageBase64: b64('good-600x800.png'),
      mimeType: 'image/png',
    });
    expect((legacy.body as { details: object }).details).toHaveProperty('pose_suitable_for_replica', true);
  });

  it('refuses bad bodies as the documented limits say', async () => {
    const sim = createSimulator();
    const status = async (body: unknown) => (await call(sim, 'POST', '/v2/faces/image-validation', body)).status;
    expect(await status({ mimeType: 'image/png' })).toBe(400);
    expect(
      await status({ imageBase64: `data:image/png;base64,${b64('good-600x800.png')}`, mimeType: 'image/png' }),
    ).toBe(400);
    expect(await status({ imageBase64: b64('good-600x800.png') })).toBe(400);
    expect(await status({ imageBase64: b64('good-600x800.png'), mimeType: 'image/png', model: 'phoenix-3' })).toBe(400);
    expect(await status({ imageBase64: 'A'.repeat(28 * 1024 * 1024 + 4), mimeType: 'image/png' })).toBe(413);
    expect((await call(sim, 'POST', '/v2/faces/image-validation', {}, 'wrong')).status).toBe(401);
  });

  it('faults apply to it: a 503 is retried by the client (it creates nothing)', async () => {
    const sim = createSimulator();
    const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch, backoff: { initialDelayMs: 1, maxDelayMs: 2 } });
    sim.failNext({ status: 503, match: { path: '/v2/faces/image-validation' } });
    const verdict = await tavus.faces.validateImage(readFileSync(`${FIXTURES}good-600x800.png`));
    expect(verdict.passed).toBe(true);
    expect(sim.requests.filter((r) => r.path === '/v2/faces/image-validation')).toHaveLength(2);
  });
});

describe('simulator: POST /v2/voices', () => {
  it('makes a voice that settles on the clock and calls back', async () => {
    const callbacks: SimCallback[] = [];
    const sim = createSimulator({ voiceMs: 60_000, onCallback: (c) => callbacks.push(c) });
    const made = await call(sim, 'POST', '/v2/voices', {
      voice_name: 'Ana',
      audio_url: 'https://example.com/ana.mp3',
      callback_url: 'https://example.com/hooks/voice',
    });
    expect(made.status).toBe(200);
    const { voice_id } = made.body as { voice_id: string };
    expect((await call(sim, 'GET', `/v2/voices/${voice_id}`)).body).toMatchObject({
      status: 'started',
      voice_type: 'user',
    });
    sim.advance(59_999);
    expect(callbacks).toEqual([]);
    sim.advance(1);
    expect((await call(sim, 'GET', `/v2/voices/${voice_id}`)).body).toMatchObject({ status: 'completed' });
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]?.url).toBe('https://example.com/hooks/voice');
    expect(parseVoiceCallback(callbacks[0]?.body)).toMatchObject({ voice_id, status: 'completed', voice_name: 'Ana' });
    expect(sim.voices.some((v) => v.voice_id === voice_id)).toBe(true);
  });

  it('checks the documented limits, and fails a voice whose audio has no sound', async () => {
    const sim = createSimulator({ media: { 'https://example.com/silent.mp4': { hasAudio: false } } });
    const status = async (body: unknown) => (await call(sim, 'POST', '/v2/voices', body)).status;
    const ok = { voice_name: 'Ana', audio_url: 'https://example.com/ana.mp3' };
    expect(await status({ ...ok, voice_name: '' })).toBe(400);
    expect(await status({ ...ok, voice_name: 'x'.repeat(256) })).toBe(400);
    expect(await status({ ...ok, audio_url: 'https://example.com/ana.txt' })).toBe(400);
    expect(await status({ ...ok, description: 'd'.repeat(1001) })).toBe(400);
    expect((await call(sim, 'PATCH', '/v2/voices/v1', {})).status).toBe(405);
    const { voice_id } = (await call(sim, 'POST', '/v2/voices', { ...ok, audio_url: 'https://example.com/silent.mp4' }))
      .body as { voice_id: string };
    sim.advance(90_000);
    expect((await call(sim, 'GET', `/v2/voices/${voice_id}`)).body).toMatchObject({
      status: 'error',
      error_message: expect.stringContaining('no audio'),
    });
  });
});

describe('simulator: media facts', () => {
  const START = Date.parse('2026-01-01T00:00:00.000Z');

  it('a training from a video Tavus would reject fails at its end with the matching error', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ durationS: 40 }, 'does not meet the minimum duration requirement'],
      [{ container: 'webm', videoCodec: 'vp9' }, 'must be an .mp4 file encoded with H.264'],
      [{ container: 'mov' }, 'must be an .mp4 file'],
      [{ videoCodec: 'hevc' }, 'must be encoded with H.264'],
      [{ sizeBytes: 900_000_000 }, 'less than 750MB'],
      [{ reachable: false }, 'issue downloading your video file'],
    ];
    for (const [facts, text] of cases) {
      const sim = createSimulator();
      sim.setMedia('https://example.com/bad.mp4', facts);
      const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
      const { face, watch } = await tavus.faces.createAndWatch({ train_video_url: 'https://EXAMPLE.com/bad.mp4' });
      const error = await watch.done.catch((e: unknown) => e);
      expect(isTavusError(error, 'TrainingFailedError'), JSON.stringify(facts)).toBe(true);
      expect((error as { errorMessage: string }).errorMessage).toContain(text);
      expect(sim.now() - START).toBeGreaterThanOrEqual(sim.trainingMs);
      expect(sim.faces.get(face.face_id)?.status).toBe('error');
    }
  });

  it('the duration text is the documented error callback, and a good video trains', async () => {
    const { body } = await fixture<Record<string, string>>('callbacks.training.error.json');
    const sim = createSimulator({
      media: { 'https://example.com/short.mp4': { durationS: 40 }, 'https://example.com/ok.mp4': { durationS: 75 } },
    });
    const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
    const short = await tavus.faces.create({
      train_video_url: 'https://example.com/short.mp4',
      callback_url: 'https://example.com/cb',
    });
    const ok = await tavus.faces.create({ train_video_url: 'https://example.com/ok.mp4' });
    sim.advance(sim.trainingMs);
    const cb = sim.callbacks.find((c) => c.body.face_id === short.face_id);
    expect(parseTrainingCallback(cb?.body).error_message).toBe(body.error_message);
    expect(sim.faces.get(ok.face_id)?.status).toBe('completed');
  });

  it('serves the bytes it was given, with Range, to anyone (no key), and preflight reads them', async () => {
    const bytes = new Uint8Array(readFileSync(`${FIXTURES}short-20s.mp4`));
    const url = 'https://example.com/rio-short.mp4?X-Amz-Signature=x';
    const sim = createSimulator({ media: { [url]: { durationS: 20, bytes } } });
    const part = await sim.fetch(url, { headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(0, 10));
    expect((await sim.fetch(url)).status).toBe(200);
    expect(sim.requests).toEqual([]);
    const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
    const report = await tavus.faces.preflight({ train_video_url: url }, { fetch: sim.fetch });
    expect(report.problems.map((p) => `${p.severity} ${p.code}`)).toEqual([
      'error video_duration',
      'warning url_expiry',
    ]);
    // Facts outlive reset, like the options they can come from.
    sim.reset();
    expect((await sim.fetch(url)).status).toBe(200);
  });
});
