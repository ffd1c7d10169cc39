/**
 * `tavus-faces/testing`: an in-process Tavus simulator for tests and demos. It needs nothing beyond
 * `fetch`, `Request` and `Response`, so it runs in Node and browsers; pass `sim.fetch` to the client,
 * or `sim.handlers(http, HttpResponse)` to your own msw setup. In Node, `serveSimulator()` also runs it
 * as a real HTTP server on 127.0.0.1 (for child processes, Playwright, clients in other languages).
 *
 * @packageDocumentation
 */
export { TavusSimulator, createSimulator } from './simulator.js';
export { serveSimulator, type ServeSimulatorOptions, type SimulatorServer } from './serve.js';
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
