/**
 * Persona-era names in PAL requests: where they may appear, their PAL names, and the renaming of a
 * create body, an update's changes and a JSON Patch operation. Pure functions; the caller is told
 * of each legacy name (to warn once). Responses are normalised with the tables in `schemas/pal.ts`.
 *
 * @module
 * @internal
 */
import { formatPointer, isJsonObject, type JsonPatchOperation, own, parsePointer } from '../core/json-patch.js';
import { FLOW_LEGACY_NAMES, PAL_LEGACY_NAMES } from '../schemas/pal.js';

/** Told of each persona-era name in a request and of the PAL name it is sent as. @internal */
export type OnLegacyName = (legacy: string, current: string) => void;

/** A place in a request: the legacy names of its members, and the places below it. @internal */
export interface NameNode {
  names?: Readonly<Record<string, string>>;
  children?: Readonly<Record<string, NameNode>>;
}

/**
 * Where persona-era names may appear in a request, and their PAL names: the names responses are
 * normalised from (a `persona_id` is sent as `pal_id`, which create and update then refuse as
 * read-only, as they would `pal_id`).
 *
 * @internal
 */
export const REQUEST_NAMES: NameNode = {
  names: PAL_LEGACY_NAMES,
  children: { layers: { children: { conversational_flow: { names: FLOW_LEGACY_NAMES } } } },
};

// Every lookup in these tables is an own-property read: the keys come from user data, and a key
// named `constructor` or `toString` must not find what every object inherits.

/**
 * A copy of `value`, a request value placed at `node`, with persona-era keys under their PAL
 * names; when both names are given, the PAL one wins. `value` itself is kept as it was.
 *
 * @internal
 */
export function currentNames(value: unknown, onLegacy: OnLegacyName, node: NameNode | undefined = REQUEST_NAMES) {
  if (node === undefined || !isJsonObject(value)) return value;
  // Entries, not `out[name] = …`: a member named `__proto__` must stay a member.
  const out: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const current = own(node.names, key) as string | undefined;
    if (current !== undefined) {
      onLegacy(key, current);
      if (own(value, current) !== undefined) continue;
    }
    const name = current ?? key;
    out.push([name, currentNames(item, onLegacy, own(node.children, name) as NameNode | undefined)]);
  }
  return Object.fromEntries(out);
}

/**
 * A JSON Patch operation with persona-era pointer tokens renamed (`/persona_name` → `/pal_name`)
 * in `path` and `from`, and persona-era keys renamed inside its `value`.
 *
 * @internal
 */
export function currentOperation(op: JsonPatchOperation, onLegacy: OnLegacyName): JsonPatchOperation {
  const [path, node] = currentPointer(op.path, onLegacy);
  const out: Record<string, unknown> = { ...op, path };
  if ('from' in op) out.from = currentPointer(op.from, onLegacy)[0];
  if ('value' in op) out.value = currentNames(op.value, onLegacy, node);
  return out as unknown as JsonPatchOperation;
}

/** The pointer with persona-era tokens renamed, and the place in a request it points at. */
function currentPointer(pointer: string, onLegacy: OnLegacyName): [string, NameNode | undefined] {
  let node: NameNode | undefined = REQUEST_NAMES;
  const tokens = parsePointer(pointer).map((token) => {
    const current = own(node?.names, token) as string | undefined;
    if (current !== undefined) onLegacy(token, current);
    const name = current ?? token;
    node = own(node?.children, name) as NameNode | undefined;
    return name;
  });
  // Formatting the parsed tokens gives the pointer back exactly (RFC 6901 escapes round-trip).
  return [formatPointer(tokens), node];
}
