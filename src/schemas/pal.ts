import * as z from 'zod/mini';
import { listEnvelope, nullish, nullishString, once, openEnum } from './common.js';

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────

/** `full`: the whole CVI pipeline (needs a `system_prompt`); `echo`: the face speaks what you send it. */
export const PIPELINE_MODES = ['full', 'echo'] as const;
/** `user` = your own PALs, `system` = Tavus stock PALs. */
export const PAL_TYPES = ['user', 'system'] as const;
/**
 * Tavus-hosted LLMs currently documented (`tavus-glm-4.7` is the recommended default). Any other
 * model name means your own OpenAI-compatible model, reached through `base_url` + `api_key`.
 */
export const PAL_LLM_MODELS = [
  'tavus-glm-4.7',
  'tavus-gpt-oss',
  'tavus-gemini-2.5-flash',
  'tavus-gemini-3-flash',
  'tavus-claude-haiku-4.5',
  'tavus-gpt-5.2',
] as const;
/** Text-to-speech providers. */
export const TTS_ENGINES = ['cartesia', 'elevenlabs', 'azure'] as const;
/** Speech-to-text engines (`tavus-deepgram-medical` is English only). */
export const STT_ENGINES = [
  'tavus-auto',
  'tavus-parakeet',
  'tavus-soniox',
  'tavus-whisper',
  'tavus-deepgram-medical',
] as const;
/** Perception models: `raven-1`, or `off`. */
export const PERCEPTION_MODELS = ['raven-1', 'off'] as const;
/** Turn-detection models of the conversational flow layer. */
export const TURN_DETECTION_MODELS = ['sparrow-1', 'time-based'] as const;

/** `low`, `medium` or `high`: patience, interruptibility and commitment settings. */
export type PalLevel = 'low' | 'medium' | 'high';
/** See {@link PIPELINE_MODES}. */
export type PipelineMode = (typeof PIPELINE_MODES)[number];
/** See {@link PAL_LLM_MODELS}; any other string names your own OpenAI-compatible model. */
export type PalLlmModel = (typeof PAL_LLM_MODELS)[number] | (string & {});
/** See {@link TTS_ENGINES} (open: the API may add providers). */
export type TtsEngine = (typeof TTS_ENGINES)[number] | (string & {});
/** See {@link STT_ENGINES} (open: the API may add engines). */
export type SttEngine = (typeof STT_ENGINES)[number] | (string & {});
/** See {@link PERCEPTION_MODELS} (open: the API may add models). */
export type PerceptionModel = (typeof PERCEPTION_MODELS)[number] | (string & {});
/** See {@link TURN_DETECTION_MODELS} (open: the API may add models). */
export type TurnDetectionModel = (typeof TURN_DETECTION_MODELS)[number] | (string & {});

// ─── Layer configs (what you send) ──────────────────────────────────────────────────────────────
// Plain types: nothing checks them at run time, so they cost no bundle bytes. They carry no index
// signature, so a misspelt or retired field (`smart_turn_detection`, `replica_interruptibility`,
// `perception_tool_prompt`, …) is a compile error.

/** A JSON Schema (the subset function tools use); other keywords are allowed. */
export interface JsonSchema {
  /** JSON type(s): `object`, `string`, `number`, `integer`, `boolean`, `array`, `null`. */
  type?: string | string[];
  /** Shown to the model: say what the value means. */
  description?: string;
  /** Member schemas of an object. */
  properties?: Record<string, JsonSchema>;
  /** Members an object must have. */
  required?: string[];
  /** The allowed values. */
  enum?: unknown[];
  /** Item schema of an array. */
  items?: JsonSchema;
  /** Any other JSON Schema keyword. */
  [keyword: string]: unknown;
}

/** The parameters of a function tool: a JSON Schema whose root is an object. */
export interface ToolParameters extends JsonSchema {
  type: 'object';
}

/**
 * A function the LLM (or perception) may call, in the OpenAI function-tool shape. Tavus sends the
 * call to your app as a conversation event; registry tools (`/v2/tools`) are the newer alternative.
 */
export interface FunctionTool {
  /** Always `function`. */
  type: 'function';
  /** The function. */
  function: {
    /** Name the model calls, e.g. `get_current_weather`. */
    name: string;
    /** When and why the model should call it. */
    description?: string;
    /** Its arguments, as a JSON Schema object. */
    parameters?: ToolParameters;
  };
}

/** `layers.llm`: the language model and its tools. */
export interface LlmLayer {
  /**
   * A Tavus-hosted model (see {@link PAL_LLM_MODELS}) or the name of your own OpenAI-compatible
   * model, in which case also pass `base_url` and `api_key`.
   */
  model?: PalLlmModel;
  /** Your OpenAI-compatible endpoint (custom models only). */
  base_url?: string;
  /** Key for your own model's endpoint. A secret: tavus-faces never puts it in errors or events. */
  api_key?: string;
  /** Start generating before the user has finished speaking (needed for Phoenix-4 emotion). @default true */
  speculative_inference?: boolean;
  /** Function tools the model may call. */
  tools?: FunctionTool[];
  /** Extra HTTP headers sent to your LLM endpoint. */
  headers?: Record<string, string>;
  /** Extra request-body fields for the LLM call (for hosted models `temperature` and `top_p`). */
  extra_body?: {
    /** Sampling temperature, about 0.0–2.0. */
    temperature?: number;
    /** Nucleus sampling, 0.0–1.0. */
    top_p?: number;
    /** Anything else your endpoint accepts. */
    [field: string]: unknown;
  };
}

/** Provider-specific voice settings (open: each provider has its own). */
export interface TtsVoiceSettings {
  /** ElevenLabs 0.7–1.2; Cartesia (older docs) −1..1 or a word such as `normal`. */
  speed?: number | string;
  /** Cartesia emotion tags, e.g. `positivity:high`. */
  emotion?: string[];
  /** ElevenLabs, 0–1. */
  stability?: number;
  /** ElevenLabs, 0–1. */
  similarity_boost?: number;
  /** ElevenLabs, 0–1. */
  style?: number;
  /** ElevenLabs. */
  use_speaker_boost?: boolean;
  /** Any other provider setting. */
  [setting: string]: unknown;
}

/** `layers.tts`: how the PAL's voice is synthesised. */
export interface TtsLayer {
  /** The provider. @default 'cartesia' */
  tts_engine?: TtsEngine;
  /** A Tavus voice id (e.g. `v0a1b2c3d4e5f`); Tavus picks provider and model. @default the face's voice */
  voice_id?: string;
  /** A provider's own voice id. */
  external_voice_id?: string;
  /** Your provider key, for private voices. A secret: never put in errors or events. */
  api_key?: string;
  /** Provider-specific settings. */
  voice_settings?: TtsVoiceSettings;
  /**
   * Lets Tavus drive emotion in the voice and — on Phoenix-4 faces — the facial expression (the
   * Phoenix-4 emotion switch; keep `layers.llm.speculative_inference` on too). @default true
   */
  tts_emotion_control?: boolean;
  /** The provider's model, e.g. `sonic-3`. */
  tts_model_name?: string;
  /** A Tavus pronunciation dictionary id, e.g. `pd_abc123def456`. */
  pronunciation_dictionary_id?: string;
}

/** `layers.stt`: speech recognition. */
export interface SttLayer {
  /** The engine. @default 'tavus-auto' */
  stt_engine?: SttEngine;
  /** Phrases to bias recognition towards (names, jargon), as free text. */
  hotwords?: string;
}

/** `layers.perception`: what the PAL sees and hears (Raven). */
export interface PerceptionLayer {
  /** @default 'raven-1' */
  perception_model?: PerceptionModel;
  /** Visual questions evaluated throughout the call. */
  visual_awareness_queries?: string[];
  /** When and how to use `visual_tools`. */
  visual_tool_prompt?: string;
  /** Tools perception may call on what it sees. */
  visual_tools?: FunctionTool[];
  /** Audio questions evaluated throughout the call (raven-1). */
  audio_awareness_queries?: string[];
  /** When and how to use `audio_tools` (raven-1). */
  audio_tool_prompt?: string;
  /** Tools perception may call on what it hears (raven-1). */
  audio_tools?: FunctionTool[];
  /** Questions evaluated once, at the end of the call, for the perception analysis summary. */
  perception_analysis_queries?: string[];
}

/**
 * `layers.conversational_flow`: turn-taking. Inactive when omitted; set one field and the server
 * fills the rest with defaults. The greeting is never interruptible.
 */
export interface ConversationalFlowLayer {
  /** @default 'sparrow-1' */
  turn_detection_model?: TurnDetectionModel;
  /** How long the PAL waits before taking its turn. @default 'medium' */
  turn_taking_patience?: PalLevel;
  /** How easily the user can interrupt the PAL. @default 'medium' */
  pal_interruptibility?: PalLevel;
  /** How firmly the PAL commits to a turn once started. */
  turn_commitment?: PalLevel;
  /** Background-voice suppression. @default 'near' */
  voice_isolation?: 'near' | 'off';
  /** The PAL stays silent until it hears this phrase; `null` disables it. */
  wake_phrase?: string | null;
  /** Returns the PAL to its silent state. */
  sleep_phrase?: string | null;
  /** Whether the PAL speaks up when the user is silent. @default 'off' */
  idle_engagement?: 'off' | 'patient' | 'eager';
}

/**
 * `layers.conferencing`: an invitable `…@tavusinvite.com` identity for Google Meet / Zoom (check
 * a name with `tavus.pals.checkUsername`). Needs `default_face_id`. Only `username` is documented.
 */
export interface ConferencingLayer {
  /** The invite username (stored lower-case). */
  username?: string;
  /** Other conferencing settings (not documented in detail). */
  [setting: string]: unknown;
}

/** `layers.transport`: how media flows (e.g. `livekit` with `pipeline_mode: 'echo'`). */
export interface TransportLayer {
  /** e.g. `livekit`. */
  transport_type?: 'livekit' | (string & {});
}

/** A PAL's per-layer settings; every layer is optional. */
export interface PalLayers {
  /** The language model. */
  llm?: LlmLayer;
  /** Text-to-speech. */
  tts?: TtsLayer;
  /** Speech-to-text. */
  stt?: SttLayer;
  /** Perception (Raven). */
  perception?: PerceptionLayer;
  /** Turn-taking. */
  conversational_flow?: ConversationalFlowLayer;
  /** Meeting identity. Changes to it are patched on their own (the API requires it). */
  conferencing?: ConferencingLayer;
  /** Media transport. */
  transport?: TransportLayer;
}

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

const stringList = () => nullish(z.array(z.string()));
const LEVELS = ['low', 'medium', 'high'] as const;

/** @internal */
const functionToolSchema = () =>
  z.looseObject({
    /** Always `function` (the OpenAI function-tool shape). */
    type: z.optional(openEnum(['function'])),
    /** The function: name, description, JSON-Schema parameters. */
    function: z.looseObject({
      /** Name the model calls, e.g. `get_current_weather`. */
      name: z.string(),
      /** When and why the model should call it. */
      description: nullishString,
      /** Its arguments, as a JSON Schema object (`type: "object"`, `properties`, `required`). */
      parameters: nullish(z.record(z.string(), z.unknown())),
    }),
  });

/** A function tool as the API returns it (unknown fields are kept). See {@link FunctionTool}. */
export interface FunctionToolWire extends z.infer<ReturnType<typeof functionToolSchema>> {}
/** Typed by the named interface, so the docs link to it. */
const toolList = () => nullish(z.array(functionToolSchema() as z.ZodMiniType<FunctionToolWire>));

/** @internal */
const llmLayerSchema = () =>
  z.looseObject({
    /** A Tavus-hosted model (see {@link PAL_LLM_MODELS}) or your own model's name (any string). */
    model: nullishString,
    /** Your OpenAI-compatible endpoint (custom models only). */
    base_url: nullishString,
    /** Your model's key, when the API echoes it (a secret). */
    api_key: nullishString,
    /** Start generating before the user finishes speaking (default `true`; needed for Phoenix-4 emotion). */
    speculative_inference: nullish(z.boolean()),
    /** Function tools the model may call (inline; registry tools are attached separately). */
    tools: toolList(),
    /** Extra HTTP headers sent to your LLM endpoint. */
    headers: nullish(z.record(z.string(), z.string())),
    /** Extra request-body fields (`temperature` ≈0.0–2.0, `top_p` 0.0–1.0, …). */
    extra_body: nullish(z.record(z.string(), z.unknown())),
  });

/** `layers.llm` as the API returns it (unknown fields are kept). See {@link LlmLayer}. */
export interface LlmLayerWire extends z.infer<ReturnType<typeof llmLayerSchema>> {}

/** @internal */
const ttsLayerSchema = () =>
  z.looseObject({
    /** The provider (`cartesia` when the layer is omitted). See {@link TtsEngine}. */
    tts_engine: nullish(openEnum(TTS_ENGINES)),
    /** A Tavus voice id, e.g. `v0a1b2c3d4e5f` (default: the face's voice). */
    voice_id: nullishString,
    /** A provider's own voice id. */
    external_voice_id: nullishString,
    /** The provider key for private voices, when the API echoes it (a secret). */
    api_key: nullishString,
    /** Provider-specific settings (e.g. ElevenLabs `speed`, `stability`; Cartesia `emotion`). */
    voice_settings: nullish(z.record(z.string(), z.unknown())),
    /**
     * The Phoenix-4 emotion switch (default `true`). The reference's own patch examples store it as
     * the string `"true"`, so a PAL may come back with `"true"` / `"false"`.
     */
    tts_emotion_control: nullish(z.union([z.boolean(), z.enum(['true', 'false'])])),
    /** The provider's model, e.g. `sonic-3`. */
    tts_model_name: nullishString,
    /** A Tavus pronunciation dictionary id, e.g. `pd_abc123def456`. */
    pronunciation_dictionary_id: nullishString,
  });

/** `layers.tts` as the API returns it (unknown fields are kept). See {@link TtsLayer}. */
export interface TtsLayerWire extends z.infer<ReturnType<typeof ttsLayerSchema>> {}

/** @internal */
const sttLayerSchema = () =>
  z.looseObject({
    /** The engine, default `tavus-auto` (`tavus-advanced` is deprecated but may come back). */
    stt_engine: nullish(openEnum([...STT_ENGINES, 'tavus-advanced'])),
    /** Phrases recognition is biased towards (names, jargon), as free text. */
    hotwords: nullishString,
  });

/** `layers.stt` as the API returns it (unknown fields are kept). See {@link SttLayer}. */
export interface SttLayerWire extends z.infer<ReturnType<typeof sttLayerSchema>> {}

/** @internal */
const perceptionLayerSchema = () =>
  z.looseObject({
    /** `raven-1` (default) or `off` (`raven-0` on old PALs). */
    perception_model: nullish(openEnum([...PERCEPTION_MODELS, 'raven-0'])),
    /** Visual questions evaluated throughout the call. */
    visual_awareness_queries: stringList(),
    /** When and how to use `visual_tools`. */
    visual_tool_prompt: nullishString,
    /** Tools perception may call on what it sees (same shape as `llm.tools`). */
    visual_tools: toolList(),
    /** Audio questions evaluated throughout the call (raven-1). */
    audio_awareness_queries: stringList(),
    /** When and how to use `audio_tools` (raven-1). */
    audio_tool_prompt: nullishString,
    /** Tools perception may call on what it hears (raven-1). */
    audio_tools: toolList(),
    /** Questions evaluated once, at the end of the call, for the perception analysis summary. */
    perception_analysis_queries: stringList(),
  });

/** `layers.perception` as the API returns it (unknown fields are kept). See {@link PerceptionLayer}. */
export interface PerceptionLayerWire extends z.infer<ReturnType<typeof perceptionLayerSchema>> {}

/** @internal */
const conversationalFlowLayerSchema = () =>
  z.looseObject({
    /** Turn detection, default `sparrow-1` (`sparrow-0` and the `timebased` spelling appear on older PALs). */
    turn_detection_model: nullish(openEnum([...TURN_DETECTION_MODELS, 'sparrow-0', 'timebased'])),
    /** How long the PAL waits before taking its turn: `low`, `medium` (default) or `high`. */
    turn_taking_patience: nullish(openEnum(LEVELS)),
    /**
     * How easily the user can interrupt the PAL: `low`, `medium` (default) or `high`. Normalised from
     * the legacy `replica_interruptibility`.
     */
    pal_interruptibility: nullish(openEnum(LEVELS)),
    /** How firmly the PAL commits to a turn once started (`medium` is the only documented value). */
    turn_commitment: nullish(openEnum(LEVELS)),
    /** Background-voice suppression: `near` (default) or `off`. */
    voice_isolation: nullish(openEnum(['near', 'off'])),
    /** The PAL stays silent until it hears this phrase; `null` (default) disables it. */
    wake_phrase: nullishString,
    /** The phrase that returns the PAL to its silent state. */
    sleep_phrase: nullishString,
    /** Whether the PAL speaks up when the user is silent: `off` (default), `patient` or `eager`. */
    idle_engagement: nullish(openEnum(['off', 'patient', 'eager'])),
  });

/**
 * `layers.conversational_flow` as the API returns it (unknown fields are kept). See
 * {@link ConversationalFlowLayer}.
 */
export interface ConversationalFlowLayerWire extends z.infer<ReturnType<typeof conversationalFlowLayerSchema>> {}

/** @internal */
const conferencingLayerSchema = () =>
  z.looseObject({
    /** The invite username (stored lower-case). */
    username: nullishString,
  });

/** `layers.conferencing` as the API returns it: only `username` is documented; other fields are kept. */
export interface ConferencingLayerWire extends z.infer<ReturnType<typeof conferencingLayerSchema>> {}

/** @internal */
const transportLayerSchema = () =>
  z.looseObject({
    /** e.g. `livekit` (used with `pipeline_mode: 'echo'`). */
    transport_type: nullishString,
  });

/** `layers.transport` as the API returns it (unknown fields are kept). */
export interface TransportLayerWire extends z.infer<ReturnType<typeof transportLayerSchema>> {}

/** @internal */
const palLayersSchema = () =>
  z.looseObject({
    // The casts only name the inferred types, so the docs render each layer's fields.
    /** The language model and its tools. */
    llm: nullish(llmLayerSchema() as z.ZodMiniType<LlmLayerWire>),
    /** Text-to-speech: how the PAL's voice is synthesised. */
    tts: nullish(ttsLayerSchema() as z.ZodMiniType<TtsLayerWire>),
    /** Speech-to-text. */
    stt: nullish(sttLayerSchema() as z.ZodMiniType<SttLayerWire>),
    /** What the PAL sees and hears (Raven). */
    perception: nullish(perceptionLayerSchema() as z.ZodMiniType<PerceptionLayerWire>),
    /** Turn-taking; inactive when absent. */
    conversational_flow: nullish(conversationalFlowLayerSchema() as z.ZodMiniType<ConversationalFlowLayerWire>),
    /** Meeting identity (`…@tavusinvite.com`). */
    conferencing: nullish(conferencingLayerSchema() as z.ZodMiniType<ConferencingLayerWire>),
    /** How media flows. */
    transport: nullish(transportLayerSchema() as z.ZodMiniType<TransportLayerWire>),
  });

/** A PAL's `layers` as the API returns them (unknown layers are kept). See {@link PalLayers}. */
export interface PalLayersWire extends z.infer<ReturnType<typeof palLayersSchema>> {}

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

/** Legacy names inside `layers.conversational_flow`. @internal */
export const FLOW_LEGACY_NAMES = { replica_interruptibility: 'pal_interruptibility' } as const;
