/**
 * The Node entry point (the `node` condition of the package's exports): the same API as the
 * default entry, with response schemas compiled by zod's `compile` for faster checks. It is built
 * with its dependencies inlined, which halves cold-import time (see docs/performance.md).
 *
 * @packageDocumentation
 */
import { compile } from 'zod/mini';
import { useSchemaCompiler } from './core/validation.js';

useSchemaCompiler((schema) => compile(schema));

export * from './index.js';
