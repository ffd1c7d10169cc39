import * as z from 'zod/mini';

/**
 * An enum that grows over time: the type admits any string (so lenient mode can hand back a value
 * the SDK does not know yet), while the check still flags unknown values (a warning in lenient
 * mode, an error in strict mode).
 *
 * @internal
 */
export function openEnum<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodMiniType<T[number] | (string & {})> {
  return z.enum(values) as unknown as z.ZodMiniType<T[number] | (string & {})>;
}

const envelopes = new WeakMap<z.ZodMiniType, z.ZodMiniType>();
const buildEnvelope = <T extends z.ZodMiniType>(item: T) =>
  z.looseObject({ data: z.array(item), total_count: z.number() });

/**
 * A list page envelope, `{ data: [...], total_count }`: one per item schema, so a resource's own
 * `list` schema and the pipeline's are the same object (and compiled once).
 *
 * @internal
 */
export function listEnvelope<T extends z.ZodMiniType>(item: T): ReturnType<typeof buildEnvelope<T>> {
  let envelope = envelopes.get(item);
  if (!envelope) {
    envelope = buildEnvelope(item);
    envelopes.set(item, envelope);
  }
  return envelope as ReturnType<typeof buildEnvelope<T>>;
}

/** `schema`, or absent, or `null`. @internal */
export const nullish = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));
/** A string that may be absent or `null`. @internal */
export const nullishString = nullish(z.string());

/** Memoises a builder: schemas are constructed on first use, not at import. @internal */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
