import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['plugins']>[number];

/**
 * esbuild emits a class that names itself in its own body as `X = class _X { … new _X() … }`, so
 * `X.name` reads `_X` in the published files. This step gives the class its own name back:
 * `_X` becomes ` X` (a space, not a deletion, so every column and the sourcemap stay exact).
 * Inside the class body ` X` is the class's own binding, the very class `_X` was. `_X` is unique
 * in a file (esbuild chose it because it was free), so every occurrence is that binding.
 * Checked by the packed-package test that reads every exported name from every published file.
 */
const classNames: Plugin = {
  name: 'class-names',
  renderChunk(code) {
    let out = code;
    for (const [, name = ''] of code.matchAll(/\b([A-Za-z$][\w$]*)\s*=\s*class _\1\b/g)) {
      out = out.replace(new RegExp(`(?<![.#\\w$])_${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), ` ${name}`);
    }
    return out === code ? undefined : { code: out };
  },
};

/**
 * `tavus.faces.preflight` loads the media checks with `import('../media/index.js')`. In the published
 * files that dynamic import becomes `import('tavus-faces/media')`, the package's own subpath, kept
 * external: one copy of the media code ships (dist/media*.js), an app's bundler splits it into a chunk
 * of its own that loads on the first preflight, and Node resolves it by the export conditions (the
 * `node` build, with `{ path }` support). A chunk of our own (`splitting: true`) was the alternative:
 * it would add a second copy of the media code per format, and tsup cannot split the CJS build.
 * Static imports (the media entries' own) are left alone.
 */
const mediaOnDemand: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'media-on-demand',
  setup(build) {
    build.onResolve({ filter: /\/media\/index(\.node)?\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: 'tavus-faces/media', external: true } : undefined,
    );
  },
};

const common: Options = {
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  splitting: false,
  plugins: [classNames],
  esbuildPlugins: [mediaOnDemand],
};
// Node loads these files as they are. Whitespace and syntax are minified, identifiers are not: every
// class and function keeps its name (in `console.log`, `err.name` and stack frames) with none of the
// per-function `__name` calls `keepNames` runs at import, and mangling measured no faster at a cold
// import (docs/performance.md). esbuild's own tree shaking is enough here; tsup's rollup pass would
// re-print the code with whitespace.
const forNode: Options = {
  platform: 'node',
  noExternal: ['ky', 'zod', 'eventemitter3'],
  treeshake: false,
  minifyWhitespace: true,
  minifySyntax: true,
};
/**
 * The CLI is its own small file: the SDK, the testing kit and tavus-faces/media it imports are the
 * package's own built files beside it (loaded from there at run time, the media checks only when a
 * check runs), never a second bundled copy.
 */
const siblingEntries: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'sibling-entries',
  setup(build) {
    const siblings: Record<string, string> = {
      '../index.node.js': './index.node.js',
      '../testing/index.js': './testing.js',
      '../media/index.node.js': './media.node.js',
    };
    build.onResolve({ filter: /^\.\.\/(index\.node|testing\/index|media\/index\.node)\.js$/ }, (args) =>
      /[\\/]src[\\/]cli$/.test(args.resolveDir) ? { path: siblings[args.path], external: true } : undefined,
    );
  },
};
// tsup injects `baseUrl`, which TypeScript 6 deprecates (see shared/toolchain.md, trap 2).
const dts = { compilerOptions: { ignoreDeprecations: '6.0' } };

export default defineConfig([
  // Default ESM (bundlers, browsers): dependencies stay external so apps deduplicate them.
  {
    ...common,
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      media: 'src/media/index.ts',
      proxy: 'src/proxy/index.ts',
    },
    format: 'esm',
    platform: 'neutral',
    dts,
    outExtension: () => ({ js: '.js', dts: '.d.ts' }),
  },
  // Node ESM: dependencies inlined (one file to load instead of zod's module graph) and compiled
  // response schemas. Selected by the `node` export condition.
  {
    ...common,
    entry: { 'index.node': 'src/index.node.ts' },
    ...forNode,
    format: 'esm',
    outExtension: () => ({ js: '.js' }),
  },
  // CJS: ky is ESM-only, so it must be inlined; the others are too, for the same cold-import win.
  // The file's own URL stands in for `import.meta.url` (tsup's shim builds it from the raw path,
  // which breaks on a `#` or `%` in the install directory).
  {
    ...common,
    entry: { index: 'src/index.node.ts' },
    ...forNode,
    format: 'cjs',
    banner: { js: "'use strict';\nconst __tavusFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    esbuildOptions(options) {
      options.define = { ...options.define, 'import.meta.url': '__tavusFileUrl' };
    },
    dts,
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
  // zod's schema compiler, loaded by both Node files on the first response check.
  {
    ...common,
    entry: { 'compiler.node': 'src/compiler.node.ts' },
    ...forNode,
    format: 'cjs',
    outExtension: () => ({ js: '.cjs' }),
  },
  // The testing kit has no dependencies and no cold-start goal: plain CJS, names as written.
  {
    ...common,
    entry: { testing: 'src/testing/index.ts' },
    format: 'cjs',
    platform: 'neutral',
    dts,
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
  // tavus-faces/media in Node: `{ path }` sources need `node:fs`, which media.js (browsers) must not
  // import. mediabunny stays external in both formats (it ships ESM and a Node CJS bundle).
  {
    ...common,
    entry: { 'media.node': 'src/media/index.node.ts' },
    format: 'esm',
    platform: 'node',
    outExtension: () => ({ js: '.js' }),
  },
  {
    ...common,
    entry: { media: 'src/media/index.node.ts' },
    format: 'cjs',
    platform: 'node',
    dts,
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
  // tavus-faces/proxy: web-standard and dependency-free, so one file serves Node, Deno, Bun, workers.
  {
    ...common,
    entry: { proxy: 'src/proxy/index.ts' },
    format: 'cjs',
    platform: 'neutral',
    dts,
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
  // The `tavus-faces` executable (package.json `bin`): Node ESM, commander and cli-progress external.
  {
    ...common,
    entry: { cli: 'src/cli/index.ts' },
    format: 'esm',
    platform: 'node',
    treeshake: false,
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [siblingEntries],
    outExtension: () => ({ js: '.js' }),
  },
]);
