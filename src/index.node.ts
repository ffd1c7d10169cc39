/**
 * The Node entry point (the `node` condition of the package's exports): the same API as the
 * default entry, plus what only Node needs: response schemas compiled by zod's `compile` for
 * faster checks, `{ path }` inputs, connection failures named by their system code, and the
 * per-call classes' hidden classes kept across full GCs. It is built with its dependencies
 * inlined, which halves cold-import time (see docs/performance.md). It only works as built: the
 * compiler lives in `dist/compiler.node.cjs`, next to this file.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type { compile as zodCompile, validate as zodValidate } from 'zod/mini';
import { idleAttempt, useConnectionPhrases } from './core/http.js';
import { idlePages } from './core/pagination.js';
import { keepShapes } from './core/shapes.js';
import { systemCodePhrase } from './core/system-codes.js';
import { useSchemaCompiler } from './core/validation.js';
import { RequestValidationError } from './errors.js';
import { usePathReader } from './resources/faces.preflight.js';

interface Compiler {
  compile: typeof zodCompile;
  validate: (schema: Parameters<typeof zodValidate>[0], data: unknown) => boolean;
}

// The compiler is loaded on the first response check, not at import (see src/compiler.node.ts);
// `require` keeps that synchronous from this ESM file too.
let zod: Compiler | undefined;
const compiler = (): Compiler => {
  zod ??= loadCompiler();
  return zod;
};
useSchemaCompiler(
  (schema) => compiler().compile(schema),
  (schema, data) => compiler().validate(schema, data),
);

const COMPILER = './compiler.node.cjs';

function loadCompiler(): Compiler {
  try {
    return createRequire(import.meta.url)(COMPILER) as Compiler;
  } catch (error) {
    // Only a missing file is expected (a bundler copied this file into an app without the one
    // beside it); anything else is a broken install and must not pass for a slow one.
    const code = (error as { code?: unknown }).code;
    if (code !== 'MODULE_NOT_FOUND' || !String((error as Error).message).includes(COMPILER)) throw error;
    process.emitWarning(
      `tavus-faces: ${COMPILER} is not beside the SDK's Node file (bundled app?), so response checks use ` +
        "zod's interpreter: the same verdicts, about ten times slower. Copy the file next to the bundle to restore it.",
      { code: 'TAVUS_FACES_NO_COMPILER' },
    );
    // `false`: every check takes the issue-collecting path, as without a compiler.
    return { compile: ((schema) => schema) as typeof zodCompile, validate: () => false };
  }
}

// `validateImage({ path })`: the file is stat'ed first, so one over the limit is never read.
usePathReader(async (path, maxBytes) => {
  const { readFile, stat } = await import('node:fs/promises');
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new RequestValidationError(
      'input',
      `the image is ${size} bytes; Validate Face Image takes at most ${maxBytes}`,
    );
  }
  return new Uint8Array(await readFile(path));
});

// `connection refused by 127.0.0.1:9 (ECONNREFUSED)`: only Node's fetch reports system codes.
useConnectionPhrases(systemCodePhrase);

// A server's calls keep their optimised code across full GCs (see core/shapes.ts). Node's
// URLSearchParams is a JavaScript class too, built once per list call.
keepShapes(idleAttempt(), ...idlePages(), new URLSearchParams());

export * from './index.js';
