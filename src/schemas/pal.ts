/**
 * PALs: the PAL's own fields, the request shapes of `tavus.pals`, and the response schemas, built
 * on first use. Each layer's types and schema live in `./pal/<layer>.ts`, re-exported from here.
 *
 * Every module pairs the request type of a layer (what you send: a plain TypeScript type, which
 * costs no bundle bytes, without an index signature so a misspelt or retired field such as
 * `smart_turn_detection` is a compile error) with its response schema (what comes back: the single
 * source of the `…Wire` type, keeping unknown fields).
 *
 * @module
 */
import * as z from 'zod/mini';
import { listEnvelope, nullish, nullishString, once, openEnum } from './common.js';
import type { ConversationalFlowLayer } from './pal/flow.js';
import { type PalLayers, type PalLayersWire, palLayersSchema } from './pal/layers.js';
import type { LlmLayer } from './pal/llm.js';
import type { PerceptionLayer } from './pal/perception.js';
import { stringList } from './pal/shared.js';
import type { SttLayer } from './pal/stt.js';
import type { TtsLayer } from './pal/tts.js';

export * from './pal/conferencing.js';
export * from './pal/flow.js';
export * from './pal/layers.js';
export * from './pal/llm.js';
export * from './pal/perception.js';
export * from './pal/stt.js';
export * from './pal/tools.js';
export * from './pal/tts.js';

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────

/** `full`: the whole CVI pipeline (needs a `system_prompt`); `echo`: the face speaks what you send it. */
export const PIPELINE_MODES = ['full', 'echo'] as const;
/** `user` = your own PALs, `system` = Tavus stock PALs. */
export const PAL_TYPES = ['user', 'system'] as const;
/** See {@link PIPELINE_MODES}. */
export type PipelineMode = (typeof PIPELINE_MODES)[number];

// ─── What you send ──────────────────────────────────────────────────────────────────────────────

/** The fields of a PAL you can set (create) and change (update / patch). */
export interface PalFields {
  /** Display name. */
  pal_name?: string;
  /** The PAL's instructions. Required unless `pipeline_mode` is `echo`. */
  system_prompt?: string;
  /** @default 'full' */
  pipeline_mode?: PipelineMode;
  /** Extra background appended to the LLM context. */
  context?: string;
  /** The face shown by default (required on `/v2/pals` and whenever `layers.conferencing` is set). */
  default_face_id?: string;
  /** Knowledge Base document ids. */
  document_ids?: string[];
  /** Attach every Knowledge Base document carrying one of these tags. */
  document_tags?: string[];
  /** An objectives id, e.g. `o12345`. */
  objectives_id?: string;
  /** Guardrail ids. */
  guardrail_ids?: string[];
  /** Attach every guardrail carrying one of these tags. */
  guardrail_tags?: string[];
  /** Per-layer settings. */
  layers?: PalLayers;
}

/**
 * Parameters of `tavus.pals.create`: `default_face_id` is required, and `system_prompt` is required
 * unless `pipeline_mode` is `echo`.
 */
export type CreatePalParams = Omit<PalFields, 'default_face_id' | 'system_prompt' | 'pipeline_mode'> & {
  /** The face shown by default, e.g. `r90bbd427f71` (required on `/v2/pals`). */
  default_face_id: string;
} & (
    | {
        /** @default 'full' */
        pipeline_mode?: 'full';
        /** The PAL's instructions (required in `full` mode). */
        system_prompt: string;
      }
    | {
        /** `echo`: the face speaks the text you send; no LLM, so no prompt is needed. */
        pipeline_mode: 'echo';
        /** Optional in `echo` mode. */
        system_prompt?: string;
      }
  );

/**
 * A JSON Merge Patch (RFC 7386) of `T`: every member optional, `null` removes it, objects merge
 * member by member, arrays (and scalars) replace.
 */
export type MergePatch<T> = {
  [K in keyof T]?:
    | (NonNullable<T[K]> extends readonly unknown[]
        ? T[K]
        : NonNullable<T[K]> extends object
          ? MergePatch<NonNullable<T[K]>>
          : T[K])
    | null;
};

/** What `tavus.pals.update` takes: a merge patch of the PAL's settable fields. */
export type UpdatePalChanges = MergePatch<PalFields>;

/** JSON Pointers into a PAL that tavus-faces knows, for autocompletion; any pointer is accepted. */
export type PalPatchPath =
  | `/${keyof PalFields}`
  | `/layers/${keyof PalLayers}`
  | `/layers/llm/${keyof LlmLayer}`
  | `/layers/tts/${keyof TtsLayer}`
  | `/layers/stt/${keyof SttLayer}`
  | `/layers/perception/${keyof PerceptionLayer}`
  | `/layers/conversational_flow/${keyof ConversationalFlowLayer}`
  | '/layers/conferencing/username'
  | '/layers/transport/transport_type'
  | (string & {});

// ─── Response schemas (what comes back) ─────────────────────────────────────────────────────────

/** @internal */
const palSchema = () =>
  z.looseObject({
    /** The PAL's id, e.g. `pcb7a34da5fe` (normalised from the legacy `persona_id`). */
    pal_id: z.string(),
    /** Display name (normalised from `persona_name`). */
    pal_name: nullishString,
    /** The PAL's instructions; absent in `echo` mode. */
    system_prompt: nullishString,
    /** `full` or `echo`. See {@link PipelineMode}. */
    pipeline_mode: nullish(openEnum(PIPELINE_MODES)),
    /** Extra background appended to the LLM context. */
    context: nullishString,
    /** The default face (normalised from `default_replica_id`); may be null on old personas. */
    default_face_id: nullishString,
    /** The PAL's meeting address, e.g. `acme-anna@tavusinvite.com`, when conferencing is set. */
    conferencing_email: nullishString,
    /** Knowledge Base document ids. */
    document_ids: stringList(),
    /** Knowledge Base documents carrying one of these tags are attached. */
    document_tags: stringList(),
    /** The attached objectives' id, e.g. `o12345`. */
    objectives_id: nullishString,
    /** Guardrail ids. */
    guardrail_ids: stringList(),
    /** Guardrails carrying one of these tags are attached. */
    guardrail_tags: stringList(),
    /** A legacy guardrail set's id, e.g. `g12345` (superseded by `guardrail_ids`). */
    guardrails_id: nullishString,
    /** Per-layer settings; unknown layers and fields are kept. */
    layers: nullish(palLayersSchema() as z.ZodMiniType<PalLayersWire>),
    /** Creation time, as the API formats it (not parsed; may be empty). */
    created_at: nullishString,
    /** Last update time, as the API formats it (not parsed). */
    updated_at: nullishString,
  });

/** A PAL as the API returns it (unknown fields, layers and layer fields are kept). */
export interface Pal extends z.infer<ReturnType<typeof palSchema>> {}

/** @internal */
const palListSchema = (pal = palSchema()) => listEnvelope(pal);
/** Get PAL is documented as `{ data: [PAL] }`. @internal */
const palEnvelopeSchema = (pal = palSchema()) =>
  z.looseObject({
    /** The one PAL. */
    data: z.array(pal),
  });

/** @internal */
const createdPalSchema = () =>
  z.looseObject({
    /** The new PAL's id. */
    pal_id: z.string(),
    /** The new PAL's display name. */
    pal_name: nullishString,
    /** The PAL's meeting address; set when the PAL has a conferencing layer. */
    conferencing_email: nullishString,
    /** Creation time, as the API formats it (not parsed). */
    created_at: nullishString,
  });

/** The answer to Create PAL: its id, name, meeting address and creation time. */
export interface CreatedPal extends z.infer<ReturnType<typeof createdPalSchema>> {}

/** @internal */
const publishedPalSchema = (pal = palSchema()) =>
  z.extend(pal, {
    /** `success`. */
    status: nullish(openEnum(['success'])),
  });

/** The answer to Publish PAL: the live PAL after publishing, with `status: 'success'`. */
export interface PublishedPal extends z.infer<ReturnType<typeof publishedPalSchema>> {}

/** @internal */
const usernameAvailabilitySchema = () =>
  z.looseObject({
    /** Whether the username can be used. */
    available: z.boolean(),
    /** Why not, when `available` is false (e.g. `Username is already taken.`). */
    reason: nullishString,
  });

/** The answer to `checkUsername`. */
export interface UsernameAvailability extends z.infer<ReturnType<typeof usernameAvailabilitySchema>> {}

/**
 * The response schemas the PAL resource checks with, built on first use: constructing ~100 zod
 * schemas costs milliseconds at import, which every app would pay whether it uses PALs or not.
 *
 * @internal
 */
export const palSchemas = once(() => {
  const pal = palSchema();
  return {
    pal,
    list: palListSchema(pal),
    envelope: palEnvelopeSchema(pal),
    created: createdPalSchema(),
    published: publishedPalSchema(pal),
    username: usernameAvailabilitySchema(),
  };
});

/** Legacy top-level response names and their PAL names. @internal */
export const PAL_LEGACY_NAMES = {
  persona_id: 'pal_id',
  persona_name: 'pal_name',
  default_replica_id: 'default_face_id',
} as const;
