/**
 * `layers.conversational_flow`: turn-taking, interruptions, wake and sleep phrases.
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish, nullishString, openEnum } from '../common.js';

/** Turn-detection models of the conversational flow layer. */
export const TURN_DETECTION_MODELS = ['sparrow-1', 'time-based'] as const;
/** `low`, `medium` or `high`: patience, interruptibility and commitment settings. */
export type PalLevel = 'low' | 'medium' | 'high';
/** See {@link TURN_DETECTION_MODELS} (open: the API may add models). */
export type TurnDetectionModel = (typeof TURN_DETECTION_MODELS)[number] | (string & {});

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

const LEVELS = ['low', 'medium', 'high'] as const;

/** @internal */
export const conversationalFlowLayerSchema = () =>
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

/** Legacy names inside `layers.conversational_flow`. @internal */
export const FLOW_LEGACY_NAMES = { replica_interruptibility: 'pal_interruptibility' } as const;
