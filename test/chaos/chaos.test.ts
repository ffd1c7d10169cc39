/**
 * Seeded chaos: the public API under random faults, twice over — once through the simulator's own
 * fault injection (`sim.failNext`), once through a real node:http server on 127.0.0.1 that drops
 * sockets, hangs, cuts bodies short and serves HTML, in front of the same simulator.
 *
 * Reproduce a run with `CHAOS_SEED=<seed>` (the seed is printed with the summary line).
 */
import { getEventListeners } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tavus, isTavusError } from '../../src/index.js';
import { type FaultOptions, type TavusSimulator, createSimulator } from '../../src/testing/index.js';

const SEED = Number(process.env.CHAOS_SEED ?? 0x7a7c5) >>> 0;
const SIM_OPS = 400;
const HTTP_OPS = 300;
const TIMEOUT_MS = 80;
const MAX_RETRIES = 2;
const BACKOFF = { initialDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 50 };

/** mulberry32, so a seed replays the same faults and operations. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Prng = ReturnType<typeof prng>;

type Kind = 'create' | 'read' | 'write';
interface Op {
  name: string;
  kind: Kind;
  /** Requests the operation makes when nothing fails (each has its own retry budget). */
  calls: number;
  /** Where a fault for this operation is aimed. */
  target: { method: string; path: RegExp };
  run: (signal: AbortSignal, maxRetries: number) => Promise<unknown>;
  /** For creates: the unique name it sends, to count what reached the server. */
  createName?: { resource: 'faces' | 'pals'; name: string };
}

interface Attempt {
  method: string;
  path: string;
  attempt: number;
}

/** Everything a run observed, for the assertions and the summary line. */
class Ledger {
  readonly events: unknown[] = [];
  readonly logLines: string[] = [];
  readonly errors: unknown[] = [];
  readonly failures = new Map<string, number>();
  readonly faults = new Map<string, number>();
  readonly creates: { name: string; resource: 'faces' | 'pals'; outcome: 'ok' | 'failed'; id?: string }[] = [];
  operations = 0;
  retries = 0;
  successes = 0;

  fault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  summary(label: string): string {
    const faults = [...this.faults.values()].reduce((a, b) => a + b, 0);
    const byType = [...this.failures.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return (
      `chaos[${label}] seed=${SEED} ops=${this.operations} ok=${this.successes} faults=${faults} ` +
      `retries=${this.retries} failures: ${byType || 'none'}`
    );
  }
}

function attach(tavus: Tavus, ledger: Ledger, attempts: Attempt[]): void {
  tavus.on('request', (e) => {
    attempts.push(e);
    ledger.events.push(e);
  });
  tavus.on('response', (e) => ledger.events.push(e));
  tavus.on('retry', (e) => {
    ledger.retries += 1;
    ledger.events.push(e);
    // Only a refused (429) create or patch may be re-sent: anything else may have reached the server.
    if (e.method === 'POST' || e.method === 'PATCH') expect(e.error.kind).toBe('RateLimitError');
  });
  tavus.on('warning', (e) => ledger.events.push(e));
}

/** The operations a run draws from; ids come from what earlier operations created. */
function operations(tavus: Tavus, sim: TavusSimulator, rng: Prng, index: number): Op {
  const faces = [...sim.faces.keys()];
  const stock = sim.stockFaces.map((f) => f.face_id);
  const pals = [...sim.pals.keys()];
  const voices = sim.voices.map((v) => v.voice_id);
  const anyFace = faces.length > 0 && rng.next() < 0.7 ? rng.pick(faces) : rng.pick(stock);
  const opts = (signal: AbortSignal, maxRetries: number) => ({ signal, maxRetries });
  // A single GET: its faults are aimed at `path`.
  const read =
    (name: string, path: RegExp, run: Op['run']): (() => Op) =>
    () => ({ name, kind: 'read', calls: 1, target: { method: 'GET', path }, run });
  const choices: (() => Op)[] = [
    () => {
      const name = `chaos-face-${index}`;
      return {
        name: 'faces.create',
        kind: 'create',
        calls: 1,
        target: { method: 'POST', path: /^\/v2\/faces$/ },
        createName: { resource: 'faces', name },
        run: (s, r) =>
          tavus.faces.create({ train_video_url: `https://example.com/${name}.mp4`, face_name: name }, opts(s, r)),
      };
    },
    read('faces.get', /^\/v2\/faces\/[^/]+$/, (s, r) => tavus.faces.get(anyFace, { verbose: true }, opts(s, r))),
    read('faces.list', /^\/v2\/faces$/, async (s, r) => (await tavus.faces.list({ limit: 5 }, opts(s, r))).data),
    read(
      'stockFaces.list',
      /^\/v2\/faces$/,
      async (s, r) => (await tavus.stockFaces.list({ limit: 20, model_name: 'phoenix-4' }, opts(s, r))).data,
    ),
    read('stockFaces.get', /^\/v2\/faces\/[^/]+$/, (s, r) =>
      tavus.stockFaces.get(rng.pick(stock), undefined, opts(s, r)),
    ),
    read('voices.list', /^\/v2\/voices$/, async (s, r) => (await tavus.voices.list({ limit: 10 }, opts(s, r))).data),
    read('voices.get', /^\/v2\/voices\/[^/]+$/, (s, r) => tavus.voices.get(rng.pick(voices), opts(s, r))),
    () => ({
      name: 'faces.update',
      kind: 'write',
      calls: 1,
      target: { method: 'PATCH', path: /^\/v2\/faces\/[^/]+$/ },
      run: (s, r) => tavus.faces.update(anyFace, { face_name: `renamed-${index}` }, opts(s, r)),
    }),
    () => ({
      name: 'faces.delete',
      kind: 'write',
      calls: 1,
      target: { method: 'DELETE', path: /^\/v2\/faces\/[^/]+$/ },
      run: (s, r) => tavus.faces.delete(faces.length > 3 ? rng.pick(faces) : 'r0000000000', undefined, opts(s, r)),
    }),
    () => {
      const name = `chaos-pal-${index}`;
      return {
        name: 'pals.create',
        kind: 'create',
        calls: 1,
        target: { method: 'POST', path: /^\/v2\/pals$/ },
        createName: { resource: 'pals', name },
        run: (s, r) =>
          tavus.pals.create(
            { pal_name: name, system_prompt: 'You are a chaos monkey.', default_face_id: rng.pick(stock) },
            opts(s, r),
          ),
      };
    },
    read('pals.get', /^\/v2\/pals\/[^/]+$/, (s, r) =>
      tavus.pals.get(pals.length > 0 ? rng.pick(pals) : 'p0000000000', opts(s, r)),
    ),
    read('pals.list', /^\/v2\/pals$/, async (s, r) => (await tavus.pals.list({ limit: 5 }, opts(s, r))).data),
    () => ({
      name: 'pals.update',
      kind: 'write',
      calls: 2,
      target:
        rng.next() < 0.5
          ? { method: 'GET', path: /^\/v2\/pals\/[^/]+$/ }
          : { method: 'PATCH', path: /^\/v2\/pals\/[^/]+$/ },
      run: (s, r) =>
        tavus.pals.update(
          pals.length > 0 ? rng.pick(pals) : 'p0000000000',
          {
            system_prompt: `Prompt ${index}`,
            layers: { tts: { tts_emotion_control: rng.next() < 0.5 } },
          },
          opts(s, r),
        ),
    }),
  ];
  return rng.pick(choices)();
}

/** The simulator's faults, as `sim.failNext` options. */
const SIM_FAULTS: Record<string, (rng: Prng) => FaultOptions> = {
  '500': () => ({ status: 500 }),
  '502': () => ({ status: 502 }),
  '503': () => ({ status: 503 }),
  '504': () => ({ status: 504 }),
  '429': () => ({ status: 429 }),
  '429-retry-after-0': () => ({ status: 429, retryAfterSeconds: 0 }),
  '429-retry-after-long': (rng) => ({ status: 429, retryAfterSeconds: rng.int(1, 30) }),
  reset: () => ({ reset: true }),
  'reset-after-handling': () => ({ reset: true, afterHandling: true }),
  timeout: () => ({ delayMs: TIMEOUT_MS * 3 }),
  'truncated-json': () => ({
    status: 200,
    body: '{"data":[{"face_id":"r1',
    headers: { 'content-type': 'application/json' },
  }),
  'html-502': () => ({ status: 502, body: '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>' }),
  'html-200': () => ({ status: 200, body: '<html><body>Maintenance</body></html>' }),
  'wrong-content-type': () => ({
    status: 200,
    body: 'Service temporarily unavailable',
    headers: { 'content-type': 'text/plain' },
  }),
};

/** Runs one operation, checks its invariants, and records its outcome. */
async function runOp(
  op: Op,
  ledger: Ledger,
  attempts: Attempt[],
  signal: AbortSignal,
  maxRetries: number,
): Promise<void> {
  const from = attempts.length;
  ledger.operations += 1;
  let outcome: 'ok' | 'failed' = 'ok';
  let id: string | undefined;
  try {
    const result = (await op.run(signal, maxRetries)) as { face_id?: string; pal_id?: string } | undefined;
    id = result?.face_id ?? result?.pal_id;
    ledger.successes += 1;
    ledger.logLines.push(`${op.name} ok`);
  } catch (error) {
    outcome = 'failed';
    // Every failure is typed: nothing leaks out as a raw TypeError, DOMException or SyntaxError.
    expect(isTavusError(error), `${op.name} threw ${inspect(error)}`).toBe(true);
    const kind = (error as { kind: string }).kind;
    ledger.failures.set(kind, (ledger.failures.get(kind) ?? 0) + 1);
    ledger.errors.push(error);
    ledger.logLines.push(`${op.name} failed: ${String(error)}`);
  }
  // The retry budget: per call, never more than maxRetries + 1 attempts.
  const mine = attempts.slice(from);
  expect(mine.length, `${op.name}: ${JSON.stringify(mine)}`).toBeLessThanOrEqual(op.calls * (maxRetries + 1));
  for (const a of mine) expect(a.attempt).toBeLessThanOrEqual(maxRetries + 1);
  if (op.createName) ledger.creates.push({ ...op.createName, outcome, ...(id ? { id } : {}) });
}

/** What must hold after a run: no duplicate creates, no secret anywhere, nothing left behind. */
function checkCreates(ledger: Ledger, sim: TavusSimulator, handled?: Map<string, number>): void {
  const faceNames = new Map<string, string[]>();
  for (const f of sim.faces.values())
    faceNames.set(f.face_name ?? '', [...(faceNames.get(f.face_name ?? '') ?? []), f.face_id]);
  const palNames = new Map<string, string[]>();
  for (const p of sim.pals.values())
    palNames.set(p.pal_name ?? '', [...(palNames.get(p.pal_name ?? '') ?? []), p.pal_id]);
  for (const c of ledger.creates) {
    const made = (c.resource === 'faces' ? faceNames : palNames).get(c.name) ?? [];
    // A face may since have been renamed or deleted; the server-side count below covers those.
    expect(made.length, `${c.name} created ${made.length} times`).toBeLessThanOrEqual(1);
    if (c.outcome === 'ok' && made.length === 1) expect(made[0]).toBe(c.id);
    if (handled) expect(handled.get(c.name) ?? 0, `${c.name} handled`).toBeLessThanOrEqual(1);
  }
}

function checkNoSecret(ledger: Ledger, apiKey: string): void {
  for (const error of ledger.errors) {
    const e = error as Error;
    for (const text of [JSON.stringify(e), String(e), e.stack ?? '', inspect(e, { depth: 8 })]) {
      expect(text.includes(apiKey), `key leaked in ${text.slice(0, 200)}`).toBe(false);
    }
  }
  for (const event of ledger.events) {
    expect(JSON.stringify(event).includes(apiKey)).toBe(false);
    expect(inspect(event, { depth: 8 }).includes(apiKey)).toBe(false);
  }
  for (const line of ledger.logLines) expect(line.includes(apiKey)).toBe(false);
}

const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let baselineTimeouts = 0;

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  baselineTimeouts = timeouts();
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe(`chaos (seed ${SEED})`, () => {
  it('drives faces, stock faces, voices and PALs through the simulator under injected faults', async () => {
    const rng = prng(SEED);
    const sim = createSimulator({ seed: SEED, trainingMs: 2_000, previewMs: 500 });
    const ledger = new Ledger();
    const attempts: Attempt[] = [];
    const tavus = new Tavus({
      apiKey: sim.apiKey,
      baseUrl: 'https://tavusapi.com',
      fetch: sim.fetch,
      validation: 'strict',
      timeoutMs: TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
      backoff: BACKOFF,
    });
    attach(tavus, ledger, attempts);
    const controller = new AbortController();
    const baselineListeners = getEventListeners(controller.signal, 'abort').length;

    for (let i = 0; i < SIM_OPS; i++) {
      const op = operations(tavus, sim, rng, i);
      if (rng.next() < 0.45) {
        const kind = rng.pick(Object.keys(SIM_FAULTS));
        ledger.fault(kind);
        sim.failNext({ ...SIM_FAULTS[kind]!(rng), times: rng.int(1, 3), match: op.target });
      }
      await runOp(op, ledger, attempts, controller.signal, rng.int(0, 3));
    }

    // Watch every face created so far plus 150 untrained ones, under faults on the list endpoint;
    // simulated time moves with each poll.
    for (let i = 0; i < 150; i++) sim.addFace({ trained: false, face_name: `watch-${i}` });
    const watched = [...sim.faces.keys()];
    const advance = (e: { method: string; path: string }) => {
      if (e.method === 'GET' && e.path === '/v2/faces') sim.advance(200);
    };
    tavus.on('request', advance);
    for (let i = 0; i < 6; i++) {
      const kind = rng.pick(['500', '502', '503', '429', '429-retry-after-0', 'reset', 'truncated-json', 'html-200']);
      ledger.fault(kind);
      sim.failNext({ ...SIM_FAULTS[kind]!(rng), match: { method: 'GET', path: /^\/v2\/faces$/ } });
    }
    const watch = tavus.faces.watchMany(watched, { intervalMs: 10, timeoutMs: 20_000, signal: controller.signal });
    const result = await watch.done;
    tavus.off('request', advance);
    expect(result.completed.length + result.failed.length).toBe(watched.length);
    for (const f of result.failed) expect(isTavusError(f.error)).toBe(true);

    checkCreates(ledger, sim);
    checkNoSecret(ledger, sim.apiKey);
    expect(getEventListeners(controller.signal, 'abort').length).toBe(baselineListeners);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeouts()).toBeLessThanOrEqual(baselineTimeouts);
    expect(unhandled).toEqual([]);
    // The run exercised what it claims to: faults landed, and several kinds of failure came back.
    expect(ledger.faults.size).toBeGreaterThan(8);
    expect(ledger.failures.size).toBeGreaterThan(3);
    expect(ledger.retries).toBeGreaterThan(0);
    console.log(`${ledger.summary('simulator')} watched=${watched.length}`);
  }, 60_000);

  it('drives the API through a fault-injecting node:http server on 127.0.0.1', async () => {
    const rng = prng(SEED ^ 0x5eed);
    // The server draws its faults from its own stream, so they do not shift the operations drawn.
    const serverRng = prng(SEED ^ 0xfa17);
    const sim = createSimulator({ seed: SEED });
    const ledger = new Ledger();
    const attempts: Attempt[] = [];
    /** Creates that reached the simulator behind the server (by face_name / pal_name). */
    const handled = new Map<string, number>();
    /** Creates that reached the server at all, and how many of those were refused with 429. */
    const arrived = new Map<string, number>();
    const refused = new Map<string, number>();

    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void serve(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    const serve = async (req: IncomingMessage, res: ServerResponse, text: string): Promise<void> => {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const createOf =
        method === 'POST' && (url.pathname === '/v2/faces' || url.pathname === '/v2/pals')
          ? String(
              (JSON.parse(text) as { face_name?: string; pal_name?: string }).face_name ?? JSON.parse(text).pal_name,
            )
          : undefined;
      if (createOf) arrived.set(createOf, (arrived.get(createOf) ?? 0) + 1);
      const roll = serverRng.next();
      const fault =
        roll < 0.6
          ? undefined
          : serverRng.pick([
              '500',
              '502',
              '503',
              '504',
              '429',
              '429-retry-after-0',
              '429-retry-after-long',
              'reset',
              'hang',
              'html-502-echoing-key',
              'json-400-echoing-key',
              'reset-after-handling',
              'truncated-json',
              'wrong-content-type',
            ]);
      if (fault) ledger.fault(fault);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      switch (fault) {
        case '500':
        case '502':
        case '503':
        case '504':
          return json(Number(fault), { error: 'upstream trouble' });
        case '429':
        case '429-retry-after-0':
        case '429-retry-after-long':
          if (createOf) refused.set(createOf, (refused.get(createOf) ?? 0) + 1);
          return json(
            429,
            { error: 'Too Many Requests' },
            fault === '429'
              ? {}
              : { 'retry-after': fault === '429-retry-after-0' ? '0' : String(serverRng.int(1, 30)) },
          );
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          // Never answers; the client's per-attempt timeout must give up (and close the socket).
          return;
        case 'html-502-echoing-key':
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end(`<html><body><h1>502</h1><pre>x-api-key: ${req.headers['x-api-key']}</pre></body></html>`);
          return;
        case 'json-400-echoing-key':
          return json(400, { error: `Bad key ${req.headers['x-api-key']}`, api_key: req.headers['x-api-key'] });
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const answer = await sim.fetch(
        new Request(url, { method, headers, ...(text && method !== 'GET' ? { body: text } : {}) }),
      );
      if (createOf && answer.status === 200) handled.set(createOf, (handled.get(createOf) ?? 0) + 1);
      const body = Buffer.from(await answer.arrayBuffer());
      const outHeaders: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        outHeaders[k] = v;
      });
      if (fault === 'reset-after-handling') {
        req.socket.destroy();
        return;
      }
      if (fault === 'truncated-json' && body.length > 2) {
        // Promises the whole body, sends half, then drops the connection.
        res.writeHead(answer.status, { ...outHeaders, 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
        return;
      }
      if (fault === 'wrong-content-type') outHeaders['content-type'] = 'text/html; charset=utf-8';
      res.writeHead(answer.status, outHeaders);
      res.end(body);
    };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const tavus = new Tavus({
      apiKey: sim.apiKey,
      baseUrl: `http://127.0.0.1:${port}`,
      validation: 'strict',
      timeoutMs: TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
      backoff: BACKOFF,
    });
    attach(tavus, ledger, attempts);
    const controller = new AbortController();
    const baselineListeners = getEventListeners(controller.signal, 'abort').length;
    try {
      for (let i = 0; i < HTTP_OPS; i++) {
        await runOp(operations(tavus, sim, rng, i), ledger, attempts, controller.signal, rng.int(0, 3));
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }

    checkCreates(ledger, sim, handled);
    // Every re-sent create was refused with 429 first: at most one arrival that was not refused.
    for (const [name, n] of arrived) expect(n - (refused.get(name) ?? 0), name).toBeLessThanOrEqual(1);
    checkNoSecret(ledger, sim.apiKey);
    expect(getEventListeners(controller.signal, 'abort').length).toBe(baselineListeners);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeouts()).toBeLessThanOrEqual(baselineTimeouts);
    expect(unhandled).toEqual([]);
    expect(ledger.faults.size).toBeGreaterThan(8);
    expect(ledger.failures.size).toBeGreaterThan(3);
    const creates = [...arrived.values()].reduce((a, b) => a + b, 0);
    const done = [...handled.values()].reduce((a, b) => a + b, 0);
    console.log(`${ledger.summary('node:http')} create-arrivals=${creates} creates-handled=${done}`);
  }, 60_000);
});
