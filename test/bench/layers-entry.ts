// Bundled by layers.mjs: the SDK's layers one by one (the HTTP core, the pipeline, the client), so
// each one's cost per call can be measured apart, against ky alone, in one process.
import { compile, validate } from 'zod/mini';
import { useSchemaCompiler } from '../../src/core/validation.js';

useSchemaCompiler(compile, validate);

export { Tavus } from '../../src/client.js';
export { HttpCore } from '../../src/core/http.js';
export { ResourceContext } from '../../src/core/resource.js';
export { listFaces } from '../../src/resources/faces.js';
