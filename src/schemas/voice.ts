import * as z from 'zod/mini';
import { listEnvelope, nullish, nullishString, once, openEnum } from './common.js';

/** @internal */
const voiceSchema = () =>
  z.looseObject({
    /** The voice's id, e.g. `v0a1b2c3d4e5f`: use it as a face's `default_voice_id` or a PAL's `layers.tts.voice_id`. */
    voice_id: z.optional(z.string()),
    /** The voice's name; stock voices' names are the slugs Create Face accepts as `voice_name` (e.g. `anna`). */
    voice_name: z.string(),
    /** Free-text description. */
    description: nullishString,
    /** `user` = created by you, `system` = the Tavus catalogue. */
    voice_type: z.optional(openEnum(['user', 'system'])),
    /** `completed` = usable. */
    status: z.optional(openEnum(['started', 'completed', 'error'])),
    /** Why creating the voice failed, when `status` is `error`. */
    error_message: nullishString,
    /** Tags (replica-era items give `{ tag_name }` objects; they are flattened to strings). */
    tags: nullish(z.array(z.string())),
    /** Creation time as the API formats it. */
    created_at: nullishString,
    /** Replica-era lists: the stock face this voice belongs to (legacy `replica_id`). */
    face_id: nullishString,
    /** Replica-era lists: a preview clip. */
    audio_url: nullishString,
  });

/** A voice that image training (`voice_name`, `default_voice_id`) and PALs (`layers.tts.voice_id`) accept. */
export interface Voice extends z.infer<ReturnType<typeof voiceSchema>> {}

/** @internal */
const createdVoiceSchema = () =>
  z.looseObject({
    /** The new voice's id: wait for it with `tavus.voices.waitUntilReady(voice_id)`. */
    voice_id: z.string(),
    /** `started` at first; `completed` (usable) or `error` within a few minutes. */
    status: openEnum(['started', 'completed', 'error']),
  });

/**
 * The answer to Create Voice: the new voice's id and its status (`started`). The documented page
 * shows only `status`; the id is what every later call needs, so it is required here.
 */
export interface CreatedVoice extends z.infer<ReturnType<typeof createdVoiceSchema>> {}

/** The voice response schemas, built on first use rather than at import. @internal */
export const voiceSchemas = once(() => {
  const voice = voiceSchema();
  return { voice, list: listEnvelope(voice), created: createdVoiceSchema() };
});
