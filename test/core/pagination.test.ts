import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { RequestValidationError, ResponseValidationError } from '../../src/index.js';
import { BASE, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

/** An account of `total` faces served with honest paging. */
function account(total: number, options: { shortBy?: number } = {}) {
  server.use(
    http.get(`${BASE}/v2/faces`, ({ request }) => {
      const url = new URL(request.url);
      const limit = Number(url.searchParams.get('limit'));
      const page = Number(url.searchParams.get('page'));
      const start = (page - 1) * limit;
      let end = Math.min(total, start + limit);
      // A server that returns fewer rows than total_count promised (rows deleted mid-listing).
      if (options.shortBy && end === total) end -= options.shortBy;
      const data = [];
      for (let i = start; i < end; i++) data.push({ face_id: `r${i}`, status: 'completed' });
      return HttpResponse.json({ data, total_count: total });
    }),
  );
}

const faceRequests = () => seen.filter((r) => r.path === '/v2/faces');

describe('pagination', () => {
  const cases: [number, number, number][] = [
    [0, 10, 1],
    [1, 10, 1],
    [10, 10, 1],
    [11, 10, 2],
    [25, 10, 3],
    [30, 10, 3],
    [5, 1, 5],
  ];
  for (const [total, limit, requests] of cases) {
    it(`${total} faces at limit ${limit}: ${requests} request(s), every item once`, async () => {
      account(total);
      seen.length = 0;
      const ids: string[] = [];
      for await (const face of makeClient().faces.list({ limit })) ids.push(face.face_id);
      expect(ids).toEqual(Array.from({ length: total }, (_, i) => `r${i}`));
      expect(faceRequests()).toHaveLength(requests);
      expect(faceRequests().map((r) => r.query.page)).toEqual(
        Array.from({ length: requests }, (_, i) => String(i + 1)),
      );
    });
  }

  it('survives a short last page', async () => {
    account(25, { shortBy: 2 });
    seen.length = 0;
    const all = await makeClient().faces.list({ limit: 10 }).toArray();
    expect(all).toHaveLength(23);
    expect(faceRequests()).toHaveLength(3);
  });

  it('awaiting gives the first page; getNextPage walks on; hasNextPage stops at total_count', async () => {
    account(15);
    seen.length = 0;
    const first = await makeClient().faces.list({ limit: 10 });
    expect(first.data).toHaveLength(10);
    expect(first.total_count).toBe(15);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.page).toBe(2);
    expect(second.data.map((f) => f.face_id)).toEqual(['r10', 'r11', 'r12', 'r13', 'r14']);
    expect(second.hasNextPage()).toBe(false);
    await expect(second.getNextPage()).rejects.toBeInstanceOf(RequestValidationError);
    expect(faceRequests()).toHaveLength(2);
  });

  it('concurrent next() calls never fetch the same page twice', async () => {
    account(30);
    seen.length = 0;
    const iterator = makeClient().faces.list({ limit: 10 })[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 31 }, () => iterator.next()));
    expect(results.filter((r) => !r.done).map((r) => r.value.face_id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `r${i}`),
    );
    expect(faceRequests().map((r) => r.query.page)).toEqual(['1', '2', '3']);

    seen.length = 0;
    const page = await makeClient().faces.list({ limit: 10 });
    const [a, b] = await Promise.all([page.getNextPage(), page.getNextPage()]);
    expect(a).toBe(b);
    expect(faceRequests()).toHaveLength(2);
  });

  it('awaiting and iterating the same list fetches the first page once', async () => {
    account(5);
    seen.length = 0;
    const list = makeClient().faces.list({ limit: 10 });
    const page = await list;
    const items = await list.toArray();
    expect(items).toEqual(page.data);
    expect(faceRequests()).toHaveLength(1);
  });

  it('a page that failed is fetched again on the next call, not remembered', async () => {
    let failPage2 = true;
    server.use(
      http.get(`${BASE}/v2/faces`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        if (page === 2 && failPage2) return HttpResponse.json({ error: 'bad' }, { status: 400 });
        const data = Array.from({ length: page === 1 ? 10 : 5 }, (_, i) => ({
          face_id: `r${(page - 1) * 10 + i}`,
          status: 'completed',
        }));
        return HttpResponse.json({ data, total_count: 15 });
      }),
    );
    seen.length = 0;
    const first = await makeClient().faces.list({ limit: 10 });
    await expect(first.getNextPage()).rejects.toMatchObject({ status: 400 });
    failPage2 = false;
    await expect(first.getNextPage()).resolves.toMatchObject({ page: 2 });
    await expect(first.toArray()).resolves.toHaveLength(15);
    expect(faceRequests().map((r) => r.query.page)).toEqual(['1', '2', '2']);

    server.use(http.get(`${BASE}/v2/faces`, () => HttpResponse.json({ error: 'bad' }, { status: 400 })));
    const list = makeClient().faces.list({ limit: 10 });
    await expect(list).rejects.toMatchObject({ status: 400 });
    account(3);
    await expect(list.toArray()).resolves.toHaveLength(3);
  });

  it('toArray({ max }) refuses unbounded reads', async () => {
    account(50);
    await expect(makeClient().faces.list({ limit: 10 }).toArray({ max: 15 })).rejects.toMatchObject({ field: 'max' });
    await expect(makeClient().faces.list({ limit: 10 }).toArray({ max: 50 })).resolves.toHaveLength(50);
  });

  it('starts at a given 1-based page', async () => {
    account(25);
    seen.length = 0;
    const items = await makeClient().faces.list({ limit: 10, page: 2 }).toArray();
    expect(items.map((f) => f.face_id)).toEqual(Array.from({ length: 15 }, (_, i) => `r${i + 10}`));
    expect(faceRequests().map((r) => r.query.page)).toEqual(['2', '3']);
  });

  it('is lazy: no request until awaited or iterated', async () => {
    account(5);
    seen.length = 0;
    makeClient().faces.list();
    await new Promise((r) => setTimeout(r, 5));
    expect(faceRequests()).toHaveLength(0);
  });

  describe('pages that make no progress', () => {
    /** A server that ignores `page`: the same full page every time, with the given total_count text. */
    function stuck(totalCount: string | undefined, items = 10) {
      server.use(
        http.get(`${BASE}/v2/faces`, ({ request }) => {
          const limit = Number(new URL(request.url).searchParams.get('limit'));
          const data = Array.from(
            { length: Math.min(items, limit) },
            (_, i) => `{"face_id":"r${i}","status":"completed"}`,
          );
          const total = totalCount === undefined ? '' : `,"total_count":${totalCount}`;
          return new HttpResponse(`{"data":[${data.join(',')}]${total}}`, {
            headers: { 'content-type': 'application/json' },
          });
        }),
      );
    }

    /** Iterates with a safety net, so a regression fails the test instead of hanging it. */
    async function walk(list: AsyncIterable<unknown>): Promise<{ items: number; error: unknown }> {
      let items = 0;
      try {
        for await (const _ of list) if (++items > 5_000) return { items, error: 'never ended' };
      } catch (error) {
        return { items, error };
      }
      return { items, error: 'ended without an error' };
    }

    const totals: [string, string | undefined][] = [
      ['missing', undefined],
      ['Infinity (1e999)', '1e999'],
      ['negative', '-1'],
      ['absurd', '1000000000'],
    ];
    for (const [label, total] of totals) {
      it(`the same page again and again, total_count ${label}: for await ends with a typed error`, async () => {
        stuck(total);
        seen.length = 0;
        const { items, error } = await walk(makeClient().faces.list({ limit: 10 }));
        expect(error).toBeInstanceOf(ResponseValidationError);
        expect((error as ResponseValidationError).paths).toEqual(['data']);
        expect((error as Error).message).toContain('from GET /v2/faces');
        expect((error as Error).message).toContain('no progress');
        // Page 1, then three pages that bring nothing new: bounded, and the same in every case.
        expect(faceRequests()).toHaveLength(4);
        expect(items).toBe(30);
      });
    }

    it('toArray and getNextPage end the same way (before toArray would hit its cap)', async () => {
      stuck('1000000000');
      await expect(makeClient().faces.list({ limit: 10 }).toArray()).rejects.toBeInstanceOf(ResponseValidationError);
      let page = await makeClient().faces.list({ limit: 10 });
      page = await page.getNextPage();
      page = await page.getNextPage();
      await expect(page.getNextPage()).rejects.toMatchObject({ kind: 'ResponseValidationError', paths: ['data'] });
    });

    it('a page that repeats the one before (items shifted by inserts) is not an error when the next one moves on', async () => {
      // Page 2 repeats page 1 exactly (as if a full page of faces was created in between), then the walk goes on.
      server.use(
        http.get(`${BASE}/v2/faces`, ({ request }) => {
          const page = Number(new URL(request.url).searchParams.get('page'));
          const first = page === 1 ? 0 : (page - 2) * 10;
          const data = Array.from({ length: page === 4 ? 5 : 10 }, (_, i) => ({
            face_id: `r${first + i}`,
            status: 'completed',
          }));
          return HttpResponse.json({ data });
        }),
      );
      const all = await makeClient().faces.list({ limit: 10 }).toArray();
      expect(all).toHaveLength(35);
      expect(new Set(all.map((f) => f.face_id)).size).toBe(25);
    });

    it('a legitimate list without total_count still reads to its short last page', async () => {
      server.use(
        http.get(`${BASE}/v2/faces`, ({ request }) => {
          const page = Number(new URL(request.url).searchParams.get('page'));
          const data = Array.from({ length: page < 8 ? 3 : 1 }, (_, i) => ({
            face_id: `r${(page - 1) * 3 + i}`,
            status: 'completed',
          }));
          return HttpResponse.json({ data });
        }),
      );
      seen.length = 0;
      await expect(makeClient().faces.list({ limit: 3 }).toArray()).resolves.toHaveLength(22);
      expect(faceRequests()).toHaveLength(8);
    });

    it('voices without ids are compared by content', async () => {
      server.use(
        http.get(`${BASE}/v2/voices`, () => HttpResponse.json({ data: [{ voice_name: 'anna' }], total_count: 99 })),
      );
      const { error } = await walk(makeClient().voices.list({ limit: 1 }));
      expect(error).toBeInstanceOf(ResponseValidationError);
    });
  });
});
