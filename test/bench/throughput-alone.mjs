// Throughput with one client per process, as in an app: raw fetch, ky alone, tavus-faces (strict
// validation, listeners on events) and an A/A ky control against one local server. Each round runs
// every client in a fresh process, in a rotating order; each process warms up, then measures.
// Prints JSON. Usage: node throughput-alone.mjs <dist/index.node.js>
import { fileURLToPath } from 'node:url';
import { CLIENTS, makeClient, summarize } from './clients.mjs';
import { measure, roundsOfChildren, startServer } from './lib.mjs';

const [mode, ...args] = process.argv.slice(2);
const ROUNDS = Number(process.env.BENCH_ALONE_ROUNDS ?? 7);
const REQUESTS = { 1: Number(process.env.BENCH_ALONE_C1 ?? 3000), 32: Number(process.env.BENCH_ALONE_C32 ?? 6000) };
// Untimed calls first, so the timed ones run on code V8 has already optimised.
const WARM_UP = 1500;

if (mode === '--child') {
  const [name, payload, concurrency, total, base, distEntry] = args;
  const fn = (await makeClient(name, base, distEntry))[payload];
  await measure(fn, Number(concurrency), WARM_UP);
  const m = await measure(fn, Number(concurrency), Number(total));
  process.stdout.write(
    `${JSON.stringify({ rps: Number(total) / (m.wall / 1000), cpuUs: (m.cpu * 1000) / Number(total) })}\n`,
  );
  process.exit(0);
}

const distEntry = mode;
const self = fileURLToPath(import.meta.url);
const { base, sizes, stop } = await startServer();
const results = {};
try {
  for (const payload of ['list', 'object']) {
    for (const c of [1, 32]) {
      const runs = roundsOfChildren(self, CLIENTS, ROUNDS, [payload, String(c), String(REQUESTS[c]), base, distEntry]);
      const rps = Object.fromEntries(CLIENTS.map((n) => [n, runs[n].map((m) => m.rps)]));
      const cpuUs = Object.fromEntries(CLIENTS.map((n) => [n, runs[n].map((m) => m.cpuUs)]));
      results[`${payload}/c${c}`] = summarize(rps, cpuUs);
    }
  }
} finally {
  stop();
}
process.stdout.write(`${JSON.stringify({ sizes, rounds: ROUNDS, requests: REQUESTS, warmUp: WARM_UP, results })}\n`);
