/**
 * tavus.faces.preflight, create({ preflight }) and validateImage: the API through msw, the training
 * media from the 127.0.0.1 media server (msw lets those requests through untouched).
 */
import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/index.node.js';
import { TavusError, type WarningEvent, isTavusError } from '../../src/index.js';
import { BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';
import { DAY, HOUR, presigned } from '../media/helpers.js';
import { FIXTURES, type MediaServer, startMediaServer } from '../media/server.js';

// Captured before msw patches the global: the media host is reached with the real fetch, through
// the options that exist for this (`fetch` of preflight and of validateImage).
const realFetch = globalThis.fetch;
const server = useMsw();
const seen = recordRequests(server);
let media: MediaServer;
const api = () => seen.filter((r) => r.path.startsWith('/v2/'));

beforeAll(async () => {
  media = await startMediaServer();
});
afterAll(() => media.close());

/** The API's handlers; the media host is reached for real (`fetch: realFetch`), never through msw. */
function serve(...handlers: Parameters<typeof server.use>) {
  server.use(...handlers);
  seen.length = 0;
}
const real = { fetch: realFetch };
const at = (file: string, query = '') => `${media.origin}/range/${file}${query ? `?${query}` : ''}`;
const verdict = (passed: boolean) => ({
  passed,
  checks: [
    { id: 'looking_straight_at_camera', label: 'Looking straight at the camera', passed },
    { id: 'image_quality', label: 'Image quality', passed: true },
  ],
  details: { pose_suitable_for_replica: passed },
});

describe('faces.preflight', () => {
  it('checks a good training video and sends nothing to the API', async () => {
    serve();
    const report = await makeClient().faces.preflight({ train_video_url: at('good-75s.mp4') }, real);
    expect(report).toMatchObject({ ok: true, model_name: 'phoenix-4', problems: [] });
    expect(report.reports.train_video_url).toMatchObject({ kind: 'video', videoCodec: 'h264', container: 'mp4' });
    expect(api()).toEqual([]);
  });

  it("names each problem's field, follows the model, and spares the consent video the duration rule", async () => {
    serve();
    const report = await makeClient().faces.preflight(
      {
        train_video_url: at('vp9-20s.webm'),
        consent_video_url: at('short-20s.mp4'),
        model_name: 'phoenix-3',
      },
      real,
    );
    expect(report.ok).toBe(false);
    expect(report.model_name).toBe('phoenix-3');
    const codes = report.problems.map((p) => `${p.field} ${p.severity} ${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['train_video_url error video_codec_and_format', 'train_video_url error video_duration']),
    );
    expect(codes.filter((c) => c.startsWith('consent_video_url'))).toEqual([]);
    expect(report.reports.consent_video_url?.durationS).toBeCloseTo(20, 0);
    // Errors first, then warnings.
    const severities = report.problems.map((p) => p.severity);
    expect(severities).toEqual([...severities].sort());
  });

  it('image training: the local checks, then Tavus own checker with the image as base64', async () => {
    serve(http.post(`${BASE}/v2/faces/image-validation`, () => HttpResponse.json(verdict(true))));
    const report = await makeClient({ validation: 'strict' }).faces.preflight(
      {
        train_image_url: at('good-600x800.png'),
        voice_name: 'anna',
        model_name: 'phoenix-4.5',
      },
      real,
    );
    expect(report.ok).toBe(true);
    expect(report.reports.train_image_url).toMatchObject({ format: 'png', width: 600, height: 800 });
    // The legacy diagnostics name is read as the face-era one.
    expect(report.imageValidation).toMatchObject({ passed: true, details: { pose_suitable_for_face: true } });
    const [request] = await seen.settled().then(() => api());
    expect(request?.body).toEqual({
      imageBase64: readFileSync(`${FIXTURES}good-600x800.png`).toString('base64'),
      mimeType: 'image/png',
      model: 'phoenix-4.5',
    });
  });

  it("a failed check of Tavus's checker is an error; a bad local image is never sent", async () => {
    serve(http.post(`${BASE}/v2/faces/image-validation`, () => HttpResponse.json(verdict(false))));
    const tavus = makeClient();
    const failed = await tavus.faces.preflight({ train_image_url: at('good-1024.jpg'), voice_name: 'anna' }, real);
    expect(failed.ok).toBe(false);
    expect(failed.problems).toEqual([
      expect.objectContaining({
        field: 'train_image_url',
        code: 'image_validation',
        severity: 'error',
        message: expect.stringContaining('looking_straight_at_camera'),
      }),
    ]);
    seen.length = 0;
    const small = await tavus.faces.preflight({ train_image_url: at('small-256.jpg'), voice_name: 'anna' }, real);
    expect(small.problems.map((p) => p.code)).toContain('image_size');
    expect(small.imageValidation).toBeUndefined();
    const skipped = await tavus.faces.preflight(
      { train_image_url: at('good-1024.jpg'), voice_name: 'anna' },
      { validateImage: false, ...real },
    );
    expect(skipped.ok).toBe(true);
    expect(api()).toEqual([]);
  });

  it('bad params throw RequestValidationError before any request, to the API or the media host', async () => {
    serve();
    const tavus = makeClient();
    await expect(tavus.faces.preflight({} as never)).rejects.toMatchObject({ field: 'train_video_url' });
    await expect(tavus.faces.preflight({ train_image_url: at('good-1024.jpg') } as never)).rejects.toMatchObject({
      kind: 'RequestValidationError',
      field: 'voice_name',
    });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

describe('faces.create with { preflight: true }', () => {
  it('throws TrainingMediaError before any POST, without the presigned URL in its message or JSON', async () => {
    serve(http.post(`${BASE}/v2/faces`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    const url = at('short-20s.mp4', presigned['aws-sigv4'](2 * DAY));
    const error = await makeClient()
      .faces.create({ train_video_url: url }, { preflight: real })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TavusError);
    expect(isTavusError(error, 'TrainingMediaError')).toBe(true);
    if (!isTavusError(error, 'TrainingMediaError')) return;
    expect(error.kind).toBe('TrainingMediaError');
    expect(error.problems.map((p) => p.code)).toEqual(['video_duration']);
    expect(error.report.reports.train_video_url?.durationS).toBeCloseTo(20, 0);
    const shown = error.message + JSON.stringify(error);
    expect(shown).not.toContain('X-Amz-Signature');
    expect(shown).toContain('video_duration');
    expect(api()).toEqual([]);
  });

  it('sends the training once when only warnings were found, and reports them on the warning event', async () => {
    serve(http.post(`${BASE}/v2/faces`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    const tavus = makeClient();
    const warnings: WarningEvent[] = [];
    tavus.on('warning', (w) => warnings.push(w));
    const face = await tavus.faces.create({ train_video_url: at('fps60-75s.mp4') }, { preflight: real });
    expect(face.face_id).toBe('r1');
    expect(warnings.map((w) => [w.kind, w.path, w.message.split(':')[1]?.trim()])).toContainEqual([
      'preflight',
      'train_video_url',
      'video_fps',
    ]);
    expect(api().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/faces']);
  });

  it('a short-lived presigned URL stops the training (url_expiry)', async () => {
    serve();
    const error = await makeClient()
      .faces.create({ train_video_url: at('good-75s.mp4', presigned['gcs-v4'](HOUR)) }, { preflight: real })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'TrainingMediaError',
      problems: [expect.objectContaining({ code: 'url_expiry' })],
    });
  });

  it('createAndWatch takes the same option and creates nothing on an error', async () => {
    serve();
    await expect(
      makeClient().faces.createAndWatch({ train_video_url: at('vp9-20s.webm') }, {}, { preflight: real }),
    ).rejects.toMatchObject({ kind: 'TrainingMediaError' });
    expect(api()).toEqual([]);
  });
});

describe('faces.validateImage', () => {
  const png = new Uint8Array(readFileSync(`${FIXTURES}good-600x800.png`));
  const b64 = Buffer.from(png).toString('base64');
  const accept = () => {
    serve(http.post(`${BASE}/v2/faces/image-validation`, () => HttpResponse.json(verdict(true))));
  };
  const sent = async () => (await seen.settled()).filter((r) => r.path.startsWith('/v2/')).map((r) => r.body);

  it('sends every input kind as raw base64 with its type and model (the documented request shape)', async () => {
    const documented = (await fixture<Record<string, string>>('faces.image-validation.request.json')).body;
    accept();
    const tavus = makeClient({ validation: 'strict' });
    await tavus.faces.validateImage(png);
    await tavus.faces.validateImage(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength));
    await tavus.faces.validateImage(new Blob([png], { type: 'image/png' }), { model_name: 'phoenix-4.5' });
    await tavus.faces.validateImage(`data:image/png;base64,${b64}`);
    await tavus.faces.validateImage({ path: `${FIXTURES}good-600x800.png` });
    await tavus.faces.validateImage(at('good-600x800.png'), real);
    await expect(tavus.faces.validateImage(`${media.origin}/status/404`, real)).rejects.toMatchObject({
      field: 'input',
      message: expect.stringMatching(/could not be downloaded \(HTTP 404\)/),
    });
    const bodies = await sent();
    expect(bodies).toHaveLength(6);
    for (const body of bodies) {
      expect(Object.keys(body as object).sort()).toEqual(Object.keys(documented).sort());
      expect(body).toMatchObject({ imageBase64: b64, mimeType: 'image/png' });
    }
    expect(bodies.map((b) => (b as { model: string }).model)).toEqual([
      'phoenix-4',
      'phoenix-4',
      'phoenix-4.5',
      'phoenix-4',
      'phoenix-4',
      'phoenix-4',
    ]);
  });

  it('encodes a JPEG of several hundred KiB exactly as Node does (slices of 3 bytes)', async () => {
    accept();
    const big = new Uint8Array(700_001).map((_, i) => (i * 7919) % 256);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    await makeClient().faces.validateImage(big);
    expect(await sent()).toEqual([
      { imageBase64: Buffer.from(big).toString('base64'), mimeType: 'image/jpeg', model: 'phoenix-4' },
    ]);
  });

  it('refuses an input over the documented limit before anything is sent', async () => {
    accept();
    const tavus = makeClient();
    const max = 21 * 1024 * 1024;
    const over = new Uint8Array(max + 1);
    over.set([0x89, 0x50, 0x4e, 0x47]);
    await expect(tavus.faces.validateImage(over)).rejects.toMatchObject({
      kind: 'RequestValidationError',
      field: 'input',
      message: expect.stringContaining('29360128 characters of base64'),
    });
    await expect(tavus.faces.validateImage(new Blob([over]))).rejects.toMatchObject({ field: 'input' });
    await expect(
      tavus.faces.validateImage(`data:image/png;base64,${'A'.repeat(28 * 1024 * 1024 + 4)}`),
    ).rejects.toMatchObject({ field: 'input' });
    // Exactly at the limit is fine.
    await expect(tavus.faces.validateImage(over.subarray(0, max))).resolves.toMatchObject({ passed: true });
    expect(await sent()).toHaveLength(1);
  });

  it('rejects what it cannot send, naming the field', async () => {
    accept();
    const tavus = makeClient();
    await expect(tavus.faces.validateImage(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ field: 'mimeType' });
    await expect(
      tavus.faces.validateImage(new Uint8Array([1, 2, 3]), { mimeType: 'image/bmp' }),
    ).resolves.toBeDefined();
    await expect(tavus.faces.validateImage('data:image/png,rawtext')).rejects.toMatchObject({ field: 'input' });
    await expect(tavus.faces.validateImage('ftp://example.com/a.png')).rejects.toMatchObject({ field: 'input' });
    await expect(tavus.faces.validateImage(42 as never)).rejects.toMatchObject({ field: 'input' });
    expect(await sent()).toHaveLength(1);
  });

  it('a response that breaks the contract names the field (strict)', async () => {
    serve(
      http.post(`${BASE}/v2/faces/image-validation`, () =>
        HttpResponse.json({ passed: 'yes', checks: [{ id: 1, label: 'x', passed: true }] }),
      ),
    );
    const error = await makeClient({ validation: 'strict' })
      .faces.validateImage(png)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'ResponseValidationError' });
    expect((error as { paths: string[] }).paths.sort()).toEqual(['checks[0].id', 'passed']);
  });

  it('is retried like a read: it creates nothing (a 503, then the verdict)', async () => {
    let calls = 0;
    serve(
      http.post(`${BASE}/v2/faces/image-validation`, () =>
        ++calls === 1 ? HttpResponse.json({ error: 'busy' }, { status: 503 }) : HttpResponse.json(verdict(true)),
      ),
    );
    await expect(makeClient().faces.validateImage(png)).resolves.toMatchObject({ passed: true });
    expect(calls).toBe(2);
  });
});
