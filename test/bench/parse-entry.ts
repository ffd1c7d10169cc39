// Bundled by parse.mjs: the SDK's own list schema and check, as the resources use them.
import { faceSchemas } from '../../src/schemas/face.js';

export { check, useSchemaCompiler } from '../../src/core/validation.js';
export const FaceListSchema = faceSchemas().list;
