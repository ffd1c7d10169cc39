/**
 * The Node entry point (the `node` condition of the package's exports): the same API as the
 * default entry, with response schemas compiled by zod's `compile` for faster checks. It is built
 * with its dependencies inlined, which halves cold-import time (see docs/performance.md). It only
 * works as built: the compiler lives in `dist/compiler.node.cjs`, next to this file.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type { compile as zodCompile } from 'zod/mini';
import { useSchemaCompiler } from './core/validation.js';
import * as api from './index.js';

// The compiler is loaded on the first response check, not at import (see src/compiler.node.ts);
// `require` keeps that synchronous from this ESM file too.
let compile: typeof zodCompile | undefined;
useSchemaCompiler((schema) => {
  compile ??= loadCompiler();
  return compile(schema);
});

function loadCompiler(): typeof zodCompile {
  try {
    return (createRequire(import.meta.url)('./compiler.node.cjs') as { compile: typeof zodCompile }).compile;
  } catch {
    // A bundler copied this file into an app without the compiler beside it: zod's interpreter
    // gives the very same verdicts, only slower.
    return ((schema) => schema) as typeof zodCompile;
  }
}

// This file is built with minified identifiers (see tsup.config.ts). The exported classes get their
// own names back, so `err.name`, stack traces and `console.log` read as in the source.
for (const [name, value] of Object.entries(api)) {
  if (typeof value === 'function' && /^[A-Z]/.test(name) && value.name !== name) {
    Object.defineProperty(value, 'name', { value: name, configurable: true });
  }
}

export * from './index.js';
