import { describe, expect, test } from 'vitest';
import { type TavusSimulator, createSimulator } from '../../src/testing/index.js';
import { fixture } from '../helpers/msw.js';
import { call } from './helpers.js';

// `tavus.pals` is written separately; these tests speak HTTP to the simulator directly.

function withFace(): { sim: TavusSimulator; faceId: string } {
  const sim = createSimulator();
  return { sim, faceId: sim.addFace({ face_name: 'Anna' }).face_id };
}

async function createPal(sim: TavusSimulator, body: Record<string, unknown>): Promise<string> {
  const res = await call(sim, 'POST', '/v2/pals', body);
  expect(res.status).toBe(200);
  return (res.body as { pal_id: string }).pal_id;
}

describe('create', () => {
  test("the reference's Create PAL body works once its face exists; the answer has the documented keys", async () => {
    const sim = createSimulator();
    const documented = await fixture<Record<string, string>>('pals.create.request.json');
    expect(await call(sim, 'POST', '/v2/pals', documented.body)).toMatchObject({
      status: 400,
      body: { error: 'Invalid default_face_id' },
    });
    sim.addFace({ face_id: documented.body.default_face_id });
    const res = await call(sim, 'POST', '/v2/pals', documented.body);
    const sample = await fixture<Record<string, string>>('pals.create.response.json');
    expect(res.status).toBe(200);
    // The sample has pal_name and conferencing_email; this request sends neither, so they are absent.
    expect(Object.keys(res.body as object)).toEqual(
      Object.keys(sample.body).filter((k) => k !== 'pal_name' && k !== 'conferencing_email'),
    );
    expect(res.body).toEqual({
      pal_id: expect.stringMatching(/^p[0-9a-f]{11}$/),
      created_at: '2026-01-01T00:00:00.000Z',
    });
  });

  test('default_face_id is required and checked; system_prompt is required unless echo', async () => {
    const { sim, faceId } = withFace();
    expect(await call(sim, 'POST', '/v2/pals', { system_prompt: 'x' })).toMatchObject({ status: 400 });
    expect(await call(sim, 'POST', '/v2/pals', { default_face_id: faceId })).toMatchObject({ status: 400 });
    expect((await call(sim, 'POST', '/v2/pals', { default_face_id: faceId, pipeline_mode: 'echo' })).status).toBe(200);
    // Stock faces are valid default faces too.
    expect((await call(sim, 'POST', '/v2/pals', { default_face_id: 'rc9cff32ceba', system_prompt: 'x' })).status).toBe(
      200,
    );
    expect(sim.pals.size).toBe(2);
  });
});

describe('read, list, delete, publish', () => {
  test('Get PAL answers { data: [PAL] }; unknown ids 400 Invalid pal_id; delete 204', async () => {
    const { sim, faceId } = withFace();
    const id = await createPal(sim, { pal_name: 'Coach', system_prompt: 'Be kind.', default_face_id: faceId });
    const got = await call(sim, 'GET', `/v2/pals/${id}`);
    expect(got.body).toEqual({
      data: [
        {
          pal_name: 'Coach',
          system_prompt: 'Be kind.',
          default_face_id: faceId,
          pipeline_mode: 'full',
          layers: {},
          pal_id: id,
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
        },
      ],
    });
    expect(await call(sim, 'GET', '/v2/pals/pnope')).toMatchObject({ status: 400, body: { error: 'Invalid pal_id' } });
    const deleted = await call(sim, 'DELETE', `/v2/pals/${id}`);
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    expect((await call(sim, 'DELETE', `/v2/pals/${id}`)).status).toBe(400);
  });

  test('List PALs pages with total_count and filters by pal_type', async () => {
    const { sim, faceId } = withFace();
    const ids = [];
    for (const n of [1, 2, 3])
      ids.push(await createPal(sim, { pal_name: `p${n}`, system_prompt: 's', default_face_id: faceId }));
    const user = await call(sim, 'GET', '/v2/pals?pal_type=user&limit=2&page=2');
    expect(user.body).toEqual({ total_count: 3, data: [expect.objectContaining({ pal_id: ids[0] })] });
    const system = (await call(sim, 'GET', '/v2/pals?pal_type=system&limit=100')).body as { total_count: number };
    expect(system.total_count).toBeGreaterThan(0);
    const all = (await call(sim, 'GET', '/v2/pals?limit=100')).body as { total_count: number };
    expect(all.total_count).toBe(3 + system.total_count);
  });

  test('publish answers status success with the live PAL and clears a PAL Maker draft', async () => {
    const { sim, faceId } = withFace();
    const id = await createPal(sim, { pal_name: 'Coach', system_prompt: 's', default_face_id: faceId });
    sim.setMakerDraft(id);
    sim.advance(60_000);
    expect((await call(sim, 'POST', `/v2/pals/${id}/publish`)).body).toMatchObject({
      status: 'success',
      pal_id: id,
      pal_name: 'Coach',
      updated_at: '2026-01-01T00:01:00.000Z',
    });
    const patched = await call(sim, 'PATCH', `/v2/pals/${id}`, [{ op: 'replace', path: '/pal_name', value: 'New' }]);
    expect(patched.status).toBe(200);
  });

  test('check-username: free, then taken once a PAL uses it (case-insensitive)', async () => {
    const { sim, faceId } = withFace();
    expect((await call(sim, 'GET', '/v2/pals/check-username?username=acme-anna')).body).toEqual({ available: true });
    const id = await createPal(sim, {
      system_prompt: 's',
      default_face_id: faceId,
      layers: { conferencing: { username: 'Acme-Anna' } },
    });
    expect(sim.pals.get(id)?.conferencing_email).toBe('acme-anna@tavusinvite.com');
    expect((await call(sim, 'GET', '/v2/pals/check-username?username=ACME-ANNA')).body).toEqual({
      available: false,
      reason: 'Username is already taken.',
    });
    expect((await call(sim, 'GET', '/v2/pals/check-username')).status).toBe(400);
  });
});

describe('patch', () => {
  async function palWithLayers(sim: TavusSimulator, faceId: string): Promise<string> {
    return createPal(sim, {
      pal_name: 'Coach',
      system_prompt: 'Be kind.',
      default_face_id: faceId,
      layers: { llm: { model: 'tavus-gpt-4o' }, stt: { hotwords: 'Tavus' }, tts: { tts_engine: 'elevenlabs' } },
    });
  }

  test('ops are applied by the simulator; the 200 body is the updated PAL', async () => {
    const { sim, faceId } = withFace();
    const id = await palWithLayers(sim, faceId);
    sim.advance(1000);
    const res = await call(sim, 'PATCH', `/v2/pals/${id}`, [
      { op: 'replace', path: '/system_prompt', value: 'Be brief.' },
      { op: 'add', path: '/layers/llm/tools', value: [] },
      { op: 'remove', path: '/layers/stt/hotwords' },
      { op: 'copy', from: '/pal_name', path: '/context' },
      { op: 'move', from: '/layers/tts', path: '/layers/voice' },
      { op: 'test', path: '/layers/llm/model', value: 'tavus-gpt-4o' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pal_id: id,
      system_prompt: 'Be brief.',
      context: 'Coach',
      layers: { llm: { model: 'tavus-gpt-4o', tools: [] }, stt: {}, voice: { tts_engine: 'elevenlabs' } },
      updated_at: '2026-01-01T00:00:01.000Z',
    });
    expect(sim.pals.get(id)).toEqual(res.body);
  });

  test("the reference's persona-era patch works on /v2/personas with legacy names", async () => {
    const sim = createSimulator();
    sim.addFace({ face_id: 'rf4e9d9790f0' });
    const faceId = sim.addFace().face_id;
    const created = await call(sim, 'POST', '/v2/personas', {
      persona_name: 'Old',
      system_prompt: 's',
      default_replica_id: faceId,
      layers: {
        llm: { model: 'tavus-gpt-4o' },
        tts: { tts_engine: 'elevenlabs' },
        stt: { hotwords: 'x' },
        perception: { visual_tool_prompt: 'y' },
      },
    });
    const id = (created.body as { persona_id: string }).persona_id;
    const documented = await fixture<unknown[]>('pals.patch.request.persona-example.json');
    const res = await call(sim, 'PATCH', `/v2/personas/${id}`, documented.body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      persona_id: id,
      persona_name: 'Wellness Advisor',
      default_replica_id: 'rf4e9d9790f0',
    });
    expect(sim.pals.get(id)).toMatchObject({
      pal_name: 'Wellness Advisor',
      default_face_id: 'rf4e9d9790f0',
      layers: {
        llm: { model: 'tavus-gpt-oss' },
        tts: { tts_engine: 'cartesia', tts_emotion_control: 'true' },
        stt: {},
      },
    });
    const list = await call(sim, 'GET', '/v2/personas?persona_type=user');
    expect(list.body).toMatchObject({ total_count: 1, data: [{ persona_id: id, persona_name: 'Wellness Advisor' }] });
    expect(await call(sim, 'GET', '/v2/personas/pnope')).toMatchObject({
      status: 400,
      body: (await fixture('errors.400.invalid-persona-id.legacy.json')).body,
    });
  });

  test('a patch that changes nothing answers 304 (no body: HTTP forbids one) and keeps updated_at', async () => {
    const { sim, faceId } = withFace();
    const id = await palWithLayers(sim, faceId);
    sim.advance(1000);
    const res = await call(sim, 'PATCH', `/v2/pals/${id}`, [
      { op: 'replace', path: '/pal_name', value: 'Coach' },
      { op: 'test', path: '/pal_name', value: 'Coach' },
    ]);
    expect([res.status, res.text]).toEqual([304, '']);
    expect(sim.pals.get(id)?.updated_at).toBe('2026-01-01T00:00:00.000Z');
  });

  test('malformed patches answer 422 Invalid JSON patch format; failing ops 422 with a message', async () => {
    const { sim, faceId } = withFace();
    const id = await palWithLayers(sim, faceId);
    const documented = (await fixture('errors.422.invalid-json-patch.json')).body;
    for (const bad of [
      { op: 'replace', path: '/pal_name', value: 'x' },
      [{ op: 'rename', path: '/pal_name' }],
      [{ op: 'replace', path: 'pal_name', value: 'x' }],
      [{ op: 'add', path: '/x' }],
      [{ op: 'move', path: '/x' }],
      '[{"op": "add",',
    ]) {
      expect(await call(sim, 'PATCH', `/v2/pals/${id}`, bad)).toMatchObject({ status: 422, body: documented });
    }
    const failed = await call(sim, 'PATCH', `/v2/pals/${id}`, [
      { op: 'replace', path: '/pal_name', value: 'Changed' },
      { op: 'test', path: '/system_prompt', value: 'something else' },
    ]);
    expect(failed.status).toBe(422);
    expect((failed.body as { message: string }).message).toMatch(/test failed at \/system_prompt/);
    expect((await call(sim, 'PATCH', `/v2/pals/${id}`, [{ op: 'remove', path: '/nope' }])).status).toBe(422);
    // Atomic: the replace before the failed test was not applied.
    expect(sim.pals.get(id)?.pal_name).toBe('Coach');
  });

  test('a PAL Maker draft gives 409 maker_changes until ?force=true, which discards it', async () => {
    const { sim, faceId } = withFace();
    const id = await palWithLayers(sim, faceId);
    sim.setMakerDraft(id);
    const ops = [{ op: 'replace', path: '/pal_name', value: 'Forced' }];
    const conflict = await call(sim, 'PATCH', `/v2/pals/${id}`, ops);
    expect(conflict).toMatchObject({ status: 409, body: { conflict: 'maker_changes' } });
    const forced = await call(sim, 'PATCH', `/v2/pals/${id}?force=true`, ops);
    expect(forced).toMatchObject({ status: 200, body: { pal_name: 'Forced', discarded_maker_changes: true } });
    expect(sim.pals.get(id)).not.toHaveProperty('discarded_maker_changes');
    const later = await call(sim, 'PATCH', `/v2/pals/${id}`, [{ op: 'replace', path: '/pal_name', value: 'Later' }]);
    expect(later.status).toBe(200);
    expect(later.body).not.toHaveProperty('discarded_maker_changes');
  });

  test('conferencing ops must come alone (400 when mixed) and are never refused with 409', async () => {
    const { sim, faceId } = withFace();
    const id = await palWithLayers(sim, faceId);
    const mixed = await call(sim, 'PATCH', `/v2/pals/${id}`, [
      { op: 'add', path: '/layers/conferencing', value: { username: 'coach' } },
      { op: 'replace', path: '/pal_name', value: 'x' },
    ]);
    expect(mixed.status).toBe(400);
    expect(mixed.body).toEqual({ error: expect.stringContaining('conferencing') });
    sim.setMakerDraft(id);
    const alone = await call(sim, 'PATCH', `/v2/pals/${id}`, [
      { op: 'add', path: '/layers/conferencing', value: { username: 'coach' } },
    ]);
    expect(alone).toMatchObject({ status: 200, body: { conferencing_email: 'coach@tavusinvite.com' } });
    expect(alone.body).not.toHaveProperty('discarded_maker_changes');
  });

  test('ids and timestamps cannot be patched; default_face_id must stay a known face', async () => {
    const { sim, faceId } = withFace();
    const id = await palWithLayers(sim, faceId);
    expect((await call(sim, 'PATCH', `/v2/pals/${id}`, [{ op: 'replace', path: '/pal_id', value: 'p1' }])).status).toBe(
      400,
    );
    expect(
      await call(sim, 'PATCH', `/v2/pals/${id}`, [{ op: 'replace', path: '/default_face_id', value: 'rnope' }]),
    ).toMatchObject({ status: 400, body: { error: 'Invalid default_face_id' } });
    expect(await call(sim, 'PATCH', '/v2/pals/pnope', [])).toMatchObject({
      status: 400,
      body: { error: 'Invalid pal_id' },
    });
  });
});
