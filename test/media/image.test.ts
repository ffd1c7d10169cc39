/** The image rules, through the public entry, from every kind of source. */
import { describe, expect, it } from 'vitest';
import { type TrainingImageReport, checkTrainingMedia } from '../../src/media/index.node.js';
import { bytesOf } from './helpers.js';
import { FIXTURES, startMediaServer } from './server.js';

const check = (name: string, model_name?: string) =>
  checkTrainingMedia({ path: FIXTURES + name }, { kind: 'image', model_name });
const codes = (report: TrainingImageReport) => report.problems.map((p) => `${p.severity}:${p.code}`);

/** A JPEG with a 200 kB APP1 segment (a big EXIF block) before its frame header. */
function withLongExif(jpeg: Uint8Array): Uint8Array {
  const segment = new Uint8Array(4 + 65_533);
  segment.set([0xff, 0xe1, 0xff, 0xff]);
  const out = new Uint8Array(jpeg.length + 3 * segment.length);
  out.set(jpeg.subarray(0, 2));
  for (let i = 0; i < 3; i++) out.set(segment, 2 + i * segment.length);
  out.set(jpeg.subarray(2), 2 + 3 * segment.length);
  return out;
}

describe('checkTrainingMedia for images', () => {
  it('JPEG and PNG of the right size pass, from a path, bytes, a Blob and a File', async () => {
    expect(await check('good-1024.jpg')).toMatchObject({
      kind: 'image',
      ok: true,
      problems: [],
      format: 'jpeg',
      width: 1024,
      height: 1024,
      sizeBytes: bytesOf('good-1024.jpg').length,
    });
    const png = bytesOf('good-600x800.png');
    for (const source of [png, png.slice().buffer, new Blob([png]), new File([png], 'ana.png')]) {
      expect(await checkTrainingMedia(source, { kind: 'image' })).toMatchObject({
        ok: true,
        format: 'png',
        width: 600,
        height: 800,
      });
    }
  });

  it('image_size: under 512 on either side', async () => {
    for (const [name, size] of [
      ['small-256.jpg', '256 × 256'],
      ['small-800x400.png', '800 × 400'],
    ]) {
      const report = await check(name!);
      expect(codes(report), name).toEqual(['error:image_size']);
      expect(report.problems[0]?.message).toContain(`the image is ${size}; Tavus needs at least 512 × 512`);
    }
  });

  it('image_format: WebP and GIF are not JPG or PNG (their size is still read)', async () => {
    const webp = await check('wrong-format-1024.webp');
    expect(webp).toMatchObject({ ok: false, format: 'webp', width: 1024, height: 1024 });
    expect(codes(webp)).toEqual(['error:image_format']);
    expect(webp.problems[0]?.fix).toContain('ffmpeg -i wrong-format-1024.webp -q:v 2 training.jpg');
    const gif = await check('wrong-format-1024.gif');
    expect(gif).toMatchObject({ format: 'gif', width: 1024, height: 1024 });
    expect(codes(gif)).toEqual(['error:image_format']);
  });

  it('image_format: bytes that are no image', async () => {
    const report = await checkTrainingMedia(new TextEncoder().encode('hello'), { kind: 'image' });
    expect(report).toMatchObject({ ok: false, format: null, width: null });
    expect(report.problems[0]?.message).toMatch(/no image format we recognise/);
  });

  it('model_name: phoenix-3 trains from no image', async () => {
    const report = await check('good-1024.jpg', 'phoenix-3');
    expect(codes(report)).toEqual(['error:model_name']);
  });

  it('a JPEG whose frame header sits behind 200 kB of metadata: hops there with range reads', async () => {
    const jpeg = withLongExif(bytesOf('good-1024.jpg'));
    expect(await checkTrainingMedia(jpeg, { kind: 'image' })).toMatchObject({ ok: true, width: 1024, height: 1024 });
    const server = await startMediaServer();
    try {
      const seen: string[] = [];
      const report = await checkTrainingMedia(`${server.origin}/anything.jpg`, {
        kind: 'image',
        // The same bytes through a fetch that answers ranges itself.
        fetch: async (_input, init) => {
          const range = new Headers(init?.headers).get('range') ?? '';
          seen.push(range);
          const [, from, to] = range.match(/bytes=(\d+)-(\d+)/)!.map(Number) as number[];
          return new Response(jpeg.slice(from, to! + 1), {
            status: 206,
            headers: { 'content-type': 'image/jpeg', 'content-range': `bytes ${from}-${to}/${jpeg.length}` },
          });
        },
      });
      expect(report).toMatchObject({ ok: true, format: 'jpeg', width: 1024, height: 1024 });
      expect(seen.length).toBeGreaterThan(1);
      expect(report.bytesRead).toBeLessThan(jpeg.length);
    } finally {
      await server.close();
    }
  });
});
