// Cold import in Node, ESM and CJS: the package as installed from its tarball (its own layout, and
// the all-external layout for comparison) beside the floor of our stack (ky + zod/mini +
// eventemitter3 in one esbuild bundle: whole, and tree-shaken to one schema), each as Δ over
// `node -e 0`. Prints JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { EXTERNAL_EXPORTS, EXTERNAL_TSUP } from './layouts.mjs';
import { ROOT, cleanup, median, nowMs, packAndInstall, scratchBuild } from './lib.mjs';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 31);
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

const current = scratchBuild('current');
const alt = scratchBuild('external', {
  tsupConfig: EXTERNAL_TSUP,
  patchPackage: (pkg) => {
    pkg.exports['.'] = EXTERNAL_EXPORTS;
  },
});
made.push(current, alt);
const currentConsumer = packAndInstall(current, 'current');
const altConsumer = packAndInstall(alt, 'external');
made.push(currentConsumer, altConsumer);
const cur = consumerFiles(currentConsumer);
const ext = consumerFiles(altConsumer);

// The floors: our three dependencies bundled into one file per format, whole (every export of
// zod/mini) and tree-shaken to what a client with one schema uses; plus an A/A control, the shaken
// floor again as a second file (its ratio to the floor is pure noise). They are loaded the way users
// load a package: a consumer file imports a bare specifier that Node resolves through an `exports`
// map in node_modules, exactly as for tavus-faces.
const floorPkg = join(currentConsumer, 'node_modules', 'tavus-floor');
mkdirSync(floorPkg);
const floors = {
  whole:
    "export { default as ky } from 'ky';\nexport * as z from 'zod/mini';\nexport { EventEmitter } from 'eventemitter3';\n",
  shaken:
    "import ky from 'ky';\nimport * as z from 'zod/mini';\nimport { EventEmitter } from 'eventemitter3';\n" +
    "const s = z.looseObject({ face_id: z.string(), status: z.enum(['started', 'completed']) });\n" +
    "export const floor = { ky, EventEmitter, ok: s.safeParse({ face_id: 'r', status: 'started' }).success };\n",
};
floors.control = floors.shaken;
const floorExports = {};
for (const [name, contents] of Object.entries(floors)) {
  for (const format of ['esm', 'cjs']) {
    await build({
      stdin: { contents, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      format,
      platform: 'node',
      target: 'es2022',
      outfile: join(floorPkg, `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`),
      logLevel: 'silent',
    });
  }
  floorExports[`./${name}`] = { import: `./${name}.mjs`, require: `./${name}.cjs` };
}
writeFileSync(join(floorPkg, 'package.json'), JSON.stringify({ name: 'tavus-floor', exports: floorExports }));
const floorConsumer = (name) => {
  const esm = join(currentConsumer, `floor-${name}.mjs`);
  const cjs = join(currentConsumer, `floor-${name}.cjs`);
  writeFileSync(esm, `import * as floor from 'tavus-floor/${name}';\nif (!floor) process.exit(1);\n`);
  writeFileSync(cjs, `const floor = require('tavus-floor/${name}');\nif (!floor) process.exit(1);\n`);
  return { esm, cjs };
};
const whole = floorConsumer('whole');
const shaken = floorConsumer('shaken');
const control = floorConsumer('control');

const variants = {
  'node -e 0': ['-e', '0'],
  'floor ESM': [whole.esm],
  'floor CJS': [whole.cjs],
  'shaken floor ESM': [shaken.esm],
  'shaken floor CJS': [shaken.cjs],
  'control ESM': [control.esm],
  'control CJS': [control.cjs],
  'current ESM': [cur.esm],
  'current CJS': [cur.cjs],
  'external ESM': [ext.esm],
  'external CJS': [ext.cjs],
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
    'external ESM': delta['external ESM'] / delta['floor ESM'],
    'external CJS': delta['external CJS'] / delta['floor CJS'],
  },
  ratioToShakenFloor: {
    'current ESM': delta['current ESM'] / delta['shaken floor ESM'],
    'current CJS': delta['current CJS'] / delta['shaken floor CJS'],
    'external ESM': delta['external ESM'] / delta['shaken floor ESM'],
    'external CJS': delta['external CJS'] / delta['shaken floor CJS'],
    'control ESM': delta['control ESM'] / delta['shaken floor ESM'],
    'control CJS': delta['control CJS'] / delta['shaken floor CJS'],
  },
  resolved: { current: resolved(currentConsumer), external: resolved(altConsumer) },
  bytes: {
    'floor ESM': size(join(floorPkg, 'whole.mjs')),
    'shaken floor ESM': size(join(floorPkg, 'shaken.mjs')),
    'current index.node.js': size(join(current, 'dist/index.node.js')),
    'current index.cjs': size(join(current, 'dist/index.cjs')),
    'external index.js': size(join(alt, 'dist/index.js')),
    'external index.cjs': size(join(alt, 'dist/index.cjs')),
  },
};
if (!process.env.BENCH_KEEP) cleanup(...made);
process.stdout.write(`${JSON.stringify(out)}\n`);
