import { defineConfig, type Options } from 'tsup';

const common: Options = {
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  treeshake: true,
  splitting: false,
  // tsup injects `baseUrl`, which TypeScript 6 deprecates (see shared/toolchain.md, trap 2).
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
};

export default defineConfig([
  // ESM: dependencies stay external, so bundlers deduplicate them with the app's own copies.
  { ...common, format: 'esm', outExtension: () => ({ js: '.js', dts: '.d.ts' }) },
  // CJS: ky is ESM-only, so it is inlined (a `require('ky')` would fail on first use).
  {
    ...common,
    format: 'cjs',
    noExternal: ['ky'],
    outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  },
]);
