import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { BASE, makeClient, useMsw } from '../helpers/msw.js';

const server = useMsw();

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
