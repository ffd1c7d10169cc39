/**
 * Hidden classes that outlive a full GC.
 *
 * V8 frees the hidden class (map) of constructed objects none of which is alive at a full
 * (mark-compact) GC, and with it throws away the optimised code of every function that handled
 * them: after such a GC, a list call and everything that inlined it run unoptimised until V8
 * compiles them again. An app that lists between idle periods meets that on every major GC. One
 * idle instance of each class the per-call path constructs, kept for the process's life, keeps
 * the maps and that code (measured in docs/performance.md). Object literals need none of this:
 * their shape lives with the function that creates them.
 *
 * @module
 * @internal
 */

const kept: object[] = [];

/** Keeps `instance` alive for the process's life (see the module's comment). @internal */
export function keepShape(instance: object): void {
  kept.push(instance);
}
