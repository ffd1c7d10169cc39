import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { BASE, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

describe('stockFaces', () => {
  it('lists with face_type=system and a default page of 100', async () => {
    server.use(
      http.get(`${BASE}/v2/faces`, () =>
        HttpResponse.json({
          data: [{ face_id: 'rc9cff32ceba', face_name: 'Anna - Casual', status: 'completed', model_name: 'phoenix-4' }],
          total_count: 1,
        }),
      ),
    );
    seen.length = 0;
    const page = await makeClient().stockFaces.list({ model_name: 'phoenix-4' });
    expect(seen[0]?.query).toEqual({ face_type: 'system', limit: '100', page: '1', model_name: 'phoenix-4' });
    expect(page.data[0]?.face_name).toBe('Anna - Casual');
  });

  it('get reads one face', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/rc9cff32ceba`, () =>
        HttpResponse.json({ face_id: 'rc9cff32ceba', status: 'completed' }),
      ),
    );
    await expect(makeClient().stockFaces.get('rc9cff32ceba')).resolves.toMatchObject({ face_id: 'rc9cff32ceba' });
  });
});

/** A JSON body as raw text, for bodies msw's `HttpResponse.json` cannot send. */
function raw(text: string) {
  return new HttpResponse(text, { headers: { 'content-type': 'application/json' } });
}

describe('stockFaces: a 2xx body that is not an object', () => {
  for (const validation of ['strict', 'lenient', 'off'] as const) {
    it(`${validation}: get and list reject empty and non-object bodies, and a list without an array`, async () => {
      for (const [text, path] of [
        ['', ''],
        ['null', ''],
        ['[]', ''],
        ['{"data":null,"total_count":0}', 'data'],
        ['{"data":[1],"total_count":1}', 'data[0]'],
      ] as const) {
        server.use(
          http.get(`${BASE}/v2/faces/rc9cff32ceba`, () => raw(text)),
          http.get(`${BASE}/v2/faces`, () => raw(text)),
        );
        const stock = makeClient({ validation }).stockFaces;
        const calls =
          path === '' ? [() => stock.get('rc9cff32ceba'), async () => stock.list()] : [async () => stock.list()];
        for (const call of calls) {
          const error = await call().catch((e: unknown) => e);
          expect(error, text).toBeInstanceOf(ResponseValidationError);
          expect((error as ResponseValidationError).paths).toEqual([path]);
        }
      }
    });
  }
});
