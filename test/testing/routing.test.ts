import { describe, expect, test } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { call } from './helpers.js';

// Which paths exist and which methods they take: the SDK only ever sends the right ones, so these
// edges are pinned here rather than through the client.

const FACE = 'rc9cff32ceba';
const PAL = 'pnope';

describe('routing', () => {
  test.each([
    ['GET', '/v1/faces', 404],
    ['GET', '/v2', 404],
    ['GET', '/v2/nope', 404],
    ['GET', `/v2/faces/${FACE}/name/x`, 404],
    ['GET', `/v2/faces/${FACE}/x`, 404],
    ['PUT', '/v2/faces', 405],
    ['PATCH', '/v2/faces', 405],
    ['POST', `/v2/faces/${FACE}`, 405],
    ['GET', `/v2/faces/${FACE}/name`, 405],
    ['GET', `/v2/replicas/${FACE}/name`, 405],
    // Create Voice exists now: an empty body is a 400 (no voice_name), not a 405.
    ['POST', '/v2/voices', 400],
    ['PATCH', '/v2/voices/vnope', 405],
    // Voices are read-only: a write anywhere below them is refused before the path is looked at.
    ['POST', '/v2/voices/a/b', 405],
    ['GET', '/v2/voices/a/b', 404],
    ['PATCH', '/v2/pals', 405],
    ['PATCH', '/v2/pals/check-username', 405],
    ['GET', `/v2/pals/${PAL}/publish`, 405],
    ['GET', `/v2/pals/${PAL}/x`, 404],
    ['POST', `/v2/personas/${PAL}/publish`, 404],
  ])('%s %s → %i', async (method, path, status) => {
    expect((await call(createSimulator(), method, path)).status).toBe(status);
  });

  test('empty segments are ignored and segments are percent-decoded', async () => {
    const sim = createSimulator();
    expect((await call(sim, 'GET', '/v2//faces?face_type=system')).status).toBe(200);
    expect((await call(sim, 'GET', `/v2/faces/%72${FACE.slice(1)}`)).body).toMatchObject({ face_id: FACE });
  });

  test('check-username is a PAL route only; on personas it is an id', async () => {
    const sim = createSimulator();
    expect((await call(sim, 'GET', '/v2/pals/check-username?username=bob')).body).toEqual({ available: true });
    expect((await call(sim, 'GET', '/v2/personas/check-username')).body).toEqual({ error: 'Invalid persona_id' });
  });

  test('PATCH /v2/replicas/:id speaks the face-era names, as the face route does', async () => {
    const sim = createSimulator();
    const { face_id } = sim.addFace();
    expect((await call(sim, 'PATCH', '/v2/replicas/rnope', { face_name: 'x' })).body).toEqual({
      error: 'Invalid face_id',
    });
    expect((await call(sim, 'PATCH', `/v2/replicas/${face_id}`, { face_name: 'Rio' })).body).toMatchObject({
      face_id,
      face_name: 'Rio',
    });
  });

  test('every answer has its own x-request-id, errors and faults included', async () => {
    const sim = createSimulator();
    sim.failNext({ status: 503 });
    const ids = [
      await call(sim, 'GET', '/v2/voices'),
      await call(sim, 'GET', '/v2/voices', undefined, null),
      await call(sim, 'GET', '/v2/nope'),
      await call(sim, 'GET', '/v2/voices?limit=1'),
    ].map((r) => r.headers.get('x-request-id'));
    expect(ids).toEqual(['sim-req-000001', 'sim-req-000002', 'sim-req-000003', 'sim-req-000004']);
  });
});
