// The clients' own work per call, without the network: ky alone and tavus-faces each get the same
// canned `fetch` (the bodies the bench server sends), one client per process (as in an app: no JIT
// state shared with another client), processes interleaved over rounds. Prints JSON.
// Usage: node overhead.mjs <dist/index.node.js>
import { fileURLToPath } from 'node:url';
import { makeClient } from './clients.mjs';
import { measure, median, roundsOfChildren } from './lib.mjs';

const [mode, ...args] = process.argv.slice(2);
const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 7);
const CALLS = Number(process.env.BENCH_OVERHEAD_CALLS ?? 12000);

if (mode === '--child') {
  const [client, payload, distEntry] = args;
  const bodies = await import('./bodies.mjs');
  const base = 'http://127.0.0.1:9';
  const canned = async (input) => {
    const url = typeof input === 'string' ? input : input.url;
    return new Response(url.includes('/v2/faces?') ? bodies.list : bodies.one, {
      headers: { 'content-type': 'application/json' },
    });
  };
  const call = (await makeClient(client, base, distEntry, canned))[payload];
  await measure(call, 1, CALLS / 4); // warm-up: let the JIT settle
  const { cpu } = await measure(call, 1, CALLS);
  process.stdout.write(`${JSON.stringify({ us: (cpu * 1000) / CALLS })}\n`);
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const distEntry = mode;
const out = {};
for (const payload of ['list', 'object']) {
  const runs = roundsOfChildren(self, ['ky', 'tavus-faces'], ROUNDS, [payload, distEntry]);
  const us = Object.fromEntries(Object.entries(runs).map(([name, results]) => [name, results.map((m) => m.us)]));
  const ky = median(us.ky);
  const sdk = median(us['tavus-faces']);
  out[payload] = { kyUs: ky, tavusUs: sdk, extraUs: sdk - ky, rounds: ROUNDS, calls: CALLS };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
