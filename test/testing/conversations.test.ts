import { describe, expect, test } from 'vitest';
import { Tavus, isTavusError } from '../../src/index.js';
import { type SimCallback, type SimulatorOptions, createSimulator } from '../../src/testing/index.js';
import { fixture } from '../helpers/msw.js';
import { call } from './helpers.js';

function setup(options: SimulatorOptions = {}) {
  const callbacks: SimCallback[] = [];
  const sim = createSimulator({ onCallback: (c) => callbacks.push(c), ...options });
  const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch, backoff: { initialDelayMs: 1, maxDelayMs: 5 } });
  const face = sim.addFace({ face_name: 'Rio' });
  return { sim, tavus, face, callbacks };
}

async function createRaw(sim: ReturnType<typeof setup>['sim'], body: Record<string, unknown>) {
  const res = await call(sim, 'POST', '/v2/conversations', body);
  return res as { status: number; body: Record<string, string | undefined> };
}

const types = (events: readonly { event_type: unknown }[]) => events.map((e) => e.event_type);

describe('create', () => {
  test('needs a completed face, given or the PAL default one; the answer has the documented keys and a Daily URL', async () => {
    const { sim, face } = setup();
    const training = sim.addFace({ trained: false });
    expect(await createRaw(sim, { face_id: training.face_id })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('not ready') },
    });
    expect(await createRaw(sim, { face_id: 'rnope' })).toMatchObject({
      status: 400,
      body: { error: 'Invalid face_id' },
    });
    expect(await createRaw(sim, { pal_id: 'pnope' })).toMatchObject({ status: 400, body: { error: 'Invalid pal_id' } });
    expect(await createRaw(sim, {})).toMatchObject({ status: 400 });
    const documented = await fixture<Record<string, string>>('conversations.create.response.json');
    const res = await createRaw(sim, { face_id: face.face_id, conversation_name: 'Demo' });
    expect(res.status).toBe(200);
    const keys = Object.keys(documented.body).filter((k) => k !== 'meeting_token');
    expect(Object.keys(res.body)).toEqual(keys);
    expect(res.body).toMatchObject({
      conversation_id: expect.stringMatching(/^c[0-9a-f]{11}$/),
      conversation_url: `https://tavus.daily.co/${res.body.conversation_id}`,
      status: 'active',
      conversation_name: 'Demo',
    });
    // require_auth adds a meeting token.
    const privateRoom = await createRaw(sim, { face_id: face.face_id, require_auth: true });
    expect(privateRoom.body.meeting_token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test("a PAL's default face joins when no face is given; the reference's legacy body works once its face and PAL exist", async () => {
    const { sim, tavus, face } = setup();
    const pal = await tavus.pals.create({ system_prompt: 'Be kind.', default_face_id: face.face_id });
    const call1 = await tavus.conversations.create({ pal_id: pal.pal_id });
    expect(sim.conversations.get(call1.conversation_id)).toMatchObject({ face_id: face.face_id, pal_id: pal.pal_id });
    const documented = await fixture<Record<string, string>>('conversations.create.request.legacy.json');
    expect(await createRaw(sim, documented.body)).toMatchObject({ status: 400, body: { error: 'Invalid persona_id' } });
  });

  test('Get and List answer with the documented replica/persona names, which the SDK maps', async () => {
    const { sim, tavus, face } = setup();
    const { conversation_id } = await tavus.conversations.create({ face_id: face.face_id });
    const raw = await call(sim, 'GET', `/v2/conversations/${conversation_id}`);
    expect(raw.body).toMatchObject({ replica_id: face.face_id, persona_id: expect.stringMatching(/^p/) });
    expect(await tavus.conversations.get(conversation_id)).toMatchObject({ face_id: face.face_id });
    const page = await tavus.conversations.list({ status: 'active' });
    expect(page.data.map((c) => c.conversation_id)).toEqual([conversation_id]);
    expect((await tavus.conversations.list({ status: 'ended' })).total_count).toBe(0);
  });
});

describe('lifecycle on the simulated clock', () => {
  test('the face joins at the start; end ends it with end_conversation_endpoint_hit; the transcript follows', async () => {
    const { sim, tavus, face } = setup();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    sim.advance(5_000);
    let verbose = await tavus.conversations.get(id, { verbose: true });
    expect(types(verbose.events ?? [])).toEqual(['system.replica_joined']);
    await tavus.conversations.end(id);
    await tavus.conversations.end(id); // ending twice is fine
    verbose = await tavus.conversations.get(id, { verbose: true });
    expect(verbose).toMatchObject({
      status: 'ended',
      shutdownReason: 'end_conversation_endpoint_hit',
      transcript: null,
    });
    sim.advance(10_000);
    verbose = await tavus.conversations.get(id, { verbose: true });
    expect(types(verbose.events ?? [])).toEqual([
      'system.replica_joined',
      'system.shutdown',
      'application.transcription_ready',
    ]);
    expect(verbose.transcript?.[0]).toMatchObject({ role: 'assistant', seconds_from_start: 0 });
  });

  test.each([
    ['max_call_duration', { max_call_duration: 60 }, 60_000, 'max_call_duration reached', false],
    [
      'participant_absent_timeout (nobody joined)',
      { participant_absent_timeout: 30 },
      30_000,
      'participant_absent_timeout reached',
      false,
    ],
    [
      'participant_left_timeout (after the last one left)',
      { participant_left_timeout: 20 },
      20_000,
      'participant_left_timeout reached',
      true,
    ],
  ] as const)(
    'ends by %s with the matching shutdown_reason',
    async (_, properties, endsAfter, reason, join) => {
      const { sim, tavus, face } = setup();
      const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id, properties });
      if (join) {
        sim.joinConversation(id);
        sim.advance(1_000_000); // present: the absence and call timeouts are far away or do not apply
        sim.leaveConversation(id);
        expect(sim.conversations.get(id)?.status).toBe('active');
      }
      sim.advance(endsAfter - 1);
      expect(sim.conversations.get(id)?.status).toBe('active');
      sim.advance(1);
      expect(sim.conversations.get(id)).toMatchObject({ status: 'ended', shutdown_reason: reason });
      expect((await tavus.conversations.get(id, { verbose: true })).shutdownReason).toBe(reason);
    },
    20_000,
  );

  test('the canned transcript is seeded: the same seed gives the same one; app messages show up in it', async () => {
    const transcriptOf = async (seed: number) => {
      const { sim, tavus, face } = setup({ seed });
      const { conversation_id: id } = await tavus.conversations.create({
        face_id: face.face_id,
        custom_greeting: 'Hey!',
      });
      await tavus.conversations.respond(id, 'What are your opening hours?');
      await tavus.conversations.end(id);
      sim.advance(60_000);
      return (await tavus.conversations.get(id, { verbose: true })).transcript;
    };
    const a = await transcriptOf(5);
    expect(await transcriptOf(5)).toEqual(a);
    expect(a?.map((t) => t.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(a?.slice(0, 2).map((t) => t.content)).toEqual(['Hey!', 'What are your opening hours?']);
  });

  test('perception analysis when the PAL has perception on; recording events when recording is on', async () => {
    const { sim, tavus, face } = setup();
    const plain = await tavus.conversations.create({ face_id: face.face_id });
    const pal = await tavus.pals.create({
      system_prompt: 'Watch closely.',
      default_face_id: face.face_id,
      layers: { perception: { perception_model: 'raven-1' } },
    });
    const seeing = await tavus.conversations.create({
      pal_id: pal.pal_id,
      properties: {
        enable_recording: true,
        recording_storage: {
          provider: 'gcs',
          bucket_name: 'b',
          project_id: 'p',
          workload_identity_provider: 'w',
          service_account_email: 's@p',
        },
      },
    });
    const s3 = await tavus.conversations.create({ face_id: face.face_id, properties: { enable_recording: true } });
    for (const c of [plain, seeing, s3]) await tavus.conversations.end(c.conversation_id);
    sim.advance(60_000);
    const read = (id: string) => tavus.conversations.get(id, { verbose: true });
    expect(types((await read(plain.conversation_id)).events ?? [])).toEqual([
      'system.replica_joined',
      'system.shutdown',
      'application.transcription_ready',
    ]);
    const full = await read(seeing.conversation_id);
    expect(types(full.events ?? [])).toEqual([
      'system.replica_joined',
      'system.shutdown',
      'application.transcription_ready',
      'application.perception_analysis',
      'application.recording_ready',
    ]);
    expect(full.perceptionAnalysis).toEqual(expect.any(String));
    expect(full.events?.[4]?.properties).toMatchObject({
      storage_provider: 'gcs',
      storage_uri: expect.stringMatching(/^gs:\/\/b\//),
    });
    expect((await read(s3.conversation_id)).events?.at(-1)?.properties).toMatchObject({
      bucket_name: expect.any(String),
      s3_key: expect.any(String),
    });
  });

  test('test_mode: created ended, free, never joined', async () => {
    const { sim, face } = setup();
    const res = await createRaw(sim, { face_id: face.face_id, test_mode: true });
    expect(res.body.status).toBe('ended');
    sim.advance(60_000);
    expect(sim.conversations.get(String(res.body.conversation_id))?.events).toEqual([]);
  });

  test('delete removes it (and hard=true too); unknown ids answer the documented 400', async () => {
    const { sim, tavus, face } = setup();
    const a = await tavus.conversations.create({ face_id: face.face_id });
    await tavus.conversations.delete(a.conversation_id, { hard: true });
    expect(sim.conversations.has(a.conversation_id)).toBe(false);
    const documented = await fixture('conversations.get.response.400.json');
    for (const [method, path] of [
      ['GET', '/v2/conversations/cnope'],
      ['POST', '/v2/conversations/cnope/end'],
      ['DELETE', '/v2/conversations/cnope'],
    ] as const) {
      expect(await call(sim, method, path)).toMatchObject({ status: 400, body: documented.body });
    }
  });
});

describe('app messages', () => {
  test('only while active; recorded in arrival order; set_emotion is kept', async () => {
    const { sim, tavus, face } = setup();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    await tavus.conversations.setEmotion(id, 'happiness');
    await tavus.conversations.setEmotion(id, 'neutral');
    expect(sim.conversations.get(id)?.emotion).toBe('neutral');
    expect(sim.appMessages(id).map((m) => (m.message.properties as { emotion: string }).emotion)).toEqual([
      'happiness',
      'neutral',
    ]);
    await tavus.conversations.end(id);
    const documented = await fixture('conversations.send-app-message.response.400.ended.json');
    const error = await tavus.conversations.respond(id, 'Still there?').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, body: documented.body });
    expect(sim.appMessages(id)).toHaveLength(2);
    expect(() => sim.appMessages('cnope')).toThrow(RangeError);
  });

  test('the documented limits, raw: 413 past 65,536 bytes, 429 with Retry-After past 120 in 60 s', async () => {
    const { sim, tavus, face } = setup();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    const path = `/v2/conversations/${id}/send-app-message`;
    const big = {
      message_type: 'conversation',
      event_type: 'conversation.echo',
      properties: { text: 'x'.repeat(65_536) },
    };
    expect(await call(sim, 'POST', path, big)).toMatchObject({
      status: 413,
      body: { error: 'Request body exceeds 65536 bytes' },
    });
    const small = { message_type: 'conversation', event_type: 'conversation.interrupt' };
    for (let i = 0; i < 120; i++) expect((await call(sim, 'POST', path, small)).status).toBe(200);
    const refused = await call(sim, 'POST', path, small);
    expect(refused).toMatchObject({ status: 429, body: { error: 'Too many requests' } });
    expect(refused.headers.get('retry-after')).toBe('60');
    sim.advance(60_000);
    expect((await call(sim, 'POST', path, small)).status).toBe(200);
  }, 20_000);

  test('the client keeps to the limit: 200 messages in a burst, no 429, all in order', async () => {
    const { sim, tavus, face } = setup();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    const before = sim.now();
    await Promise.all(Array.from({ length: 200 }, (_, i) => tavus.conversations.echo(id, `line ${i}`)));
    const texts = sim.appMessages(id).map((m) => (m.message.properties as { text: string }).text);
    expect(texts).toEqual(Array.from({ length: 200 }, (_, i) => `line ${i}`));
    expect(sim.requests.filter((r) => r.path.endsWith('/send-app-message'))).toHaveLength(200);
    // The wait for the second window ran on the simulated clock (no real minute went by).
    expect(sim.now() - before).toBeGreaterThanOrEqual(60_000);
  }, 20_000);

  test('faults apply to the new routes: a 502 is retried by the SDK, a 504 is not', async () => {
    const { sim, tavus, face } = setup();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    sim.failNext({ status: 502, match: { path: /send-app-message$/ } });
    await tavus.conversations.respond(id, 'one');
    sim.failNext({ status: 504, match: { path: /send-app-message$/ } });
    const error = await tavus.conversations.respond(id, 'two').catch((e: unknown) => e);
    expect(isTavusError(error, 'InternalServerError')).toBe(true);
    expect(sim.appMessages(id).map((m) => (m.message.properties as { text: string }).text)).toEqual(['one']);
    sim.failNext({ status: 500, match: { method: 'POST', path: '/v2/conversations' } });
    await expect(tavus.conversations.create({ face_id: face.face_id })).rejects.toMatchObject({ status: 500 });
    expect(sim.conversations.size).toBe(1);
  });
});

describe('callbacks', () => {
  test('are delivered to onCallback in time order, in the documented shape, as the clock reaches them', async () => {
    const { sim, tavus, face, callbacks } = setup();
    const documented = await fixture<Record<string, unknown>>('conversations.callback.shutdown.legacy.json');
    const { conversation_id: id } = await tavus.conversations.create({
      face_id: face.face_id,
      callback_url: 'https://example.com/tavus',
    });
    // The face joins at once.
    expect(callbacks.map((c) => c.body.event_type)).toEqual(['system.replica_joined']);
    sim.advance(3_000);
    expect(callbacks).toHaveLength(1);
    await tavus.conversations.end(id);
    expect(callbacks.map((c) => c.body.event_type)).toEqual(['system.replica_joined', 'system.shutdown']);
    sim.advance(10_000);
    expect(callbacks.map((c) => c.body.event_type)).toEqual([
      'system.replica_joined',
      'system.shutdown',
      'application.transcription_ready',
    ]);
    const shutdown = callbacks[1]?.body as Record<string, unknown>;
    expect(Object.keys(shutdown)).toEqual(Object.keys(documented.body));
    expect(shutdown).toMatchObject({
      conversation_id: id,
      webhook_url: 'https://example.com/tavus',
      message_type: 'system',
      properties: { replica_id: face.face_id, shutdown_reason: 'end_conversation_endpoint_hit' },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    expect(callbacks.every((c) => c.url === 'https://example.com/tavus')).toBe(true);
  });

  test('training callbacks reach onCallback too', async () => {
    const { sim, tavus, callbacks } = setup({ trainingMs: 1_000 });
    const { face_id } = await tavus.faces.create({
      train_video_url: 'https://example.com/v.mp4',
      callback_url: 'https://example.com/training',
    });
    sim.advance(1_000);
    expect(callbacks).toEqual([
      expect.objectContaining({
        url: 'https://example.com/training',
        body: expect.objectContaining({ face_id, status: 'ready' }),
      }),
    ]);
  });
});
