// Profiling aid: `node --cpu-prof --cpu-prof-dir=<dir> profile.mjs <variant> <dist/index.js>` runs one
// variant (fetch | ky | tavus-list | tavus-get) against the bench server; `node profile.mjs summary
// <file.cpuprofile>` prints the functions with the most self time (by file:line).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

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

const server = spawn(process.execPath, [new URL('./server.mjs', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const { port } = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(JSON.parse(d))));
const base = `http://127.0.0.1:${port}`;
const KEY = 'tvs_bench_key_0123456789abcdef';
const headers = { accept: 'application/json', 'x-api-key': KEY };
let fn;
if (mode === 'fetch') fn = async () => (await fetch(`${base}/v2/faces?limit=7`, { headers })).json();
else if (mode === 'ky') {
  const ky = (await import('ky')).default.create({ prefixUrl: base, headers });
  fn = () => ky.get('v2/faces?limit=7').json();
} else {
  const { Tavus } = await import(pathToFileURL(arg).href);
  const tavus = new Tavus({ apiKey: KEY, baseUrl: base, validation: 'strict' });
  tavus.on('request', () => undefined);
  fn = mode === 'tavus-get' ? () => tavus.faces.get('r00000000000') : () => tavus.faces.list({ limit: 7 });
}
let left = Number(process.env.PROFILE_REQUESTS ?? 8000);
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (left-- > 0) await fn();
  }),
);
server.stdin.end();
process.exit(0);
