/**
 * An adversarial review of tavus-faces/proxy: an upstream echoing the key, in any spelling, in
 * any part of its answer.
 */
import { describe, expect, it } from 'vitest';
import { APP, ATTACK_KEY as KEY, useUpstream } from './upstream.js';

const upstream = useUpstream();
const proxy = upstream.proxy;

describe('the key never comes back', () => {
  it('not in the status line (a reason phrase echoing it)', async () => {
    upstream.reply = (received, res) => {
      res.writeHead(401, `Bad key ${received.headers['x-api-key']}`, { 'content-type': 'application/json' }).end('{}');
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces`));
    expect(response.status).toBe(401);
    expect(response.statusText).not.toContain(KEY);
  });

  it.each([
    ['JSON-escaped with \\u', (k: string) => JSON.stringify({ m: k }).replace('t', '\\u0074')],
    ['JSON-escaped with \\/', (k: string) => JSON.stringify({ m: k }).replace('/', '\\/')],
    ['URL-encoded', (k: string) => JSON.stringify({ url: `https://x.test/?k=${encodeURIComponent(k)}` })],
    ['base64', (k: string) => JSON.stringify({ basic: btoa(k) })],
    ['base64 at an offset (Basic user:key)', (k: string) => JSON.stringify({ basic: `Basic ${btoa(`me:${k}`)}` })],
    ['base64 at another offset', (k: string) => JSON.stringify({ basic: btoa(`x${k}`) })],
    ['base64url', (k: string) => JSON.stringify({ b: btoa(`xy${k}`).replace(/\+/g, '-').replace(/\//g, '_') })],
    ['upper-cased', (k: string) => `Invalid key ${k.toUpperCase()}`],
  ])('not in the body %s', async (_, encode) => {
    upstream.reply = (received, res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(encode(String(received.headers['x-api-key'])));
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces`));
    const text = await response.text();
    for (const form of [KEY, KEY.toUpperCase(), encodeURIComponent(KEY)]) expect(text).not.toContain(form);
    const decoded = (JSON.parse(text.startsWith('{') ? text : '{}') as Record<string, string>) ?? {};
    const values = Object.values(decoded).join(' ');
    expect(values).not.toContain(KEY);
    // No run of 12 characters of the key survives in any base64 alignment.
    for (const p of ['', 'x', 'xy', 'me:']) {
      const b64 = btoa(p + KEY);
      for (const b of [b64, b64.replace(/\+/g, '-').replace(/\//g, '_')]) {
        for (let i = 4; i + 12 <= b.length - 4; i += 4) expect(text, `${p} ${i}`).not.toContain(b.slice(i, i + 12));
      }
    }
  });

  it('not in a header, in any of those forms', async () => {
    upstream.reply = (received, res) => {
      const key = String(received.headers['x-api-key']);
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': btoa(key) }).end('{}');
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/faces`));
    expect(response.headers.get('x-request-id')).toBeNull();
  });

  it('an ordinary body is passed back byte for byte', async () => {
    const body = '{"data":[{"face_id":"r1","face_name":"Ré"}],"total_count":1}';
    upstream.reply = (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    expect(await (await proxy()(new Request(`${APP}/api/tavus/v2/faces`))).text()).toBe(body);
  });
});
