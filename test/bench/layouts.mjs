// The two dist layouts the cold-import bench compares. `current` is the repository's own
// tsup.config.ts and package.json; `nodeInlined` is the proposed alternative.

/** tsup config of the alternative: a `node` build with dependencies inlined, bundlers keep them external. */
export const NODE_INLINED_TSUP = `import { defineConfig, type Options } from 'tsup';

const common: Options = {
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  treeshake: true,
  splitting: false,
  // tsup injects \`baseUrl\`, which TypeScript 6 deprecates (see shared/toolchain.md, trap 2).
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
};
// Node loads one file instead of resolving ky, zod/mini (~90 modules) and eventemitter3 one by one.
const inlined = ['ky', 'zod', 'eventemitter3'];

export default defineConfig([
  // Bundlers and browsers (\`import\`/\`default\`): dependencies stay external, so they are deduplicated.
  { ...common, format: 'esm', outExtension: () => ({ js: '.js', dts: '.d.ts' }) },
  // Node ESM (the \`node\` condition): dependencies inlined and tree-shaken.
  {
    ...common,
    entry: { index: 'src/index.ts' },
    format: 'esm',
    dts: false,
    noExternal: inlined,
    outExtension: () => ({ js: '.node.js' }),
  },
  // CJS: every dependency inlined (ky is ESM-only, and one file loads fastest).
  { ...common, format: 'cjs', noExternal: inlined, outExtension: () => ({ js: '.cjs', dts: '.d.cts' }) },
]);
`;

/** The package.json \`exports['.']\` of the alternative. */
export const NODE_INLINED_EXPORTS = {
  node: {
    import: { types: './dist/index.d.ts', default: './dist/index.node.js' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
  },
  import: { types: './dist/index.d.ts', default: './dist/index.js' },
  require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
};
