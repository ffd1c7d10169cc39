// Browser bundle weight, as size-limit measures it (esbuild, minified, brotli): the package's
// `import { Tavus }`, beside the floor of its stack (ky + zod/mini with one schema + eventemitter3)
// and each dependency alone. Usage: node size.mjs <dist>; prints JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { build } from 'esbuild';
import { ROOT } from './lib.mjs';

const dist = process.argv[2];
/**
 * Bundles `contents` as size-limit does. Modules matching `leaveOut` (and what only they import) stay
 * out of the bundle, as if moved to a subpath or loaded on demand.
 */
async function weigh(contents, leaveOut) {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        // `faces.preflight` loads the media checks on first use: in an app's bundle they are a chunk
        // of their own, never in the main one (size-limit ignores `tavus-faces/media` the same way).
        name: 'media-on-demand',
        setup(b) {
          b.onResolve({ filter: /^tavus-faces\/media$|\/media\/index(\.node)?\.js$/ }, (a) =>
            a.kind === 'dynamic-import' ? { path: 'tavus-faces/media', external: true } : undefined,
          );
        },
      },
      ...(leaveOut
        ? [
            {
              name: 'leave-out',
              setup(b) {
                b.onResolve({ filter: /.*/ }, (a) =>
                  leaveOut.test(a.path) && !leaveOut.test(a.importer) ? { path: a.path, external: true } : undefined,
                );
              },
            },
          ]
        : []),
    ],
  });
  const text = out.outputFiles[0].text;
  const inputs = Object.values(out.metafile.outputs)[0].inputs;
  return { min: text.length, brotli: brotliCompressSync(text).length, inputs };
}

const sdk = await weigh(`export { Tavus } from ${JSON.stringify(join(dist, 'index.js'))};`);
const floor = await weigh(
  "import ky from 'ky';\nimport * as z from 'zod/mini';\nimport { EventEmitter } from 'eventemitter3';\n" +
    "const s = z.looseObject({ face_id: z.string(), status: z.enum(['started', 'completed']) });\n" +
    'export const floor = { ky, EventEmitter, s };\n',
);
const alone = {};
for (const [name, code] of Object.entries({
  ky: "export { default } from 'ky';",
  'zod/mini (one schema)': "import * as z from 'zod/mini';\nexport const s = z.looseObject({ a: z.string() });",
  eventemitter3: "export { EventEmitter } from 'eventemitter3';",
})) {
  alone[name] = (await weigh(code)).brotli;
}
// The dependencies as the SDK uses them: ky, eventemitter3 and every zod/mini builder dist/index.js
// calls, without any SDK code. What is left of the budget above this is the SDK's own share.
const zodNames = [
  ...new Set([...readFileSync(join(dist, 'index.js'), 'utf8').matchAll(/\bz\d*\.(\w+)\(/g)].map((m) => m[1])),
];
const depsAsUsed = await weigh(
  "import ky from 'ky';\nimport * as z from 'zod/mini';\nimport { EventEmitter } from 'eventemitter3';\n" +
    `export const used = [ky, EventEmitter, ${zodNames.map((n) => `z.${n}`).join(', ')}];\n`,
);
// The same bundle with parts of the SDK left out: what each way of meeting the budget by taking
// features out of `import { Tavus }` would weigh. Bundled from src/, where the parts are modules.
const fromSource = `export { Tavus } from ${JSON.stringify(join(ROOT, 'src/index.ts'))};`;
const withoutParts = {};
for (const [label, leftOut] of Object.entries({
  'nothing (the baseline of the rows below)': undefined,
  'the training watcher (`watchTraining`, `watchMany`, callback parsing)': /\/training\//,
  'the JSON Patch module (`pals.patch` checks, `pals.update` diffing)': /json-patch/,
  'the training watcher and the JSON Patch module': /\/training\/|json-patch/,
  'the training watcher, the JSON Patch module and all of `tavus.pals`':
    /\/training\/|json-patch|resources\/pals|schemas\/pal\./,
})) {
  withoutParts[label] = (await weigh(fromSource, leftOut)).brotli;
}

// Where the SDK's minified bytes come from: its own code against each dependency.
const byOrigin = {};
for (const [file, { bytesInOutput }] of Object.entries(sdk.inputs)) {
  const origin = file.includes('node_modules/') ? file.split('node_modules/')[1].split('/')[0] : 'tavus-faces';
  byOrigin[origin] = (byOrigin[origin] ?? 0) + bytesInOutput;
}
process.stdout.write(
  `${JSON.stringify({ sdk: { min: sdk.min, brotli: sdk.brotli }, floor: { min: floor.min, brotli: floor.brotli }, alone, byOrigin, depsAsUsed: depsAsUsed.brotli, zodNames, withoutParts })}\n`,
);
