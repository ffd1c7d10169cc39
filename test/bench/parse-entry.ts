// Bundled by parse.mjs: the SDK's own list schema and check, as the resources use them.
export { check, useSchemaCompiler } from '../../src/core/validation.js';
export { FaceListSchema } from '../../src/schemas/face.js';
export * as z from 'zod/mini';
