// The dist layout the cold-import bench compares the package's own layout with: every dependency
// external in ESM (what bundlers want) and only ky inlined in CJS (ky is ESM-only). This was the
// package's first layout; the `node` export condition with dependencies inlined replaced it.

/** tsup config of the external layout. */
export const EXTERNAL_TSUP = `import { defineConfig, type Options } from 'tsup';

const common: Options = {
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  treeshake: true,
  splitting: false,
  dts: false,
};

export default defineConfig([
  { ...common, format: 'esm', outExtension: () => ({ js: '.js', dts: '.d.ts' }) },
  { ...common, format: 'cjs', noExternal: ['ky'], outExtension: () => ({ js: '.cjs', dts: '.d.cts' }) },
]);
`;

/** The package.json \`exports['.']\` of the external layout. */
export const EXTERNAL_EXPORTS = {
  import: { types: './dist/index.d.ts', default: './dist/index.js' },
  require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
};
