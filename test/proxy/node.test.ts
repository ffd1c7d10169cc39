/** toNodeHandler over a real node:http server: raw request targets, streamed bodies, the SDK as a client. */
import { type Server, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedirectError, Tavus } from '../../src/index.js';
import { createProxyHandler, toNodeHandler } from '../../src/proxy/index.js';
import { type Upstream, echo, startUpstream } from './upstream.js';

const KEY = 'tvs_node_proxy_secret_0123456789';
let upstream: Upstream;
let other: Upstream;
let server: Server;
let base: string;

beforeAll(async () => {
  upstream = await startUpstream();
  other = await startUpstream();
  const proxy = createProxyHandler({ apiKey: KEY, baseUrl: upstream.url, basePath: '/api/tavus', maxBodyBytes: 1024 });
  server = createServer(toNodeHandler(proxy));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  upstream.received.length = 0;
  other.received.length = 0;
  upstream.reply = echo;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await upstream.close();
  await other.close();
});

/** Sends bytes as they are (a request target no HTTP client would write) and reads the status line and body. */
async function raw(lines: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  // Not `end()`: Node's server takes a half-closed socket for a client that went away.
  socket.write(lines);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: Number(text.split(' ')[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

describe('toNodeHandler', () => {
  it('serves the SDK in proxy mode: the key is added on the server, the browser never has it', async () => {
    upstream.reply = (received, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1' })
        .end(
          JSON.stringify({ face_id: received.url.split('/').pop(), status: 'completed', training_progress: '100/100' }),
        );
    };
    const tavus = new Tavus({ apiKey: null, baseUrl: `${base}/api/tavus` });
    const face = await tavus.faces.get('r90bbd427f71');
    expect(face).toMatchObject({ face_id: 'r90bbd427f71', progress: 100 });
    expect(upstream.received[0]).toMatchObject({ method: 'GET', url: '/v2/faces/r90bbd427f71' });
    expect(upstream.received[0]?.headers['x-api-key']).toBe(KEY);
  });

  it('an absolute-form request target keeps its path and loses its host', async () => {
    const response = await raw(
      `GET ${other.url}/api/tavus/v2/voices HTTP/1.1\r\nhost: ${new URL(other.url).host}\r\nconnection: close\r\n\r\n`,
    );
    expect(response.status).toBe(200);
    expect(other.received).toEqual([]);
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/voices']);
  });

  it.each([
    ['`//host` as the path', `//127.0.0.1:1/api/tavus/v2/faces`],
    ['`..` out of the mount path', '/api/tavus/../../v2/faces'],
    ['encoded dots', '/api/tavus/%2e%2e/v2/faces'],
    ['backslashes', '/api/tavus\\..\\v2\\faces'],
    ['a disallowed route', '/api/tavus/v2/conversations'],
  ])('%s is refused with a 403', async (_, target) => {
    const response = await raw(`GET ${target} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n`);
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'route_not_allowed' });
    expect(upstream.received).toEqual([]);
  });

  it('a streamed (chunked) body over the limit is a 413 and is not forwarded; the connection is closed', async () => {
    const result = await new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(`${base}/api/tavus/v2/conversations`, { method: 'POST' }, (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        });
        req.on('error', reject);
        for (let i = 0; i < 16; i++) req.write('x'.repeat(1000));
        req.end();
      },
    );
    expect(result.status).toBe(413);
    expect(result.connection).toBe('close');
    expect(JSON.parse(result.body)).toMatchObject({ code: 'body_too_large' });
    expect(upstream.received).toEqual([]);
  });

  it('a body under the limit is forwarded whole, and a keep-alive connection serves the next request', async () => {
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const post = (body: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            `${base}/api/tavus/v2/conversations`,
            { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      expect(await post('{"face_id":"r1"}')).toBe(200);
      expect(await post('{"face_id":"r2"}')).toBe(200);
      expect(upstream.received.map((r) => r.body)).toEqual(['{"face_id":"r1"}', '{"face_id":"r2"}']);
    } finally {
      agent.destroy();
    }
  });

  it('an upstream redirect reaches the SDK as a RedirectError, and its target is never contacted', async () => {
    upstream.reply = (_, res) => res.writeHead(307, { location: `${other.url}/collect` }).end();
    const tavus = new Tavus({ apiKey: null, baseUrl: `${base}/api/tavus`, maxRetries: 0 });
    const error = await tavus.conversations.create({ face_id: 'r1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 307, method: 'POST', targetOrigin: undefined });
    expect(upstream.received).toHaveLength(1);
    expect(other.received).toEqual([]);
  });

  it('a client that goes away aborts the call upstream', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    upstream.reply = (_, res) => {
      res.on('close', upstreamClosed);
      arrived();
    };
    const req = httpRequest(`${base}/api/tavus/v2/faces`);
    req.on('error', () => {});
    req.end();
    await reached;
    req.destroy();
    await closed;
    expect(upstream.received).toHaveLength(1);
  });

  it('a body on a GET is read as its body, never as a second (smuggled) request', async () => {
    const smuggled = `GET /api/tavus/v2/faces/r1 HTTP/1.1\r\nhost: localhost\r\n\r\n`;
    const response = await raw(
      `GET /api/tavus/v2/voices HTTP/1.1\r\nhost: localhost\r\ncontent-length: ${smuggled.length}\r\nconnection: close\r\n\r\n${smuggled}`,
    );
    expect(response.status).toBe(200);
    expect(upstream.received.map((r) => r.url)).toEqual(['/v2/voices']);
    expect(upstream.received[0]?.body).toBe('');
  });

  it('both Transfer-Encoding and Content-Length, or a TRACE, reach nothing upstream', async () => {
    const both = await raw(
      'POST /api/tavus/v2/conversations HTTP/1.1\r\nhost: localhost\r\ncontent-length: 4\r\n' +
        'transfer-encoding: chunked\r\nconnection: close\r\n\r\n0\r\n\r\n',
    );
    expect(both.status).toBe(400);
    const trace = await raw(
      `TRACE /api/tavus/v2/faces HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${KEY}\r\nconnection: close\r\n\r\n`,
    );
    // Request refuses TRACE, so the adapter's 500 answers it; it echoes nothing.
    expect(trace.status).toBe(500);
    expect(trace.body).not.toContain(KEY);
    expect(upstream.received).toEqual([]);
  });

  it('a handler that throws is a 500 that says nothing more', async () => {
    const failing = createServer(
      toNodeHandler(async () => {
        throw new Error(`boom ${KEY}`);
      }),
    );
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/v2/faces`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'The proxy failed to handle the request', code: 'proxy_error' });
    } finally {
      failing.closeAllConnections();
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});
