/**
 * `layers.tts`: how the PAL's voice is synthesised (the Phoenix-4 emotion switch lives here).
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish, nullishString, openEnum } from '../common.js';

/** Text-to-speech providers. */
export const TTS_ENGINES = ['cartesia', 'elevenlabs', 'azure'] as const;
/** See {@link TTS_ENGINES} (open: the API may add providers). */
export type TtsEngine = (typeof TTS_ENGINES)[number] | (string & {});

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

/** @internal */
export const ttsLayerSchema = () =>
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
