/**
 * tavus-faces: a typed, isomorphic client for the Tavus video-agent API — Faces, Stock Faces,
 * Voices, PALs and Conversations.
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
  type CreateFaceOptions,
  type CreateFaceCommon,
  type ImageVoiceById,
  type ImageVoiceByName,
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
export { Voices, type CreateVoiceParams, type ListVoicesParams } from './resources/voices.js';
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
  type ImageValidation,
  type UpdatedFace,
} from './schemas/face.js';
export type { CreatedVoice, Voice } from './schemas/voice.js';

// Before a paid training (issue 18): the preflight, Tavus's image check, Create Voice and its wait.
export type {
  FacePreflightOptions,
  FacePreflightProblem,
  FacePreflightReport,
  ImageInput,
  ValidateImageParams,
} from './resources/faces.preflight.js';
export type {
  PresignedUrlScheme,
  TrainingImageReport,
  TrainingMediaProblem,
  TrainingMediaProblemCode,
  TrainingVideoReport,
} from './media/types.js';
export { parseVoiceCallback, type VoiceCallback } from './voices/callback.js';
export type { WaitForVoiceOptions } from './voices/wait.js';
export { VERSION } from './version.js';

// PALs (resources/pals.ts, schemas/pal.ts, core/json-patch.ts) export below this line.
export type {
  ListPalsParams,
  PalPatchOperation,
  PatchPalOptions,
  UpdatePalOptions,
} from './resources/pals.js';
export {
  PAL_LLM_MODELS,
  PAL_TYPES,
  PERCEPTION_MODELS,
  PIPELINE_MODES,
  STT_ENGINES,
  TTS_ENGINES,
  TURN_DETECTION_MODELS,
  type ConferencingLayer,
  type ConferencingLayerWire,
  type ConversationalFlowLayer,
  type ConversationalFlowLayerWire,
  type CreatePalParams,
  type CreatedPal,
  type FunctionTool,
  type FunctionToolWire,
  type JsonSchema,
  type LlmLayer,
  type LlmLayerWire,
  type MergePatch,
  type Pal,
  type PalFields,
  type PalLayers,
  type PalLayersWire,
  type PalLevel,
  type PalLlmModel,
  type PalPatchPath,
  type PerceptionLayer,
  type PerceptionLayerWire,
  type PerceptionModel,
  type PipelineMode,
  type PublishedPal,
  type SttEngine,
  type SttLayer,
  type SttLayerWire,
  type ToolParameters,
  type TransportLayer,
  type TransportLayerWire,
  type TtsEngine,
  type TtsLayer,
  type TtsLayerWire,
  type TtsVoiceSettings,
  type TurnDetectionModel,
  type UpdatePalChanges,
  type UsernameAvailability,
} from './schemas/pal.js';
export {
  JSON_PATCH_OPS,
  applyMergePatch,
  diffToJsonPatch,
  escapePointer,
  formatPointer,
  jsonEqual,
  parsePointer,
  unescapePointer,
  validateJsonPatch,
  type JsonPatchAdd,
  type JsonPatchCopy,
  type JsonPatchMove,
  type JsonPatchOperation,
  type JsonPatchRemove,
  type JsonPatchReplace,
  type JsonPatchTest,
  type JsonPointer,
} from './core/json-patch.js';

// Training (training/*) exports below this line.
export {
  BATCH_PAGE_SIZE,
  TrainingBatchWatch,
  TrainingWatch,
  parseTrainingCallback,
  type CreateAndWatchResult,
  type ResumeWatchOptions,
  type TrainingBatchCompletion,
  type TrainingBatchEvents,
  type TrainingBatchFailure,
  type TrainingBatchResult,
  type TrainingBatchRetry,
  type TrainingCallback,
  type TrainingFinetuneChange,
  type TrainingGoal,
  type TrainingProgress,
  type TrainingRetry,
  type TrainingStatusChange,
  type TrainingWarning,
  type TrainingWatchEvents,
  type TrainingWatchHandle,
  type WatchTrainingOptions,
  type WithFaceId,
} from './training/index.js';

// Conversations (resources/conversations*.ts, schemas/conversation.ts, conversations/*) export below this line.
export {
  Conversations,
  type ConversationProperties,
  type CreateConversationCommon,
  type CreateConversationParams,
  type DeleteConversationParams,
  type GetConversationParams,
  type ListConversationsParams,
  type RecordingStorage,
} from './resources/conversations.js';
export { MAX_APP_MESSAGE_BYTES } from './resources/conversations.checks.js';
export {
  parseConversationCallback,
  type ConversationCallback,
  type ConversationCallbackEnvelope,
  type ConversationCallbackOnlyEvent,
  type ParseConversationCallbackOptions,
} from './conversations/callback.js';
// ConversationTimeoutError is exported as a type only: at run time it is the watcher's
// TrainingTimeoutError (errors come from the one table in errors.ts; a kind of its own is pending).
export {
  ConversationWatch,
  type ConversationTimeoutError,
  type ConversationStatusChange,
  type ConversationWatchEvents,
  type WatchConversationOptions,
} from './conversations/watch.js';
export {
  APP_MESSAGE_TYPES,
  PHOENIX_EMOTIONS,
  SENSITIVITY_LEVELS,
  type AppendContextMessage,
  type AppMessage,
  type AppMessageEnvelope,
  type EchoMessage,
  type InterruptMessage,
  type OverwriteContextMessage,
  type PhoenixEmotion,
  type RespondMessage,
  type SensitivityLevel,
  type SensitivityMessage,
  type SetEmotionMessage,
  type ToolResultMessage,
} from './resources/conversations.messages.js';
export {
  CONVERSATION_EVENT_TYPES,
  CONVERSATION_STATUSES,
  TRANSCRIPT_ROLES,
  type Conversation,
  type ConversationEvent,
  type ConversationStatus,
  type ConversationWire,
  type PerceptionAnalysisEvent,
  type RecordingReadyEvent,
  type ReplicaJoinedEvent,
  type ShutdownEvent,
  type TranscriptionReadyEvent,
  type TranscriptRole,
  type TranscriptTurn,
} from './schemas/conversation.js';
