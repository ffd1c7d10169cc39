/**
 * The resource pipeline's own rules (src/core/resource.ts), on a context built over a real client's
 * HTTP core against msw, with a made-up resource (`/v2/things`) and schemas and normalise steps of
 * the kind PALs and Conversations bring (recursive ones included), which no face or voice has.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Emit } from '../../src/core/events.js';
import { HttpCore } from '../../src/core/http.js';
import { type Reply, ResourceContext } from '../../src/core/resource.js';
import type { ValidationMode } from '../../src/core/validation.js';
import {
  ConflictError,
  RequestValidationError,
  ResponseValidationError,
  type ValidationIssue,
  type WarningEvent,
} from '../../src/index.js';
import { API_KEY, BASE, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

const MODES = ['strict', 'lenient', 'off'] as const;
const THING = `${BASE}/v2/things/t1`;

function context(validation: ValidationMode = 'lenient') {
  const tavus = makeClient({ validation });
  const warnings: WarningEvent[] = [];
  tavus.on('warning', (w) => warnings.push(w));
  const emit: Emit = (event, payload) => (tavus.emit as (e: string, p: unknown) => boolean)(event, payload);
  // The client's own core is private: build one the same way, emitting on the client.
  const core = new HttpCore(
    {
      baseUrl: BASE,
      timeoutMs: tavus.timeoutMs,
      maxRetries: tavus.maxRetries,
      fetch: undefined,
      headers: {},
      backoff: { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
      emit,
      hears: () => true,
    },
    API_KEY,
  );
  return { ctx: new ResourceContext(core, validation, emit, new Set()), warnings };
}

const thing = z.looseObject({ id: z.string(), status: z.optional(z.enum(['on', 'off'])) });
type Thing = z.infer<typeof thing>;

/** A JSON body as raw text, for bodies msw's `HttpResponse.json` cannot send. */
function raw(text: string, status = 200) {
  return new HttpResponse(text, { status, headers: { 'content-type': 'application/json' } });
}

async function failure(promise: Promise<unknown>): Promise<ResponseValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResponseValidationError);
  return error as ResponseValidationError;
}

describe('ResourceContext verbs: a body that must be an object', () => {
  for (const validation of MODES) {
    it(`${validation}: get, post, patch and delete with a schema reject a body that is not an object`, async () => {
      for (const text of ['', 'null', '[]', '"OK"', '7']) {
        server.use(
          http.get(THING, () => raw(text)),
          http.post(THING, () => raw(text)),
          http.patch(THING, () => raw(text)),
          http.delete(THING, () => raw(text)),
        );
        const { ctx } = context(validation);
        for (const [method, call] of [
          ['GET', () => ctx.get('/v2/things/t1', { schema: thing })],
          ['POST', () => ctx.post('/v2/things/t1', { schema: thing, body: {} })],
          ['PATCH', () => ctx.patch('/v2/things/t1', { schema: thing, body: {} })],
          ['DELETE', () => ctx.delete('/v2/things/t1', { schema: thing })],
        ] as const) {
          const error = await failure(call());
          expect(error.paths).toEqual(['']);
          expect(error.request).toEqual({ method, path: '/v2/things/t1' });
          expect(error.message).toContain('(body): expected an object');
        }
      }
    });
  }

  it('without a schema nothing is read: a delete resolves undefined whatever the body', async () => {
    server.use(http.delete(THING, () => HttpResponse.text('OK')));
    await expect(context('strict').ctx.delete('/v2/things/t1', { expect: 'any' })).resolves.toBeUndefined();
  });
});

describe('ResourceContext verbs: normalise, check, derive', () => {
  it('normalise rewrites the body in place before the check, with the context at hand', async () => {
    server.use(http.get(THING, () => HttpResponse.json({ thing_id: 't1', status: 'on' })));
    const { ctx, warnings } = context('strict');
    const got = await ctx.get('/v2/things/t1', {
      schema: thing,
      normalise: (data, c) => c.renameLegacy(data, { thing_id: 'id' }),
    });
    expect(got).toEqual({ id: 't1', status: 'on' });
    expect(warnings).toEqual([expect.objectContaining({ kind: 'deprecation', path: 'thing_id' })]);
  });

  it('derive runs after the check on the checked body, and its value is what the call resolves with', async () => {
    server.use(http.get(THING, () => HttpResponse.json({ id: 't1', status: 'on' })));
    const order: string[] = [];
    const derived = await context('strict').ctx.get('/v2/things/t1', {
      schema: z.looseObject({ id: z.string().check(z.refine(() => order.push('check') > 0)) }),
      normalise: () => order.push('normalise'),
      derive: (checked: { id: string }) => {
        order.push('derive');
        return { ...checked, upper: checked.id.toUpperCase() };
      },
    });
    expect(derived).toEqual({ id: 't1', status: 'on', upper: 'T1' });
    expect(order).toEqual(['normalise', 'check', 'derive']);
  });

  for (const validation of MODES) {
    it(`${validation}: a failing check throws (strict) or warns (lenient) or is skipped (off); normalise and derive run in every mode that resolves`, async () => {
      server.use(http.get(THING, () => HttpResponse.json({ id: 7, legacy: 'x' })));
      const { ctx, warnings } = context(validation);
      const calls: string[] = [];
      const call = ctx.get('/v2/things/t1', {
        schema: thing,
        normalise: (data) => {
          calls.push('normalise');
          data.renamed = data.legacy;
        },
        derive: (checked: Thing) => {
          calls.push('derive');
          return checked;
        },
      });
      if (validation === 'strict') {
        const error = await failure(call);
        expect(error.paths).toEqual(['id']);
        expect(calls).toEqual(['normalise']);
        return;
      }
      await expect(call).resolves.toEqual({ id: 7, legacy: 'x', renamed: 'x' });
      expect(calls).toEqual(['normalise', 'derive']);
      expect(warnings.map((w) => w.message)).toEqual(
        validation === 'lenient' ? [expect.stringMatching(/^GET \/v2\/things\/t1: id: /)] : [],
      );
    });
  }

  it('tolerate lets the issues it accepts through as warnings in strict mode, for that call only', async () => {
    server.use(http.get(THING, () => HttpResponse.json({ id: 't1', status: 'dimmed' })));
    const { ctx, warnings } = context('strict');
    const tolerate = (issue: ValidationIssue) => issue.path === 'status';
    await expect(ctx.get('/v2/things/t1', { schema: thing, tolerate })).resolves.toMatchObject({ status: 'dimmed' });
    expect(warnings.map((w) => w.path)).toEqual(['status']);
    await expect(ctx.get('/v2/things/t1', { schema: thing })).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe('ResourceContext.send and what passes through to the HTTP core', () => {
  it('the reply carries the method and path; query, body, acceptStatus and expect reach the core', async () => {
    server.use(
      http.patch(THING, () => new HttpResponse(null, { status: 304 })),
      http.post(THING, () => HttpResponse.text('accepted')),
    );
    const { ctx } = context();
    seen.length = 0;
    const reply: Reply = await ctx.send('PATCH', '/v2/things/t1', {
      query: { force: true, skip: undefined },
      body: [{ op: 'remove', path: '/x' }],
      acceptStatus: [304],
    });
    expect(reply).toMatchObject({ method: 'PATCH', path: '/v2/things/t1', status: 304, data: undefined });
    await seen.settled();
    expect(seen[0]).toMatchObject({ query: { force: 'true' }, body: [{ op: 'remove', path: '/x' }] });
    await expect(ctx.send('POST', '/v2/things/t1', { expect: 'any' })).resolves.toMatchObject({ text: 'accepted' });
    await expect(ctx.send('POST', '/v2/things/t1', {})).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('explain rebuilds an API error with a new message and nothing else changed; undefined keeps it', async () => {
    const body = { message: 'held by maker', conflict: 'maker_changes' };
    server.use(http.patch(THING, () => HttpResponse.json(body, { status: 409, headers: { 'x-request-id': 'q9' } })));
    const { ctx } = context();
    const explained = await ctx
      .patch('/v2/things/t1', { explain: (e) => (e.status === 409 ? `${e.message} (publish first)` : undefined) })
      .catch((e: unknown) => e);
    expect(explained).toBeInstanceOf(ConflictError);
    expect(explained).toMatchObject({
      status: 409,
      body,
      conflict: 'maker_changes',
      requestId: 'q9',
      serverMessage: 'held by maker',
      message: 'PATCH /v2/things/t1 failed with 409: held by maker (publish first)',
    });
    const kept = await ctx.patch('/v2/things/t1', { explain: () => undefined }).catch((e: unknown) => e);
    expect((kept as Error).message).toBe('PATCH /v2/things/t1 failed with 409: held by maker');
  });
});

describe('ResourceContext.list', () => {
  const page = (n: number, size: number, total: number) =>
    Array.from({ length: Math.max(0, Math.min(size, total - (n - 1) * size)) }, (_, i) => ({
      legacy_id: `t${(n - 1) * size + i}`,
    }));

  it('sends paging and filters on every page; normalises, checks and derives each item', async () => {
    server.use(
      http.get(`${BASE}/v2/things`, ({ request }) => {
        const url = new URL(request.url);
        const n = Number(url.searchParams.get('page'));
        return HttpResponse.json({ data: page(n, Number(url.searchParams.get('limit')), 5), total_count: 5 });
      }),
    );
    const { ctx } = context('strict');
    seen.length = 0;
    const list = ctx.list(
      '/v2/things',
      { limit: 2, kind: 'lamp', empty: undefined },
      {
        schema: thing,
        normalise: (item, c) => c.renameLegacy(item, { legacy_id: 'id' }),
        derive: (checked: Thing) => ({ ...checked, n: Number(checked.id.slice(1)) }),
        key: (item) => item.id,
      },
      50,
    );
    expect((await list.toArray()).map((t) => t.n)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.map((r) => r.query)).toEqual([
      { limit: '2', page: '1', kind: 'lamp' },
      { limit: '2', page: '2', kind: 'lamp' },
      { limit: '2', page: '3', kind: 'lamp' },
    ]);
  });

  it('a query function that throws rejects the list before any request', async () => {
    const { ctx } = context();
    seen.length = 0;
    const list = ctx.list(
      '/v2/things',
      () => {
        throw new RequestValidationError('kind', 'no such kind');
      },
      { schema: thing },
      50,
    );
    await expect(list).rejects.toMatchObject({ field: 'kind' });
    await expect(list.toArray()).rejects.toMatchObject({ field: 'kind' });
    expect(seen).toHaveLength(0);
  });

  for (const validation of MODES) {
    it(`${validation}: a page that is not an envelope of objects names the place`, async () => {
      const { ctx } = context(validation);
      for (const [text, path] of [
        ['', ''],
        ['{"data":"x","total_count":1}', 'data'],
        ['{"data":[{"id":"t0"},7],"total_count":2}', 'data[1]'],
      ] as const) {
        server.use(http.get(`${BASE}/v2/things`, () => raw(text)));
        const error = await failure(Promise.resolve(ctx.list('/v2/things', {}, { schema: thing }, 50)));
        expect(error.paths).toEqual([path]);
        expect(error.request).toEqual({ method: 'GET', path: '/v2/things' });
      }
    });
  }
});

/** A JSON value schema that recurses into itself, as a tool-parameters field might. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const json: z.ZodMiniType<Json> = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.lazy(() => json)),
  z.record(
    z.string(),
    z.lazy(() => json),
  ),
]);
const tool = z.looseObject({ id: z.string(), parameters: z.optional(json) });

/** `{"id":"t1","parameters":{"a":{"a":…1…}}}`, `depth` levels deep. */
function deepTool(depth: number): string {
  return `{"id":"t1","parameters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

/** Walks every nested object recursively, as a legacy-name rename of nested layers does. */
function walk(value: unknown): void {
  if (value !== null && typeof value === 'object') for (const item of Object.values(value)) walk(item);
}

describe('ResourceContext: deeply nested bodies', () => {
  for (const validation of MODES) {
    it(`${validation}: a stack overflow in the check or the normalise walk is a ResponseValidationError naming the field`, async () => {
      server.use(
        http.get(THING, () => raw(deepTool(100_000))),
        http.get(`${BASE}/v2/things`, () => raw(`{"data":[{"id":"t0"},${deepTool(100_000)}],"total_count":2}`)),
      );
      const { ctx } = context(validation);
      const spec = { schema: tool, normalise: walk };
      const error = await failure(ctx.get('/v2/things/t1', spec));
      expect(error.paths).toEqual(['parameters']);
      expect(error.message).toContain('from GET /v2/things/t1: parameters: nested more than 1000 levels deep');
      const listed = await failure(Promise.resolve(ctx.list('/v2/things', {}, spec, 50)));
      expect(listed.paths).toEqual(['data[1].parameters']);
    });

    it(`${validation}: nesting the walk survives is read as usual`, async () => {
      server.use(http.get(THING, () => raw(deepTool(200))));
      await expect(
        context(validation).ctx.get('/v2/things/t1', { schema: tool, normalise: walk }),
      ).resolves.toMatchObject({ id: 't1' });
    });
  }

  it('a RangeError that no deep value explains is not disguised', async () => {
    server.use(http.get(THING, () => HttpResponse.json({ id: 't1' })));
    const normalise = () => {
      throw new RangeError('a bug of ours');
    };
    await expect(context().ctx.get('/v2/things/t1', { schema: thing, normalise })).rejects.toThrow(RangeError);
  });
});
