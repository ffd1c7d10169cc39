/**
 * Every endpoint the simulator serves, in one table, and the way a request goes through it: logged,
 * faulted, authenticated, then routed.
 *
 * @module
 * @internal
 */
import {
  RetryAfterReply,
  createConversation,
  deleteConversation,
  endConversation,
  getConversation,
  listConversations,
  sendAppMessage,
  settleAll,
} from './conversations.js';
import { createFace, deleteFace, getFace, listFaces, renameFace, updateFace } from './faces.js';
import { UNAUTHORIZED, withFault } from './faults.js';
import { type Handler, NOT_FOUND, Reply, abortReason, parseLoose, respond } from './http.js';
import { checkUsername, createPal, deletePal, getPal, listPals, patchPal, publishPal } from './pals.js';
import type { SimState } from './state.js';
import { validateImage } from './media.js';
import { createVoice, getVoice, listVoices } from './voices.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A path below `/v2/` (`:name` segments match any one segment, `:id` is passed on) and its methods. */
interface Route extends Partial<Record<Method, Handler>> {
  path: string;
  /** A replica/persona-era path: the handler answers with those names. */
  legacy?: true;
}

const throwNotFound: Handler = () => {
  throw NOT_FOUND;
};

// The first route whose path matches decides: a path that matches with another method is a 405.
// So fixed segments go before `:id`.
const ROUTES: readonly Route[] = [
  { path: 'faces', GET: listFaces, POST: createFace },
  { path: 'faces/image-validation', POST: validateImage },
  { path: 'faces/:id/name', PATCH: renameFace },
  { path: 'faces/:id', GET: getFace, PATCH: updateFace, DELETE: deleteFace },

  { path: 'voices', GET: listVoices, POST: createVoice },
  { path: 'voices/:id', GET: getVoice },
  // A voice is created, never changed here: a write below one is a 405, a read of a deeper path a 404.
  { path: 'voices/:id/:any', GET: throwNotFound },

  { path: 'pals', GET: listPals, POST: createPal },
  { path: 'pals/check-username', GET: checkUsername },
  { path: 'pals/:id/publish', POST: publishPal },
  { path: 'pals/:id', GET: getPal, PATCH: patchPal, DELETE: deletePal },

  { path: 'conversations', GET: listConversations, POST: createConversation },
  { path: 'conversations/:id/end', POST: endConversation },
  { path: 'conversations/:id/send-app-message', POST: sendAppMessage },
  { path: 'conversations/:id', GET: getConversation, DELETE: deleteConversation },

  // The replica/persona-era paths the reference still documents: the same records, older names.
  { path: 'replicas', legacy: true, GET: listFaces, POST: createFace },
  { path: 'replicas/image-validation', legacy: true, POST: validateImage },
  { path: 'replicas/:id/name', legacy: true, PATCH: renameFace },
  { path: 'replicas/:id', legacy: true, GET: getFace, PATCH: updateFace, DELETE: deleteFace },
  { path: 'personas', legacy: true, GET: listPals, POST: createPal },
  { path: 'personas/:id', legacy: true, GET: getPal, PATCH: patchPal, DELETE: deletePal },
];

const COMPILED = ROUTES.map((route) => ({ route, segments: route.path.split('/') }));

/**
 * Answers one request as the API would, recording it first. Rejects as `fetch` does when its
 * signal aborts or a fault drops the connection.
 *
 * @internal
 */
export async function handle(state: SimState, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
  state.requests.push({
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: parseLoose(text),
  });
  const signal = request.signal;
  if (signal.aborted) throw abortReason(signal);
  return withFault(state, method, url.pathname, signal, () => {
    if (request.headers.get('x-api-key') !== state.apiKey) return respond(state, new Reply(401, UNAUTHORIZED));
    settleAll(state);
    let reply: Reply;
    try {
      reply = dispatch(state, method, url, text);
    } catch (error) {
      if (!(error instanceof Reply)) throw error;
      reply = error;
    }
    // What the request itself made due (a shutdown after `end`) is delivered before it is answered.
    settleAll(state);
    const response = respond(state, reply);
    if (reply instanceof RetryAfterReply) response.headers.set('retry-after', String(reply.retryAfterSeconds));
    return response;
  });
}

function dispatch(state: SimState, method: string, url: URL, text: string): Reply {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.shift() !== 'v2') throw NOT_FOUND;
  const found = COMPILED.find(
    ({ segments }) => segments.length === parts.length && segments.every((s, i) => s.startsWith(':') || s === parts[i]),
  );
  if (!found) throw NOT_FOUND;
  const { route, segments } = found;
  const handler = isMethod(method) ? route[method] : undefined;
  if (!handler) throw new Reply(405, { error: 'Method Not Allowed' });
  const id = parts[segments.indexOf(':id')] ?? '';
  return handler(state, { id, query: url.searchParams, text, legacy: route.legacy === true });
}

function isMethod(method: string): method is Method {
  return method === 'GET' || method === 'POST' || method === 'PATCH' || method === 'DELETE';
}
