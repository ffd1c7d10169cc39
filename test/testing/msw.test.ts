import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { APIConnectionError, BadRequestError, Tavus } from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { useMsw } from '../helpers/msw.js';

const server = useMsw();

describe('sim.handlers(http, HttpResponse)', () => {
  test('the client with its default fetch talks to the simulator through msw', async () => {
    const sim = createSimulator({ trainingMs: 1000 });
    server.use(...sim.handlers(http, HttpResponse));
    const tavus = new Tavus({ apiKey: sim.apiKey, baseUrl: 'https://tavusapi.com', maxRetries: 0 });

    const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/v.mp4', face_name: 'Rio' });
    sim.advance(1000);
    expect(await tavus.faces.get(face_id)).toMatchObject({ face_name: 'Rio', status: 'completed' });
    expect((await tavus.stockFaces.list({ limit: 5 })).total_count).toBe(sim.stockFaces.length);
    expect(await tavus.faces.get('rnope').catch((e: unknown) => e)).toBeInstanceOf(BadRequestError);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/faces',
      `GET /v2/faces/${face_id}`,
      'GET /v2/faces',
      'GET /v2/faces/rnope',
    ]);
  });

  test('a connection reset becomes a network error', async () => {
    const sim = createSimulator();
    server.use(...sim.handlers(http, HttpResponse));
    const tavus = new Tavus({ apiKey: sim.apiKey, maxRetries: 0 });
    sim.failNext({ reset: true });
    expect(await tavus.voices.list().catch((e: unknown) => e)).toBeInstanceOf(APIConnectionError);
    expect((await tavus.voices.list({ limit: 1 })).data).toHaveLength(1);
  });
});
