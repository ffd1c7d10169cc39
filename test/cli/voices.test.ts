import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { type RunOptions, json, tavusFaces } from './helpers.js';

let server: SimulatorServer;
let fast: SimulatorServer;

beforeAll(async () => {
  [server, fast] = await Promise.all([
    // The manual clock: a voice stays `started` until the test moves time.
    serveSimulator({ seed: 'cli-voices' }),
    // 300x: a voice's 90 s take 0.3 s.
    serveSimulator({
      seed: 'cli-voices-fast',
      clock: { speed: 300 },
      voiceOutcome: ({ voice_name }) => (voice_name === 'Broken' ? { error: 'The sample has no speech' } : 'completed'),
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), fast?.close()]);
});

function on(target: SimulatorServer, args: string[], options: RunOptions = {}) {
  return tavusFaces([...args, '--base-url', target.url], {
    ...options,
    env: { TAVUS_API_KEY: target.sim.apiKey, ...options.env },
  });
}

const posts = (target: SimulatorServer) =>
  target.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v2/voices').length;

const AUDIO = 'https://example.com/samples/ana.mp3';

describe('voices create', { timeout: 60_000 }, () => {
  it('sends the documented fields and prints the new voice id alone on stdout', async () => {
    const run = await on(server, [
      'voices',
      'create',
      '--name',
      'Ana',
      '--audio-url',
      AUDIO,
      '--description',
      'Warm, unhurried',
      '--callback-url',
      'https://example.com/hooks/voice',
    ]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^v[0-9a-f]{12}$/);
    expect(server.sim.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v2/voices',
      body: {
        voice_name: 'Ana',
        audio_url: AUDIO,
        description: 'Warm, unhurried',
        callback_url: 'https://example.com/hooks/voice',
      },
    });
    expect(server.sim.voices.find((v) => v.voice_id === id)).toMatchObject({ voice_name: 'Ana', status: 'started' });
    expect(run.stderr).toContain(`Creating voice ${id} (Ana)`);
    expect(run.stderr).toContain('add --wait');
    // The audio URL may be presigned: it is not echoed.
    expect(run.stderr).not.toContain(AUDIO);

    const asJson = await on(server, ['voices', 'create', '--name', 'Bo', '--audio-url', AUDIO, '--json']);
    expect(asJson.code).toBe(0);
    const created = json<{ voice_id: string; status: string }>(asJson);
    expect(created.status).toBe('started');
    expect(server.sim.voices.some((v) => v.voice_id === created.voice_id && v.voice_name === 'Bo')).toBe(true);
    expect(server.sim.requests.at(-1)?.body).toEqual({ voice_name: 'Bo', audio_url: AUDIO });
  });

  it('--wait waits until the voice can speak, then prints it', async () => {
    const run = await on(fast, [
      'voices',
      'create',
      '--name',
      'Cy',
      '--audio-url',
      AUDIO,
      '--wait',
      '--interval',
      '10',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^voice_id: +v[0-9a-f]{12}$/m);
    expect(run.stdout).toMatch(/^name: +Cy$/m);
    expect(run.stdout).toMatch(/^status: +completed$/m);
    expect(run.stderr).toMatch(/^Voice v[0-9a-f]{12} is ready$/m);

    const asJson = await on(fast, [
      'voices',
      'create',
      '--name',
      'Di',
      '--audio-url',
      AUDIO,
      '--wait',
      '--interval',
      '10',
      '--json',
    ]);
    expect(asJson.code).toBe(0);
    const voice = json<{ voice_id: string; voice_name: string; status: string }>(asJson);
    expect(voice).toMatchObject({ voice_name: 'Di', status: 'completed' });
    expect(fast.sim.voices.find((v) => v.voice_id === voice.voice_id)?.status).toBe('completed');
  });

  it('a voice that fails is one error line and exit 1 (and a typed error with --json)', async () => {
    const run = await on(fast, [
      'voices',
      'create',
      '--name',
      'Broken',
      '--audio-url',
      AUDIO,
      '--wait',
      '--interval',
      '10',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error: Voice v[0-9a-f]{12} failed: The sample has no speech\. Check the audio sample .*create the voice again\.$/,
    );

    const asJson = await on(fast, [
      'voices',
      'create',
      '--name',
      'Broken',
      '--audio-url',
      AUDIO,
      '--wait',
      '--interval',
      '10',
      '--json',
    ]);
    expect(asJson.code).toBe(1);
    expect(json<{ error: Record<string, unknown> }>(asJson).error).toMatchObject({
      kind: 'VoiceFailedError',
      errorMessage: 'The sample has no speech',
      timedOut: false,
    });
  });

  it('--timeout ends the wait with exit 1 and says the voice may still finish', async () => {
    // The manual clock: the voice never settles, and the served client waits in real time.
    const run = await on(server, [
      'voices',
      'create',
      '--name',
      'Slow',
      '--audio-url',
      AUDIO,
      '--wait',
      '--interval',
      '50',
      '--timeout',
      '1',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: Voice v[0-9a-f]{12} was started at the deadline\. It may still finish: `tavus-faces voices list --json` shows its status\.$/m,
    );
  });

  it('is never re-sent after a failure that may have reached Tavus', async () => {
    const before = posts(server);
    server.sim.failNext({ status: 500, match: { method: 'POST', path: '/v2/voices' } });
    const failed = await on(server, ['voices', 'create', '--name', 'Once', '--audio-url', AUDIO]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^error: POST \/v2\/voices failed with 500/m);
    expect(posts(server)).toBe(before + 1);

    // The connection drops after the simulator made the voice: still one request, one voice.
    const voices = server.sim.voices.length;
    server.sim.failNext({ reset: true, afterHandling: true, match: { method: 'POST', path: '/v2/voices' } });
    const dropped = await on(server, ['voices', 'create', '--name', 'Once', '--audio-url', AUDIO]);
    expect(dropped.code).toBe(1);
    expect(posts(server)).toBe(before + 2);
    expect(server.sim.voices.length).toBe(voices + 1);
  });

  it('bad flags send nothing: a missing one is a usage error (64), a bad value a typed error (1)', async () => {
    const before = posts(server);
    const missing = await on(server, ['voices', 'create', '--name', 'Ana']);
    expect(missing.code).toBe(64);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain("required option '--audio-url <url>' not specified");
    expect(missing.stderr).toContain('Usage: tavus-faces voices create [options]');

    const format = await on(server, ['voices', 'create', '--name', 'Ana', '--audio-url', 'https://example.com/a.txt']);
    expect(format.code).toBe(1);
    expect(format.stderr.trim()).toBe(
      'error: audio_url: Create Voice takes .mp3, .wav, .m4a, .flac, .ogg, .oga, .webm, .mp4 or .mov, got .txt. Fix that value and run the command again.',
    );

    const interval = await on(server, ['voices', 'create', '--name', 'Ana', '--audio-url', AUDIO, '--interval', '5']);
    expect(interval.code).toBe(64);
    expect(posts(server)).toBe(before);
  });

  it('Ctrl-C during --wait: exit 130, the voice id and where to see it, nothing left running', async () => {
    let sent = false;
    const run = await on(
      server,
      ['voices', 'create', '--name', 'Eve', '--audio-url', AUDIO, '--wait', '--interval', '20'],
      {
        onStderr: (stderr, child) => {
          if (!sent && stderr.includes('Waiting for voice')) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(
      /^error: Stopped waiting for voice v[0-9a-f]{12}; it is still being made\. Its status: tavus-faces voices list --json --search "Eve"$/m,
    );
  });

  it('works with --simulate (the simulated clock: the wait ends at once)', async () => {
    const run = await tavusFaces([
      'voices',
      'create',
      '--name',
      'Ana',
      '--audio-url',
      AUDIO,
      '--wait',
      '--json',
      '--simulate',
    ]);
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({ voice_name: 'Ana', voice_type: 'user', status: 'completed' });
  });
});
