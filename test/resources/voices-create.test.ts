/** tavus.voices.create and parseVoiceCallback (msw), and the voice wait (the simulator). */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { Tavus, isTavusError, parseVoiceCallback } from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);
const created = { voice_id: 'v0a1b2c3d4e5f', status: 'started' };

describe('voices.create', () => {
  it('sends the documented fields and resolves with the new voice (strict)', async () => {
    const { body } = await fixture<Record<string, string>>('voices.create.request.json');
    server.use(http.post(`${BASE}/v2/voices`, () => HttpResponse.json(created)));
    seen.length = 0;
    const voice = await makeClient({ validation: 'strict' }).voices.create({
      voice_name: body.voice_name as string,
      audio_url: body.audio_url as string,
      description: body.description,
      callback_url: '',
    });
    expect(voice).toEqual(created);
    expect((await seen.settled())[0]?.body).toEqual(body);
  });

  it('checks the name, the audio URL and format, the description and the callback before any request', async () => {
    server.use(http.post(`${BASE}/v2/voices`, () => HttpResponse.json(created)));
    seen.length = 0;
    const tavus = makeClient();
    const ok = { voice_name: 'Ana', audio_url: 'https://example.com/ana.mp3' };
    for (const [params, field] of [
      [{ ...ok, voice_name: ' ' }, 'voice_name'],
      [{ ...ok, voice_name: 'x'.repeat(256) }, 'voice_name'],
      [{ ...ok, audio_url: '/ana.mp3' }, 'audio_url'],
      [{ ...ok, audio_url: 'ftp://example.com/ana.mp3' }, 'audio_url'],
      [{ ...ok, audio_url: 'https://example.com/ana.txt' }, 'audio_url'],
      [{ ...ok, audio_url: `https://example.com/${'a'.repeat(2040)}.mp3` }, 'audio_url'],
      [{ ...ok, description: 'd'.repeat(1001) }, 'description'],
      [{ ...ok, description: 7 }, 'description'],
      [{ ...ok, callback_url: 'not a url' }, 'callback_url'],
      [null, 'params'],
    ] as const) {
      await expect(tavus.voices.create(params as never), field).rejects.toMatchObject({
        kind: 'RequestValidationError',
        field,
      });
    }
    // Limits are inclusive; a presigned URL without an extension and a video are accepted.
    await tavus.voices.create({
      voice_name: 'x'.repeat(255),
      audio_url: 'https://s3.example.com/upload?X-Amz-Signature=a',
    });
    await tavus.voices.create({ ...ok, audio_url: 'https://example.com/ANA.MOV', description: 'd'.repeat(1000) });
    expect(seen).toHaveLength(2);
  });

  it('never re-sends a create after a 5xx or a lost connection (a second voice); a 429 is retried', async () => {
    const tavus = makeClient({ maxRetries: 3 });
    const ok = { voice_name: 'Ana', audio_url: 'https://example.com/ana.mp3' };
    for (const failure of [
      () => HttpResponse.json({ error: 'boom' }, { status: 500 }),
      () => HttpResponse.json({ error: 'busy' }, { status: 503 }),
      () => HttpResponse.error(),
    ]) {
      server.use(http.post(`${BASE}/v2/voices`, failure));
      seen.length = 0;
      await expect(tavus.voices.create(ok)).rejects.toBeInstanceOf(Error);
      expect(seen).toHaveLength(1);
    }
    let calls = 0;
    server.use(
      http.post(`${BASE}/v2/voices`, () =>
        ++calls === 1 ? HttpResponse.json({ error: 'slow down' }, { status: 429 }) : HttpResponse.json(created),
      ),
    );
    await expect(tavus.voices.create(ok)).resolves.toEqual(created);
    expect(calls).toBe(2);
  });

  it('a timed-out create is not re-sent either', async () => {
    server.use(http.post(`${BASE}/v2/voices`, () => new Promise(() => undefined)));
    seen.length = 0;
    const tavus = makeClient({ timeoutMs: 50, maxRetries: 3 });
    await expect(
      tavus.voices.create({ voice_name: 'Ana', audio_url: 'https://example.com/ana.mp3' }),
    ).rejects.toMatchObject({ kind: 'APITimeoutError' });
    expect(seen).toHaveLength(1);
  });

  it('an answer without a voice_id names the field (strict)', async () => {
    server.use(http.post(`${BASE}/v2/voices`, () => HttpResponse.json({ status: 'started' })));
    await expect(
      makeClient({ validation: 'strict' }).voices.create({
        voice_name: 'Ana',
        audio_url: 'https://example.com/ana.mp3',
      }),
    ).rejects.toMatchObject({ kind: 'ResponseValidationError', paths: ['voice_id'] });
  });
});

describe('parseVoiceCallback', () => {
  it('reads the documented fields at the top level, under properties, or as JSON text', async () => {
    const { body } = await fixture<Record<string, string>>('voices.callback.status-changed.json');
    const expected = { voice_id: 'v0a1b2c3d4e5f', voice_name: 'Ana', status: 'completed', error_message: null };
    expect(parseVoiceCallback(body)).toEqual({ ...expected, raw: body });
    const envelope = {
      event_type: 'application.voice_status_changed',
      message_type: 'application',
      timestamp: '2026-08-17T12:00:00.000000Z',
      properties: { ...body, status: 'error', error_message: 'no speech found' },
    };
    const parsed = parseVoiceCallback(JSON.stringify(envelope));
    expect(parsed).toMatchObject({
      ...expected,
      status: 'error',
      error_message: 'no speech found',
      event_type: 'application.voice_status_changed',
      timestamp: '2026-08-17T12:00:00.000000Z',
    });
    // Its own output parses to the same thing (a snapshot: applying it twice is safe).
    expect(parseVoiceCallback(parsed)).toEqual(parsed);
  });

  it('reads the replica-era replica_id as face_id', () => {
    expect(parseVoiceCallback({ voice_id: 'v1', status: 'completed', replica_id: 'r90bbd427f71' })).toMatchObject({
      face_id: 'r90bbd427f71',
      voice_name: null,
    });
  });

  it('bad bodies: a ResponseValidationError naming the field; deep ones a RequestValidationError', () => {
    const paths = (body: unknown) => {
      try {
        parseVoiceCallback(body);
      } catch (error) {
        return isTavusError(error, 'ResponseValidationError') ? error.paths : (error as { kind: string }).kind;
      }
      return 'parsed';
    };
    expect(paths({ status: 'completed' })).toEqual(['voice_id']);
    expect(paths({ voice_id: '', status: 'completed' })).toEqual(['voice_id']);
    expect(paths({ voice_id: 'v1', status: 3 })).toEqual(['status']);
    expect(paths({ voice_id: 'v1', status: 'completed', event_type: 'system.shutdown' })).toEqual(['event_type']);
    expect(paths({ voice_id: 'v1', status: 'error', error_message: {} })).toEqual(['error_message']);
    expect(paths('{"voice_id":')).toEqual(['']);
    expect(paths([])).toEqual(['']);
    expect(paths(null)).toEqual(['']);
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { properties: deep };
    expect(paths(deep)).toBe('RequestValidationError');
    expect(paths(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toBe('RequestValidationError');
  });
});

describe('voices.waitUntilReady and createAndWait (simulator)', () => {
  const client = (sim: ReturnType<typeof createSimulator>) => new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch });
  const ana = { voice_name: 'Ana', audio_url: 'https://example.com/ana.mp3' };

  it('resolves with the completed voice on simulated time', async () => {
    const sim = createSimulator();
    const voice = await client(sim).voices.createAndWait(ana);
    expect(voice).toMatchObject({ voice_name: 'Ana', status: 'completed', voice_type: 'user' });
    expect(sim.now() - Date.parse('2026-01-01T00:00:00.000Z')).toBeGreaterThanOrEqual(90_000);
    const polls = sim.requests.filter((r) => r.method === 'GET' && r.path === `/v2/voices/${voice.voice_id}`);
    expect(polls.length).toBeGreaterThan(1);
  });

  it('rejects with VoiceFailedError on status error, and at the deadline with timedOut', async () => {
    const sim = createSimulator({
      voiceOutcome: ({ voice_name }) => (voice_name === 'Bad' ? { error: 'no speech' } : 'completed'),
    });
    const tavus = client(sim);
    await expect(tavus.voices.createAndWait({ ...ana, voice_name: 'Bad' })).rejects.toMatchObject({
      kind: 'VoiceFailedError',
      errorMessage: 'no speech',
      timedOut: false,
    });
    const { voice_id } = await tavus.voices.create(ana);
    const late = await tavus.voices.waitUntilReady(voice_id, { timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(late).toMatchObject({ kind: 'VoiceFailedError', voiceId: voice_id, timedOut: true, lastStatus: 'started' });
    expect(JSON.parse(JSON.stringify(late))).toMatchObject({ voiceId: voice_id, timedOut: true });
  });

  it('backs off over transient failures, fails fast on a 404, and stops on the signal', async () => {
    const sim = createSimulator();
    const tavus = client(sim);
    const { voice_id } = await tavus.voices.create(ana);
    sim.failNext({ status: 503, times: 2, match: { path: `/v2/voices/${voice_id}` } });
    await expect(tavus.voices.waitUntilReady(voice_id)).resolves.toMatchObject({ status: 'completed' });
    await expect(tavus.voices.waitUntilReady('v000000000000')).rejects.toMatchObject({ kind: 'NotFoundError' });
    const controller = new AbortController();
    controller.abort();
    await expect(tavus.voices.waitUntilReady(voice_id, { signal: controller.signal })).rejects.toMatchObject({
      kind: 'APIUserAbortError',
    });
  });

  it('bad wait options are refused before the voice is created', async () => {
    const sim = createSimulator();
    const tavus = client(sim);
    await expect(tavus.voices.createAndWait(ana, { intervalMS: 5 } as never)).rejects.toMatchObject({
      field: 'intervalMS',
    });
    await expect(tavus.voices.createAndWait(ana, { timeoutMs: -1 })).rejects.toMatchObject({ field: 'timeoutMs' });
    await expect(tavus.voices.waitUntilReady('')).rejects.toMatchObject({ field: 'voiceId' });
    expect(sim.requests).toEqual([]);
  });
});
