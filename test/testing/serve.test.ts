import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Tavus, isTavusError } from '../../src/index.js';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { freePort } from '../helpers/net.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
let servers: SimulatorServer[] = [];

async function serve(options?: Parameters<typeof serveSimulator>[0]): Promise<SimulatorServer> {
  const server = await serveSimulator(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function client(server: SimulatorServer, extra: ConstructorParameters<typeof Tavus>[0] = {}): Tavus {
  return new Tavus({ baseUrl: server.url, apiKey: server.sim.apiKey, maxRetries: 0, ...extra });
}

describe('serveSimulator', () => {
  it('answers over real HTTP on 127.0.0.1 from the same simulator state', async () => {
    const server = await serve({ seed: 7 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const tavus = client(server);
    const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/me.mp4', face_name: 'Rio' });
    expect(server.sim.faces.get(face_id)?.face_name).toBe('Rio');
    server.sim.advance(server.sim.trainingMs);
    const face = await tavus.faces.get(face_id);
    expect(face.status).toBe('completed');
    const stock = await tavus.stockFaces.list();
    expect(stock.total_count).toBe(server.sim.stockFaces.length);
    // The request log is the simulator's own, without the key.
    expect(server.sim.requests.map((r) => `${r.method} ${r.path}`)).toContain(`GET /v2/faces/${face_id}`);
    expect(JSON.stringify(server.sim.requests)).not.toContain(server.sim.apiKey);
  });

  it('checks the API key like the simulator does', async () => {
    const server = await serve();
    const error = await new Tavus({ baseUrl: server.url, apiKey: 'wrong-key', maxRetries: 0 }).faces
      .list()
      .catch((e: unknown) => e);
    expect(isTavusError(error, 'AuthenticationError')).toBe(true);
  });

  it('finishes a watch by itself with a running clock', async () => {
    const server = await serve({ clock: { speed: 100_000 }, trainingMs: 600_000 });
    const tavus = client(server);
    const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/me.mp4' });
    const face = await tavus.faces.watchTraining(face_id, { intervalMs: 10 }).done;
    expect(face.status).toBe('completed');
  });

  it('passes bodies, statuses and headers both ways, and drops the connection on a reset fault', async () => {
    const server = await serve();
    const tavus = client(server);
    server.sim.failNext({ status: 429, retryAfterSeconds: 3, match: { method: 'GET' } });
    const limited = await tavus.voices.list().catch((e: unknown) => e);
    expect(isTavusError(limited, 'RateLimitError')).toBe(true);
    expect((limited as { headers: Record<string, string> }).headers['retry-after']).toBe('3');
    expect((limited as { requestId: string | null }).requestId).toMatch(/.+/);

    server.sim.failNext({ reset: true });
    const dropped = await tavus.voices.list().catch((e: unknown) => e);
    expect(isTavusError(dropped, 'APIConnectionError')).toBe(true);

    const face = server.sim.addFace({ face_name: 'Old' });
    await tavus.faces.rename(face.face_id, 'New');
    expect(server.sim.faces.get(face.face_id)?.face_name).toBe('New');
  });

  it('listens on the port asked for, and frees it on close (twice is fine)', async () => {
    const port = await freePort();
    const server = await serve({ port });
    expect(server.port).toBe(port);
    expect((await fetch(`${server.url}/v2/voices`)).status).toBe(401);
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/v2/voices`)).rejects.toThrow();
    // The port can be taken again at once.
    const again = await serve({ port });
    expect(again.port).toBe(port);
  });

  it('refuses a bad port before listening', async () => {
    await expect(serveSimulator({ port: -1 })).rejects.toThrow(TypeError);
    await expect(serveSimulator({ port: 1.5 })).rejects.toThrow(/port must be an integer/);
  });

  it('does not keep the process alive, even with a keep-alive connection open', async () => {
    // Never closed: the child must still exit by itself, long before its 15 s kill.
    const script = `
      import { serveSimulator } from ${JSON.stringify(`${root}src/testing/index.ts`)};
      const server = await serveSimulator();
      const res = await fetch(server.url + '/v2/voices', { headers: { 'x-api-key': server.sim.apiKey } });
      console.log(res.status, (await res.json()).total_count > 0);
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      timeout: 15_000,
    });
    expect(stdout.trim()).toBe('200 true');
  });
});
