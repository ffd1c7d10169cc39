/**
 * An adversarial review of tavus-faces/proxy: your own secrets that Tavus hands back (a PAL's
 * provider keys) never reach the page.
 */
import { describe, expect, it } from 'vitest';
import { Tavus } from '../../src/index.js';
import { APP, useUpstream } from './upstream.js';

const upstream = useUpstream();
const proxy = upstream.proxy;

describe('secrets of your own that Tavus returns', () => {
  it("a PAL's provider keys and LLM headers never reach the page", async () => {
    const pal = {
      pal_id: 'p1',
      pal_name: 'Helper',
      layers: {
        llm: {
          model: 'my-model',
          base_url: 'https://llm.example/v1',
          api_key: 'sk-provider-llm-secret',
          headers: { Authorization: 'Bearer sk-provider-header-secret', 'X-Org': 'org-secret' },
        },
        tts: { tts_engine: 'elevenlabs', api_key: 'el-provider-tts-secret', external_voice_id: 'v9' },
      },
    };
    upstream.reply = (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pal));
    };
    const response = await proxy()(new Request(`${APP}/api/tavus/v2/pals/p1`));
    const text = await response.text();
    expect(text).not.toMatch(/secret/);
    const body = JSON.parse(text);
    expect(body.layers.llm).toEqual({
      model: 'my-model',
      base_url: 'https://llm.example/v1',
      api_key: '[redacted]',
      headers: { Authorization: '[redacted]', 'X-Org': '[redacted]' },
    });
    expect(body.layers.tts).toEqual({ tts_engine: 'elevenlabs', api_key: '[redacted]', external_voice_id: 'v9' });

    // The page's SDK still reads the PAL.
    const handler = proxy();
    const tavus = new Tavus({
      apiKey: null,
      baseUrl: `${APP}/api/tavus`,
      fetch: (input, init) => handler(new Request(input, init)),
    });
    const read = await tavus.pals.get('p1');
    expect(read.pal_name).toBe('Helper');
    expect(JSON.stringify(read)).not.toMatch(/secret/);
  });

  it('in a list too', async () => {
    upstream.reply = (_, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: [{ pal_id: 'p1', layers: { llm: { api_key: 'sk-list-secret' } } }] }));
    };
    const text = await (await proxy()(new Request(`${APP}/api/tavus/v2/pals`))).text();
    expect(text).not.toContain('sk-list-secret');
  });
});
