import { defineConfig, type Options } from 'tsup';

const common: Options = {
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  splitting: false,
};
// tsup injects `baseUrl`, which TypeScript 6 deprecates (see shared/toolchain.md, trap 2).
const dts = { compilerOptions: { ignoreDeprecations: '6.0' } };
const deps = ['ky', 'zod', 'eventemitter3'];

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
    format: 'esm',
    platform: 'node',
    noExternal: deps,
    outExtension: () => ({ js: '.js' }),
  },
  // CJS: ky is ESM-only, so it must be inlined; the others are too, for the same cold-import win.
  {
    ...common,
    entry: { index: 'src/index.node.ts', testing: 'src/testing/index.ts' },
    format: 'cjs',
    platform: 'node',
    noExternal: deps,
    dts,
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
]);
