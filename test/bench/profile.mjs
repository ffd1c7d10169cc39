// Profiling aid: `node --cpu-prof --cpu-prof-dir=<dir> profile.mjs <variant> <dist/index.js>` runs one
// variant (fetch | ky | tavus-list | tavus-get) against the bench server; `node profile.mjs summary
// <file.cpuprofile>` prints the functions with the most self time (by file:line).
import { readFileSync } from 'node:fs';
import { makeClient } from './clients.mjs';
import { measure, startServer } from './lib.mjs';

const [mode, arg] = process.argv.slice(2);

if (mode === 'summary') {
  const profile = JSON.parse(readFileSync(arg, 'utf8'));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  const total = profile.samples.length;
  for (const [id, n] of counts) {
    const node = byId.get(id);
    const cf = node.callFrame;
    const file = cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
    const key = `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 40));
  for (const [k, v] of rows) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  process.exit(0);
}

// tavus-list / tavus-get: tavus-faces on the list or the face; fetch and ky: the list.
const [client, payload] =
  mode === 'tavus-list' ? ['tavus-faces', 'list'] : mode === 'tavus-get' ? ['tavus-faces', 'object'] : [mode, 'list'];
const { base, stop } = await startServer();
const fn = (await makeClient(client, base, arg))[payload];
await measure(fn, 32, Number(process.env.PROFILE_REQUESTS ?? 8000));
stop();
process.exit(0);
