/**
 * A PAL's `layers`: every layer's settings together.
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish } from '../common.js';
import {
  type ConferencingLayer,
  type ConferencingLayerWire,
  conferencingLayerSchema,
  type TransportLayer,
  type TransportLayerWire,
  transportLayerSchema,
} from './conferencing.js';
import {
  type ConversationalFlowLayer,
  type ConversationalFlowLayerWire,
  conversationalFlowLayerSchema,
} from './flow.js';
import { type LlmLayer, type LlmLayerWire, llmLayerSchema } from './llm.js';
import { type PerceptionLayer, type PerceptionLayerWire, perceptionLayerSchema } from './perception.js';
import { type SttLayer, type SttLayerWire, sttLayerSchema } from './stt.js';
import { type TtsLayer, type TtsLayerWire, ttsLayerSchema } from './tts.js';

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

/** @internal */
export const palLayersSchema = () =>
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
