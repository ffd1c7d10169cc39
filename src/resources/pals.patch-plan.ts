/**
 * How `tavus.pals.update` turns a merge patch into PATCH requests: drop the removals of what the
 * PAL does not have, merge, diff, and send the conferencing changes on their own (the API rejects
 * a patch that mixes them). Pure functions.
 *
 * @module
 * @internal
 */
import {
  applyMergePatchQuietly,
  diffToJsonPatch,
  isEmpty,
  isJsonObject,
  type JsonPatchOperation,
} from '../core/json-patch.js';

/** The part of a PAL that the API patches only on its own. @internal */
export const CONFERENCING = '/layers/conferencing';

/**
 * The PATCH requests (each a JSON Patch) that apply `changes`, a JSON Merge Patch, to `current`;
 * none when nothing would change.
 *
 * @internal
 */
export function planUpdate(current: Record<string, unknown>, changes: Record<string, unknown>): JsonPatchOperation[][] {
  // Quietly: `{ stt: { hotwords: null } }` on a PAL without `stt` changes nothing (plain RFC 7386
  // would add `stt: {}`, and an empty layer object can switch a layer on with server defaults).
  return palPatchBatches(current, applyMergePatchQuietly(current, changes));
}

/**
 * The PATCH requests that turn `current` into `target`, each a JSON Patch: the changes outside
 * `layers.conferencing`, and the conferencing changes on their own (the API rejects a patch that
 * mixes them). A conferencing removal goes first (so removing `layers` cannot take it along);
 * otherwise the other changes go first (so `layers` exists before conferencing is added to it).
 *
 * @internal
 */
export function palPatchBatches(
  current: Record<string, unknown>,
  target: Record<string, unknown>,
): JsonPatchOperation[][] {
  const main = diffToJsonPatch(withoutConferencing(current), withoutConferencing(target));
  const currentConf = conferencingOf(current);
  const targetConf = conferencingOf(target);
  const conf = diffToJsonPatch(currentConf, targetConf, CONFERENCING);
  // A PAL without layers that gains only conferencing: one `add /layers` holding just that.
  const [only, ...more] = main;
  if (!more.length && only?.path === '/layers' && 'value' in only && isEmpty(only.value) && targetConf !== undefined) {
    return [[{ ...only, value: { conferencing: targetConf } } as JsonPatchOperation]];
  }
  const batches = targetConf === undefined ? [conf, main] : [main, conf];
  return batches.filter((ops) => ops.length > 0);
}

/** Whether an operation's `path` or `from` is in `layers.conferencing`. @internal */
export function touchesConferencing(op: JsonPatchOperation): boolean {
  const under = (pointer: string) => `${pointer}/`.startsWith(`${CONFERENCING}/`);
  return under(op.path) || ('from' in op && under(op.from));
}

function conferencingOf(doc: Record<string, unknown>): unknown {
  return (doc.layers as { conferencing?: unknown } | null | undefined)?.conferencing;
}

// An `undefined` member counts as absent in the diff.
function withoutConferencing(doc: Record<string, unknown>): Record<string, unknown> {
  return isJsonObject(doc.layers) ? { ...doc, layers: { ...doc.layers, conferencing: undefined } } : doc;
}
