/**
 * The Interactions Protocol messages Send App Message carries, as plain types (nothing checks them
 * at run time but `checkAppMessage`, so they cost no bundle bytes), and the value lists the checks
 * use.
 *
 * @module
 */

/**
 * The emotions `conversation.set_emotion` accepts. Tavus's own pages name "happiness, sadness,
 * anger, and more" for Phoenix-4; the full list is the one the LiveKit Tavus plugin documents.
 */
export const PHOENIX_EMOTIONS = [
  'neutral',
  'happiness',
  'sadness',
  'anger',
  'fear',
  'surprise',
  'disgust',
  'contempt',
] as const;

/** An emotion a Phoenix-4 face can show (see {@link PHOENIX_EMOTIONS}). */
export type PhoenixEmotion = (typeof PHOENIX_EMOTIONS)[number];

/** The levels of `conversation.sensitivity`, least to most sensitive, and `auto`. */
export const SENSITIVITY_LEVELS = ['superlow', 'verylow', 'low', 'medium', 'high', 'auto'] as const;

/** A sensitivity level (see {@link SENSITIVITY_LEVELS}). */
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

/** The envelope of every interaction: `message_type: 'conversation'` and the `event_type`. */
export interface AppMessageEnvelope<E extends string> {
  /** Always `conversation` for the interactions the PAL handles. */
  message_type: 'conversation';
  /** Which interaction. */
  event_type: E;
  /**
   * The conversation; optional here, as it is in the path (the reference's example leaves it out).
   * When given it must be the conversation the message is sent to.
   */
  conversation_id?: string;
}

/** Make the face say exactly this (text, or base64 PCM audio in chunks). */
export interface EchoMessage extends AppMessageEnvelope<'conversation.echo'> {
  /** What to say. */
  properties: {
    /** `text` (default) or `audio`. */
    modality?: 'text' | 'audio';
    /** The text to speak, with `modality: 'text'`. */
    text?: string;
    /** Base64 16-bit PCM, with `modality: 'audio'`. */
    audio?: string;
    /** Sample rate of `audio`, in Hz. @default 16000 */
    sample_rate?: number;
    /** Groups the chunks of one utterance. */
    inference_id?: string;
    /** Whether this is the last chunk. @default true for text, false for audio */
    done?: boolean;
  };
}

/** Text the PAL answers as if the user had just said it. */
export interface RespondMessage extends AppMessageEnvelope<'conversation.respond'> {
  /** The user's (finished) utterance. */
  properties: {
    /** What the user "said". */
    text: string;
  };
}

/** Stop the face mid-sentence. */
export interface InterruptMessage extends AppMessageEnvelope<'conversation.interrupt'> {
  /** Carries nothing. */
  properties?: Record<string, never>;
}

/** Replace the conversational context. */
export interface OverwriteContextMessage extends AppMessageEnvelope<'conversation.overwrite_llm_context'> {
  /** The new context. */
  properties: {
    /** Replaces the context given at creation (and the PAL's). */
    context: string;
  };
}

/** Add to the conversational context. */
export interface AppendContextMessage extends AppMessageEnvelope<'conversation.append_llm_context'> {
  /** What to add. */
  properties: {
    /** Appended to the current context. */
    context: string;
    /** `completed` also queues a "job done" event for the PAL. */
    job_status?: 'completed' | (string & {});
  };
}

/** Change how readily the PAL takes a pause as the end of a turn, or lets itself be interrupted. */
export interface SensitivityMessage extends AppMessageEnvelope<'conversation.sensitivity'> {
  /** Exactly one of the two settings per message. */
  properties:
    | {
        /** How long the user may pause before the PAL replies. */
        participant_pause_sensitivity: SensitivityLevel;
        /** One setting per message. */
        participant_interrupt_sensitivity?: never;
      }
    | {
        /** How easily the user can interrupt the PAL. */
        participant_interrupt_sensitivity: SensitivityLevel;
        /** One setting per message. */
        participant_pause_sensitivity?: never;
      };
}

/** Set the face's expression (Phoenix-4); it holds until the next one. */
export interface SetEmotionMessage extends AppMessageEnvelope<'conversation.set_emotion'> {
  /** The emotion. */
  properties: {
    /** One of {@link PHOENIX_EMOTIONS}. */
    emotion: PhoenixEmotion;
  };
}

/** The result of a tool the PAL called (`conversation.tool_call`). */
export interface ToolResultMessage extends AppMessageEnvelope<'conversation.tool_result'> {
  /** The result. */
  properties: {
    /** The `tool_call_id` of the `conversation.tool_call` event. */
    tool_call_id: string;
    /** What the tool returned, as text. */
    output: string;
    /** e.g. `success`. */
    status?: 'success' | (string & {});
  };
}

/**
 * Every documented interaction Send App Message carries, discriminated by `event_type`. (The
 * OpenAI realtime passthrough, `conversation.realtime_api`, is no longer supported by Tavus.)
 */
export type AppMessage =
  | EchoMessage
  | RespondMessage
  | InterruptMessage
  | OverwriteContextMessage
  | AppendContextMessage
  | SensitivityMessage
  | SetEmotionMessage
  | ToolResultMessage;

/** The documented `event_type`s of {@link AppMessage}. */
export const APP_MESSAGE_TYPES = [
  'conversation.echo',
  'conversation.respond',
  'conversation.interrupt',
  'conversation.overwrite_llm_context',
  'conversation.append_llm_context',
  'conversation.sensitivity',
  'conversation.set_emotion',
  'conversation.tool_result',
] as const satisfies readonly AppMessage['event_type'][];
