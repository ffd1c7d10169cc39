/**
 * tavus-faces: a typed, isomorphic client for the Tavus video-agent API — Faces, Stock Faces,
 * Voices and PALs.
 *
 * @packageDocumentation
 */
export { Tavus, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ClientOptions } from './client.js';
export type { RequestEvent, ResponseEvent, RetryEvent, WarningEvent, TavusEvents } from './core/events.js';
export type { BackoffOptions, RequestOptions } from './core/http.js';
export { Page, PagePromise, type PageParams, type ToArrayOptions } from './core/pagination.js';
export type { ValidationMode } from './core/validation.js';
export * from './errors.js';
export {
  Faces,
  type CreateFaceFromImage,
  type CreateFaceFromVideo,
  type CreateFaceParams,
  type DeleteFaceParams,
  type GetFaceParams,
  type ListFacesParams,
  type UpdateFaceParams,
} from './resources/faces.js';
export { Pals } from './resources/pals.js';
export { StockFaces, type ListStockFacesParams } from './resources/stock-faces.js';
export { Voices, type ListVoicesParams } from './resources/voices.js';
export {
  FACE_MODELS,
  FACE_STATUSES,
  FACE_TYPES,
  parseTrainingProgress,
  type CreatedFace,
  type Face,
  type FaceModelName,
  type FaceStatus,
  type FaceWire,
  type FinetuneStatus,
  type UpdatedFace,
} from './schemas/face.js';
export type { Voice } from './schemas/voice.js';
export { VERSION } from './version.js';

// PALs (resources/pals.ts, schemas/pal.ts, core/json-patch.ts) export below this line.

// Training (training/*) exports below this line.
