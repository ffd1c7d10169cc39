// Throughput of raw fetch, ky alone and tavus-faces (strict validation, listeners on events) against
// a local server, all clients in this one process, interleaved in rounds; prints JSON. The headline
// table is throughput-alone.mjs (one client per process, as in an app); this one shows what sharing
// a process with the other clients does. Usage: node throughput.mjs <dist/index.node.js>
import { CLIENTS, makeClient, summarize } from './clients.mjs';
import { measure, startServer } from './lib.mjs';

const distEntry = process.argv[2];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CHUNKS = 5;
const REQUESTS = { 1: Number(process.env.BENCH_REQ_C1 ?? 1000), 32: Number(process.env.BENCH_REQ_C32 ?? 2000) };

const { base, sizes, stop } = await startServer();
const clients = Object.fromEntries(
  await Promise.all(CLIENTS.map(async (name) => [name, await makeClient(name, base, distEntry)])),
);
const variants = Object.fromEntries(
  ['list', 'object'].map((payload) => [payload, Object.fromEntries(CLIENTS.map((n) => [n, clients[n][payload]]))]),
);

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
    results[`${payload}/c${c}`] = summarize(rps, cpuUs);
  }
}

stop();
process.stdout.write(`${JSON.stringify({ sizes, rounds: ROUNDS, requests: REQUESTS, results })}\n`);
process.exit(0);
