/**
 * An adversarial review of tavus-faces/proxy: an upstream that cuts the connection or never answers.
 */
import { describe, expect, it } from 'vitest';
import { APP, useUpstream } from './upstream.js';

const upstream = useUpstream();
const proxy = upstream.proxy;

describe('an upstream that fails or misbehaves', () => {
  it('a connection cut in the middle of the body is a 502, not a rejected promise', async () => {
    upstream.reply = (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"data":[');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces`));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: 'The proxy could not reach the Tavus API',
      code: 'upstream_unreachable',
    });
  });

  it('an upstream that never answers is a 504 after timeoutMs, and the call upstream is cancelled', async () => {
    let closed!: () => void;
    const gone = new Promise<void>((resolve) => {
      closed = resolve;
    });
    upstream.reply = (_, res) => {
      res.on('close', closed);
    };
    const response = await proxy({ timeoutMs: 200 })(new Request(`${APP}/api/tavus/v2/faces`));
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'upstream_timeout' });
    await gone;
  });

  it('refuses a bad timeoutMs', () => {
    expect(() => proxy({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => proxy({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });
});
