import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tavus } from '../../src/index.js';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { type RunOptions, json, tavusFaces } from './helpers.js';

let server: SimulatorServer;
let faceId: string;

beforeAll(async () => {
  server = await serveSimulator({ seed: 'cli-conversations' });
  faceId = server.sim.addFace({ face_name: 'Caller' }).face_id;
});
afterAll(() => server?.close());

function on(target: SimulatorServer, args: string[], options: RunOptions = {}) {
  return tavusFaces([...args, '--base-url', target.url], { ...options, env: { TAVUS_API_KEY: target.sim.apiKey } });
}

async function start(target: SimulatorServer = server): Promise<string> {
  const run = await on(target, ['conversations', 'start', '--face', faceId, '--json']);
  expect(run.code).toBe(0);
  return json<{ conversation_id: string }>(run).conversation_id;
}

describe('conversations', { timeout: 60_000 }, () => {
  it('start prints the URL to join; the call has the name and duration asked for', async () => {
    const run = await on(server, [
      'conversations',
      'start',
      '--face',
      faceId,
      '--name',
      'Standup',
      '--max-duration',
      '600',
    ]);
    expect(run.code).toBe(0);
    const url = run.stdout.trim();
    expect(url).toMatch(/^https:\/\/tavus\.daily\.co\/c[0-9a-f]{11}$/);
    const id = url.split('/').pop() ?? '';
    expect(run.stderr).toContain(`End it with: tavus-faces conversations end ${id}`);
    const call = server.sim.conversations.get(id);
    expect(call?.conversation_name).toBe('Standup');
    expect(server.sim.requests.find((r) => r.method === 'POST' && r.path === '/v2/conversations')?.body).toMatchObject({
      face_id: faceId,
      conversation_name: 'Standup',
      properties: { max_call_duration: 600 },
    });
  });

  it('start needs --face or --pal (64); --max-duration must be whole seconds (64)', async () => {
    for (const args of [[], ['--face', faceId, '--max-duration', 'soon']]) {
      const run = await on(server, ['conversations', 'start', ...args]);
      expect(run.code).toBe(64);
      expect(run.stderr).toContain('Usage: tavus-faces conversations start [options]');
    }
  });

  it('emotion sets the expression; an unknown one is a usage error', async () => {
    const id = await start();
    const run = await on(server, ['conversations', 'emotion', id, 'happiness', '--json']);
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({ conversation_id: id, emotion: 'happiness' });
    expect(server.sim.conversations.get(id)?.emotion).toBe('happiness');

    const bad = await on(server, ['conversations', 'emotion', id, 'glee']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^error: unknown emotion "glee"; expected one of neutral, happiness/);
  });

  it('end, then transcript (an error until it has arrived)', async () => {
    const id = await start();
    const early = await on(server, ['conversations', 'transcript', id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('the transcript comes after it ends');

    const end = await on(server, ['conversations', 'end', id]);
    expect(end.code).toBe(0);
    expect(end.stdout.trim()).toBe(`Ended conversation ${id}`);
    expect(server.sim.conversations.get(id)?.status).toBe('ended');

    server.sim.advance(10_000);
    const transcript = await on(server, ['conversations', 'transcript', id]);
    expect(transcript.code).toBe(0);
    const lines = transcript.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^(assistant|user|system|tool): \S/);
    const turns = json<{ role: string; content: string }[]>(
      await on(server, ['conversations', 'transcript', id, '--json']),
    );
    expect(turns.map((t) => `${t.role}: ${t.content}`)).toEqual(lines);
  });

  it('list shows them, by status', async () => {
    const id = await start();
    const run = await on(server, ['conversations', 'list', '--status', 'active', '--json']);
    expect(run.code).toBe(0);
    const listed = json<{ conversation_id: string; status: string }[]>(run);
    expect(listed.map((c) => c.conversation_id)).toContain(id);
    expect(new Set(listed.map((c) => c.status))).toEqual(new Set(['active']));
  });

  it('watch follows it to its end and transcript (a clock 1000x fast), then prints the conversation', async () => {
    const fast = await serveSimulator({ clock: { speed: 1_000 } });
    try {
      const face = fast.sim.addFace().face_id;
      // Created here, and joined at once: at 1000x, a CLI's start-up is longer than the 300 s in
      // which a call nobody joins ends. Someone stays until the watch has seen it active.
      const tavus = new Tavus({ baseUrl: fast.url, apiKey: fast.sim.apiKey });
      const { conversation_id: id } = await tavus.conversations.create({ face_id: face });
      fast.sim.joinConversation(id);
      let left = false;
      const run = await on(fast, ['conversations', 'watch', id, '--interval', '10'], {
        onStdout: (stdout) => {
          if (!left && stdout.includes('status: none -> active')) {
            left = true;
            fast.sim.leaveConversation(id);
          }
        },
      });
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.slice(0, 2)).toEqual(['status: none -> active', 'event: system.replica_joined']);
      expect(lines).toContain('status: active -> ended');
      expect(lines).toContain('ended: participant_left_timeout reached; waiting for the transcript');
      expect(lines).toContain('event: application.transcription_ready');
      expect(lines.at(-1)).toMatch(
        new RegExp(`^Conversation ${id} ended \\(participant_left_timeout reached\\); transcript: \\d+ turns$`),
      );

      const again = await on(fast, ['conversations', 'watch', id, '--interval', '10', '--json']);
      expect(again.code).toBe(0);
      expect(json(again)).toMatchObject({
        conversation_id: id,
        status: 'ended',
        shutdownReason: 'participant_left_timeout reached',
      });
    } finally {
      await fast.close();
    }
  });

  it('Ctrl-C during watch: exit 130, the call goes on', async () => {
    const id = await start();
    server.sim.joinConversation(id);
    let sent = false;
    const run = await on(server, ['conversations', 'watch', id, '--interval', '20'], {
      onStdout: (stdout, child) => {
        if (!sent && stdout.includes('status: none -> active')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    expect(run.stderr.trim()).toBe(
      `error: Stopped watching conversation ${id}; the call goes on. End it with: tavus-faces conversations end ${id}`,
    );
    expect(server.sim.conversations.get(id)?.status).toBe('active');
  });
});
