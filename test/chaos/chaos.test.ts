/**
 * Seeded chaos: the public API under random faults, twice over — once through the simulator's own
 * fault injection (`sim.failNext`), once through a real node:http server on 127.0.0.1 in front of
 * the same simulator. That server drops sockets, hangs, cuts bodies short and serves HTML; it also
 * redirects to a second, hostile 127.0.0.1 server (which must never be reached), echoes the API key
 * and provider keys in error headers (with `set-cookie`), uses them as object keys in error bodies,
 * adds built-in-named members (`__proto__`, `constructor`, `toString`, …) to answers, nests bodies
 * 100,000 levels deep, and serves list pages that repeat for ever (see `faults.ts`).
 *
 * Reproduce a run with `CHAOS_SEED=<seed>` (the seed is printed with the summary line). To look at
 * some of the node:http server's faults alone, `CHAOS_FAULTS=redirect,deep-body` limits its draws to
 * those kinds (the checks that a run saw enough variety are then skipped).
 */
import { getEventListeners } from 'node:events';
import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedirectError, Tavus, isTavusError } from '../../src/index.js';
import { type FaultOptions, type TavusSimulator, createSimulator } from '../../src/testing/index.js';
import {
  DEEP,
  DEEP_UNDER_CAP,
  type DeepField,
  deepJson,
  depthOf,
  echoedHeaders,
  keyNamedBody,
  listShape,
  prototypeChanges,
  prototypeSnapshot,
  repeatingPage,
  withBuiltinKeys,
  withDeepField,
} from './faults.js';

const SEED = Number(process.env.CHAOS_SEED ?? 0x7a7c5) >>> 0;
const SIM_OPS = 400;
const HTTP_OPS = 300;
const TIMEOUT_MS = 80;
const MAX_RETRIES = 2;
const BACKOFF = { initialDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 50 };
/**
 * Hard cap of a `for await` over a list, in pages: a list that never ends must fail the run, not
 * hang it. Far above any real list here (the longest, 63 stock faces at 25 a page, is 3 pages).
 */
const PAGE_CAP = 50;
/** The node:http server's new fault kinds (issue 14), shown on the summary line. */
const NEW_FAULTS = [
  'redirect',
  'echoed-headers',
  'key-named-fields',
  'builtin-keys',
  'deep-body',
  'repeating-pages',
] as const;
/** `CHAOS_FAULTS=a,b`: only these node:http fault kinds are drawn. */
const ONLY_FAULTS = process.env.CHAOS_FAULTS
  ? new Set(process.env.CHAOS_FAULTS.split(',').map((s) => s.trim()))
  : undefined;

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

function hexOf(rng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(0, 15).toString(16);
  return out;
}

/** Provider keys the PALs carry (`layers.llm.api_key`, `layers.tts.api_key`): secrets like the API key. */
const keyRng = prng(SEED ^ 0x6b657973);
const LLM_KEY = `sk-chaos-llm-${hexOf(keyRng, 24)}`;
const TTS_KEYS = [`el-chaos-tts-${hexOf(keyRng, 24)}`, `el-chaos-tts-${hexOf(keyRng, 24)}`] as const;
const PROVIDER_KEYS: readonly string[] = [LLM_KEY, ...TTS_KEYS];
/** The session cookie the hostile headers set: it must not reach an error either. */
const COOKIE_SECRET = `sess-${hexOf(keyRng, 24)}`;

/** Thrown by a test's own `for await` cap: the SDK kept paging past {@link PAGE_CAP} pages. */
class Runaway extends Error {
  override name = 'Runaway';
}

type Kind = 'create' | 'read' | 'write';
interface Op {
  name: string;
  /** Which draw of the run it is (also sent as the `x-chaos-op` header, for the node:http server). */
  index: number;
  kind: Kind;
  /** Requests the operation makes when nothing fails (each has its own retry budget). */
  calls: number;
  /** Where a fault for this operation is aimed. */
  target: { method: string; path: RegExp };
  run: (signal: AbortSignal, maxRetries: number) => Promise<unknown>;
  /** For creates: the unique name it sends, to count what reached the server. */
  createName?: { resource: 'faces' | 'pals'; name: string };
  /** A `for await` over a whole list (its `calls` is the {@link PAGE_CAP}). */
  iterate?: boolean;
}

interface Attempt {
  method: string;
  path: string;
  attempt: number;
}

/** Everything a run observed, for the assertions and the summary line. */
class Ledger {
  readonly events: unknown[] = [];
  /** Every attempt sent and answer received, in order (the client's view of the wire). */
  readonly wire: { type: 'request' | 'response'; method: string; path: string; status?: number }[] = [];
  readonly logLines: string[] = [];
  readonly errors: unknown[] = [];
  readonly failures = new Map<string, number>();
  readonly faults = new Map<string, number>();
  readonly creates: { name: string; resource: 'faces' | 'pals'; outcome: 'ok' | 'failed'; id?: string }[] = [];
  operations = 0;
  retries = 0;
  successes = 0;
  /** Answers the client saw whose body read ran past the per-attempt timeout (loaded machines). */
  lateBodies = 0;
  /** The most repeated pages one `for await` was served before it ended. */
  maxRepeats = 0;

  fault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  summary(label: string, kinds: readonly string[] = []): string {
    const faults = [...this.faults.values()].reduce((a, b) => a + b, 0);
    const byType = [...this.failures.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const byKind = kinds.map((k) => `${k}=${this.faults.get(k) ?? 0}`).join(' ');
    return (
      `chaos[${label}] seed=${SEED} ops=${this.operations} ok=${this.successes} faults=${faults} ` +
      `retries=${this.retries} failures: ${byType || 'none'}` +
      (kinds.length > 0 ? ` | new faults: ${byKind} repeats-max=${this.maxRepeats} late-bodies=${this.lateBodies}` : '')
    );
  }
}

function attach(tavus: Tavus, ledger: Ledger, attempts: Attempt[]): void {
  tavus.on('request', (e) => {
    attempts.push(e);
    ledger.events.push(e);
    ledger.wire.push({ type: 'request', method: e.method, path: e.path });
  });
  tavus.on('response', (e) => {
    ledger.events.push(e);
    ledger.wire.push({ type: 'response', method: e.method, path: e.path, status: e.status });
  });
  tavus.on('retry', (e) => {
    ledger.retries += 1;
    ledger.events.push(e);
    // What a logger would write for it.
    ledger.logLines.push(`retry ${e.method} ${e.path} #${e.attempt} in ${e.delayMs} ms: ${String(e.error)}`);
    ledger.logLines.push(JSON.stringify(e));
    // Only a refused (429) create or patch may be re-sent: anything else may have reached the server.
    if (e.method === 'POST' || e.method === 'PATCH') expect(e.error.kind).toBe('RateLimitError');
    // A redirect is never followed, and never retried either.
    expect(e.error.kind, `${e.method} ${e.path}: a redirect was retried`).not.toBe('RedirectError');
  });
  tavus.on('warning', (e) => {
    ledger.events.push(e);
    ledger.logLines.push(`warning ${e.kind}: ${e.message}`);
  });
}

/**
 * The operations a run draws from; ids come from what earlier operations created. With `lists`,
 * also `for await` over whole lists (the node:http run, whose server can make a list repeat).
 */
function operations(tavus: Tavus, sim: TavusSimulator, rng: Prng, index: number, lists = false): Op {
  return { ...drawOperation(tavus, sim, rng, index, lists), index };
}

/** `for await` over a whole list, capped at {@link PAGE_CAP} pages so a list that never ends fails. */
function iterateList(
  name: string,
  path: RegExp,
  limit: number,
  list: (options: {
    signal: AbortSignal;
    maxRetries: number;
    headers: Record<string, string>;
  }) => AsyncIterable<unknown>,
  index: number,
): () => Omit<Op, 'index'> {
  return () => ({
    name: `${name} (for await)`,
    kind: 'read',
    calls: PAGE_CAP,
    iterate: true,
    target: { method: 'GET', path },
    run: async (signal, maxRetries) => {
      let items = 0;
      for await (const _ of list({ signal, maxRetries, headers: { 'x-chaos-op': String(index) } })) {
        items += 1;
        if (items > PAGE_CAP * limit) {
          throw new Runaway(`seed=${SEED} op#${index} ${name}: for await still going after ${PAGE_CAP} pages`);
        }
      }
      return { items };
    },
  });
}

/** A `for await` over each paged list: faces, stock faces, PALs and voices (small pages, so several). */
function listOps(tavus: Tavus, index: number): (() => Omit<Op, 'index'>)[] {
  return [
    iterateList('faces.list', /^\/v2\/faces$/, 3, (o) => tavus.faces.list({ limit: 3 }, o), index),
    iterateList(
      'stockFaces.list',
      /^\/v2\/faces$/,
      25,
      (o) => tavus.stockFaces.list({ limit: 25, model_name: 'phoenix-4' }, o),
      index,
    ),
    iterateList('pals.list', /^\/v2\/pals$/, 4, (o) => tavus.pals.list({ limit: 4 }, o), index),
    iterateList('voices.list', /^\/v2\/voices$/, 8, (o) => tavus.voices.list({ limit: 8 }, o), index),
  ];
}

function drawOperation(tavus: Tavus, sim: TavusSimulator, rng: Prng, index: number, lists: boolean): Omit<Op, 'index'> {
  const faces = [...sim.faces.keys()];
  const stock = sim.stockFaces.map((f) => f.face_id);
  const pals = [...sim.pals.keys()];
  const voices = sim.voices.map((v) => v.voice_id);
  const anyFace = faces.length > 0 && rng.next() < 0.7 ? rng.pick(faces) : rng.pick(stock);
  // The op's index travels as a header, so the node:http server knows which operation each request is.
  const opts = (signal: AbortSignal, maxRetries: number) => ({
    signal,
    maxRetries,
    headers: { 'x-chaos-op': String(index) },
  });
  // A single GET: its faults are aimed at `path`.
  const read =
    (name: string, path: RegExp, run: Op['run']): (() => Omit<Op, 'index'>) =>
    () => ({ name, kind: 'read', calls: 1, target: { method: 'GET', path }, run });
  const choices: (() => Omit<Op, 'index'>)[] = [
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
            {
              pal_name: name,
              system_prompt: 'You are a chaos monkey.',
              default_face_id: rng.pick(stock),
              // Provider keys: a server that echoes the request must not get them into an error.
              layers: {
                llm: { model: 'chaos-llm', base_url: 'https://llm.example.com/v1', api_key: LLM_KEY },
                tts: { tts_engine: 'elevenlabs', external_voice_id: 'chaos-voice', api_key: TTS_KEYS[0] },
              },
            },
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
      // Read, patch, and a read again when the patch's answer is not a PAL (a 304, or a body the
      // node:http server replaced).
      calls: 3,
      target:
        rng.next() < 0.5
          ? { method: 'GET', path: /^\/v2\/pals\/[^/]+$/ }
          : { method: 'PATCH', path: /^\/v2\/pals\/[^/]+$/ },
      run: (s, r) =>
        tavus.pals.update(
          pals.length > 0 ? rng.pick(pals) : 'p0000000000',
          {
            system_prompt: `Prompt ${index}`,
            // Every other update rotates the TTS key: its JSON Patch then carries a provider key.
            layers: { tts: { tts_emotion_control: rng.next() < 0.5, api_key: TTS_KEYS[index % 2] } },
          },
          opts(s, r),
        ),
    }),
  ];
  // One slot for all four lists: the pagination phase walks each of them anyway.
  if (lists) choices.push(() => rng.pick(listOps(tavus, index))());
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

/** The node:http server's faults: the first fourteen from before issue 14, then {@link NEW_FAULTS}. */
const HTTP_FAULTS: readonly string[] = [
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
  ...NEW_FAULTS,
];
/** Paged lists (a `repeating-pages` fault hits only these). */
const LIST_PATHS: ReadonlySet<string> = new Set(['/v2/faces', '/v2/pals', '/v2/voices']);
const ERROR_STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503] as const;
const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;

const isRedirectStatus = (status: number): boolean => status >= 300 && status < 400 && status !== 304;

/** What the node:http server did with one request. */
interface Served {
  method: string;
  path: string;
  /** The fault it served, if any (a repeated page counts as `repeating-pages`). */
  fault?: string;
  /** Which form of the fault (a redirect's status, where a deep value sat, …). */
  variant?: string;
  /** The status it answered with; absent when it answered nothing (reset, hang). */
  status?: number;
  /** A redirect's target path (its query is a signature). */
  location?: string;
  /** A repeating page's `total_count`, and how many times the page has been served by now. */
  total?: 'huge' | 'missing';
  repeat?: number;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/** Runs one operation, checks its invariants, and records its outcome. */
async function runOp(
  op: Op,
  ledger: Ledger,
  attempts: Attempt[],
  signal: AbortSignal,
  maxRetries: number,
): Promise<Outcome> {
  const from = attempts.length;
  ledger.operations += 1;
  let outcome: Outcome;
  let id: string | undefined;
  try {
    const result = (await op.run(signal, maxRetries)) as { face_id?: unknown; pal_id?: unknown } | undefined;
    // Own reads: a body may carry built-in-named members.
    const own = (key: 'face_id' | 'pal_id') =>
      result && Object.hasOwn(result, key) && typeof result[key] === 'string' ? (result[key] as string) : undefined;
    id = own('face_id') ?? own('pal_id');
    ledger.successes += 1;
    ledger.logLines.push(`${op.name} ok`);
    outcome = { ok: true, result };
  } catch (error) {
    outcome = { ok: false, error };
    // Every failure is typed: nothing leaks out as a raw TypeError, RangeError, DOMException or SyntaxError.
    expect(isTavusError(error), `seed=${SEED} op#${op.index} ${op.name} threw ${inspect(error)}`).toBe(true);
    const kind = (error as { kind: string }).kind;
    ledger.failures.set(kind, (ledger.failures.get(kind) ?? 0) + 1);
    ledger.errors.push(error);
    // What a logger would write: the message, and the error as JSON.
    ledger.logLines.push(`${op.name} failed: ${String(error)}`);
    ledger.logLines.push(JSON.stringify(error));
  }
  // The retry budget: per call, never more than maxRetries + 1 attempts.
  const mine = attempts.slice(from);
  expect(mine.length, `${op.name}: ${JSON.stringify(mine)}`).toBeLessThanOrEqual(op.calls * (maxRetries + 1));
  for (const a of mine) expect(a.attempt).toBeLessThanOrEqual(maxRetries + 1);
  if (op.createName)
    ledger.creates.push({ ...op.createName, outcome: outcome.ok ? 'ok' : 'failed', ...(id ? { id } : {}) });
  return outcome;
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

/** No secret (the API key, provider keys, cookies, redirect signatures) in any error, event or log line. */
function checkNoSecret(ledger: Ledger, secrets: readonly string[]): void {
  const leaked = (text: string) => secrets.find((secret) => text.includes(secret));
  for (const error of ledger.errors) {
    const e = error as Error;
    for (const text of [JSON.stringify(e), String(e), e.stack ?? '', inspect(e, { depth: Number.POSITIVE_INFINITY })]) {
      expect(leaked(text), `secret leaked in ${text.slice(0, 300)}`).toBeUndefined();
    }
  }
  for (const event of ledger.events) {
    expect(leaked(JSON.stringify(event)), JSON.stringify(event).slice(0, 300)).toBeUndefined();
    expect(leaked(inspect(event, { depth: Number.POSITIVE_INFINITY }))).toBeUndefined();
  }
  for (const line of ledger.logLines) expect(leaked(line), line.slice(0, 300)).toBeUndefined();
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
    checkNoSecret(ledger, [sim.apiKey, ...PROVIDER_KEYS]);
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
    /** What the server did with each request, by operation (the `x-chaos-op` header). */
    const served = new Map<number, Served[]>();
    /** Lists currently repeating one page, by operation: every further page request gets it again. */
    const repeating = new Map<number, { key: string; body: string; total: 'huge' | 'missing'; count: number }>();
    let repeatSerial = 0;
    /** The pagination phase: list requests start repeating at `startPage` (or at the real last page). */
    let forced: { total: 'huge' | 'missing'; startPage: number } | undefined;
    /** Redirect signatures handed out: none may reach an error, event or log line. */
    const sigs: string[] = [];
    /** PAL patches that touched a member the update did not change. */
    const strayPatches: string[] = [];
    const stockFaceId = sim.stockFaces[0]!.face_id;

    // The redirects' target: a second server that records everything it gets. It must get nothing.
    const hostileHits: string[] = [];
    const hostile = createServer((req, res) => {
      hostileHits.push(`${req.method} ${req.url} key=${req.headers['x-api-key'] !== undefined}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[],"total_count":0}');
    });
    hostile.on('connection', () => hostileHits.push('connection'));
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const hostilePort = (hostile.address() as AddressInfo).port;
    const hostileOrigin = `http://127.0.0.1:${hostilePort}`;

    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void serve(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    const serve = async (req: IncomingMessage, res: ServerResponse, text: string): Promise<void> => {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const opIndex = Number(req.headers['x-chaos-op'] ?? -1);
      const entry: Served = { method, path: url.pathname };
      served.set(opIndex, [...(served.get(opIndex) ?? []), entry]);
      const createOf =
        method === 'POST' && (url.pathname === '/v2/faces' || url.pathname === '/v2/pals')
          ? String(
              (JSON.parse(text) as { face_name?: string; pal_name?: string }).face_name ?? JSON.parse(text).pal_name,
            )
          : undefined;
      if (createOf) arrived.set(createOf, (arrived.get(createOf) ?? 0) + 1);
      if (method === 'PATCH' && /^\/v2\/pals\/[^/]+$/.test(url.pathname)) {
        // pals.update changes only system_prompt and layers.tts: its patch must touch nothing else.
        const ops = JSON.parse(text) as { op: string; path: string }[];
        for (const op of ops) {
          if (!/^\/(system_prompt|layers(\/tts(\/[^/]+)?)?)$/.test(op.path)) {
            strayPatches.push(`op#${opIndex} ${op.op} ${op.path}`);
          }
        }
      }
      const apiKey = String(req.headers['x-api-key'] ?? '');
      // The provider keys this request carries: what a server echoing it could give back.
      const carried = PROVIDER_KEYS.filter((key) => text.includes(key));
      const send = (status: number, body: string, headers: OutgoingHttpHeaders = {}) => {
        entry.status = status;
        if (status === 429 && createOf) refused.set(createOf, (refused.get(createOf) ?? 0) + 1);
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        send(status, JSON.stringify(body), headers);

      const listKey =
        method === 'GET' && LIST_PATHS.has(url.pathname)
          ? `${url.pathname}?${[...url.searchParams].filter(([k]) => k !== 'page').join('&')}`
          : undefined;
      const sticky = repeating.get(opIndex);
      if (listKey && sticky?.key === listKey) {
        sticky.count += 1;
        Object.assign(entry, { fault: 'repeating-pages', total: sticky.total, repeat: sticky.count });
        return send(200, sticky.body);
      }
      let fault: string | undefined;
      if (forced) {
        // The pagination phase: only the forced repeat, nothing else.
        fault = listKey ? 'forced-repeat' : undefined;
      } else {
        const roll = serverRng.next();
        const menu = HTTP_FAULTS.filter(
          (f) => (f !== 'repeating-pages' || listKey) && (!ONLY_FAULTS || ONLY_FAULTS.has(f)),
        );
        fault = roll < 0.6 || menu.length === 0 ? undefined : serverRng.pick(menu);
      }
      if (fault && fault !== 'forced-repeat') {
        ledger.fault(fault);
        entry.fault = fault;
      }
      switch (fault) {
        case '500':
        case '502':
        case '503':
        case '504':
          return json(Number(fault), { error: 'upstream trouble' });
        case '429':
        case '429-retry-after-0':
        case '429-retry-after-long':
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
          return send(502, `<html><body><h1>502</h1><pre>x-api-key: ${apiKey}</pre></body></html>`, {
            'content-type': 'text/html',
          });
        case 'json-400-echoing-key':
          return json(400, { error: `Bad key ${apiKey}`, api_key: apiKey });
        case 'redirect': {
          // To the hostile server, with a signed query (as a presigned URL would have).
          const status = serverRng.pick(REDIRECT_STATUSES);
          const sig = hexOf(serverRng, 32);
          sigs.push(sig);
          const path = `/collect${url.pathname}`;
          const relative = serverRng.next() < 0.3;
          const location = `${relative ? `//127.0.0.1:${hostilePort}` : hostileOrigin}${path}?sig=${sig}&X-Amz-Signature=${sig}`;
          entry.variant = `${status}${relative ? ' protocol-relative' : ''}`;
          entry.location = path;
          return send(status, `<a href="${location}">Moved</a>`, { location, 'content-type': 'text/html' });
        }
        case 'echoed-headers': {
          const status = serverRng.pick(ERROR_STATUSES);
          entry.variant = `${status}${carried.length ? ' +provider keys' : ''}`;
          return send(
            status,
            JSON.stringify({ error: 'Upstream rejected the request' }),
            echoedHeaders(apiKey, carried, COOKIE_SECRET),
          );
        }
        case 'key-named-fields': {
          const status = serverRng.pick(ERROR_STATUSES);
          entry.variant = `${status}${carried.length ? ' +provider keys' : ''}`;
          return send(status, keyNamedBody(apiKey, carried));
        }
        case 'deep-body': {
          const variant = serverRng.pick(['2xx', 'in-field', 'error', 'error-under-cap'] as const);
          entry.variant = variant;
          if (variant === '2xx') return send(200, deepJson('object', DEEP));
          if (variant === 'error' || variant === 'error-under-cap') {
            const status = serverRng.pick(ERROR_STATUSES);
            const shape = serverRng.next() < 0.5 ? 'object' : 'array';
            entry.variant += ` ${shape}`;
            return send(status, deepJson(shape, variant === 'error' ? DEEP : DEEP_UNDER_CAP));
          }
          // 'in-field': the simulator answers first.
          break;
        }
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
        entry.status = answer.status;
        res.writeHead(answer.status, { ...outHeaders, 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
        return;
      }
      if (fault === 'wrong-content-type') outHeaders['content-type'] = 'text/html; charset=utf-8';
      const parsed = fault === undefined || fault.startsWith('429') ? undefined : parseJson(body);
      delete outHeaders['content-length'];
      if (fault === 'builtin-keys') {
        const rewritten = withBuiltinKeys(parsed);
        entry.variant = rewritten === undefined ? 'not json: passed through' : String(answer.status);
        if (rewritten !== undefined) return send(answer.status, rewritten, outHeaders);
      }
      if (fault === 'deep-body') {
        // 'in-field': a face / PAL / voice field holds the deep value; an error keeps its status.
        if (answer.status >= 400 && parsed !== undefined) {
          entry.variant = 'in-field: error details';
          return send(answer.status, `{"error":"deep","details":${deepJson('object', DEEP)}}`, outHeaders);
        }
        const field = serverRng.pick(['known-string', 'unknown', 'layer'] as const satisfies readonly DeepField[]);
        const deep = answer.ok ? withDeepField(parsed, field) : undefined;
        entry.variant = deep ? `in-field: ${deep.where}` : 'in-field: no resource, whole body';
        return send(answer.ok ? answer.status : 200, deep ? deep.text : deepJson('object', DEEP), outHeaders);
      }
      if ((fault === 'repeating-pages' || fault === 'forced-repeat') && listKey) {
        const page = Number(url.searchParams.get('page') ?? '1');
        const limit = Number(url.searchParams.get('limit') ?? '10');
        const real = parsed as { data?: unknown; total_count?: unknown } | undefined;
        const items = Array.isArray(real?.data) ? (real.data as unknown[]) : [];
        const last = !answer.ok || items.length < limit || page * limit >= Number(real?.total_count);
        if (fault === 'repeating-pages' || !forced || page >= forced.startPage || last) {
          if (fault === 'forced-repeat') {
            ledger.fault('repeating-pages');
            entry.fault = 'repeating-pages';
          }
          const total = forced?.total ?? (serverRng.next() < 0.5 ? 'huge' : 'missing');
          const shape = listShape(url.pathname, stockFaceId)!;
          const repeat = repeatingPage(items, limit, shape, ++repeatSerial, total);
          repeating.set(opIndex, { key: listKey, body: repeat, total, count: 1 });
          Object.assign(entry, { total, repeat: 1 });
          return send(200, repeat);
        }
      }
      entry.status = answer.status;
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
    const prototypes = prototypeSnapshot();

    /** The new faults' invariants for one operation, from what the server served and what the client saw. */
    const checkServed = (op: Op, outcome: Outcome, wireFrom: number): void => {
      const log = served.get(op.index) ?? [];
      const wire = ledger.wire.slice(wireFrom);
      const error = outcome.ok ? undefined : (outcome.error as Record<string, unknown> & Error);
      const kind = error?.kind as string | undefined;
      const what = () =>
        `seed=${SEED} op#${op.index} ${op.name}: served ${JSON.stringify(log)}; ` +
        `got ${outcome.ok ? 'success' : inspect(error, { depth: 1 }).slice(0, 600)}`;
      // Nothing a body carried reached the built-in prototypes.
      expect(({} as Record<string, unknown>).polluted, what()).toBeUndefined();
      expect(prototypeChanges(prototypes, prototypeSnapshot()), what()).toEqual([]);
      for (const entry of log) ledger.maxRepeats = Math.max(ledger.maxRepeats, entry.repeat ?? 0);

      // No redirect was followed: the hostile server has seen nothing, not even a connection.
      expect(hostileHits, what()).toEqual([]);
      // A redirect the client saw is its last word: nothing sent after it, a RedirectError naming the
      // hostile origin and never the signed query; a redirected create never reached the simulator.
      const redirect = wire.findIndex(
        (w) => w.type === 'response' && w.status !== undefined && isRedirectStatus(w.status),
      );
      if (redirect !== -1) {
        expect(redirect, `${what()}: sent more after a redirect`).toBe(wire.length - 1);
        expect(kind, what()).toBe('RedirectError');
        const r = error as unknown as RedirectError;
        expect(r.status, what()).toBe(wire[redirect]!.status);
        expect(r.targetOrigin, what()).toBe(hostileOrigin);
        expect(r.targetPath, what()).toBe(log.at(-1)?.location);
        for (const text of [r.message, String(r), JSON.stringify(r), inspect(r, { depth: Number.POSITIVE_INFINITY })]) {
          expect(text, what()).not.toMatch(/\?sig|sig=|X-Amz-Signature/);
          expect(
            sigs.find((sig) => text.includes(sig)),
            what(),
          ).toBeUndefined();
        }
      }
      if (op.createName && log.some((s) => s.fault === 'redirect')) {
        expect(handled.get(op.createName.name) ?? 0, `${what()}: a redirected create was handled`).toBe(0);
      }

      // The rest needs the client's last attempt to be the server's last answer, seen by the client.
      const last = log.at(-1);
      const lastWire = wire.at(-1);
      const requests = wire.filter((w) => w.type === 'request').length;
      const matched =
        last?.status !== undefined &&
        requests === log.length &&
        lastWire?.type === 'response' &&
        lastWire.status === last.status &&
        lastWire.method === last.method &&
        lastWire.path === last.path;
      if (!matched || !last) return;
      const expectFailure = (ok: boolean, expected: string): void => {
        // The answer came, but reading its body outlasted the per-attempt timeout (a loaded machine).
        if (kind === 'APITimeoutError') {
          ledger.lateBodies += 1;
          return;
        }
        expect(ok, `${what()}: expected ${expected}`).toBe(true);
      };
      const status = last.status!;
      if (last.fault === 'deep-body' && status < 300 && last.method !== 'DELETE') {
        // A 2xx body nested 100k deep (or holding such a field): a ResponseValidationError.
        expectFailure(kind === 'ResponseValidationError', 'a ResponseValidationError');
      }
      if (
        (last.fault === 'deep-body' || last.fault === 'echoed-headers' || last.fault === 'key-named-fields') &&
        status >= 400
      ) {
        expectFailure(isTavusError(error, 'APIError') && error.status === status, `an APIError with status ${status}`);
      }
      if (last.fault === 'repeating-pages' && (op.iterate || last.total === 'missing')) {
        expectFailure(kind === 'ResponseValidationError', 'a ResponseValidationError');
      }
      if (last.fault === 'deep-body' && error !== undefined) {
        // What a logger does with the error must not overflow the stack, and keeps no 100k-deep copy.
        expect(() => JSON.stringify(error), what()).not.toThrow();
        expect(() => inspect(error, { depth: Number.POSITIVE_INFINITY }), what()).not.toThrow();
        expect(depthOf(error.body), what()).toBeLessThanOrEqual(64);
      }
    };

    try {
      for (let i = 0; i < HTTP_OPS; i++) {
        const op = operations(tavus, sim, rng, i, true);
        const wireFrom = ledger.wire.length;
        const outcome = await runOp(op, ledger, attempts, controller.signal, rng.int(0, 3));
        checkServed(op, outcome, wireFrom);
        repeating.delete(op.index);
      }
      // The pagination phase: every list, once with total_count 1e9 and once without, starts
      // repeating one full page (at a drawn page, or at its real last page) until the SDK gives up.
      let index = HTTP_OPS;
      for (const total of !ONLY_FAULTS || ONLY_FAULTS.has('repeating-pages') ? (['huge', 'missing'] as const) : []) {
        for (let list = 0; list < listOps(tavus, 0).length; list++) {
          const op: Op = { ...listOps(tavus, index)[list]!(), index };
          forced = { total, startPage: serverRng.int(1, 3) };
          const wireFrom = ledger.wire.length;
          const outcome = await runOp(op, ledger, attempts, controller.signal, MAX_RETRIES);
          forced = undefined;
          // The walk reached the repeat, unless the connection failed it first (a loaded machine).
          if (!served.get(index)?.some((s) => s.fault === 'repeating-pages')) {
            const kind = outcome.ok ? 'success' : (outcome.error as { kind?: string }).kind;
            expect(['APITimeoutError', 'APIConnectionError'], `${op.name} never repeated: ${kind}`).toContain(kind);
          }
          checkServed(op, outcome, wireFrom);
          repeating.delete(index);
          index += 1;
        }
      }
    } finally {
      server.closeAllConnections();
      hostile.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve) => hostile.close(resolve));
    }

    checkCreates(ledger, sim, handled);
    // Every re-sent create was refused with 429 first: at most one arrival that was not refused.
    for (const [name, n] of arrived) expect(n - (refused.get(name) ?? 0), name).toBeLessThanOrEqual(1);
    // No redirect was followed: the hostile server never saw a connection, let alone a request.
    expect(hostileHits).toEqual([]);
    expect(strayPatches, 'pals.update patched members it did not change').toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeChanges(prototypes, prototypeSnapshot())).toEqual([]);
    checkNoSecret(ledger, [sim.apiKey, ...PROVIDER_KEYS, COOKIE_SECRET, ...sigs]);
    expect(getEventListeners(controller.signal, 'abort').length).toBe(baselineListeners);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeouts()).toBeLessThanOrEqual(baselineTimeouts);
    expect(unhandled).toEqual([]);
    if (!ONLY_FAULTS) {
      expect(ledger.faults.size).toBeGreaterThan(8);
      expect(ledger.failures.size).toBeGreaterThan(3);
      for (const kind of NEW_FAULTS) expect(ledger.faults.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
    const creates = [...arrived.values()].reduce((a, b) => a + b, 0);
    const done = [...handled.values()].reduce((a, b) => a + b, 0);
    console.log(`${ledger.summary('node:http', NEW_FAULTS)} create-arrivals=${creates} creates-handled=${done}`);
  }, 60_000);
});
