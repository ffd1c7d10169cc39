// Cold import in Node, ESM and CJS: the package as installed from its tarball (current layout and
// the node-inlined alternative) beside the floor of our stack (ky + zod/mini + eventemitter3 in one
// esbuild bundle), each as Δ over `node -e 0`. Prints JSON.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { NODE_INLINED_EXPORTS, NODE_INLINED_TSUP } from './layouts.mjs';
import { ROOT, cleanup, median, nowMs, packAndInstall, scratchBuild, scratchDir } from './lib.mjs';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 21);
const made = [];

function consumerFiles(dir) {
  writeFileSync(join(dir, 'esm.mjs'), "import { Tavus } from 'tavus-faces';\nif (!Tavus) process.exit(1);\n");
  writeFileSync(join(dir, 'cjs.cjs'), "const { Tavus } = require('tavus-faces');\nif (!Tavus) process.exit(1);\n");
  return { esm: join(dir, 'esm.mjs'), cjs: join(dir, 'cjs.cjs') };
}

/** Which files Node picks through the package's `exports` map, for each format. */
function resolved(dir) {
  const run = (args) => spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' }).stdout.trim();
  const short = (p) => p.replace(/^.*node_modules\/tavus-faces\//, '');
  return {
    esm: short(run(['--input-type=module', '-e', "console.log(import.meta.resolve('tavus-faces'))"])),
    cjs: short(run(['-e', "console.log(require.resolve('tavus-faces'))"])),
  };
}

// The floor: our three dependencies bundled into one file per format.
const floorDir = scratchDir('floor');
made.push(floorDir);
const floorEntry =
  "export { default as ky } from 'ky';\nexport * as z from 'zod/mini';\nexport { EventEmitter } from 'eventemitter3';\n";
for (const format of ['esm', 'cjs']) {
  await build({
    stdin: { contents: floorEntry, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    format,
    platform: 'node',
    target: 'es2022',
    outfile: join(floorDir, format === 'esm' ? 'floor.mjs' : 'floor.cjs'),
    logLevel: 'silent',
  });
}

const current = scratchBuild('current');
const alt = scratchBuild('node-inlined', {
  tsupConfig: NODE_INLINED_TSUP,
  patchPackage: (pkg) => {
    pkg.exports['.'] = NODE_INLINED_EXPORTS;
  },
});
made.push(current, alt);
const currentConsumer = packAndInstall(current, 'current');
const altConsumer = packAndInstall(alt, 'node-inlined');
made.push(currentConsumer, altConsumer);
const cur = consumerFiles(currentConsumer);
const nxt = consumerFiles(altConsumer);

const variants = {
  'node -e 0': ['-e', '0'],
  'floor ESM': [join(floorDir, 'floor.mjs')],
  'floor CJS': [join(floorDir, 'floor.cjs')],
  'current ESM': [cur.esm],
  'current CJS': [cur.cjs],
  'node-inlined ESM': [nxt.esm],
  'node-inlined CJS': [nxt.cjs],
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < RUNS + 2; r++) {
  const names = Object.keys(variants);
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length];
    const start = nowMs();
    const res = spawnSync(process.execPath, variants[name], { stdio: 'ignore' });
    const ms = nowMs() - start;
    if (res.status !== 0) throw new Error(`${name} failed`);
    if (r >= 2) times[name].push(ms); // two warm-up rounds fill the OS file cache
  }
}
const base = median(times['node -e 0']);
const delta = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v) - base]));
const size = (p) => statSync(p).size;
const out = {
  runs: RUNS,
  nodeE0Ms: base,
  deltaMs: delta,
  ratioToFloor: {
    'current ESM': delta['current ESM'] / delta['floor ESM'],
    'current CJS': delta['current CJS'] / delta['floor CJS'],
    'node-inlined ESM': delta['node-inlined ESM'] / delta['floor ESM'],
    'node-inlined CJS': delta['node-inlined CJS'] / delta['floor CJS'],
  },
  resolved: { current: resolved(currentConsumer), nodeInlined: resolved(altConsumer) },
  bytes: {
    'floor ESM': size(join(floorDir, 'floor.mjs')),
    'floor CJS': size(join(floorDir, 'floor.cjs')),
    'current index.js': size(join(current, 'dist/index.js')),
    'current index.cjs': size(join(current, 'dist/index.cjs')),
    'node-inlined index.node.js': size(join(alt, 'dist/index.node.js')),
    'node-inlined index.cjs': size(join(alt, 'dist/index.cjs')),
  },
};
if (!process.env.BENCH_KEEP) cleanup(...made);
process.stdout.write(`${JSON.stringify(out)}\n`);
