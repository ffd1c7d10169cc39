/**
 * Hidden classes that outlive a full GC.
 *
 * V8 frees the hidden class (map) of constructed objects none of which is alive at a full
 * (mark-compact) GC, and with it throws away the optimised code of every function that handled
 * them: after such a GC, a list call and everything that inlined it run unoptimised until V8
 * compiles them again. A server that lists between idle periods meets that on every major GC. One
 * idle instance of each class the per-call path constructs, kept for the process's life, keeps
 * the maps and that code (measured in docs/performance.md). Object literals need none of this:
 * their shape lives with the function that creates them.
 *
 * Only the Node entry keeps them (src/index.node.ts): a browser page makes a few calls, each far
 * longer than a recompile, and pays for every byte of code it loads.
 *
 * @module
 * @internal
 */

// A Set, not an array: a bundler's tree shaking may drop pushes to an array nothing reads.
const kept = new Set<object>();

/** Keeps `instances` alive for the process's life (see the module's comment). @internal */
export function keepShapes(...instances: object[]): void {
  for (const instance of instances) kept.add(instance);
}
