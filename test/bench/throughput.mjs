// Throughput of raw fetch, ky alone and tavus-faces (strict validation, a listener on events)
// against a local server, interleaved in rounds; prints JSON. Usage: node throughput.mjs <dist/index.js>
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import ky from 'ky';
import { median, nowMs } from './lib.mjs';

const distEntry = process.argv[2];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const CHUNKS = 5;
const REQUESTS = { 1: Number(process.env.BENCH_REQ_C1 ?? 1000), 32: Number(process.env.BENCH_REQ_C32 ?? 2000) };
const KEY = 'tvs_bench_key_0123456789abcdef';

const server = spawn(process.execPath, [new URL('./server.mjs', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const { port, sizes } = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(JSON.parse(d))));
const base = `http://127.0.0.1:${port}`;

const { Tavus } = await import(pathToFileURL(distEntry).href);
const tavus = new Tavus({ apiKey: KEY, baseUrl: base, validation: 'strict' });
let events = 0;
tavus.on('request', () => {
  events += 1;
});
tavus.on('response', () => {
  events += 1;
});

const headers = { accept: 'application/json', 'x-api-key': KEY };
const api = ky.create({ prefixUrl: base, headers });
// An A/A control: a second, identical ky client measured like the others. Its ratio to ky is pure
// measurement noise, so it says how far apart two equal clients land in this run on this machine.
const control = ky.create({ prefixUrl: base, headers });
const listQuery = 'face_type=user&limit=7&page=1';

const variants = {
  list: {
    fetch: async () => (await fetch(`${base}/v2/faces?${listQuery}`, { headers })).json(),
    ky: () => api.get(`v2/faces?${listQuery}`).json(),
    'tavus-faces': () => tavus.faces.list({ limit: 7 }),
    'ky-control': () => control.get(`v2/faces?${listQuery}`).json(),
  },
  object: {
    fetch: async () => (await fetch(`${base}/v2/faces/r00000000000`, { headers })).json(),
    ky: () => api.get('v2/faces/r00000000000').json(),
    'tavus-faces': () => tavus.faces.get('r00000000000'),
    'ky-control': () => control.get('v2/faces/r00000000000').json(),
  },
};

/** Runs `total` calls with `concurrency` workers; returns wall and client-CPU milliseconds. */
async function measure(fn, concurrency, total) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await fn();
    }
  };
  const cpu = process.cpuUsage();
  const start = nowMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return { wall: nowMs() - start, cpu: (used.user + used.system) / 1000 };
}

const results = {};
for (const [payload, fns] of Object.entries(variants)) {
  for (const c of [1, 32]) {
    const names = Object.keys(fns);
    const rps = Object.fromEntries(names.map((n) => [n, []]));
    const cpuUs = Object.fromEntries(names.map((n) => [n, []]));
    for (const name of names) await measure(fns[name], c, 200); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      // Small chunks, round-robin with a rotating order: load from other processes hits every variant alike.
      const wall = Object.fromEntries(names.map((n) => [n, 0]));
      const cpu = Object.fromEntries(names.map((n) => [n, 0]));
      for (let k = 0; k < CHUNKS; k++) {
        for (let i = 0; i < names.length; i++) {
          const name = names[(i + k + r) % names.length];
          const m = await measure(fns[name], c, REQUESTS[c] / CHUNKS);
          wall[name] += m.wall;
          cpu[name] += m.cpu;
        }
      }
      for (const n of names) {
        rps[n].push(REQUESTS[c] / (wall[n] / 1000));
        cpuUs[n].push((cpu[n] * 1000) / REQUESTS[c]);
      }
    }
    const ratios = (name, vs) => rps[name].map((v, i) => v / rps[vs][i]);
    const cpuRatios = (name, vs) => cpuUs[vs].map((v, i) => v / cpuUs[name][i]);
    results[`${payload}/c${c}`] = {
      rps: Object.fromEntries(names.map((n) => [n, median(rps[n])])),
      cpuUsPerRequest: Object.fromEntries(names.map((n) => [n, median(cpuUs[n])])),
      kyVsFetch: median(ratios('ky', 'fetch')),
      tavusVsFetch: median(ratios('tavus-faces', 'fetch')),
      tavusVsKy: median(ratios('tavus-faces', 'ky')),
      tavusVsKyRounds: ratios('tavus-faces', 'ky'),
      // Requests per client-CPU-second, relative: less sensitive to other processes than wall time.
      cpuTavusVsKy: median(cpuRatios('tavus-faces', 'ky')),
      cpuKyVsFetch: median(cpuRatios('ky', 'fetch')),
      controlVsKy: median(ratios('ky-control', 'ky')),
      controlVsKyRounds: ratios('ky-control', 'ky'),
    };
  }
}

server.stdin.end();
process.stdout.write(`${JSON.stringify({ sizes, rounds: ROUNDS, requests: REQUESTS, events, results })}\n`);
process.exit(0);
