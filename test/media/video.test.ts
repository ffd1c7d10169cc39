/** Every video rule, per model, through the public Node entry, from every kind of source. */
import { describe, expect, it } from 'vitest';
import { type TrainingVideoReport, checkTrainingMedia } from '../../src/media/index.node.js';
import { bytesOf } from './helpers.js';
import { FIXTURES } from './server.js';

const check = (name: string, model_name?: string) =>
  checkTrainingMedia({ path: FIXTURES + name }, { kind: 'video', model_name });
const codes = (report: TrainingVideoReport) => report.problems.map((p) => `${p.severity}:${p.code}`);

describe('checkTrainingMedia: the facts read', () => {
  const good = {
    kind: 'video',
    ok: true,
    problems: [],
    unchecked: [],
    model_name: 'phoenix-4',
    container: 'mp4',
    videoCodec: 'h264',
    audioCodec: 'aac',
    width: 1920,
    height: 1080,
    fps: 30,
    hasAudio: true,
    sizeBytes: bytesOf('good-125s.mp4').length,
  };
  const bytes = bytesOf('good-125s.mp4');
  it.each([
    ['{ path }', () => ({ path: FIXTURES + 'good-125s.mp4' })],
    ['a Uint8Array', () => bytes],
    ['an ArrayBuffer', () => bytes.slice().buffer],
    ['a Blob', () => new Blob([bytes], { type: 'video/mp4' })],
    ['a File', () => new File([bytes], 'rio.mp4', { type: 'video/mp4' })],
  ])('from %s', async (_, source) => {
    const report = await checkTrainingMedia(source(), { kind: 'video' });
    expect(report).toMatchObject(good);
    expect(report.durationS).toBeCloseTo(125, 0);
    // Only the moov box (36 kB here) and the boxes' headers are read, not the media data.
    expect(report.bytesRead).toBeLessThan(bytes.length);
    expect(report.url).toBeUndefined();
  });

  it('with the moov box at the end', async () => {
    const report = await check('good-125s-moov-end.mp4');
    expect(report).toMatchObject({ ...good, sizeBytes: bytesOf('good-125s-moov-end.mp4').length });
  });

  it('of a WebM (VP9 + Opus)', async () => {
    const report = await check('vp9-20s.webm');
    expect(report).toMatchObject({
      container: 'webm',
      videoCodec: 'vp9',
      audioCodec: 'opus',
      width: 640,
      height: 360,
      fps: 30,
    });
    expect(report.durationS).toBeCloseTo(20, 0);
  });
});

describe('checkTrainingMedia: the rules', () => {
  it('video_duration follows the model: phoenix-3 asks for ~2 min, phoenix-4 and 4.5 for 1 min', async () => {
    expect(codes(await check('good-75s.mp4'))).toEqual([]);
    expect(codes(await check('good-75s.mp4', 'phoenix-4.5'))).toEqual([]);
    const p3 = await check('good-75s.mp4', 'phoenix-3');
    expect(codes(p3)).toEqual(['warning:video_duration']);
    expect(p3.problems[0]?.message).toMatch(/75\.0 s long; phoenix-3 asks for about 120 s/);
    expect(p3.problems[0]?.source).toMatch(/phoenix-3-video-requirements/);
    expect(codes(await check('good-125s.mp4', 'phoenix-3'))).toEqual([]);
    for (const model of ['phoenix-3', 'phoenix-4', 'phoenix-4.5']) {
      const short = await check('short-20s.mp4', model);
      expect(codes(short)).toEqual(['error:video_duration']);
      expect(short.ok).toBe(false);
      expect(short.problems[0]?.message).toContain(`${model} needs at least 60 s`);
    }
  });

  it('audio_missing: no audio track, no voice to clone', async () => {
    const report = await check('no-audio-75s.mp4');
    expect(report).toMatchObject({ ok: false, hasAudio: false, audioCodec: null });
    expect(codes(report)).toEqual(['error:audio_missing']);
    expect(report.problems[0]?.fix).toContain('ffmpeg -i no-audio-75s.mp4 -i voice.wav');
  });

  it('video_resolution: below 1080p is a warning', async () => {
    const report = await check('low-res-75s.mp4');
    expect(report).toMatchObject({ ok: true, width: 640, height: 360 });
    expect(codes(report)).toEqual(['warning:video_resolution']);
  });

  it('video_fps: above ~30 fps is a warning, with the re-encode at 30 fps', async () => {
    const report = await check('fps60-75s.mp4');
    expect(report).toMatchObject({ ok: true, fps: 60 });
    expect(codes(report)).toEqual(['warning:video_fps']);
    expect(report.problems[0]?.fix).toContain('-r 30');
  });

  it('video_format: H.264 in a .mov is remuxed, not re-encoded', async () => {
    const report = await check('h264-75s.mov');
    expect(report).toMatchObject({ ok: false, container: 'mov', videoCodec: 'h264' });
    expect(codes(report)).toEqual(['error:video_format']);
    expect(report.problems[0]?.fix).toContain('ffmpeg -i h264-75s.mov -c copy -movflags +faststart training.mp4');
  });

  it('video_codec: HEVC in an .mp4 is re-encoded to H.264', async () => {
    const report = await check('hevc-75s.mp4');
    expect(report).toMatchObject({ ok: false, container: 'mp4', videoCodec: 'hevc' });
    expect(codes(report)).toEqual(['error:video_codec']);
    expect(report.problems[0]?.fix).toMatch(/ffmpeg -i hevc-75s\.mp4 -c:v libx264 .*-c:a aac .*training\.mp4/);
  });

  it('video_codec_and_format: VP9 in WebM is neither (Tavus has one error for both)', async () => {
    const report = await check('vp9-20s.webm');
    expect(codes(report)).toEqual(['error:video_codec_and_format', 'error:video_duration', 'warning:video_resolution']);
  });

  it('video_format: bytes that are no video container', async () => {
    const report = await checkTrainingMedia(new TextEncoder().encode('just some text, not a video at all'), {
      kind: 'video',
    });
    expect(report).toMatchObject({ ok: false, container: null, videoCodec: null });
    expect(codes(report)).toEqual(['error:video_format']);
    expect(report.problems[0]?.message).toMatch(/not an MP4, MOV, WebM or Matroska file/);
  });

  it('every problem has a fix and a source', async () => {
    for (const name of ['short-20s.mp4', 'no-audio-75s.mp4', 'vp9-20s.webm', 'h264-75s.mov', 'fps60-75s.mp4']) {
      for (const p of (await check(name)).problems) {
        expect(p.fix.length, `${name} ${p.code}`).toBeGreaterThan(20);
        expect(p.source, `${name} ${p.code}`).toMatch(/^https:\/\//);
      }
    }
  });

  it('model_name: an unknown model gets phoenix-4 rules and a warning', async () => {
    const report = await check('good-75s.mp4', 'phoenix-9');
    expect(report).toMatchObject({ ok: true, model_name: 'phoenix-9' });
    expect(codes(report)).toEqual(['warning:model_name']);
  });
});

describe('checkTrainingMedia: bad calls', () => {
  it('rejects a missing kind and an unknown source type', async () => {
    // @ts-expect-error kind is required
    await expect(checkTrainingMedia(bytesOf('good-75s.mp4'), {})).rejects.toThrow(TypeError);
    // @ts-expect-error not a source
    await expect(checkTrainingMedia(42, { kind: 'video' })).rejects.toThrow(/must be an http\(s\) URL, a Blob/);
  });

  it('rejects a { path } that does not exist', async () => {
    await expect(checkTrainingMedia({ path: FIXTURES + 'nope.mp4' }, { kind: 'video' })).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('rejects with the reason of an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      checkTrainingMedia(bytesOf('good-75s.mp4'), { kind: 'video', signal: controller.signal }),
    ).rejects.toThrow('stop');
  });
});
