import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  type AppMessage,
  APIUserAbortError,
  BadRequestError,
  type CreateConversationParams,
  InternalServerError,
  MAX_APP_MESSAGE_BYTES,
  PHOENIX_EMOTIONS,
  type PhoenixEmotion,
  RequestValidationError,
  ResponseValidationError,
  type RetryEvent,
  type WarningEvent,
  isTavusError,
  parseConversationCallback,
} from '../../src/index.js';
import { BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

const CONVERSATIONS = `${BASE}/v2/conversations`;
const CREATED = { conversation_id: 'c123456', conversation_url: 'https://tavus.daily.co/c123456', status: 'active' };

function created(body: import('msw').JsonBodyType = CREATED) {
  return http.post(CONVERSATIONS, () => HttpResponse.json(body));
}
function appMessages(reply: () => Response | Promise<Response> = () => new HttpResponse('OK')) {
  return http.post(`${CONVERSATIONS}/:id/send-app-message`, reply);
}
async function bodies(): Promise<unknown[]> {
  return (await seen.settled()).map((r) => r.body);
}
function warningsOf(tavus: ReturnType<typeof makeClient>): WarningEvent[] {
  const warnings: WarningEvent[] = [];
  tavus.on('warning', (w) => warnings.push(w));
  return warnings;
}

describe('conversations.create', () => {
  const documented: [string, Record<string, unknown>][] = [
    ['conversations.create.request.legacy.json', { face_id: 'rf4e9d9790f0', pal_id: 'pcb7a34da5fe' }],
    [
      'conversations.create.request.call-duration.legacy.json',
      {
        pal_id: 'pcb7a34da5fe',
        face_id: 'rf4e9d9790f0',
        callback_url: 'https://yourwebsite.com/webhook',
        conversation_name: 'Improve Sales Technique',
        conversational_context:
          'I want to improve my sales techniques. Help me practice handling common objections from clients and closing deals more effectively.',
        properties: { max_call_duration: 1800, participant_left_timeout: 60, participant_absent_timeout: 120 },
      },
    ],
    [
      'conversations.create.request.recording-s3.legacy.json',
      {
        face_id: 'rf4e9d9790f0',
        pal_id: 'pcb7a34da5fe',
        properties: {
          enable_recording: true,
          recording_storage: {
            provider: 's3',
            bucket_name: 'conversation-recordings',
            bucket_region: 'us-east-1',
            assume_role_arn: 'arn:aws:iam::123456789012:role/TavusRecordingWriter',
            external_id: 'tavus-acct-abc123',
          },
        },
      },
    ],
  ];
  for (const [name, sent] of documented) {
    it(`sends the documented example ${name} under the face/PAL names, with one deprecation per name`, async () => {
      const { body } = await fixture<Record<string, string>>(name);
      server.use(created());
      seen.length = 0;
      const tavus = makeClient();
      const warnings = warningsOf(tavus);
      await tavus.conversations.create(body as unknown as CreateConversationParams);
      await tavus.conversations.create(body as unknown as CreateConversationParams);
      expect(await bodies()).toEqual([sent, sent]);
      expect(seen[0]).toMatchObject({ method: 'POST', path: '/v2/conversations', query: {} });
      expect(warnings.map((w) => [w.kind, w.path])).toEqual([
        ['deprecation', 'replica_id'],
        ['deprecation', 'persona_id'],
      ]);
    });
  }

  it('parses the documented answer and derives nothing yet', async () => {
    const { body } = await fixture('conversations.create.response.json');
    server.use(created(body));
    const call = await makeClient({ validation: 'strict' }).conversations.create({ face_id: 'r1' });
    expect(call).toMatchObject({
      conversation_id: 'c123456',
      conversation_url: 'https://tavus.daily.co/c123456',
      status: 'active',
      meeting_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
      transcript: null,
      shutdownReason: null,
      perceptionAnalysis: null,
    });
  });

  it('sends a PAL alone (its default face joins), drops blank optionals and keeps fields newer than the SDK', async () => {
    server.use(created());
    seen.length = 0;
    await makeClient().conversations.create({
      pal_id: 'p1',
      callback_url: '',
      conversation_name: 'Demo',
      properties: { max_call_duration: 120, language: '' },
      ...({ participant_tags: ['a'] } as object),
    });
    expect(await bodies()).toEqual([
      { pal_id: 'p1', conversation_name: 'Demo', properties: { max_call_duration: 120 }, participant_tags: ['a'] },
    ]);
  });

  it('accepts the string booleans of the reference\'s own examples ("audio_only": "false")', async () => {
    server.use(created());
    seen.length = 0;
    await makeClient().conversations.create({ face_id: 'r1', audio_only: 'false' as unknown as boolean });
    expect(await bodies()).toEqual([{ face_id: 'r1', audio_only: 'false' }]);
  });

  const bad: [string, unknown, string][] = [
    ['no params', undefined, 'params'],
    ['neither face nor PAL', { conversation_name: 'x' }, 'face_id'],
    ['a blank face and no PAL', { face_id: '  ' }, 'face_id'],
    ['a numeric face id', { face_id: 42 }, 'face_id'],
    ['both replica_id and face_id', { face_id: 'r1', replica_id: 'r2' }, 'replica_id'],
    ['a relative callback URL', { face_id: 'r1', callback_url: 'sample.com/callback' }, 'callback_url'],
    ['a meeting URL that is not a URL', { face_id: 'r1', meeting_url: 'zoom' }, 'meeting_url'],
    ['one participant', { face_id: 'r1', max_participants: 1 }, 'max_participants'],
    ['a boolean that is a number', { face_id: 'r1', test_mode: 1 }, 'test_mode'],
    ['memory stores that are not strings', { face_id: 'r1', memory_stores: [1] }, 'memory_stores'],
    ['properties that are an array', { face_id: 'r1', properties: [] }, 'properties'],
    [
      'a fractional call duration',
      { face_id: 'r1', properties: { max_call_duration: 1.5 } },
      'properties.max_call_duration',
    ],
    ['a zero call duration', { face_id: 'r1', properties: { max_call_duration: 0 } }, 'properties.max_call_duration'],
    [
      'a negative timeout',
      { face_id: 'r1', properties: { participant_left_timeout: -1 } },
      'properties.participant_left_timeout',
    ],
    [
      'a misspelt call duration',
      { face_id: 'r1', properties: { max_call_duraton: 60 } },
      'properties.max_call_duraton',
    ],
    ['a misspelt top-level field', { face_id: 'r1', custom_greting: 'Hi' }, 'custom_greting'],
    [
      'a storage without its provider',
      { face_id: 'r1', properties: { recording_storage: { bucket_name: 'b' } } },
      'properties.recording_storage.provider',
    ],
    [
      'an S3 storage without its role',
      { face_id: 'r1', properties: { recording_storage: { provider: 's3', bucket_name: 'b', bucket_region: 'r' } } },
      'properties.recording_storage.assume_role_arn',
    ],
    [
      'a misspelt provider',
      { face_id: 'r1', properties: { recording_storage: { provider: 'gsc' } } },
      'properties.recording_storage.provider',
    ],
    [
      'a LiveKit URL of another scheme',
      { face_id: 'r1', properties: { livekit_ws_url: 'ftp://x' } },
      'properties.livekit_ws_url',
    ],
  ];
  for (const [label, params, field] of bad) {
    it(`rejects ${label} before any request, naming ${field}`, async () => {
      seen.length = 0;
      const error = await makeClient()
        .conversations.create(params as CreateConversationParams)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error).toMatchObject({ field });
      expect(seen).toHaveLength(0);
    });
  }

  it('names the documented field a typo was meant to be', async () => {
    const error = await makeClient()
      .conversations.create({ face_id: 'r1', properties: { max_call_duraton: 60 } as never })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('did you mean "max_call_duration"');
  });

  it('reports the deprecated S3 recording fields once, and sends them', async () => {
    server.use(created());
    seen.length = 0;
    const tavus = makeClient();
    const warnings = warningsOf(tavus);
    await tavus.conversations.create({ face_id: 'r1', properties: { recording_s3_bucket_name: 'b' } });
    expect(await bodies()).toEqual([{ face_id: 'r1', properties: { recording_s3_bucket_name: 'b' } }]);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'deprecation', path: 'recording_s3_bucket_name' })]);
  });

  it('is billable: never re-sent after a 500, a 502 or a dropped connection; a 429 is retried', async () => {
    for (const reply of [
      () => HttpResponse.json({ error: 'boom' }, { status: 500 }),
      () => HttpResponse.json({ error: 'Bad Gateway' }, { status: 502 }),
      () => HttpResponse.error(),
    ]) {
      server.use(http.post(CONVERSATIONS, reply));
      seen.length = 0;
      await expect(makeClient().conversations.create({ face_id: 'r1' })).rejects.toSatisfy(isTavusError);
      expect(seen).toHaveLength(1);
    }
    let calls = 0;
    server.use(
      http.post(CONVERSATIONS, () =>
        calls++ === 0
          ? HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'retry-after': '0' } })
          : HttpResponse.json(CREATED),
      ),
    );
    expect(await makeClient().conversations.create({ face_id: 'r1' })).toMatchObject({ conversation_id: 'c123456' });
    expect(calls).toBe(2);
  });

  it('surfaces the documented 400 as a BadRequestError', async () => {
    const message = 'There was an error creating the conversation, please reach out to support at support@tavus.io!';
    server.use(http.post(CONVERSATIONS, () => HttpResponse.json({ error: message }, { status: 400 })));
    const error = await makeClient()
      .conversations.create({ face_id: 'r1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ serverMessage: message });
  });
});

describe('conversations.get', () => {
  it('parses the documented verbose example: legacy names mapped, events typed, transcript and reason derived', async () => {
    const { body } = await fixture('conversations.get.response.verbose.legacy.json');
    server.use(http.get(`${CONVERSATIONS}/:id`, () => HttpResponse.json(body)));
    seen.length = 0;
    const tavus = makeClient({ validation: 'strict' });
    const warnings = warningsOf(tavus);
    const conversation = await tavus.conversations.get('conv_123', { verbose: true });
    expect(seen[0]?.query).toEqual({ verbose: 'true' });
    expect(conversation).toMatchObject({
      conversation_id: 'conv_123',
      status: 'ended',
      face_id: 'replica_abc',
      pal_id: 'persona_xyz',
      shutdownReason: 'participant_left_timeout',
      perceptionAnalysis: null,
    });
    expect(conversation).not.toHaveProperty('replica_id');
    expect(conversation.transcript?.map((t) => [t.role, t.content])).toEqual([
      ['assistant', 'Hi, welcome. What brought you here today?'],
      ['user', 'Just testing.'],
    ]);
    expect(conversation.events?.map((e) => e.event_type)).toEqual([
      'system.replica_joined',
      'application.transcription_ready',
      'system.shutdown',
    ]);
    // The union narrows on event_type.
    const shutdown = conversation.events?.find((e) => e.event_type === 'system.shutdown');
    if (shutdown?.event_type === 'system.shutdown')
      expect(shutdown.properties?.reason).toBe('participant_left_timeout');
    expect(warnings.map((w) => w.path)).toEqual(['replica_id', 'persona_id']);
  });

  it("reads the callbacks' shutdown_reason key and the perception analysis too", async () => {
    server.use(
      http.get(`${CONVERSATIONS}/:id`, () =>
        HttpResponse.json({
          conversation_id: 'c1',
          status: 'ended',
          events: [
            {
              event_type: 'system.shutdown',
              timestamp: 't',
              properties: { shutdown_reason: 'max_call_duration reached' },
            },
            { event_type: 'application.perception_analysis', timestamp: 't', properties: { analysis: 'Calm.' } },
          ],
        }),
      ),
    );
    const conversation = await makeClient({ validation: 'strict' }).conversations.get('c1', { verbose: true });
    expect(conversation).toMatchObject({ shutdownReason: 'max_call_duration reached', perceptionAnalysis: 'Calm.' });
  });

  it('keeps an event of an unknown type: a warning in lenient mode, a ResponseValidationError naming it in strict mode', async () => {
    const body = {
      conversation_id: 'c1',
      status: 'active',
      events: [
        { event_type: 'system.replica_joined', timestamp: 't' },
        { event_type: 'system.something_new', timestamp: 't', properties: { x: 1 } },
      ],
    };
    server.use(http.get(`${CONVERSATIONS}/:id`, () => HttpResponse.json(body)));
    const lenient = makeClient();
    const warnings = warningsOf(lenient);
    const conversation = await lenient.conversations.get('c1', { verbose: true });
    expect(conversation.events?.[1]).toEqual({
      event_type: 'system.something_new',
      timestamp: 't',
      properties: { x: 1 },
    });
    expect(warnings).toEqual([expect.objectContaining({ kind: 'validation', path: 'events[1].event_type' })]);
    const error = await makeClient({ validation: 'strict' })
      .conversations.get('c1', { verbose: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.map((i) => i.path)).toEqual(['events[1].event_type']);
  });

  it('names the field of a malformed transcript turn', async () => {
    const body = {
      conversation_id: 'c1',
      status: 'ended',
      events: [{ event_type: 'application.transcription_ready', properties: { transcript: [{ role: 'user' }] } }],
    };
    server.use(http.get(`${CONVERSATIONS}/:id`, () => HttpResponse.json(body)));
    const error = await makeClient({ validation: 'strict' })
      .conversations.get('c1', { verbose: true })
      .catch((e: unknown) => e);
    expect((error as ResponseValidationError).issues.map((i) => i.path)).toEqual([
      'events[0].properties.transcript[0].content',
    ]);
  });

  it('an unknown id is the documented 400', async () => {
    const { body } = await fixture('conversations.get.response.400.json');
    server.use(http.get(`${CONVERSATIONS}/:id`, () => HttpResponse.json(body, { status: 400 })));
    const error = await makeClient()
      .conversations.get('cnope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ serverMessage: 'Invalid conversation_id' });
  });
});

describe('conversations.list', () => {
  it('sends status and paging, walks every page, and normalises each item', async () => {
    const items = Array.from({ length: 3 }, (_, i) => ({
      conversation_id: `c${i}`,
      status: 'ended',
      replica_id: 'r1',
    }));
    server.use(
      http.get(CONVERSATIONS, ({ request }) => {
        const q = new URL(request.url).searchParams;
        const limit = Number(q.get('limit'));
        const page = Number(q.get('page'));
        return HttpResponse.json({ data: items.slice((page - 1) * limit, page * limit), total_count: items.length });
      }),
    );
    seen.length = 0;
    const all = await makeClient().conversations.list({ status: 'ended', limit: 2 }).toArray();
    expect(all.map((c) => [c.conversation_id, c.face_id])).toEqual([
      ['c0', 'r1'],
      ['c1', 'r1'],
      ['c2', 'r1'],
    ]);
    expect(seen.map((r) => r.query)).toEqual([
      { limit: '2', page: '1', status: 'ended' },
      { limit: '2', page: '2', status: 'ended' },
    ]);
  });

  it('rejects a blank status before any request', async () => {
    seen.length = 0;
    await expect(makeClient().conversations.list({ status: ' ' })).rejects.toBeInstanceOf(RequestValidationError);
    expect(seen).toHaveLength(0);
  });
});

describe('conversations.end / delete', () => {
  it('end posts to /end, accepts the documented 200 "OK" text, and is retried like a read', async () => {
    let calls = 0;
    server.use(
      http.post(`${CONVERSATIONS}/:id/end`, () =>
        calls++ === 0 ? HttpResponse.json({ error: 'Service Unavailable' }, { status: 503 }) : new HttpResponse('OK'),
      ),
    );
    seen.length = 0;
    await makeClient().conversations.end('c1');
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/conversations/c1/end',
      'POST /v2/conversations/c1/end',
    ]);
    let dropped = 0;
    server.use(
      http.post(`${CONVERSATIONS}/:id/end`, () => (dropped++ === 0 ? HttpResponse.error() : new HttpResponse('OK'))),
    );
    await makeClient().conversations.end('c1');
    expect(dropped).toBe(2);
  });

  it('delete sends hard when asked and accepts 204', async () => {
    server.use(http.delete(`${CONVERSATIONS}/:id`, () => new HttpResponse(null, { status: 204 })));
    seen.length = 0;
    await makeClient().conversations.delete('c1', { hard: true });
    await makeClient().conversations.delete('c1');
    expect(seen.map((r) => r.query)).toEqual([{ hard: 'true' }, {}]);
  });

  it('rejects empty and path-like ids before any request', async () => {
    seen.length = 0;
    const tavus = makeClient();
    for (const call of [
      tavus.conversations.get(''),
      tavus.conversations.end('..'),
      tavus.conversations.delete(' '),
      tavus.conversations.respond('', 'hi'),
    ]) {
      await expect(call).rejects.toBeInstanceOf(RequestValidationError);
    }
    expect(seen).toHaveLength(0);
  });
});

describe('conversations.sendAppMessage', () => {
  const documented = [
    'conversations.interactions.echo.json',
    'conversations.interactions.respond.json',
    'conversations.interactions.interrupt.json',
    'conversations.interactions.sensitivity.json',
    'conversations.interactions.overwrite-context.json',
    'conversations.interactions.append-context.json',
  ];
  for (const name of documented) {
    it(`sends the documented interaction ${name} as it is`, async () => {
      const { body } = await fixture<{ conversation_id: string }>(name);
      server.use(appMessages());
      seen.length = 0;
      await makeClient().conversations.sendAppMessage(body.conversation_id, body as unknown as AppMessage);
      expect(seen[0]?.path).toBe(`/v2/conversations/${body.conversation_id}/send-app-message`);
      expect(await bodies()).toEqual([body]);
    });
  }

  it("sends the reference's request body (no conversation_id) and the documented tool result", async () => {
    const respond = await fixture('conversations.send-app-message.request.respond.json');
    const tool = await fixture<{ conversation_id: string }>('conversations.interactions.tool-result.json');
    server.use(appMessages());
    seen.length = 0;
    const tavus = makeClient();
    await tavus.conversations.sendAppMessage('c1', respond.body as unknown as AppMessage);
    await tavus.conversations.sendAppMessage(tool.body.conversation_id, tool.body as unknown as AppMessage);
    expect(await bodies()).toEqual([respond.body, tool.body]);
  });

  it('the helpers send the documented shapes', async () => {
    server.use(appMessages());
    seen.length = 0;
    const { conversations } = makeClient();
    await conversations.setEmotion('c1', 'happiness');
    await conversations.echo('c1', 'Hello.');
    await conversations.respond('c1', 'Hi?');
    await conversations.interrupt('c1');
    const envelope = { message_type: 'conversation' };
    expect(await bodies()).toEqual([
      { ...envelope, event_type: 'conversation.set_emotion', properties: { emotion: 'happiness' } },
      { ...envelope, event_type: 'conversation.echo', properties: { modality: 'text', text: 'Hello.' } },
      { ...envelope, event_type: 'conversation.respond', properties: { text: 'Hi?' } },
      { ...envelope, event_type: 'conversation.interrupt' },
    ]);
  });

  it('setEmotion takes only a Phoenix emotion, and the error lists them', async () => {
    seen.length = 0;
    const error = await makeClient()
      .conversations.setEmotion('c1', 'joy' as PhoenixEmotion)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    for (const emotion of PHOENIX_EMOTIONS) expect((error as Error).message).toContain(`'${emotion}'`);
    const typo = await makeClient()
      .conversations.setEmotion('c1', 'sadnes' as PhoenixEmotion)
      .catch((e: unknown) => e);
    expect((typo as Error).message).toContain("did you mean 'sadness'");
    expect(seen).toHaveLength(0);
  });

  const bad: [string, unknown, string][] = [
    ['not an object', 'hello', 'message'],
    ['no event_type', { message_type: 'conversation' }, 'event_type'],
    [
      'another conversation',
      { message_type: 'conversation', event_type: 'conversation.interrupt', conversation_id: 'c2' },
      'conversation_id',
    ],
    [
      'a respond without text',
      { message_type: 'conversation', event_type: 'conversation.respond', properties: {} },
      'properties.text',
    ],
    [
      'the wrong message_type',
      { message_type: 'system', event_type: 'conversation.respond', properties: { text: 'x' } },
      'message_type',
    ],
    [
      'an echo of audio without audio',
      { message_type: 'conversation', event_type: 'conversation.echo', properties: { modality: 'audio' } },
      'properties.audio',
    ],
    [
      'both sensitivities',
      {
        message_type: 'conversation',
        event_type: 'conversation.sensitivity',
        properties: { participant_pause_sensitivity: 'low', participant_interrupt_sensitivity: 'low' },
      },
      'properties',
    ],
    [
      'an unknown sensitivity',
      {
        message_type: 'conversation',
        event_type: 'conversation.sensitivity',
        properties: { participant_pause_sensitivity: 'max' },
      },
      'properties.participant_pause_sensitivity',
    ],
    [
      'a tool result without output',
      { message_type: 'conversation', event_type: 'conversation.tool_result', properties: { tool_call_id: 't' } },
      'properties.output',
    ],
    [
      'a typo of an interaction',
      { message_type: 'conversation', event_type: 'conversation.set_emotions', properties: {} },
      'event_type',
    ],
    [
      'the retired realtime passthrough',
      { message_type: 'conversation', event_type: 'conversation.realtime_api' },
      'event_type',
    ],
  ];
  for (const [label, message, field] of bad) {
    it(`rejects ${label} before any request, naming ${field}`, async () => {
      seen.length = 0;
      const error = await makeClient()
        .conversations.sendAppMessage('c1', message as AppMessage)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error).toMatchObject({ field });
      expect(seen).toHaveLength(0);
    });
  }

  it('relays another event type into the room as it is', async () => {
    server.use(appMessages());
    seen.length = 0;
    const custom = { message_type: 'app', event_type: 'app.scoreboard', properties: { home: 2 } };
    await makeClient().conversations.sendAppMessage('c1', custom as unknown as AppMessage);
    expect(await bodies()).toEqual([custom]);
  });

  it(`checks the ${MAX_APP_MESSAGE_BYTES}-byte limit on the JSON bytes before sending`, async () => {
    server.use(appMessages());
    const envelope =
      '{"message_type":"conversation","event_type":"conversation.echo","properties":{"modality":"text","text":""}}';
    // Exactly at the limit, in bytes: 'é' is two bytes of UTF-8, one character.
    const room = MAX_APP_MESSAGE_BYTES - envelope.length;
    const fits = 'é'.repeat(Math.floor(room / 2)) + 'a'.repeat(room % 2);
    seen.length = 0;
    await makeClient().conversations.echo('c1', fits);
    expect(seen).toHaveLength(1);
    const error = await makeClient()
      .conversations.echo('c1', `${fits}!`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain(`${MAX_APP_MESSAGE_BYTES + 1} bytes`);
    expect(seen).toHaveLength(1);
  });

  it('retries the documented 502 (nothing delivered), with a retry event', async () => {
    const { body } = await fixture('conversations.send-app-message.response.502.json');
    let calls = 0;
    server.use(appMessages(() => (calls++ === 0 ? HttpResponse.json(body, { status: 502 }) : new HttpResponse('OK'))));
    const tavus = makeClient();
    const retries: RetryEvent[] = [];
    tavus.on('retry', (e) => retries.push(e));
    await tavus.conversations.respond('c1', 'Hi');
    expect(calls).toBe(2);
    expect(retries).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v2/conversations/c1/send-app-message', attempt: 2 }),
    ]);
  });

  it('never retries the documented 504, a 500 or a dropped connection: the message may have arrived', async () => {
    const { body } = await fixture('conversations.send-app-message.response.504.json');
    for (const reply of [
      () => HttpResponse.json(body, { status: 504 }),
      () => HttpResponse.json({ error: 'boom' }, { status: 500 }),
      () => HttpResponse.error(),
    ]) {
      server.use(appMessages(reply));
      seen.length = 0;
      await expect(makeClient().conversations.respond('c1', 'Hi')).rejects.toSatisfy(isTavusError);
      expect(seen).toHaveLength(1);
    }
  });

  it('gives up on 502 after maxRetries, and a 429 (nothing accepted) is retried', async () => {
    server.use(appMessages(() => HttpResponse.json({ error: 'Bad Gateway' }, { status: 502 })));
    seen.length = 0;
    const error = await makeClient({ maxRetries: 1 })
      .conversations.interrupt('c1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502 });
    expect(seen).toHaveLength(2);
    let calls = 0;
    server.use(
      appMessages(() =>
        calls++ === 0
          ? HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'retry-after': '0' } })
          : new HttpResponse('OK'),
      ),
    );
    await makeClient().conversations.interrupt('c1');
    expect(calls).toBe(2);
  });

  it('surfaces the documented "only to active conversations" 400', async () => {
    const { body } = await fixture('conversations.send-app-message.response.400.ended.json');
    server.use(appMessages(() => HttpResponse.json(body, { status: 400 })));
    const error = await makeClient()
      .conversations.respond('c1', 'Hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('keeps to 120 per 60 s: the 121st waits its turn, and aborting it sends nothing', async () => {
    server.use(appMessages());
    seen.length = 0;
    const tavus = makeClient();
    await Promise.all(Array.from({ length: 120 }, (_, i) => tavus.conversations.echo(`c${i % 3}`, `m${i}`)));
    expect(seen).toHaveLength(120);
    const controller = new AbortController();
    const waiting = tavus.conversations.echo('c9', 'one too many', { signal: controller.signal });
    controller.abort(new Error('changed my mind'));
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(120);
    // The limit is the client's: a client derived with withOptions shares it.
    const derived = tavus.withOptions({ timeoutMs: 5_000 });
    await expect(derived.conversations.echo('c1', 'x', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(seen).toHaveLength(120);
  });

  it('sends one message per conversation at a time, in call order, even when an earlier one fails', async () => {
    const order: string[] = [];
    let first = true;
    server.use(
      appMessages(async () => {
        if (first) {
          first = false;
          // The first answer is slow: the second message must not overtake it.
          await new Promise((resolve) => setTimeout(resolve, 50));
          return HttpResponse.json({ error: 'boom' }, { status: 500 });
        }
        return new HttpResponse('OK');
      }),
    );
    server.events.on('request:start', ({ request }) => {
      void request
        .clone()
        .json()
        .then((b: { properties?: { text?: string } }) => order.push(String(b.properties?.text)));
    });
    const { conversations } = makeClient();
    const results = await Promise.allSettled([conversations.echo('c1', 'one'), conversations.echo('c1', 'two')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(InternalServerError);
    await seen.settled();
    expect(order).toEqual(['one', 'two']);
    server.events.removeAllListeners('request:start');
  });
});

describe('parseConversationCallback', () => {
  it('parses the documented callbacks, mapping replica_id to face_id with one warning per name', async () => {
    const warnings: WarningEvent[] = [];
    const onWarning = (w: WarningEvent) => warnings.push(w);
    const joined = await fixture('conversations.callback.replica-joined.legacy.json');
    const shutdown = await fixture('conversations.callback.shutdown.legacy.json');
    const recording = await fixture('conversations.callback.recording-ready.json');
    const a = parseConversationCallback(joined.body, { onWarning });
    const b = parseConversationCallback(JSON.stringify(shutdown.body), { onWarning });
    const c = parseConversationCallback(recording.body, { onWarning });
    expect(a).toMatchObject({
      conversation_id: '<conversation_id>',
      event_type: 'system.replica_joined',
      message_type: 'system',
      properties: { face_id: '<replica_id>' },
      raw: joined.body,
    });
    expect(a.properties).not.toHaveProperty('replica_id');
    if (b.event_type === 'system.shutdown') expect(b.properties?.shutdown_reason).toBe('participant_left_timeout');
    expect(c).toMatchObject({
      event_type: 'application.recording_ready',
      properties: { s3_key: '<s3_key>', duration: 14 },
    });
    expect(warnings).toEqual([expect.objectContaining({ kind: 'deprecation', path: 'replica_id' })]);
    // A parsed callback handed back in parses to the same.
    expect(parseConversationCallback(a, { onWarning })).toEqual(a);
  });

  it('keeps event types newer than the SDK, and maps persona_id too', () => {
    const onWarning = () => undefined;
    const callback = parseConversationCallback(
      { conversation_id: 'c1', event_type: 'system.pal_joined', properties: { persona_id: 'p1', face_id: 'r1' } },
      { onWarning },
    );
    expect(callback).toMatchObject({ event_type: 'system.pal_joined', properties: { pal_id: 'p1', face_id: 'r1' } });
  });

  const bad: [string, unknown, string][] = [
    ['text that is not JSON', '{"conversation_id": ', ''],
    ['an array', [], ''],
    ['no conversation id', { event_type: 'system.shutdown' }, 'conversation_id'],
    ['an event type that is not a string', { conversation_id: 'c1', event_type: 7 }, 'event_type'],
    [
      'a transcript that is not a list',
      { conversation_id: 'c1', event_type: 'application.transcription_ready', properties: { transcript: 'hi' } },
      'properties.transcript',
    ],
  ];
  for (const [label, body, path] of bad) {
    it(`rejects ${label} with a ResponseValidationError naming ${path || 'the body'}`, () => {
      const error = (() => {
        try {
          parseConversationCallback(body);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).issues[0]?.path).toBe(path);
    });
  }
});
