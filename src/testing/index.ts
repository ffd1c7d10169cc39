/**
 * `tavus-faces/testing`: an in-process Tavus simulator for tests and demos. It needs nothing beyond
 * `fetch`, `Request` and `Response`, so it runs in Node and browsers; pass `sim.fetch` to the client,
 * or `sim.handlers(http, HttpResponse)` to your own msw setup.
 *
 * @packageDocumentation
 */
export {
  TavusSimulator,
  createSimulator,
  type AddFaceOptions,
  type FaultOptions,
  type MswHttpLike,
  type MswHttpResponseLike,
  type RecordedCallback,
  type RecordedRequest,
  type SimFace,
  type SimPal,
  type SimulatorOptions,
  type TrainingOutcome,
  type TrainingOutcomeParams,
} from './simulator.js';
export type { SimVoice } from './catalogue.js';
export { JsonPatchError, applyJsonPatch, type JsonPatchOperation } from './json-patch.js';
