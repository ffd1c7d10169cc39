/**
 * `layers.conferencing` (an invitable meeting identity) and `layers.transport` (how media flows).
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullishString } from '../common.js';

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

/** @internal */
export const conferencingLayerSchema = () =>
  z.looseObject({
    /** The invite username (stored lower-case). */
    username: nullishString,
  });

/** `layers.conferencing` as the API returns it: only `username` is documented; other fields are kept. */
export interface ConferencingLayerWire extends z.infer<ReturnType<typeof conferencingLayerSchema>> {}

/** @internal */
export const transportLayerSchema = () =>
  z.looseObject({
    /** e.g. `livekit` (used with `pipeline_mode: 'echo'`). */
    transport_type: nullishString,
  });

/** `layers.transport` as the API returns it (unknown fields are kept). */
export interface TransportLayerWire extends z.infer<ReturnType<typeof transportLayerSchema>> {}
