/** Redaction without gaps: headers, keys, any depth, a capped body, and errors that always print. */
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { APIError, MAX_ERROR_BODY_CHARS, type RetryEvent, isTavusError } from '../../src/index.js';
import { API_KEY, BASE, makeClient, useMsw } from '../helpers/msw.js';

const server = useMsw();
const LLM_KEY = 'sk-provider-secret-7777';

function printed(error: unknown): string {
  return `${(error as Error).message}\n${JSON.stringify(error)}\n${inspect(error, { depth: Number.POSITIVE_INFINITY })}`;
}

describe('error redaction', () => {
  it('scrubs the key and provider keys from headers kept on the error and on the retry event', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.json(
          { error: 'boom' },
          {
            status: 503,
            headers: {
              'x-echo-key': API_KEY,
              'x-api-key': API_KEY,
              'set-cookie': 'session=abc',
              'x-request-id': 'req_1',
            },
          },
        ),
      ),
    );
    const tavus = makeClient({ maxRetries: 1 });
    const retries: RetryEvent[] = [];
    tavus.on('retry', (event) => retries.push(event));
    const error = await tavus.faces.get('r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    const { headers } = error as APIError;
    expect(headers['x-echo-key']).toBe('[redacted]');
    expect(headers['x-api-key']).toBe('[redacted]');
    expect(headers['set-cookie']).toBe('[redacted]');
    expect((error as APIError).requestId).toBe('req_1');
    expect(printed(error)).not.toContain(API_KEY);
    expect(retries).toHaveLength(1);
    expect(printed(retries[0]?.error)).not.toContain(API_KEY);
    expect(JSON.stringify((retries[0]?.error as APIError | undefined)?.headers)).not.toContain(API_KEY);
  });

  it('scrubs a secret used as an object key, and provider keys echoed back', async () => {
    server.use(
      http.post(`${BASE}/v2/pals`, () =>
        HttpResponse.json(
          { error: 'bad', details: { [API_KEY]: 'unknown key', [`prefix-${LLM_KEY}`]: 1, echoed: { api_key: 'x' } } },
          { status: 400 },
        ),
      ),
    );
    const error = await makeClient()
      .pals.create({
        pal_name: 'x',
        system_prompt: 'y',
        default_face_id: 'r1',
        layers: { llm: { model: 'custom', base_url: 'https://llm.example', api_key: LLM_KEY } },
      })
      .catch((e: unknown) => e);
    expect(isTavusError(error, 'BadRequestError')).toBe(true);
    const text = printed(error);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(LLM_KEY);
    expect((error as APIError).body).toMatchObject({
      details: { '[redacted]': 'unknown key', echoed: { api_key: '[redacted]' } },
    });
  });

  it('has no depth below which secrets survive, and a 100k-deep body still prints', async () => {
    let nested = `{"secret":"${API_KEY}"}`;
    for (let i = 0; i < 40; i++) nested = `{"a":${nested}}`;
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse(`{"error":"x","n":${nested}}`, { status: 400 })),
      http.get(`${BASE}/v2/faces/r2`, () => new HttpResponse(`{"error":"x","n":${deep}}`, { status: 400 })),
      // 10k levels fit under the 64 KiB cap, so this one is parsed and walked.
      http.get(
        `${BASE}/v2/faces/r3`,
        () => new HttpResponse(`{"error":"x","n":${deep.slice(0, 50_000)}1${'}'.repeat(10_000)}}`, { status: 400 }),
      ),
    );
    const tavus = makeClient();
    const error = await tavus.faces.get('r1').catch((e: unknown) => e);
    expect(isTavusError(error, 'BadRequestError')).toBe(true);
    expect(printed(error)).not.toContain(API_KEY);
    expect(printed(error)).toContain('[truncated: nested too deep]');
    for (const id of ['r2', 'r3']) {
      const deepError = await tavus.faces.get(id).catch((e: unknown) => e);
      expect(isTavusError(deepError, 'BadRequestError')).toBe(true);
      expect(() => JSON.stringify(deepError)).not.toThrow();
      expect(() => inspect(deepError, { depth: Number.POSITIVE_INFINITY })).not.toThrow();
    }
  });

  it('keeps only the first 64 KiB of a huge error body, flagged as cut', async () => {
    const page = `<html>${'x'.repeat(5 * 1024 * 1024)}</html>`;
    server.use(http.get(`${BASE}/v2/faces/r1`, () => new HttpResponse(page, { status: 502 })));
    const error = (await makeClient({ maxRetries: 0 })
      .faces.get('r1')
      .catch((e: unknown) => e)) as APIError;
    expect(error.kind).toBe('InternalServerError');
    expect(error.bodyTruncated).toBe(true);
    expect(typeof error.body).toBe('string');
    expect((error.body as string).length).toBe(MAX_ERROR_BODY_CHARS);
    expect(JSON.stringify(error).length).toBeLessThan(MAX_ERROR_BODY_CHARS + 2_000);
    expect(error.toJSON()).toMatchObject({ bodyTruncated: true });
  });

  it('a small body is not flagged', async () => {
    server.use(http.get(`${BASE}/v2/faces/r1`, () => HttpResponse.json({ error: 'Invalid face_id' }, { status: 400 })));
    const error = (await makeClient()
      .faces.get('r1')
      .catch((e: unknown) => e)) as APIError;
    expect(error.bodyTruncated).toBe(false);
    expect(error.toJSON()).not.toHaveProperty('bodyTruncated');
  });
});
