import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  isTavusError,
  type Pal,
  RequestValidationError,
  ResponseValidationError,
  type Tavus,
  UnprocessableEntityError,
  type WarningEvent,
} from '../../src/index.js';
import { API_KEY, BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);
afterEach(() => {
  seen.length = 0;
});

const PAL_ID = 'pcb7a34da5fe';
const PAL_URL = `${BASE}/v2/pals/${PAL_ID}`;
const SECRET = 'sk-live-PAL-SECRET-0123456789';

/** The documented Get PAL example (fixture pals.get.response.json: docs.tavus.io get-pal; PARTIAL, up to layers.tts). */
async function documentedPal(): Promise<Record<string, unknown>> {
  const { body } = await fixture<{ data: Record<string, unknown>[] }>('pals.get.response.json');
  return structuredClone(body.data[0] as Record<string, unknown>);
}

function warningsOf(client: Tavus): WarningEvent[] {
  const warnings: WarningEvent[] = [];
  client.on('warning', (event) => warnings.push(event));
  return warnings;
}

/** Every event the client emits, serialised, to prove secrets never appear in one. */
function eventLog(client: Tavus): string[] {
  const log: string[] = [];
  for (const name of ['request', 'response', 'retry', 'warning'] as const) {
    client.on(name, (event: unknown) => log.push(JSON.stringify(event)));
  }
  return log;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** A GET handler answering each call with the next body (the last one repeats). */
function getSequence(...bodies: unknown[]) {
  let call = 0;
  return http.get(PAL_URL, () => HttpResponse.json(bodies[Math.min(call++, bodies.length - 1)] as object));
}

describe('pals.create', () => {
  it('sends the documented Create PAL body and parses the documented answer', async () => {
    // pals.create.request.json / pals.create.response.json: docs.tavus.io/api-reference/pals/create-pal
    const request = await fixture<Record<string, unknown>>('pals.create.request.json');
    const response = await fixture('pals.create.response.json');
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json(response.body)));
    const created = await makeClient().pals.create(request.body as never);
    expect(created).toEqual(response.body);
    const [sent] = await seen.settled();
    expect(seen).toHaveLength(1);
    expect(sent).toMatchObject({ method: 'POST', path: '/v2/pals', query: {}, body: request.body });
    expect(sent?.headers['x-api-key']).toBe(API_KEY);
    expect(sent?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('sends the quickstart body (top-level context, perception and flow layers) verbatim', async () => {
    // pals.create.request.quickstart.json: docs.tavus.io/sections/conversational-video-interface/quickstart
    const request = await fixture<Record<string, unknown>>('pals.create.request.quickstart.json');
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json({ pal_id: 'p1', created_at: '' })));
    await makeClient({ validation: 'strict' }).pals.create(request.body as never);
    expect((await seen.settled())[0]?.body).toEqual(request.body);
  });

  it('sends a layered configuration (llm, tts emotion control, perception, flow) unchanged', async () => {
    // pals.create.request.layers-medical-intake.json: the docs omit system_prompt "for length"; we add one.
    const request = await fixture<Record<string, unknown>>('pals.create.request.layers-medical-intake.json');
    const body = { ...request.body, system_prompt: 'You are a careful intake assistant.' };
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json({ pal_id: 'p1' })));
    await makeClient().pals.create(body as never);
    expect((await seen.settled())[0]?.body).toEqual(body);
  });

  it('needs no system_prompt in echo mode, and treats an empty optional string as absent', async () => {
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json({ pal_id: 'p1' })));
    await makeClient().pals.create({
      pipeline_mode: 'echo',
      default_face_id: 'r90bbd427f71',
      context: '',
      layers: { transport: { transport_type: 'livekit' } },
    });
    expect((await seen.settled())[0]?.body).toEqual({
      pipeline_mode: 'echo',
      default_face_id: 'r90bbd427f71',
      layers: { transport: { transport_type: 'livekit' } },
    });
  });

  it('rejects bad input before any request, naming the field', async () => {
    const pals = makeClient().pals;
    const cases: [unknown, string][] = [
      [{ system_prompt: 'x' }, 'default_face_id'],
      [{ system_prompt: 'x', default_face_id: 42 }, 'default_face_id'],
      [{ default_face_id: 'r1' }, 'system_prompt'],
      [{ default_face_id: 'r1', pipeline_mode: 'full', system_prompt: '  ' }, 'system_prompt'],
      [{ default_face_id: 'r1', system_prompt: 'x', document_ids: 'd1' }, 'document_ids'],
      [{ default_face_id: 'r1', system_prompt: 'x', guardrail_tags: [1] }, 'guardrail_tags'],
      [{ default_face_id: 'r1', system_prompt: 'x', pal_name: 7 }, 'pal_name'],
      [{ default_face_id: 'r1', system_prompt: 'x', layers: [] }, 'layers'],
      [{ default_face_id: 'r1', system_prompt: 'x', layers: { llm: 'tavus-glm-4.7' } }, 'layers.llm'],
      [{ default_face_id: 'r1', system_prompt: 'x', layers: { llm: { extra_body: { t: 1n } } } }, 'params'],
      [null, 'params'],
    ];
    for (const [params, field] of cases) {
      const error = await rejectionOf(pals.create(params as never));
      expect(error, field).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field).toBe(field);
    }
    expect(seen).toHaveLength(0);
  });

  it('sends persona-era names under their PAL names, warning once', async () => {
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json({ persona_id: 'p1', persona_name: 'Coach' })));
    const client = makeClient();
    const warnings = warningsOf(client);
    const created = await client.pals.create({
      persona_name: 'Coach',
      default_replica_id: 'r1',
      system_prompt: 'x',
      layers: { conversational_flow: { replica_interruptibility: 'low' } },
    } as never);
    expect((await seen.settled())[0]?.body).toEqual({
      pal_name: 'Coach',
      default_face_id: 'r1',
      system_prompt: 'x',
      layers: { conversational_flow: { pal_interruptibility: 'low' } },
    });
    expect(created).toEqual({ pal_id: 'p1', pal_name: 'Coach' });
    expect(warnings.map((w) => w.kind)).toEqual(Array(5).fill('deprecation'));
  });

  it('keeps layer API keys out of retry events when a 429 body echoes the request', async () => {
    let n = 0;
    server.use(
      http.post(`${BASE}/v2/pals`, () =>
        ++n === 1
          ? HttpResponse.json({ error: 'slow down', request: { value: SECRET } }, { status: 429 })
          : HttpResponse.json({ pal_id: 'p1', pal_name: 'Coach', created_at: '' }),
      ),
    );
    const client = makeClient();
    const events = eventLog(client);
    await client.pals.create({
      system_prompt: 'x',
      default_face_id: 'r1',
      layers: { llm: { model: 'my-model', base_url: 'https://llm.example', api_key: SECRET } },
    });
    expect(n).toBe(2);
    expect(events.some((e) => e.includes('slow down'))).toBe(true);
    for (const text of events) expect(text).not.toContain(SECRET);
  });

  it('keeps layer API keys out of errors and events, even when the server echoes them', async () => {
    server.use(
      http.post(`${BASE}/v2/pals`, () =>
        HttpResponse.json(
          { error: `Invalid api_key ${SECRET} for your-base-url`, echo: { key: SECRET } },
          { status: 400 },
        ),
      ),
    );
    const client = makeClient();
    const events = eventLog(client);
    const error = await rejectionOf(
      client.pals.create({
        system_prompt: 'x',
        default_face_id: 'r1',
        layers: {
          llm: { model: 'my-model', base_url: 'https://llm.example', api_key: SECRET },
          tts: { api_key: `${SECRET}-tts` },
        },
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain('Invalid api_key [redacted]');
    for (const text of [
      error.message,
      JSON.stringify(error),
      JSON.stringify((error as BadRequestError).toJSON()),
      String(error.stack),
      ...events,
    ]) {
      expect(text).not.toContain(SECRET);
    }
    expect(error.cause).toBeUndefined();
    expect(seen).toHaveLength(1);
  });
});

describe('pals.get', () => {
  it('unwraps the documented { data: [PAL] } envelope', async () => {
    // pals.get.response.json: docs.tavus.io/api-reference/pals/get-pal
    const { body } = await fixture<{ data: Pal[] }>('pals.get.response.json');
    server.use(http.get(PAL_URL, () => HttpResponse.json(body)));
    const client = makeClient({ validation: 'strict' });
    const warnings = warningsOf(client);
    const pal = await client.pals.get(PAL_ID);
    expect(pal).toEqual(body.data[0]);
    expect(pal.layers?.llm?.tools?.[0]?.function.name).toBe('get_current_weather');
    expect(pal.layers?.tts?.tts_emotion_control).toBe(true);
    expect(warnings).toEqual([]);
    expect([...seen]).toMatchObject([{ method: 'GET', path: `/v2/pals/${PAL_ID}`, query: {} }]);
  });

  it('accepts a bare PAL as well', async () => {
    const pal = await documentedPal();
    server.use(http.get(PAL_URL, () => HttpResponse.json(pal)));
    expect(await makeClient({ validation: 'strict' }).pals.get(PAL_ID)).toEqual(pal);
  });

  it('normalises persona-era names (also replica_interruptibility) with one warning per name', async () => {
    const legacy = {
      persona_id: PAL_ID,
      persona_name: 'Life Coach',
      default_replica_id: 'r90bbd427f71',
      layers: { conversational_flow: { replica_interruptibility: 'high', turn_taking_patience: 'low' } },
    };
    server.use(http.get(PAL_URL, () => HttpResponse.json({ data: [legacy] })));
    const client = makeClient({ validation: 'strict' });
    const warnings = warningsOf(client);
    const pal = await client.pals.get(PAL_ID);
    await client.pals.get(PAL_ID);
    expect(pal).toEqual({
      pal_id: PAL_ID,
      pal_name: 'Life Coach',
      default_face_id: 'r90bbd427f71',
      layers: { conversational_flow: { pal_interruptibility: 'high', turn_taking_patience: 'low' } },
    });
    expect(warnings.map((w) => [w.kind, w.path])).toEqual([
      ['deprecation', 'persona_id'],
      ['deprecation', 'persona_name'],
      ['deprecation', 'default_replica_id'],
      ['deprecation', 'replica_interruptibility'],
    ]);
  });

  it('keeps unknown layers and layer fields in strict and lenient mode, without warnings', async () => {
    const pal = await documentedPal();
    const layers = pal.layers as Record<string, Record<string, unknown>>;
    (layers.llm as Record<string, unknown>).reasoning_effort = 'high';
    layers.avatar = { gaze: 'camera' };
    layers.conversational_flow = { turn_detection_model: 'sparrow-1', new_knob: 3 };
    pal.future_field = { nested: true };
    server.use(http.get(PAL_URL, () => HttpResponse.json(pal)));
    for (const validation of ['strict', 'lenient'] as const) {
      const client = makeClient({ validation });
      const warnings = warningsOf(client);
      const got = await client.pals.get(PAL_ID);
      expect(got).toEqual(pal);
      expect(got.layers?.llm?.reasoning_effort).toBe('high');
      expect(warnings).toEqual([]);
    }
  });

  it('accepts tts_emotion_control stored as the string "true" (as the reference\'s patch examples send it)', async () => {
    server.use(
      http.get(PAL_URL, () => HttpResponse.json({ pal_id: PAL_ID, layers: { tts: { tts_emotion_control: 'true' } } })),
    );
    const pal = await makeClient({ validation: 'strict' }).pals.get(PAL_ID);
    expect(pal.layers?.tts?.tts_emotion_control).toBe('true');
  });

  it('strict mode rejects a malformed PAL; lenient passes it through with a warning; neither shows a value', async () => {
    const pal = await documentedPal();
    const layers = pal.layers as Record<string, Record<string, unknown>>;
    (layers.llm as Record<string, unknown>).api_key = SECRET;
    (layers.llm as Record<string, unknown>).model = 42;
    (layers.tts as Record<string, unknown>).api_key = [SECRET];
    (layers.tts as Record<string, unknown>).tts_engine = 'playht';
    server.use(http.get(PAL_URL, () => HttpResponse.json({ data: [pal] })));

    const strict = makeClient({ validation: 'strict' });
    const strictEvents = eventLog(strict);
    const error = await rejectionOf(strict.pals.get(PAL_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).paths).toEqual(
      expect.arrayContaining([
        'data[0].layers.llm.model',
        'data[0].layers.tts.api_key',
        'data[0].layers.tts.tts_engine',
      ]),
    );
    for (const text of [error.message, JSON.stringify(error), ...strictEvents]) expect(text).not.toContain(SECRET);

    const lenient = makeClient();
    const events = eventLog(lenient);
    const warnings = warningsOf(lenient);
    const got = await lenient.pals.get(PAL_ID);
    expect(got).toEqual(pal);
    expect(warnings.map((w) => w.path).sort()).toEqual(
      ['data[0].layers.llm.model', 'data[0].layers.tts.api_key', 'data[0].layers.tts.tts_engine'].sort(),
    );
    for (const text of events) expect(text).not.toContain(SECRET);
  });

  it('rejects an envelope holding no PAL in every mode', async () => {
    server.use(http.get(PAL_URL, () => HttpResponse.json({ data: [] })));
    for (const validation of ['strict', 'lenient'] as const) {
      const error = await rejectionOf(makeClient({ validation }).pals.get(PAL_ID));
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).paths).toEqual(['data']);
    }
  });

  it('maps the documented 400 for an unknown id, and rejects a blank id before sending', async () => {
    // errors.400.invalid-persona-id.legacy.json: replica-era OpenAPI mirror (api-evangelist/tavus)
    const { body, status } = await fixture('errors.400.invalid-persona-id.legacy.json');
    server.use(http.get(`${BASE}/v2/pals/nope`, () => HttpResponse.json(body, { status })));
    const error = await rejectionOf(makeClient().pals.get('nope'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).serverMessage).toBe('Invalid persona_id');
    expect(seen).toHaveLength(1);
    expect(await rejectionOf(makeClient().pals.get(' '))).toBeInstanceOf(RequestValidationError);
    expect(seen).toHaveLength(1);
  });
});

describe('pals.list', () => {
  it('sends limit, page and pal_type and parses the documented list', async () => {
    // pals.list.response.json: docs.tavus.io/api-reference/pals/list-pals (PARTIAL: the excerpt stops
    // before total_count, so this test adds total_count: 1 itself).
    const { body } = await fixture<{ data: Pal[] }>('pals.list.response.json');
    server.use(http.get(`${BASE}/v2/pals`, () => HttpResponse.json({ ...body, total_count: 1 })));
    const page = await makeClient({ validation: 'strict' }).pals.list({ pal_type: 'user' });
    expect(page.data).toEqual(body.data);
    expect(page.total_count).toBe(1);
    expect(page.hasNextPage()).toBe(false);
    expect([...seen]).toMatchObject([
      { method: 'GET', path: '/v2/pals', query: { limit: '50', page: '1', pal_type: 'user' } },
    ]);
  });

  it('iterates every page and stops exactly at total_count, normalising legacy items', async () => {
    server.use(
      http.get(`${BASE}/v2/pals`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        const data =
          page === 1
            ? [{ pal_id: 'p1' }, { persona_id: 'p2', persona_name: 'Old' }]
            : [{ pal_id: 'p3', layers: { conversational_flow: { replica_interruptibility: 'low' } } }];
        return HttpResponse.json({ data, total_count: 3 });
      }),
    );
    const pals = await makeClient().pals.list({ limit: 2 }).toArray();
    expect(pals).toEqual([
      { pal_id: 'p1' },
      { pal_id: 'p2', pal_name: 'Old' },
      { pal_id: 'p3', layers: { conversational_flow: { pal_interruptibility: 'low' } } },
    ]);
    expect(seen.map((r) => r.query)).toEqual([
      { limit: '2', page: '1' },
      { limit: '2', page: '2' },
    ]);
  });

  it('rejects bad paging or pal_type before any request', async () => {
    const pals = makeClient().pals;
    expect(await rejectionOf(Promise.resolve(pals.list({ pal_type: '' as 'user' })))).toBeInstanceOf(
      RequestValidationError,
    );
    expect(await rejectionOf(Promise.resolve(pals.list({ limit: 0 })))).toBeInstanceOf(RequestValidationError);
    expect(seen).toHaveLength(0);
  });
});

describe('pals.delete, publish, checkUsername', () => {
  it('deletes with a 204 and no body', async () => {
    server.use(http.delete(PAL_URL, () => new HttpResponse(null, { status: 204 })));
    await expect(makeClient().pals.delete(PAL_ID)).resolves.toBeUndefined();
    expect([...seen]).toMatchObject([{ method: 'DELETE', path: `/v2/pals/${PAL_ID}`, query: {} }]);
  });

  it('publishes and parses the documented answer', async () => {
    // pals.publish.response.json: docs.tavus.io/api-reference/pals/publish-pal (ASSEMBLED from field examples)
    const { body } = await fixture('pals.publish.response.json');
    server.use(http.post(`${PAL_URL}/publish`, () => HttpResponse.json(body)));
    const published = await makeClient({ validation: 'strict' }).pals.publish(PAL_ID);
    expect(published).toEqual(body);
    expect(published.status).toBe('success');
    const [sent] = await seen.settled();
    expect(sent).toMatchObject({ method: 'POST', path: `/v2/pals/${PAL_ID}/publish`, body: undefined });
  });

  it('checks a conferencing username', async () => {
    // pals.check-username.response.json: docs.tavus.io/api-reference/pals/check-conferencing-username
    const { body } = await fixture('pals.check-username.response.json');
    server.use(http.get(`${BASE}/v2/pals/check-username`, () => HttpResponse.json(body)));
    expect(await makeClient({ validation: 'strict' }).pals.checkUsername('Acme-Anna')).toEqual({ available: true });
    expect([...seen]).toMatchObject([
      { method: 'GET', path: '/v2/pals/check-username', query: { username: 'Acme-Anna' } },
    ]);
  });

  it('reports why a username is unavailable', async () => {
    // Not a documented body: built from the page's field example for `reason`.
    server.use(
      http.get(`${BASE}/v2/pals/check-username`, () =>
        HttpResponse.json({ available: false, reason: 'Username is already taken.' }),
      ),
    );
    const answer = await makeClient({ validation: 'strict' }).pals.checkUsername('anna');
    expect(answer).toEqual({ available: false, reason: 'Username is already taken.' });
  });

  it('rejects a blank username before sending', async () => {
    expect(await rejectionOf(makeClient().pals.checkUsername(' '))).toBeInstanceOf(RequestValidationError);
    expect(seen).toHaveLength(0);
  });
});

describe('pals.patch', () => {
  const patchFixtures = [
    'pals.patch.request.add-context.legacy.json',
    'pals.patch.request.llm-layer.legacy.json',
    'pals.patch.request.remove-hotwords.legacy.json',
    'pals.patch.request.replace-system-prompt.legacy.json',
  ];
  it.each(patchFixtures)(
    'sends the documented patch %s verbatim and returns the PAL from the 200 body',
    async (name) => {
      const { body } = await fixture<Record<string, unknown>[]>(name);
      const pal = await documentedPal();
      server.use(http.patch(PAL_URL, () => HttpResponse.json(pal)));
      const result = await makeClient({ validation: 'strict' }).pals.patch(PAL_ID, body as never);
      expect(result).toEqual(pal);
      const sent = await seen.settled();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ method: 'PATCH', path: `/v2/pals/${PAL_ID}`, query: {}, body });
      expect(sent[0]?.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  it.each([
    // docs.tavus.io/api-reference/personas/patch-persona.md, and an older revision of the same page
    ['pals.patch.request.persona-example.json', 4],
    ['pals.patch.request.persona-example.older.json', 5],
  ])('sends the persona-era example %s under PAL names, string "true" and all', async (name, emotionOp) => {
    const { body } = await fixture<{ op: string; path: string; value?: unknown }[]>(name);
    server.use(
      http.patch(PAL_URL, () => HttpResponse.json(null)),
      getSequence(await documentedPal()),
    );
    const client = makeClient();
    const warnings = warningsOf(client);
    await client.pals.patch(PAL_ID, body as never);
    const expected = body.map((op) => ({
      ...op,
      path: op.path.replace('/persona_name', '/pal_name').replace('/default_replica_id', '/default_face_id'),
    }));
    expect((await seen.settled())[0]?.body).toEqual(expected);
    expect(expected[emotionOp]).toEqual({ op: 'add', path: '/layers/tts/tts_emotion_control', value: 'true' });
    expect(warnings.map((w) => w.kind)).toEqual(['deprecation', 'deprecation']);
  });

  it('reads the PAL again when the 200 body is not a PAL', async () => {
    const pal = await documentedPal();
    for (const body of [{ discarded_maker_changes: true }, { status: 'success', pal_id: PAL_ID }, {}]) {
      server.use(
        http.patch(PAL_URL, () => HttpResponse.json(body)),
        getSequence(pal),
      );
      expect(await makeClient().pals.patch(PAL_ID, [{ op: 'replace', path: '/pal_name', value: 'X' }])).toEqual(pal);
    }
    server.use(
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 200 })),
      getSequence(pal),
    );
    expect(await makeClient().pals.patch(PAL_ID, [{ op: 'remove', path: '/context' }])).toEqual(pal);
    expect(seen.map((r) => r.method)).toEqual(['PATCH', 'GET', 'PATCH', 'GET', 'PATCH', 'GET', 'PATCH', 'GET']);
  });

  it('resolves a 304 "no changes" with the current PAL', async () => {
    // pals.patch.response.304.legacy.json documents a 304 with a JSON body; fetch cannot deliver a body
    // with a 304 (a null-body status), so the test sends none.
    const pal = await documentedPal();
    server.use(
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
      getSequence({ data: [pal] }),
    );
    const result = await makeClient().pals.patch(PAL_ID, [{ op: 'replace', path: '/system_prompt', value: 'same' }]);
    expect(result).toEqual(pal);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /v2/pals/${PAL_ID}`, `GET /v2/pals/${PAL_ID}`]);
  });

  it('turns a 409 maker_changes into a ConflictError that says how to force, without retrying', async () => {
    server.use(
      http.patch(PAL_URL, () =>
        HttpResponse.json({ error: 'PAL has unpublished changes', conflict: 'maker_changes' }, { status: 409 }),
      ),
    );
    const error = await rejectionOf(
      makeClient().pals.patch(PAL_ID, [{ op: 'replace', path: '/pal_name', value: 'X' }]),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(isTavusError(error, 'ConflictError')).toBe(true);
    const conflict = error as ConflictError;
    expect(conflict.conflict).toBe('maker_changes');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ error: 'PAL has unpublished changes', conflict: 'maker_changes' });
    expect(conflict.message).toMatch(/PAL Maker/);
    expect(conflict.message).toMatch(/\{ force: true \}/);
    expect(seen).toHaveLength(1);
  });

  it('leaves other 409s as they are', async () => {
    server.use(http.patch(PAL_URL, () => HttpResponse.json({ error: 'busy' }, { status: 409 })));
    const error = await rejectionOf(makeClient().pals.patch(PAL_ID, [{ op: 'remove', path: '/context' }]));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(`PATCH /v2/pals/${PAL_ID} failed with 409: busy`);
  });

  it('sends force=true when asked', async () => {
    const pal = await documentedPal();
    server.use(http.patch(PAL_URL, () => HttpResponse.json({ ...pal, discarded_maker_changes: true })));
    const result = await makeClient().pals.patch(PAL_ID, [{ op: 'remove', path: '/context' }], { force: true });
    expect(result.discarded_maker_changes).toBe(true);
    expect(seen[0]?.query).toEqual({ force: 'true' });
  });

  it('maps the documented 422 for an invalid patch, scrubbing secrets the server echoes', async () => {
    // errors.422.invalid-json-patch.json: replica-era OpenAPI mirror (api-evangelist/tavus)
    const { body, status } = await fixture<Record<string, unknown>>('errors.422.invalid-json-patch.json');
    server.use(
      http.patch(PAL_URL, async ({ request }) =>
        HttpResponse.json({ ...body, received: await request.json() }, { status }),
      ),
    );
    const client = makeClient();
    const events = eventLog(client);
    const error = await rejectionOf(
      client.pals.patch(PAL_ID, [
        { op: 'add', path: '/layers/llm/api_key', value: SECRET },
        { op: 'add', path: '/layers/tts', value: { api_key: `${SECRET}-tts`, voice_id: 'v1' } },
      ]),
    );
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe(`PATCH /v2/pals/${PAL_ID} failed with 422: Invalid JSON patch format`);
    for (const text of [
      JSON.stringify(error),
      JSON.stringify((error as UnprocessableEntityError).toJSON()),
      ...events,
    ]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('sends escaped pointers as given', async () => {
    server.use(
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
      getSequence(await documentedPal()),
    );
    await makeClient().pals.patch(PAL_ID, [{ op: 'add', path: '/layers/llm/headers/X-Trace~1Id', value: 'a~b' }]);
    expect((await seen.settled())[0]?.body).toEqual([
      { op: 'add', path: '/layers/llm/headers/X-Trace~1Id', value: 'a~b' },
    ]);
  });

  it('rejects invalid operations before any request, naming the operation', async () => {
    const pals = makeClient().pals;
    const cases: [unknown, string][] = [
      [[{ op: 'replace', path: 'system_prompt', value: 'x' }], 'operations[0].path'],
      [
        [
          { op: 'remove', path: '/context' },
          { op: 'add', path: '/layers/llm/~2', value: 1 },
        ],
        'operations[1].path',
      ],
      [[{ op: 'move', path: '/pal_name' }], 'operations[0].from'],
      [[{ op: 'copy', from: 'pal_name', path: '/context' }], 'operations[0].from'],
      [[{ op: 'add', path: '/context' }], 'operations[0].value'],
      [[{ op: 'upsert', path: '/context', value: 1 }], 'operations[0].op'],
      [[], 'operations'],
      [{ op: 'add', path: '/context', value: 1 }, 'operations'],
      [
        [
          { op: 'replace', path: '/system_prompt', value: 'x' },
          { op: 'replace', path: '/layers/conferencing/username', value: 'anna' },
        ],
        'operations[1].path',
      ],
    ];
    for (const [ops, field] of cases) {
      const error = await rejectionOf(pals.patch(PAL_ID, ops as never));
      expect(error, field).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field).toBe(field);
    }
    expect(
      await rejectionOf(pals.patch(PAL_ID, [{ op: 'remove', path: '/x' }], { force: 'yes' as never })),
    ).toBeInstanceOf(RequestValidationError);
    expect(seen).toHaveLength(0);
  });

  it('accepts a conferencing-only patch', async () => {
    server.use(
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
      getSequence(await documentedPal()),
    );
    await makeClient().pals.patch(PAL_ID, [
      { op: 'test', path: '/layers/conferencing/username', value: 'anna' },
      { op: 'replace', path: '/layers/conferencing/username', value: 'acme-anna' },
    ]);
    expect(seen.map((r) => r.method)).toEqual(['PATCH', 'GET']);
  });
});

describe('pals.update', () => {
  /** Answers GETs with `pal`, applying nothing: the PATCH answers `patchBody` (a PAL, or not). */
  function serve(pal: Record<string, unknown>, patchStatus = 200, patchBody: unknown = null) {
    server.use(
      http.get(PAL_URL, () => HttpResponse.json({ data: [pal] })),
      http.patch(PAL_URL, () =>
        patchStatus === 304 || patchBody === null
          ? new HttpResponse(null, { status: patchStatus })
          : HttpResponse.json(patchBody as object, { status: patchStatus }),
      ),
    );
  }
  const patches = () => seen.filter((r) => r.method === 'PATCH');

  it('reads, diffs and sends the minimal patch, then returns the PAL from a PAL-shaped answer', async () => {
    const pal = await documentedPal();
    const after = { ...pal, system_prompt: 'New prompt' };
    serve(pal, 200, after);
    const result = await makeClient().pals.update(PAL_ID, { system_prompt: 'New prompt' });
    expect(result).toEqual(after);
    await seen.settled();
    expect(seen.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(patches()[0]?.body).toEqual([{ op: 'replace', path: '/system_prompt', value: 'New prompt' }]);
  });

  it('diffs nested layers: replace, add and remove (null) at the deepest member', async () => {
    const pal = await documentedPal();
    (pal.layers as Record<string, unknown>).stt = { stt_engine: 'tavus-auto', hotwords: 'Tavus' };
    serve(pal);
    await makeClient().pals.update(PAL_ID, {
      pal_name: 'Coach',
      layers: {
        llm: { model: 'tavus-glm-4.7', extra_body: { temperature: null } },
        tts: { tts_emotion_control: false, voice_id: 'v0a1b2c3d4e5f' },
        stt: { hotwords: null },
        conversational_flow: { pal_interruptibility: 'low' },
      },
    });
    await seen.settled();
    expect(patches()[0]?.body).toEqual([
      { op: 'replace', path: '/pal_name', value: 'Coach' },
      { op: 'replace', path: '/layers/llm/model', value: 'tavus-glm-4.7' },
      { op: 'remove', path: '/layers/llm/extra_body/temperature' },
      { op: 'replace', path: '/layers/tts/tts_emotion_control', value: false },
      { op: 'add', path: '/layers/tts/voice_id', value: 'v0a1b2c3d4e5f' },
      { op: 'remove', path: '/layers/stt/hotwords' },
      { op: 'add', path: '/layers/conversational_flow', value: { pal_interruptibility: 'low' } },
    ]);
    // The answer was not a PAL, so the PAL is read again.
    expect(seen.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('replaces arrays whole and removes top-level fields set to null', async () => {
    const pal = await documentedPal();
    serve(pal);
    await makeClient().pals.update(PAL_ID, { document_tags: ['product_info'], document_ids: null });
    await seen.settled();
    expect(patches()[0]?.body).toEqual([
      { op: 'remove', path: '/document_ids' },
      { op: 'replace', path: '/document_tags', value: ['product_info'] },
    ]);
  });

  it('sends no PATCH when nothing changes, and returns the PAL it read', async () => {
    const pal = await documentedPal();
    serve(pal);
    const result = await makeClient().pals.update(PAL_ID, {
      pal_name: 'Life Coach',
      layers: { tts: { tts_model_name: 'sonic-3' }, stt: { hotwords: null } },
      document_tags: ['product_info', 'company_policies'],
    });
    expect(result).toEqual(pal);
    expect(seen.map((r) => r.method)).toEqual(['GET']);
  });

  it('sends conferencing changes in a PATCH of their own, after the others', async () => {
    const pal = await documentedPal();
    (pal.layers as Record<string, unknown>).conferencing = { username: 'acme-anna' };
    serve(pal);
    await makeClient().pals.update(PAL_ID, {
      system_prompt: 'New',
      layers: { conferencing: { username: 'acme-coach' }, llm: { speculative_inference: true } },
    });
    await seen.settled();
    expect(patches().map((r) => r.body)).toEqual([
      [
        { op: 'replace', path: '/system_prompt', value: 'New' },
        { op: 'add', path: '/layers/llm/speculative_inference', value: true },
      ],
      [{ op: 'replace', path: '/layers/conferencing/username', value: 'acme-coach' }],
    ]);
    expect(seen.map((r) => r.method)).toEqual(['GET', 'PATCH', 'PATCH', 'GET']);
  });

  it('removes conferencing first when the layers go away, and patches conferencing alone when only it changes', async () => {
    const pal = {
      pal_id: PAL_ID,
      default_face_id: 'r1',
      layers: { conferencing: { username: 'anna' }, stt: { hotwords: 'x' } },
    };
    serve(pal);
    await makeClient().pals.update(PAL_ID, { layers: null });
    await seen.settled();
    expect(patches().map((r) => r.body)).toEqual([
      [{ op: 'remove', path: '/layers/conferencing' }],
      [{ op: 'remove', path: '/layers' }],
    ]);

    seen.length = 0;
    serve(pal);
    await makeClient().pals.update(PAL_ID, { layers: { conferencing: { username: 'bob' } } });
    await seen.settled();
    expect(patches().map((r) => r.body)).toEqual([
      [{ op: 'replace', path: '/layers/conferencing/username', value: 'bob' }],
    ]);
  });

  it('adds conferencing to a PAL without layers in one conferencing-only PATCH', async () => {
    serve({ pal_id: PAL_ID, default_face_id: 'r1', system_prompt: 'x' });
    await makeClient().pals.update(PAL_ID, { layers: { conferencing: { username: 'anna' } } });
    await seen.settled();
    expect(patches().map((r) => r.body)).toEqual([
      [{ op: 'add', path: '/layers', value: { conferencing: { username: 'anna' } } }],
    ]);
  });

  it('reads the PAL again after a 304', async () => {
    const pal = await documentedPal();
    serve(pal, 304);
    expect(await makeClient().pals.update(PAL_ID, { context: 'More' })).toEqual(pal);
    await seen.settled();
    expect(patches()[0]?.body).toEqual([{ op: 'add', path: '/context', value: 'More' }]);
    expect(seen.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('rejects with the ConflictError of a maker_changes 409, and forwards force', async () => {
    const pal = await documentedPal();
    server.use(
      http.get(PAL_URL, () => HttpResponse.json(pal)),
      http.patch(PAL_URL, ({ request }) =>
        new URL(request.url).searchParams.get('force') === 'true'
          ? HttpResponse.json({ ...pal, pal_name: 'X', discarded_maker_changes: true })
          : HttpResponse.json({ conflict: 'maker_changes' }, { status: 409 }),
      ),
    );
    const client = makeClient();
    const error = await rejectionOf(client.pals.update(PAL_ID, { pal_name: 'X' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/force: true/);
    const forced = await client.pals.update(PAL_ID, { pal_name: 'X' }, { force: true });
    expect(forced.pal_name).toBe('X');
    expect(seen.map((r) => `${r.method} ${JSON.stringify(r.query)}`)).toEqual([
      'GET {}',
      'PATCH {}',
      'GET {}',
      'PATCH {"force":"true"}',
    ]);
  });

  it('rejects changes that are not an object before any request', async () => {
    const pals = makeClient().pals;
    for (const changes of [null, [], 'x', { layers: { llm: { extra_body: { n: Number.POSITIVE_INFINITY } } } }]) {
      expect(await rejectionOf(pals.update(PAL_ID, changes as never))).toBeInstanceOf(RequestValidationError);
    }
    expect(await rejectionOf(pals.update('', { pal_name: 'x' }))).toBeInstanceOf(RequestValidationError);
    expect(seen).toHaveLength(0);
  });

  it('diffs against the normalised PAL and sends persona-era change names as PAL names', async () => {
    serve({ persona_id: PAL_ID, persona_name: 'Old', default_replica_id: 'r1', system_prompt: 'x' });
    await makeClient().pals.update(PAL_ID, { persona_name: 'New', default_face_id: 'r2' } as never);
    await seen.settled();
    expect(patches()[0]?.body).toEqual([
      { op: 'replace', path: '/pal_name', value: 'New' },
      { op: 'replace', path: '/default_face_id', value: 'r2' },
    ]);
  });

  it('never puts an API key it sends into an error', async () => {
    serve(await documentedPal(), 422, { message: 'Invalid JSON patch format', detail: `bad key ${SECRET}` });
    const error = await rejectionOf(makeClient().pals.update(PAL_ID, { layers: { llm: { api_key: SECRET } } }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(JSON.stringify((error as UnprocessableEntityError).toJSON())).toContain('[redacted]');
  });
});

describe('keys named like built-ins (constructor, toString, __proto__, hasOwnProperty)', () => {
  // JSON.parse makes `__proto__` an own member, as any JSON from a file or a network would.
  const BUILT_INS = () => JSON.parse('{"constructor":"a","toString":"b","hasOwnProperty":"c","__proto__":"d"}');
  /** The recorded PATCH bodies as JSON text: an own `__proto__` member survives only in text. */
  const patchTexts = async () =>
    (await seen.settled()).filter((r) => r.method === 'PATCH').map((r) => JSON.stringify(r.body));

  it('update adds, changes and removes them as plain names inside layers', async () => {
    const pal = JSON.parse(
      JSON.stringify({
        pal_id: PAL_ID,
        default_face_id: 'r1',
        system_prompt: 'x',
        layers: { llm: { headers: { toString: 'old', valueOf: 'gone' } } },
      }),
    );
    server.use(
      http.get(PAL_URL, () => HttpResponse.json({ data: [pal] })),
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
    );
    const headers = { ...BUILT_INS(), valueOf: null };
    await makeClient().pals.update(PAL_ID, { layers: { llm: { headers } } });
    expect(await patchTexts()).toEqual([
      JSON.stringify([
        { op: 'replace', path: '/layers/llm/headers/toString', value: 'b' },
        { op: 'remove', path: '/layers/llm/headers/valueOf' },
        { op: 'add', path: '/layers/llm/headers/constructor', value: 'a' },
        { op: 'add', path: '/layers/llm/headers/hasOwnProperty', value: 'c' },
        { op: 'add', path: '/layers/llm/headers/__proto__', value: 'd' },
      ]),
    ]);
  });

  it('update sends tool parameter properties with such names, and a layer field named constructor', async () => {
    server.use(
      getSequence({ data: [{ pal_id: PAL_ID, default_face_id: 'r1', system_prompt: 'x', layers: {} }] }),
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
    );
    const properties = JSON.parse('{"constructor":{"type":"string"},"__proto__":{"type":"number"}}');
    const tool = { type: 'function', function: { name: 'f', parameters: { type: 'object', properties } } } as const;
    await makeClient().pals.update(PAL_ID, {
      layers: { llm: { tools: [tool] }, conversational_flow: { constructor: 'x' } as never },
    });
    expect(await patchTexts()).toEqual([
      '[{"op":"add","path":"/layers/llm","value":{"tools":[{"type":"function","function":{"name":"f","parameters":' +
        '{"type":"object","properties":{"constructor":{"type":"string"},"__proto__":{"type":"number"}}}}}]}},' +
        '{"op":"add","path":"/layers/conversational_flow","value":{"constructor":"x"}}]',
    ]);
  });

  it('update diffs a PAL whose response carries them, at the top level and inside layers', async () => {
    const text =
      '{"data":[{"pal_id":"p1","system_prompt":"x","constructor":"c","__proto__":{"polluted":true},' +
      '"layers":{"llm":{"headers":{"toString":"t","__proto__":"h"}}}}]}';
    server.use(
      http.get(PAL_URL, () => new HttpResponse(text, { headers: { 'content-type': 'application/json' } })),
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
    );
    const pal = await makeClient({ validation: 'strict' }).pals.update(PAL_ID, {
      system_prompt: 'y',
      layers: { llm: { headers: JSON.parse('{"__proto__":null,"toString":"u"}') } },
    });
    expect(Object.hasOwn(pal, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await patchTexts()).toEqual([
      JSON.stringify([
        { op: 'replace', path: '/system_prompt', value: 'y' },
        { op: 'replace', path: '/layers/llm/headers/toString', value: 'u' },
        { op: 'remove', path: '/layers/llm/headers/__proto__' },
      ]),
    ]);
  });

  it('create sends them inside layers unchanged, also where persona-era names are renamed', async () => {
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json({ pal_id: 'p1' })));
    await makeClient().pals.create({
      default_face_id: 'r1',
      system_prompt: 'x',
      layers: {
        llm: { headers: BUILT_INS() },
        conversational_flow: { ...BUILT_INS(), replica_interruptibility: 'low' },
      },
    } as never);
    const [sent] = await seen.settled();
    expect(JSON.stringify(sent?.body)).toBe(
      '{"default_face_id":"r1","system_prompt":"x","layers":{"llm":{"headers":' +
        '{"constructor":"a","toString":"b","hasOwnProperty":"c","__proto__":"d"}},"conversational_flow":' +
        '{"constructor":"a","toString":"b","hasOwnProperty":"c","__proto__":"d","pal_interruptibility":"low"}}}',
    );
  });

  it('patch sends such paths and value members as given, renaming only persona-era names', async () => {
    server.use(
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
      getSequence({ pal_id: PAL_ID }),
    );
    // Sent exactly as given: only persona-era names are renamed, never these.
    const asGiven = [
      { op: 'add', path: '/constructor', value: BUILT_INS() },
      { op: 'add', path: '/__proto__/toString', value: 1 },
      { op: 'add', path: '/layers/conversational_flow/toString', value: 'x' },
      { op: 'copy', from: '/layers/hasOwnProperty', path: '/layers/valueOf' },
      {
        op: 'add',
        path: '/layers',
        value: JSON.parse('{"__proto__":{"a":1},"conversational_flow":{"constructor":1}}'),
      },
    ] as const;
    const flow = { op: 'add', path: '/layers/conversational_flow' } as const;
    await makeClient().pals.patch(PAL_ID, [
      ...asGiven,
      { ...flow, value: { ...BUILT_INS(), replica_interruptibility: 'low' } },
    ]);
    expect(await patchTexts()).toEqual([
      JSON.stringify([...asGiven, { ...flow, value: { ...BUILT_INS(), pal_interruptibility: 'low' } }]),
    ]);
  });
});

describe('field checks of create and update (before any request)', () => {
  const BASE_PARAMS = { default_face_id: 'r1', system_prompt: 'x' };
  /** Field paths and a value of the wrong type for each, inside `layers`. */
  const WRONG_LAYER_TYPES: [string, unknown][] = [
    ['layers.llm.model', 42],
    ['layers.llm.base_url', false],
    ['layers.llm.speculative_inference', 'true'],
    ['layers.llm.tools', { type: 'function' }],
    ['layers.llm.tools', [{ type: 'function', function: { description: 'no name' } }]],
    ['layers.llm.headers', 'X-Team: a'],
    ['layers.llm.headers.X-Team', 1],
    ['layers.llm.extra_body', [0.7]],
    ['layers.tts.tts_engine', 3],
    ['layers.tts.voice_id', ['v1']],
    ['layers.tts.voice_settings', 'fast'],
    ['layers.tts.tts_emotion_control', 'yes'],
    ['layers.stt.hotwords', ['Tavus']],
    ['layers.perception.visual_awareness_queries', 'Is the user smiling?'],
    ['layers.perception.audio_awareness_queries', [1]],
    ['layers.perception.visual_tools', 'none'],
    ['layers.conversational_flow.turn_taking_patience', 1],
    ['layers.conversational_flow.wake_phrase', true],
    ['layers.conferencing.username', 7],
    ['layers.transport.transport_type', {}],
  ];
  /** `{ layers: { llm: { model: 42 } } }` from `['layers.llm.model', 42]`. */
  const layered = (path: string, value: unknown): Record<string, unknown> =>
    path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

  it('create rejects a documented field of the wrong type, naming its path', async () => {
    const pals = makeClient().pals;
    const cases: [unknown, string][] = [
      [{ ...BASE_PARAMS, system_prompt: 42 }, 'system_prompt'],
      [{ ...BASE_PARAMS, context: ['x'] }, 'context'],
      [{ ...BASE_PARAMS, objectives_id: 12345 }, 'objectives_id'],
      [{ ...BASE_PARAMS, guardrails_id: 1 }, 'guardrails_id'],
      [{ ...BASE_PARAMS, pipeline_mode: 1 }, 'pipeline_mode'],
      [{ ...BASE_PARAMS, document_tags: ['a', 2] }, 'document_tags'],
      ...WRONG_LAYER_TYPES.map(([path, value]): [unknown, string] => [
        { ...BASE_PARAMS, ...layered(path, value) },
        path,
      ]),
    ];
    for (const [params, field] of cases) {
      const error = await rejectionOf(pals.create(params as never));
      expect(error, field).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field, JSON.stringify(params)).toBe(field);
    }
    expect(seen).toHaveLength(0);
  });

  it('update rejects the same, and allows null (remove) for every field', async () => {
    const pals = makeClient().pals;
    const cases: [unknown, string][] = [
      [{ system_prompt: 42 }, 'system_prompt'],
      [{ pal_name: { text: 'x' } }, 'pal_name'],
      [{ default_face_id: 7 }, 'default_face_id'],
      [{ document_ids: 'd1' }, 'document_ids'],
      [{ layers: 'none' }, 'layers'],
      [{ layers: { llm: 'tavus-glm-4.7' } }, 'layers.llm'],
      ...WRONG_LAYER_TYPES.map(([path, value]): [unknown, string] => [layered(path, value), path]),
    ];
    for (const [changes, field] of cases) {
      const error = await rejectionOf(pals.update(PAL_ID, changes as never));
      expect(error, field).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field, JSON.stringify(changes)).toBe(field);
    }
    expect(seen).toHaveLength(0);

    const pal = await documentedPal();
    server.use(
      getSequence({ data: [pal] }),
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
    );
    await pals.update(PAL_ID, {
      pal_name: null,
      document_ids: null,
      layers: { llm: { model: null, tools: null, headers: null }, tts: null },
    });
    expect((await seen.settled()).map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('an unknown top-level field is refused, naming the closest documented one', async () => {
    const pals = makeClient().pals;
    const cases: [Promise<unknown>, string, RegExp][] = [
      [pals.create({ ...BASE_PARAMS, system_promt: 'x' } as never), 'system_promt', /did you mean "system_prompt"\?/],
      [pals.create({ ...BASE_PARAMS, layer: {} } as never), 'layer', /did you mean "layers"\?/],
      [pals.update(PAL_ID, { pal_nmae: 'x' } as never), 'pal_nmae', /did you mean "pal_name"\?/],
      [pals.update(PAL_ID, { documentTags: ['a'] } as never), 'documentTags', /did you mean "document_tags"\?/],
      // Read-only fields of a PAL are not changes either.
      [pals.update(PAL_ID, { pal_id: 'p2' } as never), 'pal_id', /^pal_id: unknown field "pal_id"$/],
    ];
    for (const [promise, field, message] of cases) {
      const error = await rejectionOf(promise);
      expect(error, field).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field).toBe(field);
      expect(error.message).toMatch(message);
    }
    expect(seen).toHaveLength(0);
  });

  it('treats a persona_id in the changes as the read-only pal_id', async () => {
    const error = await rejectionOf(makeClient().pals.update(PAL_ID, { persona_id: 'p2' } as never));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe('pal_id');
    expect(seen).toHaveLength(0);
  });

  it('names a top-level field called like a built-in plainly', async () => {
    const pals = makeClient().pals;
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const extra = JSON.parse(`{${JSON.stringify(name)}:"x"}`);
      for (const promise of [pals.update(PAL_ID, extra), pals.create({ ...BASE_PARAMS, ...extra })]) {
        const error = await rejectionOf(promise);
        expect(error, name).toBeInstanceOf(RequestValidationError);
        expect((error as RequestValidationError).field).toBe(name);
        expect(error.message).toMatch(new RegExp(`^${name}: unknown field "${name}"`));
        expect(error.message).not.toMatch(/native code|\[object/);
      }
    }
    expect(seen).toHaveLength(0);
  });

  it('keeps accepting persona-era names, legacy guardrail sets, unknown enum values and unknown layer fields', async () => {
    server.use(http.post(`${BASE}/v2/pals`, () => HttpResponse.json({ pal_id: 'p1' })));
    const params = {
      persona_name: 'Coach',
      default_replica_id: 'r1',
      system_prompt: 'x',
      guardrails_id: 'g12345',
      pipeline_mode: 'full',
      layers: {
        llm: { model: 'my-model', reasoning_effort: 'high' },
        tts: { tts_engine: 'playht', tts_emotion_control: 'true' },
        stt: { stt_engine: 'tavus-advanced', smart_turn_detection: false, participant_pause_sensitivity: 'low' },
        perception: { perception_model: 'raven-0', ambient_awareness_queries: ['x'], perception_tool_prompt: 'p' },
        conversational_flow: { replica_interruptibility: 'high', turn_detection_model: 'sparrow-2' },
        avatar: { gaze: 'camera' },
      },
    };
    await makeClient().pals.create(params as never);
    const { persona_name, default_replica_id, ...rest } = params;
    expect((await seen.settled())[0]?.body).toEqual({
      ...rest,
      pal_name: 'Coach',
      default_face_id: 'r1',
      layers: {
        ...rest.layers,
        conversational_flow: { pal_interruptibility: 'high', turn_detection_model: 'sparrow-2' },
      },
    });
  });

  it('patch still sends any operation, on fields known or not, with values of any type', async () => {
    server.use(
      http.patch(PAL_URL, () => new HttpResponse(null, { status: 304 })),
      getSequence({ pal_id: PAL_ID }),
    );
    const ops = [
      { op: 'replace', path: '/system_prompt', value: 42 },
      { op: 'add', path: '/future_field', value: { any: ['shape'] } },
      { op: 'add', path: '/layers/llm/model', value: { nested: true } },
    ] as const;
    await makeClient().pals.patch(PAL_ID, ops as never);
    expect((await seen.settled())[0]?.body).toEqual(ops);
  });

  it('never puts a provider key into the message of a field check', async () => {
    const pals = makeClient().pals;
    const promises = [
      pals.create({ ...BASE_PARAMS, layers: { llm: { api_key: [SECRET] } } } as never),
      pals.create({ ...BASE_PARAMS, layers: { tts: { api_key: { key: SECRET } } } } as never),
      pals.create({ ...BASE_PARAMS, layers: { llm: { api_key: SECRET, model: 42 } } } as never),
      pals.create({ ...BASE_PARAMS, api_key: SECRET } as never),
      pals.update(PAL_ID, {
        layers: { llm: { api_key: 42, base_url: SECRET, headers: { 'X-Key': [SECRET] } } },
      } as never),
      pals.update(PAL_ID, { layers: { tts: { api_key: [`${SECRET}-tts`] } } } as never),
      pals.update(PAL_ID, { api_key: SECRET } as never),
    ];
    for (const promise of promises) {
      const error = await rejectionOf(promise);
      expect(error).toBeInstanceOf(RequestValidationError);
      for (const text of [
        error.message,
        String(error.stack),
        JSON.stringify((error as RequestValidationError).toJSON()),
      ]) {
        expect(text).not.toContain(SECRET);
      }
    }
    expect(seen).toHaveLength(0);
  });
});

describe('deeply nested JSON (100,000 levels)', () => {
  const DEPTH = 100_000;
  /** `{ a: { a: … 1 } }`, `levels` objects deep, built without recursion. */
  function nested(levels: number): Record<string, unknown> {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = { a: value };
    return value as Record<string, unknown>;
  }
  /** The same as JSON text, for a response body (JSON.stringify itself would overflow). */
  const nestedText = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it('in the changes, values or params of update, patch and create: a RequestValidationError, no request', async () => {
    const pals = makeClient().pals;
    const cases: [Promise<unknown>, string][] = [
      [pals.update(PAL_ID, { layers: { llm: { extra_body: nested(DEPTH) } } } as never), 'changes'],
      [pals.update(PAL_ID, nested(DEPTH) as never), 'changes'],
      [
        pals.patch(PAL_ID, [{ op: 'add', path: '/layers/llm/extra_body', value: nested(DEPTH) }]),
        'operations[0].value',
      ],
      [
        pals.create({ default_face_id: 'r1', system_prompt: 'x', layers: { llm: { extra_body: nested(DEPTH) } } }),
        'params',
      ],
    ];
    for (const [promise, field] of cases) {
      const error = await rejectionOf(promise);
      expect(error, field).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field).toBe(field);
    }
    expect(seen).toHaveLength(0);
  });

  it('in a PAL the API answers with: a ResponseValidationError in every mode, from get, update, patch and list', async () => {
    const body = `{"data":[{"pal_id":"${PAL_ID}","default_face_id":"r1","layers":{"llm":{"extra_body":${nestedText(DEPTH)}}}}]}`;
    const json = { 'content-type': 'application/json' };
    server.use(
      http.get(PAL_URL, () => new HttpResponse(body, { headers: json })),
      http.get(`${BASE}/v2/pals`, () => new HttpResponse(body.replace(/}$/, ',"total_count":1}'), { headers: json })),
      http.patch(PAL_URL, () => new HttpResponse(body, { headers: json })),
    );
    for (const validation of ['strict', 'lenient', 'off'] as const) {
      const pals = makeClient({ validation }).pals;
      for (const call of [
        () => pals.get(PAL_ID),
        () => pals.update(PAL_ID, { system_prompt: 'y' }),
        () => pals.update(PAL_ID, { layers: { llm: { extra_body: { a: { a: 2 } } } } } as never),
        () => pals.patch(PAL_ID, [{ op: 'replace', path: '/system_prompt', value: 'y' }]),
        () => pals.list().toArray(),
      ]) {
        const error = await rejectionOf(call());
        expect(error, `${validation} ${call}`).toBeInstanceOf(ResponseValidationError);
        expect((error as ResponseValidationError).message).toMatch(/nested/);
      }
    }
    // update read the PAL and sent nothing.
    expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(3);
  });
});

describe('PAL answers that are not an object (issue 14)', () => {
  for (const validation of ['strict', 'lenient', 'off'] as const) {
    it(`${validation}: create, get, publish and list reject an empty, null or scalar 2xx body`, async () => {
      for (const text of ['', 'null', '[]', '"OK"']) {
        const raw = () => new HttpResponse(text, { status: 200, headers: { 'content-type': 'application/json' } });
        server.use(
          http.post(`${BASE}/v2/pals`, raw),
          http.get(`${BASE}/v2/pals/p1`, raw),
          http.post(`${BASE}/v2/pals/p1/publish`, raw),
          http.get(`${BASE}/v2/pals`, raw),
        );
        const tavus = makeClient({ validation, maxRetries: 0 });
        const create = tavus.pals.create({ pal_name: 'x', system_prompt: 'y', default_face_id: 'r1' });
        for (const call of [create, tavus.pals.get('p1'), tavus.pals.publish('p1'), tavus.pals.list().toArray()]) {
          await expect(call).rejects.toMatchObject({ kind: 'ResponseValidationError' });
        }
      }
    });
  }
});
