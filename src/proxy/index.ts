/**
 * `tavus-faces/proxy`: the server half of proxy mode. A browser app's client holds no key
 * (`new Tavus({ apiKey: null, baseUrl: '/api/tavus' })`); this handler, on your server, forwards the
 * calls it allows to Tavus and adds the key. Web-standard (`Request` in, `Response` out) for
 * Next.js, Hono, Deno, Bun and workers, with {@link toNodeHandler} for Node's `http` server.
 *
 * A bundle of its own: nothing here is reachable from `import { Tavus } from 'tavus-faces'`.
 *
 * @packageDocumentation
 */
export { createProxyHandler, type ProxyHandler, type ProxyHandlerOptions } from './handler.js';
export { DEFAULT_ALLOW, type ProxyMethod, type ProxyRule } from './rules.js';
export { toNodeHandler, type NodeRequestLike, type NodeResponseLike, type NodeRequestListener } from './node.js';
