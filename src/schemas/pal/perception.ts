/**
 * `layers.perception`: what the PAL sees and hears (Raven).
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish, nullishString, openEnum } from '../common.js';
import { stringList } from './shared.js';
import { type FunctionTool, toolList } from './tools.js';

/** Perception models: `raven-1`, or `off`. */
export const PERCEPTION_MODELS = ['raven-1', 'off'] as const;
/** See {@link PERCEPTION_MODELS} (open: the API may add models). */
export type PerceptionModel = (typeof PERCEPTION_MODELS)[number] | (string & {});

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

/** @internal */
export const perceptionLayerSchema = () =>
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
