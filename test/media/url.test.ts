/**
 * URL sources against a 127.0.0.1 server: with and without Range support, presigned-looking URLs
 * with short and long expiries, HTML pages, error statuses, and large files synthesised on the fly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TrainingMediaReport, checkTrainingMedia } from '../../src/media/index.js';
import { DAY, HOUR, bytesOf, presigned } from './helpers.js';
import { type MediaServer, startMediaServer } from './server.js';

let server: MediaServer;
beforeAll(async () => {
  server = await startMediaServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const video = (path: string, model_name?: string) =>
  checkTrainingMedia(server.origin + path, { kind: 'video', model_name });
const codes = (report: TrainingMediaReport) => report.problems.map((p) => `${p.severity}:${p.code}`);
const MB = 1_000_000;

describe('a URL with Range support', () => {
  it('reads the facts from a few ranges and reports the URL facts', async () => {
    const report = await video('/range/good-125s.mp4');
    expect(report).toMatchObject({
      ok: true,
      problems: [],
      url: `${server.origin}/range/good-125s.mp4`,
      status: 206,
      contentType: 'video/mp4',
      rangeSupported: true,
      signature: null,
      expiresAt: null,
      container: 'mp4',
      videoCodec: 'h264',
      sizeBytes: bytesOf('good-125s.mp4').length,
    });
    expect(server.ranges()[0]).toBe('bytes=0-65535');
    expect(report.bytesRead).toBe(server.served());
  });

  it('a 700 MB file with the moov at the start: one 64 KiB range', async () => {
    const report = await video(`/synth/range/${700 * MB}/good-125s.mp4`);
    expect(report).toMatchObject({ ok: true, problems: [], sizeBytes: 700 * MB, durationS: expect.closeTo(125, 0) });
    expect(server.served()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a 700 MB file with the moov at the end: the start, then the end', async () => {
    const report = await video(`/synth/range/${700 * MB}/good-125s-moov-end.mp4`);
    expect(report).toMatchObject({ ok: true, problems: [], sizeBytes: 700 * MB, fps: 30, hasAudio: true });
    expect(server.requests()).toBe(2);
    expect(server.ranges()[1]).toMatch(new RegExp(`^bytes=${700 * MB - 35938}-`));
    expect(server.served()).toBeLessThan(128 * 1024);
  });

  it('file_size: over 750 MB, from Content-Range, with a re-encode that fits', async () => {
    const report = await video(`/synth/range/${800 * MB}/good-125s.mp4`);
    expect(codes(report)).toEqual(['error:file_size']);
    expect(report.problems[0]?.message).toBe('the file is 800 MB; Tavus takes less than 750 MB');
    // 700 MB over 125 s, less 128 kb/s of audio: 44.67 Mb/s, above the 20 Mb/s cap, so quality-based.
    expect(report.problems[0]?.fix).toContain('-crf 20');
    expect(report.bytesRead).toBeLessThan(100_000);
  });
});

describe('a URL without Range support', () => {
  it('a small file: read whole, every rule checked', async () => {
    const report = await video('/plain/good-75s.mp4');
    expect(report).toMatchObject({ ok: true, problems: [], status: 200, rangeSupported: false, unchecked: [] });
    expect(report.bytesRead).toBe(bytesOf('good-75s.mp4').length);
  });

  it('no Content-Length: the size is what arrived', async () => {
    const report = await video('/chunked/good-75s.mp4');
    expect(report).toMatchObject({ ok: true, problems: [], sizeBytes: bytesOf('good-75s.mp4').length });
  });

  it('700 MB with the moov at the start: a bounded prefix is enough', async () => {
    const report = await video(`/synth/plain/${700 * MB}/good-125s.mp4`);
    expect(report).toMatchObject({ ok: true, problems: [], unchecked: [], sizeBytes: 700 * MB, videoCodec: 'h264' });
    expect(report.bytesRead).toBe(4 * 1024 * 1024);
    // What the server wrote before the client hung up: the prefix and what the sockets buffered, not 700 MB.
    expect(server.served()).toBeLessThan(64 * MB);
  });

  it('700 MB with the moov at the end: says what it could not check', async () => {
    const report = await video(`/synth/plain/${700 * MB}/good-125s-moov-end.mp4`);
    expect(report.ok).toBe(true);
    expect(codes(report)).toEqual(['warning:not_checked']);
    expect(report.unchecked).toEqual(
      expect.arrayContaining(['video_codec', 'video_duration', 'video_fps', 'video_resolution', 'audio_missing']),
    );
    expect(report.unchecked).not.toContain('file_size');
    expect(report.problems[0]?.message).toMatch(/does not support Range requests, so only the first 4 MiB were read/);
    expect(report.problems[0]?.fix).toContain('-movflags +faststart');
    expect(report).toMatchObject({ sizeBytes: 700 * MB, container: 'mp4', videoCodec: null });
  });

  it('file_size from Content-Length', async () => {
    expect(codes(await video(`/synth/plain/${800 * MB}/good-125s.mp4`))).toEqual(['error:file_size']);
  });
});

describe('download_link', () => {
  it('an HTML page, typed or not', async () => {
    for (const path of ['/html/share', '/html-untyped/share']) {
      const report = await video(path);
      expect(codes(report), path).toEqual(['error:download_link']);
      expect(report.problems[0]?.message).toMatch(/HTML page/);
      expect(report.unchecked).toContain('video_codec');
    }
  });

  it('an error status', async () => {
    const report = await video('/status/403');
    expect(report).toMatchObject({ ok: false, status: 403, contentType: 'application/xml' });
    expect(report.problems[0]?.message).toMatch(/answered 403 \(an expired signature/);
    expect(codes(await video('/status/404'))).toEqual(['error:download_link']);
  });

  it('an unreachable server, a non-HTTP URL, a string that is no URL', async () => {
    const closed = await startMediaServer();
    await closed.close();
    const unreachable = await checkTrainingMedia(`${closed.origin}/range/good-75s.mp4`, { kind: 'video' });
    expect(unreachable).toMatchObject({ ok: false, status: 0 });
    expect(unreachable.problems[0]?.message).toMatch(/could not be fetched/);
    for (const url of ['s3://bucket/rio.mp4', 'ftp://example.com/rio.mp4', 'rio.mp4']) {
      const report = await checkTrainingMedia(url, { kind: 'video' });
      expect(codes(report), url).toEqual(['error:download_link']);
    }
    expect((await checkTrainingMedia('rio.mp4', { kind: 'video' })).problems[0]?.message).toMatch(/pass \{ path \}/);
  });

  it('sends no header but Range: Tavus will fetch the URL as it is', async () => {
    const seen: Headers[] = [];
    await checkTrainingMedia(`${server.origin}/range/good-75s.mp4`, {
      kind: 'video',
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    for (const headers of seen) expect([...headers.keys()]).toEqual(['range']);
  });
});

describe('content_type', () => {
  it('a type that is neither video nor a generic binary is a warning', async () => {
    const report = await video('/typed/text/plain/good-75s.mp4');
    expect(report).toMatchObject({ ok: true, contentType: 'text/plain' });
    expect(codes(report)).toEqual(['warning:content_type']);
  });

  it('application/octet-stream (what many uploads get) is fine: the bytes decide', async () => {
    expect(codes(await video('/typed/application/octet-stream/good-75s.mp4'))).toEqual([]);
  });
});

describe('url_expiry: presigned URLs need 24 h left', () => {
  const schemes = Object.keys(presigned) as (keyof typeof presigned)[];
  it.each(schemes)('%s: 1 h left is an error, 7 days is fine', async (scheme) => {
    const short = await video(`/range/good-75s.mp4?${presigned[scheme](HOUR)}`);
    expect(short).toMatchObject({ ok: false, signature: scheme });
    expect(codes(short)).toEqual(['error:url_expiry']);
    expect(short.problems[0]?.message).toMatch(/in 1\.0 h; Tavus needs it downloadable for at least 24 h/);
    const long = await video(`/range/good-75s.mp4?${presigned[scheme](7 * DAY)}`);
    expect(long).toMatchObject({ ok: true, problems: [], signature: scheme });
    expect(Date.parse(long.expiresAt ?? '') - Date.now()).toBeGreaterThan(7 * DAY * 1000 - 60_000);
  });

  it('signed for exactly 24 h two minutes ago passes; an expired URL fails', async () => {
    expect(codes(await video(`/range/good-75s.mp4?${presigned['aws-sigv4'](DAY, 120)}`))).toEqual([]);
    const expired = await video(`/range/good-75s.mp4?${presigned['aws-sigv4'](HOUR, 2 * HOUR)}`);
    expect(expired.problems[0]?.message).toMatch(/expired at/);
  });

  it('temporary credentials are a warning', async () => {
    const report = await video(`/range/good-75s.mp4?${presigned['aws-sigv4'](2 * DAY, 0, true)}`);
    expect(report.ok).toBe(true);
    expect(codes(report)).toEqual(['warning:url_expiry']);
    expect(report.problems[0]?.message).toMatch(/X-Amz-Security-Token/);
  });
});

describe('images by URL', () => {
  it('with and without Range', async () => {
    for (const mode of ['range', 'plain']) {
      const report = await checkTrainingMedia(`${server.origin}/${mode}/good-1024.jpg`, { kind: 'image' });
      expect(report, mode).toMatchObject({ ok: true, problems: [], format: 'jpeg', width: 1024, height: 1024 });
    }
  });

  it('a video URL given as an image: content_type warning and image_format error', async () => {
    const report = await checkTrainingMedia(`${server.origin}/range/good-75s.mp4`, { kind: 'image' });
    expect(codes(report)).toEqual(['error:image_format', 'warning:content_type']);
  });
});

describe('abort', () => {
  it('rejects with the reason while reading', async () => {
    const controller = new AbortController();
    const pending = checkTrainingMedia(`${server.origin}/synth/range/${700 * MB}/good-125s-moov-end.mp4`, {
      kind: 'video',
      signal: controller.signal,
      fetch: async (input, init) => {
        controller.abort(new Error('user cancelled'));
        return fetch(input, init);
      },
    });
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
