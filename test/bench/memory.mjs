// Heap across repeated chaos runs (simulator faults, the public API, a fresh client each run):
// heap after GC must stay flat. Run with --expose-gc. Usage: node --expose-gc memory.mjs <dist dir>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.argv[2];
const { Tavus, isTavusError } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { createSimulator } = await import(pathToFileURL(join(dist, 'testing.js')).href);
if (!globalThis.gc) throw new Error('run with --expose-gc');

const RUNS = 12;
const OPS = 250;
const FAULTS = [
  { status: 500 },
  { status: 503 },
  { status: 429 },
  { status: 429, retryAfterSeconds: 5 },
  { reset: true },
  { reset: true, afterHandling: true },
  { delayMs: 40 },
  { status: 200, body: '{"data":[' },
  { status: 502, body: '<html>Bad gateway</html>' },
];

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

async function chaosRun() {
  const sim = createSimulator({ seed: 3 });
  const tavus = new Tavus({
    apiKey: sim.apiKey,
    baseUrl: 'https://tavusapi.com',
    fetch: sim.fetch,
    validation: 'strict',
    timeoutMs: 20,
    backoff: { initialDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 50 },
  });
  tavus.on('request', () => undefined);
  const controller = new AbortController();
  const stock = sim.stockFaces[0].face_id;
  for (let i = 0; i < OPS; i++) {
    if (rand() < 0.4)
      sim.failNext({ ...FAULTS[Math.floor(rand() * FAULTS.length)], times: 1 + Math.floor(rand() * 3) });
    const faces = [...sim.faces.keys()];
    const ops = [
      () => tavus.faces.create({ train_video_url: 'https://example.com/a.mp4', face_name: `m${i}` }),
      () => tavus.faces.get(faces[0] ?? stock, undefined, { signal: controller.signal }),
      () => tavus.faces.list({ limit: 10 }),
      () => tavus.stockFaces.list({ limit: 50 }),
      () => tavus.voices.list(),
      () => tavus.pals.create({ pal_name: `p${i}`, system_prompt: 'x', default_face_id: stock }),
      () => tavus.pals.list(),
    ];
    try {
      await ops[Math.floor(rand() * ops.length)]();
    } catch (error) {
      if (!isTavusError(error)) throw error;
    }
  }
}

const heap = [];
for (let r = 0; r < RUNS; r++) {
  await chaosRun();
  await new Promise((resolve) => setTimeout(resolve, 20));
  globalThis.gc();
  globalThis.gc();
  heap.push(process.memoryUsage().heapUsed / 2 ** 20);
}
// Least-squares slope over the runs after the first two (warm-up: JIT, caches).
const ys = heap.slice(2);
const n = ys.length;
const mx = (n - 1) / 2;
const my = ys.reduce((a, b) => a + b, 0) / n;
let num = 0;
let den = 0;
ys.forEach((y, x) => {
  num += (x - mx) * (y - my);
  den += (x - mx) ** 2;
});
process.stdout.write(`${JSON.stringify({ runs: RUNS, opsPerRun: OPS, heapMB: heap, slopeMBPerRun: num / den })}\n`);
