/**
 * The checks of voice requests, as pure functions.
 *
 * @module
 * @internal
 */
import type { ListQuery } from '../core/resource.js';
import { RequestValidationError } from '../errors.js';
import { expectStrings, nonBlank, withoutBlankOptionals } from './checks.js';
import type { CreateVoiceParams, ListVoicesParams } from './voices.js';

/** The query of List Voices: `sort` is `asc` or `desc`; an empty `search` or `tag` is left out. @internal */
export function listVoicesQuery(params: ListVoicesParams | undefined): ListQuery {
  const { limit, page, search, sort, tag } = params ?? {};
  if (sort !== undefined && sort !== 'asc' && sort !== 'desc') {
    throw new RequestValidationError('sort', `expected 'asc' or 'desc', got ${JSON.stringify(sort)}`);
  }
  return { limit, page, search: search || undefined, sort, tag: tag || undefined };
}

/** What Create Voice takes as audio (CV): these extensions; a video's audio track is used. */
const AUDIO = /\.(mp3|wav|m4a|flac|ogg|oga|webm|mp4|mov)$/i;

/**
 * The body of Create Voice: `voice_name` of 1–255 characters, `audio_url` an absolute http(s) URL of
 * at most 2048 characters whose file extension, when it has one, is an accepted format,
 * `description` at most 1000 characters, `callback_url` an http(s) URL. Blank optionals are left out.
 *
 * @internal
 */
export function checkCreateVoice(params: CreateVoiceParams): Record<string, unknown> {
  if (params === null || typeof params !== 'object') {
    throw new RequestValidationError('params', 'expected an object with voice_name and audio_url');
  }
  const body = withoutBlankOptionals(params);
  const name = nonBlank('voice_name', body.voice_name);
  if (name.length > 255)
    throw new RequestValidationError('voice_name', `expected 1–255 characters, got ${name.length}`);
  expectStrings(body, ['description']);
  if (String(body.description ?? '').length > 1000) {
    throw new RequestValidationError('description', 'expected at most 1000 characters');
  }
  // URLs are not echoed: a presigned link's signature must not reach logs.
  for (const key of ['audio_url', 'callback_url']) {
    const value = body[key];
    if (value === undefined && key === 'callback_url') continue;
    let url: URL | undefined;
    try {
      url = new URL(nonBlank(key, value, 'expected an absolute http(s) URL'));
    } catch (error) {
      if (error instanceof RequestValidationError) throw error;
    }
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new RequestValidationError(key, 'expected an absolute http(s) URL');
    }
    if (key === 'audio_url') {
      if ((value as string).length > 2048) throw new RequestValidationError(key, 'expected at most 2048 characters');
      const file = url.pathname.split('/').pop() ?? '';
      if (file.includes('.') && !AUDIO.test(file)) {
        throw new RequestValidationError(
          key,
          `Create Voice takes .mp3, .wav, .m4a, .flac, .ogg, .oga, .webm, .mp4 or .mov, got .${file.split('.').pop()}`,
        );
      }
    }
  }
  return body;
}
