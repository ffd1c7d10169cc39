/**
 * The checks of face requests, as pure functions: each returns what is sent (a body, a query) or
 * throws `RequestValidationError` before any request.
 *
 * @module
 * @internal
 */
import type { ListQuery } from '../core/resource.js';
import { RequestValidationError } from '../errors.js';
import { expectStrings, nonBlank, withoutBlankOptionals } from './checks.js';
import type { CreateFaceParams, ListFacesParams, UpdateFaceParams } from './faces.js';

/**
 * The body of Create Face: exactly one of `train_video_url` / `train_image_url`; with an image
 * exactly one of `voice_name` / `default_voice_id` and not on `phoenix-3`; absolute http(s) URLs.
 * A blank optional string is left out. `consent_video_url` is reported to `deprecated`.
 *
 * @internal
 */
export function checkCreateFace(
  params: CreateFaceParams,
  sink: { deprecated(name: string, message: string): void },
): Record<string, unknown> {
  if (params === null || typeof params !== 'object') {
    throw new RequestValidationError('params', 'expected an object with train_video_url or train_image_url');
  }
  const body = withoutBlankOptionals(params);
  const video = body.train_video_url;
  const image = body.train_image_url;
  if (video === undefined && image === undefined) {
    throw new RequestValidationError('train_video_url', 'pass exactly one of train_video_url or train_image_url');
  }
  if (video !== undefined && image !== undefined) {
    throw new RequestValidationError('train_image_url', 'pass train_video_url or train_image_url, not both');
  }
  for (const key of ['train_video_url', 'train_image_url', 'callback_url', 'consent_video_url']) {
    if (body[key] !== undefined) checkUrl(key, body[key]);
  }
  expectStrings(body, ['face_name', 'voice_name', 'default_voice_id', 'model_name']);
  if (body.auto_fix_training_image !== undefined && typeof body.auto_fix_training_image !== 'boolean') {
    throw new RequestValidationError('auto_fix_training_image', 'expected a boolean');
  }
  if (image !== undefined) {
    const byName = body.voice_name !== undefined;
    const byId = body.default_voice_id !== undefined;
    if (byName === byId) {
      throw new RequestValidationError(
        byName ? 'default_voice_id' : 'voice_name',
        byName
          ? 'image training takes voice_name or default_voice_id, not both'
          : 'image training needs a voice: pass voice_name (a stock voice slug) or default_voice_id',
      );
    }
    if (body.model_name === 'phoenix-3') {
      throw new RequestValidationError(
        'model_name',
        'image training is not available on phoenix-3; use phoenix-4 or phoenix-4.5',
      );
    }
  } else if (body.auto_fix_training_image !== undefined) {
    throw new RequestValidationError('auto_fix_training_image', 'only applies to image training (train_image_url)');
  }
  if (body.consent_video_url !== undefined) {
    sink.deprecated(
      'consent_video_url',
      'consent_video_url is deprecated by Tavus; new integrations should not send it.',
    );
  }
  return body;
}

/**
 * The merge patch of Update Face: the own `face_name` / `default_voice_id` given, each non-blank
 * (neither can be cleared), at least one of them.
 *
 * @internal
 */
export function checkUpdateFace(params: UpdateFaceParams): Record<string, string> {
  const body: Record<string, string> = {};
  for (const key of ['face_name', 'default_voice_id'] as const) {
    // Own fields only, as everywhere: an inherited `face_name` is not a change the caller wrote.
    if (params === null || typeof params !== 'object' || !Object.hasOwn(params, key)) continue;
    const value = params[key];
    if (value !== undefined) body[key] = nonBlank(key, value, 'must be a non-blank string (it cannot be cleared)');
  }
  if (Object.keys(body).length === 0) {
    throw new RequestValidationError('params', 'nothing to update: pass face_name and/or default_voice_id');
  }
  return body;
}

/**
 * The query of List Faces for one `face_type`: the documented filters, `face_ids` checked (each a
 * non-blank id without a comma, since they are sent comma-separated).
 *
 * @internal
 */
export function listFacesQuery(faceType: 'user' | 'system', params: ListFacesParams | undefined): ListQuery {
  const { limit, page, face_ids, model_name, verbose } = params ?? {};
  if (
    face_ids !== undefined &&
    (!Array.isArray(face_ids) || face_ids.some((id) => typeof id !== 'string' || id.trim() === '' || id.includes(',')))
  ) {
    throw new RequestValidationError('face_ids', 'expected an array of non-empty face ids');
  }
  return { face_type: faceType, limit, page, face_ids, model_name, verbose };
}

function checkUrl(field: string, value: unknown): void {
  // The value is not echoed: presigned training URLs carry signatures that must not reach logs.
  let problem: string | undefined;
  if (typeof value !== 'string') {
    problem = `got ${typeof value}`;
  } else {
    try {
      const { protocol } = new URL(value);
      if (protocol !== 'https:' && protocol !== 'http:') problem = `got a ${protocol} URL`;
    } catch {
      problem = 'got a relative or malformed URL';
    }
  }
  if (problem) throw new RequestValidationError(field, `expected an absolute http(s) URL, ${problem}`);
}
