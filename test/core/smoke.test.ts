import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, makeClient, recordRequests, useMsw } from '../helpers/msw.js';

const server = useMsw();
const seen = recordRequests(server);

describe('smoke', () => {
  it('gets a face', async () => {
    server.use(
      http.get(`${BASE}/v2/faces/r1`, () =>
        HttpResponse.json({ face_id: 'r1', status: 'started', training_progress: '42/100' }),
      ),
    );
    const face = await makeClient().faces.get('r1');
    expect(face.progress).toBe(42);
    expect(seen).toHaveLength(1);
  });
});
