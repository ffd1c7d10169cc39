/**
 * `tavus-faces/testing`: an in-process Tavus simulator for tests and demos. It needs nothing beyond
 * `fetch`, `Request` and `Response`, so it runs in Node and browsers; pass `sim.fetch` to the client,
 * or `sim.handlers(http, HttpResponse)` to your own msw setup.
 *
 * @packageDocumentation
 */
export { TavusSimulator, createSimulator } from './simulator.js';
export type {
  AddFaceOptions,
  FaultOptions,
  MswHttpLike,
  MswHttpResponseLike,
  RecordedCallback,
  RecordedRequest,
  SimAppMessage,
  SimCallback,
  SimConversation,
  SimFace,
  SimMediaFacts,
  SimPal,
  SimulatorOptions,
  TrainingOutcome,
  TrainingOutcomeParams,
} from './sim/types.js';
export type { SimVoice } from './catalogue.js';
export { JsonPatchError, applyJsonPatch, type JsonPatchOperation } from './json-patch.js';
