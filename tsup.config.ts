import { defineConfig, type Options } from 'tsup';

const common: Options = {
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  splitting: false,
};
// Node loads these files as they are, so they are minified, identifiers too: V8's compile time at
// import grows with the source (measured in docs/performance.md). Exported classes get their names
// back in src/index.node.ts; `keepNames` would instead run a `__name` call per function of ky, zod
// and ours. esbuild's own tree shaking is enough here.
const forNode: Options = {
  platform: 'node',
  noExternal: ['ky', 'zod', 'eventemitter3'],
  treeshake: false,
  minify: true,
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
  // `shims` gives the CJS file the `import.meta.url` it loads the compiler with.
  {
    ...common,
    entry: { index: 'src/index.node.ts' },
    ...forNode,
    format: 'cjs',
    shims: true,
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
]);
