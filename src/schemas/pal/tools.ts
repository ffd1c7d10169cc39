/**
 * Function tools, shared by `layers.llm` and `layers.perception`.
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish, nullishString, openEnum } from '../common.js';

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

/** @internal */
export const functionToolSchema = () =>
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
/** A list of function tools, typed by the named interface so the docs link to it. @internal */
export const toolList = () => nullish(z.array(functionToolSchema() as z.ZodMiniType<FunctionToolWire>));
