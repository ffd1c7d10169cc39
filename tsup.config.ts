import { defineConfig, type Options } from 'tsup';

const common: Options = {
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  splitting: false,
};
// Node loads these files as they are. Whitespace and syntax are minified, identifiers are not: class
// and function names survive as written, with none of the per-function `__name` calls `keepNames`
// would run at import (measured: ~7 % of cold-import time). esbuild's own tree shaking is enough
// here; tsup's rollup pass would re-print the code with whitespace.
const forNode: Options = {
  platform: 'node',
  noExternal: ['ky', 'zod', 'eventemitter3'],
  treeshake: false,
  minifyWhitespace: true,
  minifySyntax: true,
};
// tsup injects `baseUrl`, which TypeScript 6 deprecates (see shared/toolchain.md, trap 2).
const dts = { compilerOptions: { ignoreDeprecations: '6.0' } };

export default defineConfig([
  // Default ESM (bundlers, browsers): dependencies stay external so apps deduplicate them.
  {
    ...common,
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
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
  {
    ...common,
    entry: { index: 'src/index.node.ts', testing: 'src/testing/index.ts' },
    ...forNode,
    format: 'cjs',
    dts,
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
]);
