/**
 * `layers.stt`: speech recognition.
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish, nullishString, openEnum } from '../common.js';

/** Speech-to-text engines (`tavus-deepgram-medical` is English only). */
export const STT_ENGINES = [
  'tavus-auto',
  'tavus-parakeet',
  'tavus-soniox',
  'tavus-whisper',
  'tavus-deepgram-medical',
] as const;
/** See {@link STT_ENGINES} (open: the API may add engines). */
export type SttEngine = (typeof STT_ENGINES)[number] | (string & {});

/** `layers.stt`: speech recognition. */
export interface SttLayer {
  /** The engine. @default 'tavus-auto' */
  stt_engine?: SttEngine;
  /** Phrases to bias recognition towards (names, jargon), as free text. */
  hotwords?: string;
}

/** @internal */
export const sttLayerSchema = () =>
  z.looseObject({
    /** The engine, default `tavus-auto` (`tavus-advanced` is deprecated but may come back). */
    stt_engine: nullish(openEnum([...STT_ENGINES, 'tavus-advanced'])),
    /** Phrases recognition is biased towards (names, jargon), as free text. */
    hotwords: nullishString,
  });

/** `layers.stt` as the API returns it (unknown fields are kept). See {@link SttLayer}. */
export interface SttLayerWire extends z.infer<ReturnType<typeof sttLayerSchema>> {}
