/**
 * `layers.llm`: the language model, its tools, and your own model's endpoint.
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish, nullishString } from '../common.js';
import { type FunctionTool, toolList } from './tools.js';

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
/** See {@link PAL_LLM_MODELS}; any other string names your own OpenAI-compatible model. */
export type PalLlmModel = (typeof PAL_LLM_MODELS)[number] | (string & {});

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

/** @internal */
export const llmLayerSchema = () =>
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
