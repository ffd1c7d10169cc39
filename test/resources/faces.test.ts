import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CreateFaceParams,
  PermissionDeniedError,
  RequestValidationError,
  ResponseValidationError,
  type WarningEvent,
} from '../../src/index.js';
import { BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

function created(body: import('msw').JsonBodyType) {
  return http.post(`${BASE}/v2/faces`, () => HttpResponse.json(body));
}

describe('faces.create', () => {
  const requestFixtures = [
    'faces.create.request.video.json',
    'faces.create.request.quickstart-video.json',
    'faces.create.request.quickstart-synthetic.json',
    'faces.create.request.quickstart-image.json',
    'faces.create.request.image-default-voice.json',
  ];
  for (const name of requestFixtures) {
    it(`sends the documented example ${name}`, async () => {
      const { body } = await fixture<Record<string, string>>(name);
      const response = await fixture('faces.create.response.json');
      server.use(created(response.body));
      seen.length = 0;
      const face = await makeClient().faces.create(body as unknown as CreateFaceParams);
      expect(face).toEqual({ face_id: 'r90bbd427f71', status: 'started' });
      await seen.settled();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: 'POST', path: '/v2/faces', query: {} });
      // The quickstarts' `callback_url: ""` is dropped, everything else is sent as given.
      const expected = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== ''));
      expect(seen[0]?.body).toEqual(expected);
    });
  }

  it('maps a legacy replica_id answer to face_id with one deprecation warning', async () => {
    const { body } = await fixture('faces.create.response.legacy-replica.json');
    server.use(created(body));
    const tavus = makeClient();
    const warnings: WarningEvent[] = [];
    tavus.on('warning', (w) => warnings.push(w));
    const video = { train_video_url: 'https://example.com/v.mp4' };
    expect(await tavus.faces.create(video)).toEqual({ face_id: 'r783537ef5', status: 'started' });
    await tavus.faces.create(video);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'deprecation', path: 'replica_id' })]);
  });

  it('warns (deprecation) when consent_video_url is sent, and still sends it', async () => {
    server.use(created({ face_id: 'r1', status: 'started' }));
    const tavus = makeClient();
    const warnings: WarningEvent[] = [];
    tavus.on('warning', (w) => warnings.push(w));
    seen.length = 0;
    await tavus.faces.create({
      train_video_url: 'https://example.com/v.mp4',
      consent_video_url: 'https://example.com/consent.mp4',
      model_name: 'phoenix-3',
    });
    await seen.settled();
    expect((seen[0]?.body as Record<string, unknown> | undefined)?.consent_video_url).toBe(
      'https://example.com/consent.mp4',
    );
    expect(warnings).toEqual([expect.objectContaining({ kind: 'deprecation', path: 'consent_video_url' })]);
  });

  const bad: [string, unknown, string][] = [
    ['neither url', { face_name: 'x' }, 'train_video_url'],
    [
      'both urls',
      { train_video_url: 'https://a/v.mp4', train_image_url: 'https://a/i.png', voice_name: 'anna' },
      'train_image_url',
    ],
    ['image without voice', { train_image_url: 'https://a/i.png' }, 'voice_name'],
    [
      'image with both voices',
      { train_image_url: 'https://a/i.png', voice_name: 'anna', default_voice_id: 'v1' },
      'default_voice_id',
    ],
    [
      'image on phoenix-3',
      { train_image_url: 'https://a/i.png', voice_name: 'anna', model_name: 'phoenix-3' },
      'model_name',
    ],
    ['relative url', { train_video_url: '/videos/rio.mp4' }, 'train_video_url'],
    ['non-http url', { train_video_url: 'ftp://example.com/rio.mp4' }, 'train_video_url'],
    ['bad callback url', { train_video_url: 'https://a/v.mp4', callback_url: 'not a url' }, 'callback_url'],
    [
      'auto fix with video',
      { train_video_url: 'https://a/v.mp4', auto_fix_training_image: true },
      'auto_fix_training_image',
    ],
    ['non-string name', { train_video_url: 'https://a/v.mp4', face_name: 42 }, 'face_name'],
    ['not an object', null, 'params'],
  ];
  for (const [label, params, field] of bad) {
    it(`rejects ${label} before any request, naming ${field}`, async () => {
      seen.length = 0;
      const error = await makeClient()
        .faces.create(params as CreateFaceParams)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).field).toBe(field);
      // URLs are never echoed (presigned URLs carry signatures).
      expect((error as Error).message).not.toContain('rio.mp4');
      expect(seen).toHaveLength(0);
    });
  }

  it('surfaces the documented 400 for a body the server rejects', async () => {
    const { body, status } = await fixture('faces.create.response.400.json');
    server.use(http.post(`${BASE}/v2/faces`, () => HttpResponse.json(body, { status })));
    await expect(makeClient().faces.create({ train_video_url: 'https://a/v.mp4' })).rejects.toMatchObject({
      kind: 'BadRequestError',
      serverMessage: 'Either train_video_url or train_image_url must be provided.',
    });
  });
});

describe('faces.get', () => {
  it('parses the documented Get Face example and derives progress', async () => {
    const { body } = await fixture<Record<string, string>>('faces.get.response.json');
    server.use(http.get(`${BASE}/v2/faces/r90bbd427f71`, () => HttpResponse.json(body)));
    seen.length = 0;
    const face = await makeClient().faces.get('r90bbd427f71', { verbose: true });
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/v2/faces/r90bbd427f71', query: { verbose: 'true' } });
    expect(face).toEqual({ ...body, progress: 100 });
  });

  it('strict mode flags the reference example\'s face_type typo ("user\'"); lenient warns', async () => {
    const { body } = await fixture('faces.get.response.json');
    server.use(http.get(`${BASE}/v2/faces/r90bbd427f71`, () => HttpResponse.json(body)));
    const error = (await makeClient({ validation: 'strict' })
      .faces.get('r90bbd427f71')
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error.paths).toEqual(['face_type']);
    const lenient = makeClient();
    const warnings: WarningEvent[] = [];
    lenient.on('warning', (w) => warnings.push(w));
    await expect(lenient.faces.get('r90bbd427f71')).resolves.toMatchObject({ face_type: "user'" });
    expect(warnings.map((w) => w.path)).toEqual(['face_type']);
  });

  it('sends no verbose query unless asked', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ face_id: 'r1', status: 'started' })));
    seen.length = 0;
    const face = await makeClient().faces.get('r1');
    expect(seen[0]?.query).toEqual({});
    expect(face.progress).toBeNull();
  });

  it('keeps the newer voice and fine-tune fields', async () => {
    const body = {
      face_id: 'r1',
      status: 'completed',
      training_progress: '100/100',
      model_name: 'phoenix-4.5',
      default_voice_id: 'v0a1b2c3d4e5f',
      original_voice_id: null,
      finetune_status: null,
    };
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json(body)));
    await expect(makeClient({ validation: 'strict' }).faces.get('r1')).resolves.toEqual({ ...body, progress: 100 });
  });
});

describe('faces.list', () => {
  it('sends face_type=user and the documented filters, and parses the documented example', async () => {
    const { body } = await fixture<{ data: Record<string, string>[]; total_count: number }>('faces.list.response.json');
    server.use(http.get(`${BASE}/v2/faces`, () => HttpResponse.json(body)));
    seen.length = 0;
    const page = await makeClient().faces.list({
      limit: 10,
      face_ids: ['r90bbd427f71', 'r2'],
      model_name: 'phoenix-3',
      verbose: true,
    });
    expect(seen[0]?.query).toEqual({
      face_type: 'user',
      limit: '10',
      page: '1',
      face_ids: 'r90bbd427f71,r2',
      model_name: 'phoenix-3',
      verbose: 'true',
    });
    expect(page.total_count).toBe(42);
    expect(page.page).toBe(1);
    expect(page.limit).toBe(10);
    expect(page.data).toEqual([{ ...(body.data[0] as object), progress: 100 }]);
  });

  it('rejects bad face_ids and paging before any request', async () => {
    seen.length = 0;
    const tavus = makeClient();
    await expect(tavus.faces.list({ face_ids: ['a,b'] })).rejects.toMatchObject({ field: 'face_ids' });
    await expect(tavus.faces.list({ face_ids: [''] })).rejects.toBeInstanceOf(RequestValidationError);
    await expect(tavus.faces.list({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
    await expect(tavus.faces.list({ page: 1.5 })).rejects.toMatchObject({ field: 'page' });
    // Past 2^53 a count prints as `1e+21`, which no query string carries as a number.
    await expect(tavus.faces.list({ limit: 1e21 })).rejects.toMatchObject({ field: 'limit' });
    await expect(tavus.faces.list({ page: 2 ** 60 })).rejects.toMatchObject({ field: 'page' });
    expect(seen).toHaveLength(0);
  });

  it("derives each face's progress from its own training_progress, repeated values included", async () => {
    const values = ['42/100', '100/100', '42/100', ' 7 % ', '100/100', 'soon', '3/4'];
    server.use(
      http.get(`${BASE}/v2/faces`, () =>
        HttpResponse.json({
          data: values.map((training_progress, i) => ({ face_id: `r${i}`, status: 'started', training_progress })),
          total_count: values.length,
        }),
      ),
    );
    for (let round = 0; round < 2; round++) {
      const page = await makeClient().faces.list();
      expect(page.data.map((face) => face.progress)).toEqual([42, 100, 42, 7, 100, null, 75]);
    }
  });

  it('normalises legacy replica_* names in list items', async () => {
    server.use(
      http.get(`${BASE}/v2/faces`, () =>
        HttpResponse.json({
          data: [{ replica_id: 'r1', replica_name: 'Old', replica_type: 'user', status: 'completed' }],
          total_count: 1,
        }),
      ),
    );
    const tavus = makeClient({ validation: 'strict' });
    const warnings: WarningEvent[] = [];
    tavus.on('warning', (w) => warnings.push(w));
    const [face] = await tavus.faces.list().toArray();
    expect(face).toEqual({ face_id: 'r1', face_name: 'Old', face_type: 'user', status: 'completed', progress: null });
    expect(warnings.map((w) => w.path)).toEqual(['replica_id', 'replica_name', 'replica_type']);
  });
});

describe('faces.update / rename / delete', () => {
  it('update sends a merge patch and parses the documented answer', async () => {
    const request = await fixture('faces.update.request.json');
    const response = await fixture('faces.update.response.json');
    server.use(http.patch(`${BASE}/v2/faces/r90bbd427f71`, () => HttpResponse.json(response.body)));
    seen.length = 0;
    const updated = await makeClient({ validation: 'strict' }).faces.update(
      'r90bbd427f71',
      request.body as { face_name: string },
    );
    await seen.settled();
    expect(seen[0]).toMatchObject({ method: 'PATCH', path: '/v2/faces/r90bbd427f71', body: request.body });
    expect(updated).toEqual(response.body);
  });

  it('rename is update with face_name', async () => {
    server.use(http.patch(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ face_id: 'r1', face_name: 'Rio' })));
    seen.length = 0;
    await expect(makeClient().faces.rename('r1', 'Rio')).resolves.toMatchObject({ face_name: 'Rio' });
    await seen.settled();
    expect(seen[0]?.body).toEqual({ face_name: 'Rio' });
  });

  it('rejects blank values and empty updates before any request', async () => {
    seen.length = 0;
    const tavus = makeClient();
    await expect(tavus.faces.update('r1', { face_name: '  ' })).rejects.toMatchObject({ field: 'face_name' });
    await expect(tavus.faces.update('r1', { default_voice_id: '' })).rejects.toMatchObject({
      field: 'default_voice_id',
    });
    await expect(tavus.faces.update('r1', {} as { face_name: string })).rejects.toBeInstanceOf(RequestValidationError);
    await expect(tavus.faces.rename('r1', '')).rejects.toMatchObject({ field: 'face_name' });
    expect(seen).toHaveLength(0);
  });

  it('delete sends hard when asked and accepts the documented 200 OK text', async () => {
    server.use(http.delete(`${BASE}/v2/faces/r1`, () => HttpResponse.text('OK')));
    seen.length = 0;
    const tavus = makeClient();
    await tavus.faces.delete('r1');
    await tavus.faces.delete('r1', { hard: true });
    expect(seen.map((r) => r.query)).toEqual([{}, { hard: 'true' }]);
  });
});

/** A JSON body as raw text, for bodies msw's `HttpResponse.json` cannot send (empty, deeply nested). */
function raw(text: string, status = 200) {
  return new HttpResponse(text, { status, headers: { 'content-type': 'application/json' } });
}

const MODES = ['strict', 'lenient', 'off'] as const;

/** 2xx bodies where an object is needed: empty, JSON null, an array, a string, a number. */
const NOT_OBJECTS: [string, string, string][] = [
  ['an empty body', '', 'an empty body'],
  ['null', 'null', 'null'],
  ['an array', '[]', 'an array'],
  ['a string', '"OK"', 'string'],
  ['a number', '42', 'number'],
];

describe('a 2xx body that is not an object', () => {
  for (const validation of MODES) {
    for (const [label, text, got] of NOT_OBJECTS) {
      it(`${validation}: ${label} is a ResponseValidationError for create, get, update and list`, async () => {
        server.use(
          http.post(`${BASE}/v2/faces`, () => raw(text)),
          http.get(`${BASE}/v2/faces/r1`, () => raw(text)),
          http.patch(`${BASE}/v2/faces/r1`, () => raw(text)),
          http.get(`${BASE}/v2/faces`, () => raw(text)),
        );
        const faces = makeClient({ validation }).faces;
        const calls: [string, () => Promise<unknown>][] = [
          ['POST /v2/faces', () => faces.create({ train_video_url: 'https://a/v.mp4' })],
          ['GET /v2/faces/r1', () => faces.get('r1')],
          ['PATCH /v2/faces/r1', () => faces.update('r1', { face_name: 'Rio' })],
          ['GET /v2/faces', async () => faces.list()],
          ['GET /v2/faces', () => faces.list().toArray()],
        ];
        for (const [request, call] of calls) {
          const error = await call().catch((e: unknown) => e);
          expect(error, request).toBeInstanceOf(ResponseValidationError);
          expect((error as ResponseValidationError).paths).toEqual(['']);
          expect((error as Error).message).toContain(`from ${request}: (body): expected an object, got ${got}`);
        }
      });
    }

    it(`${validation}: a list whose data is not an array is a ResponseValidationError naming data`, async () => {
      for (const body of ['{"data":null,"total_count":1}', '{"data":{"face_id":"r1"},"total_count":1}', '{}']) {
        server.use(http.get(`${BASE}/v2/faces`, () => raw(body)));
        const error = await makeClient({ validation })
          .faces.list()
          .catch((e: unknown) => e);
        expect(error, body).toBeInstanceOf(ResponseValidationError);
        expect((error as ResponseValidationError).paths).toEqual(['data']);
        expect((error as Error).message).toContain('data: expected an array');
      }
    });
  }
});

describe('deeply nested response bodies', () => {
  const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  for (const validation of MODES) {
    it(`${validation}: a 100k-deep field never surfaces a raw RangeError`, async () => {
      for (const field of ['face_name', 'extra', 'status']) {
        const face = `{"face_id":"r1","status":"completed","training_progress":"5/100","${field}":${deep}}`;
        server.use(
          http.get(`${BASE}/v2/faces/r1`, () => raw(face)),
          http.get(`${BASE}/v2/faces`, () => raw(`{"data":[${face}],"total_count":1}`)),
        );
        const faces = makeClient({ validation }).faces;
        for (const call of [() => faces.get('r1'), async () => (await faces.list()).data[0]]) {
          const outcome = await call().catch((e: unknown) => e);
          if (outcome instanceof Error) {
            // A known field of the wrong type fails strict mode: typed, naming the field.
            expect(outcome, `${field}: ${outcome.name}`).toBeInstanceOf(ResponseValidationError);
            expect((outcome as ResponseValidationError).paths[0]).toMatch(new RegExp(`(^|\\.)${field}$`));
          } else {
            expect(outcome).toMatchObject({ face_id: 'r1', progress: 5 });
          }
        }
      }
    });
  }
});

describe('faces.create: 403', () => {
  it('says custom faces need a paid plan, beside the server message; the error is otherwise unchanged', async () => {
    const body = { message: 'You do not have access to this resource' };
    server.use(
      http.post(`${BASE}/v2/faces`, () => HttpResponse.json(body, { status: 403, headers: { 'x-request-id': 'q1' } })),
    );
    const error = (await makeClient()
      .faces.create({ train_video_url: 'https://a/v.mp4' })
      .catch((e: unknown) => e)) as PermissionDeniedError;
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      status: 403,
      body,
      serverMessage: body.message,
      method: 'POST',
      path: '/v2/faces',
      requestId: 'q1',
    });
    expect(error.message).toContain('POST /v2/faces failed with 403: You do not have access to this resource');
    expect(error.message).toContain('Starter, Growth or Enterprise plan');
    expect(JSON.stringify(error)).toContain('Starter, Growth or Enterprise plan');
  });

  it('a 403 elsewhere keeps the plain message', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ message: 'Forbidden' }, { status: 403 })));
    const error = (await makeClient()
      .faces.get('r1')
      .catch((e: unknown) => e)) as PermissionDeniedError;
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.message).toBe('GET /v2/faces/r1 failed with 403: Forbidden');
  });
});

describe('keys named like built-ins are plain names', () => {
  it('create reads only own fields: an inherited train_video_url is not a video', async () => {
    seen.length = 0;
    const params = JSON.parse('{"__proto__":{"train_video_url":"https://a/v.mp4"},"face_name":"Rio"}');
    await expect(makeClient().faces.create(params)).rejects.toMatchObject({ field: 'train_video_url' });
    const inherited = Object.create({ train_video_url: 'https://a/v.mp4' }) as CreateFaceParams;
    await expect(makeClient().faces.create(inherited)).rejects.toMatchObject({ field: 'train_video_url' });
    expect(seen).toHaveLength(0);
  });

  it('create sends __proto__, constructor and toString as ordinary fields', async () => {
    server.use(created({ face_id: 'r1', status: 'started' }));
    seen.length = 0;
    const params = JSON.parse(
      '{"train_video_url":"https://a/v.mp4","__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h"}',
    );
    await makeClient().faces.create(params);
    const [request] = await seen.settled();
    const sent = request?.body as Record<string, unknown>;
    expect(Object.keys(sent)).toEqual(['train_video_url', '__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(Object.getOwnPropertyDescriptor(sent, '__proto__')?.value).toBe('p');
    expect(sent.constructor).toBe('c');
  });

  it('update reads only own fields', async () => {
    seen.length = 0;
    const inherited = Object.create({ face_name: 'Rio' }) as { face_name: string };
    await expect(makeClient().faces.update('r1', inherited)).rejects.toMatchObject({ field: 'params' });
    expect(seen).toHaveLength(0);
  });

  for (const validation of MODES) {
    it(`${validation}: responses with built-in-named keys keep them as data, legacy names included`, async () => {
      const extra = '"constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":"v","__proto__":{"face_id":"x"}';
      server.use(
        http.get(`${BASE}/v2/faces/r1`, () => raw(`{"face_id":"r1","status":"completed",${extra}}`)),
        http.get(`${BASE}/v2/faces`, () =>
          raw(
            `{"data":[{"replica_id":"r2","status":"completed","training_progress":"7/100",${extra}}],"total_count":1}`,
          ),
        ),
      );
      const faces = makeClient({ validation }).faces;
      for (const face of [await faces.get('r1'), (await faces.list()).data[0]]) {
        const record = face as unknown as Record<string, unknown>;
        expect(record.constructor).toBe('c');
        expect(record.toString).toBe('t');
        expect(record.hasOwnProperty).toBe('h');
        expect(Object.getPrototypeOf(face)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(face, '__proto__')?.value).toEqual({ face_id: 'x' });
      }
      const [listed] = (await faces.list()).data;
      expect(listed).toMatchObject({ face_id: 'r2', progress: 7 });
      expect(Object.hasOwn(listed as object, 'replica_id')).toBe(false);
    });
  }
});

describe('bad input rejects, never throws', () => {
  it('every method answers bad ids and params with a rejected promise, before any request', async () => {
    const tavus = makeClient();
    seen.length = 0;
    const calls: (() => PromiseLike<unknown>)[] = [
      () => tavus.faces.get(''),
      () => tavus.faces.create(null as unknown as CreateFaceParams),
      () => tavus.faces.update('', { face_name: 'Rio' }),
      () => tavus.faces.update('r1', {} as { face_name: string }),
      () => tavus.faces.rename('r1', ' '),
      () => tavus.faces.delete(''),
      () => tavus.faces.list({ face_ids: 'r1' as unknown as string[] }),
      () => tavus.stockFaces.get(''),
      () => tavus.stockFaces.list({ face_ids: [','] }),
      () => tavus.voices.get(''),
      () => tavus.voices.list({ sort: 'sideways' as 'asc' }),
    ];
    for (const call of calls) {
      let promise: PromiseLike<unknown> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(RequestValidationError);
    }
    expect(seen).toHaveLength(0);
  });
});

describe('watchMany reads with the watcher tolerance', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rides out an unknown status in strict mode, while faces.list still rejects it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let status = 'queued';
    server.use(
      http.get(`${BASE}/v2/faces`, () =>
        HttpResponse.json({ data: [{ face_id: 'r1', status, training_progress: '0/100' }], total_count: 1 }),
      ),
    );
    const tavus = makeClient({ validation: 'strict' });
    const watch = tavus.faces.watchMany(['r1'], { intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(0);
    status = 'completed';
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(watch.done).resolves.toMatchObject({ completed: [expect.objectContaining({ face_id: 'r1' })] });
    status = 'queued';
    await expect(tavus.faces.list({ face_ids: ['r1'] })).rejects.toMatchObject({ paths: ['data[0].status'] });
  });
});
