/**
 * The replica/persona-era vocabulary: `/v2/replicas` and `/v2/personas` serve the same records as
 * `/v2/faces` and `/v2/pals`, under the older names the reference still documents.
 *
 * @module
 * @internal
 */

/** A face view under its replica-era names (a copy). @internal */
export function toReplica(face: object): Record<string, unknown> {
  const out = { ...face } as Record<string, unknown>;
  rename(out, 'face_id', 'replica_id');
  rename(out, 'face_name', 'replica_name');
  rename(out, 'face_type', 'replica_type');
  return out;
}

/** A PAL document under its persona-era names, renamed in place (callers pass a copy). @internal */
export function toPersona(pal: object): Record<string, unknown> {
  const out = pal as Record<string, unknown>;
  rename(out, 'pal_id', 'persona_id');
  rename(out, 'pal_name', 'persona_name');
  rename(out, 'default_face_id', 'default_replica_id');
  renameFlow(out, 'pal_interruptibility', 'replica_interruptibility');
  return out;
}

/** A persona-era body under the PAL names (a copy). @internal */
export function fromPersona(persona: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(persona);
  rename(out, 'persona_id', 'pal_id');
  rename(out, 'persona_name', 'pal_name');
  rename(out, 'default_replica_id', 'default_face_id');
  renameFlow(out, 'replica_interruptibility', 'pal_interruptibility');
  return out;
}

function renameFlow(pal: Record<string, unknown>, from: string, to: string): void {
  const flow = (pal.layers as Record<string, Record<string, unknown>> | undefined)?.conversational_flow;
  if (flow && typeof flow === 'object') rename(flow, from, to);
}

/** Renames a key where it stands, so answers keep the key order the API sends. */
function rename(obj: Record<string, unknown>, from: string, to: string): void {
  if (Object.hasOwn(obj, from)) {
    const entries = Object.entries(obj).map(([k, v]): [string, unknown] => [k === from ? to : k, v]);
    for (const key of Object.keys(obj)) delete obj[key];
    Object.assign(obj, Object.fromEntries(entries));
  }
}
