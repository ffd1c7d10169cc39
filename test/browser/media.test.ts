/** tavus-faces/media in Chromium: a `File` as a user picks it, read in slices, and a same-origin URL. */
import { describe, expect, it } from 'vitest';
import { checkTrainingMedia } from '../../src/media/index.js';

/** A fixture as the `File` an `<input type="file">` gives (the test server serves the repository). */
async function pick(name: string, type: string): Promise<File> {
  const response = await fetch(new URL(`../fixtures/media/${name}`, import.meta.url));
  return new File([await response.blob()], name, { type });
}

describe('checkTrainingMedia in a browser', () => {
  it('a good video File passes, and only its metadata is read', async () => {
    const file = await pick('good-125s-moov-end.mp4', 'video/mp4');
    const report = await checkTrainingMedia(file, { kind: 'video' });
    expect(report).toMatchObject({
      ok: true,
      problems: [],
      container: 'mp4',
      videoCodec: 'h264',
      audioCodec: 'aac',
      width: 1920,
      height: 1080,
      fps: 30,
      hasAudio: true,
      sizeBytes: file.size,
    });
    expect(report.durationS).toBeCloseTo(125, 0);
  });

  it('a VP9 WebM File: the fix names the file', async () => {
    const report = await checkTrainingMedia(await pick('vp9-20s.webm', 'video/webm'), { kind: 'video' });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ code: 'video_codec_and_format' });
    expect(report.problems[0]?.fix).toContain('ffmpeg -i vp9-20s.webm');
  });

  it('image Files', async () => {
    expect(await checkTrainingMedia(await pick('good-1024.jpg', 'image/jpeg'), { kind: 'image' })).toMatchObject({
      ok: true,
      format: 'jpeg',
      width: 1024,
    });
    const small = await checkTrainingMedia(await pick('small-256.jpg', 'image/jpeg'), { kind: 'image' });
    expect(small.problems.map((p) => p.code)).toEqual(['image_size']);
  });

  it('{ path } is a Node source', async () => {
    await expect(checkTrainingMedia({ path: 'rio.mp4' }, { kind: 'video' })).rejects.toThrow(/pass a File or Blob/);
  });
});
