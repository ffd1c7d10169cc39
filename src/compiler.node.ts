/**
 * zod's schema compiler, built into a file of its own (`dist/compiler.node.cjs`) that the Node entry
 * loads on the first response check rather than at import: its code generator is a third of the
 * Node file, and V8 compiles every byte of a module at import whether it runs or not.
 *
 * It carries its own copy of the zod helpers the compiler needs. That is safe because a compiled
 * schema is a clone built with the original schema's own constructor, and it falls back to the
 * original's parser to report issues.
 *
 * @internal
 * @packageDocumentation
 */
export { compile, validate } from 'zod/mini';
