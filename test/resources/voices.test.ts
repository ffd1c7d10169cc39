import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { BASE, fixture, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

describe('voices', () => {
  it('get parses the documented Get Voice example', async () => {
    const { body } = await fixture('voices.get.response.json');
    server.use(http.get(`${BASE}/v2/voices/v0a1b2c3d4e5f`, () => HttpResponse.json(body)));
    await expect(makeClient({ validation: 'strict' }).voices.get('v0a1b2c3d4e5f')).resolves.toEqual(body);
  });

  it('list sends search, sort, tag and paging; maps replica-era items', async () => {
    server.use(
      http.get(`${BASE}/v2/voices`, () =>
        HttpResponse.json({
          data: [{ voice_name: 'anna', replica_id: 'r90bbd427f71', audio_url: null, tags: [{ tag_name: 'female' }] }],
          total_count: 1,
          page: 1,
          limit: 20,
        }),
      ),
    );
    seen.length = 0;
    const page = await makeClient({ validation: 'strict' }).voices.list({
      search: 'an',
      sort: 'desc',
      tag: 'female',
      limit: 20,
    });
    expect(seen[0]?.query).toEqual({ limit: '20', page: '1', search: 'an', sort: 'desc', tag: 'female' });
    expect(page.data).toEqual([{ voice_name: 'anna', face_id: 'r90bbd427f71', audio_url: null, tags: ['female'] }]);
  });

  it('rejects a bad sort before any request', async () => {
    seen.length = 0;
    await expect(makeClient().voices.list({ sort: 'up' as 'asc' })).rejects.toMatchObject({ field: 'sort' });
    expect(seen).toHaveLength(0);
  });
});

/** A JSON body as raw text, for bodies msw's `HttpResponse.json` cannot send (empty, deeply nested). */
function raw(text: string) {
  return new HttpResponse(text, { headers: { 'content-type': 'application/json' } });
}

const MODES = ['strict', 'lenient', 'off'] as const;

describe('voices: a 2xx body that is not an object', () => {
  for (const validation of MODES) {
    it(`${validation}: get and list reject empty, null, array and scalar bodies, naming (body)`, async () => {
      for (const [text, got] of [
        ['', 'an empty body'],
        ['null', 'null'],
        ['[{"voice_name":"anna"}]', 'an array'],
        ['"OK"', 'string'],
      ]) {
        server.use(
          http.get(`${BASE}/v2/voices/v1`, () => raw(text as string)),
          http.get(`${BASE}/v2/voices`, () => raw(text as string)),
        );
        const voices = makeClient({ validation }).voices;
        for (const call of [() => voices.get('v1'), async () => voices.list(), () => voices.list().toArray()]) {
          const error = await call().catch((e: unknown) => e);
          expect(error, text).toBeInstanceOf(ResponseValidationError);
          expect((error as ResponseValidationError).paths).toEqual(['']);
          expect((error as Error).message).toContain(`(body): expected an object, got ${got}`);
        }
      }
    });

    it(`${validation}: a list whose data is not an array, or holds a non-object, names the place`, async () => {
      const cases: [string, string][] = [
        ['{"data":"anna","total_count":1}', 'data'],
        ['{"total_count":0}', 'data'],
        ['{"data":[{"voice_name":"anna"},null],"total_count":2}', 'data[1]'],
      ];
      for (const [body, path] of cases) {
        server.use(http.get(`${BASE}/v2/voices`, () => raw(body)));
        const error = await makeClient({ validation })
          .voices.list()
          .catch((e: unknown) => e);
        expect(error, body).toBeInstanceOf(ResponseValidationError);
        expect((error as ResponseValidationError).paths).toEqual([path]);
      }
    });
  }
});

describe('voices: deeply nested bodies and built-in names', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  for (const validation of MODES) {
    it(`${validation}: 100k-deep tags never surface a raw RangeError`, async () => {
      server.use(http.get(`${BASE}/v2/voices/v1`, () => raw(`{"voice_name":"anna","tags":[${deep}]}`)));
      const outcome = await makeClient({ validation })
        .voices.get('v1')
        .catch((e: unknown) => e);
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ResponseValidationError);
      else expect(outcome).toMatchObject({ voice_name: 'anna' });
    });

    it(`${validation}: tags and fields named like built-ins are data`, async () => {
      server.use(
        http.get(`${BASE}/v2/voices`, () =>
          raw(
            '{"data":[{"voice_name":"anna","constructor":"c","__proto__":{"voice_name":"x"},' +
              '"tags":[{"tag_name":"female","toString":"t"},{"__proto__":{"tag_name":"x"}}]}],"total_count":1}',
          ),
        ),
      );
      const list = makeClient({ validation }).voices.list();
      if (validation === 'strict') {
        // The second tag is neither a string nor a `{ tag_name }` of its own: strict names it, nothing else.
        await expect(list).rejects.toMatchObject({ paths: ['data[0].tags[1]'] });
        return;
      }
      const [voice] = (await list).data;
      expect(voice?.voice_name).toBe('anna');
      expect((voice as unknown as Record<string, unknown>).constructor).toBe('c');
      expect(voice?.tags?.[0]).toBe('female');
      // A tag object without an own tag_name stays as it came.
      expect(Object.hasOwn(voice?.tags?.[1] as unknown as object, '__proto__')).toBe(true);
    });
  }
});
