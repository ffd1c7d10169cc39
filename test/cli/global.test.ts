import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/index.js';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { ROOT, json, tavusFaces } from './helpers.js';

/** Every command of the CLI, as `--help` must find it. */
const COMMANDS = [
  'faces train',
  'faces watch',
  'faces list',
  'faces get',
  'faces rename',
  'faces delete',
  'stock-faces list',
  'voices list',
  'voices create',
  'pals create',
  'pals get',
  'pals list',
  'pals update',
  'pals publish',
  'pals delete',
  'conversations start',
  'conversations list',
  'conversations end',
  'conversations emotion',
  'conversations transcript',
  'conversations watch',
  'preflight',
];

let server: SimulatorServer;
beforeAll(async () => {
  server = await serveSimulator({ seed: 'cli-global' });
});
afterAll(() => server?.close());

describe('the tavus-faces executable', { timeout: 60_000 }, () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8')) as {
      version: string;
      bin: Record<string, string>;
    };
    const run = await tavusFaces(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
    expect(VERSION).toBe(pkg.version);
    expect(pkg.bin).toEqual({ 'tavus-faces': './dist/cli.js' });
    expect((await readFile(`${ROOT}dist/cli.js`, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--help works on every command, with its usage and the global flags, exit 0', async () => {
    const runs = await Promise.all(COMMANDS.map((command) => tavusFaces([...command.split(' '), '--help'])));
    runs.forEach((run, i) => {
      expect(run.code, COMMANDS[i]).toBe(0);
      expect(run.stdout).toContain(`Usage: tavus-faces ${COMMANDS[i]}`);
      expect(run.stdout).toContain('Global Options:');
      expect(run.stdout).toContain('--json');
      expect(run.stdout).toContain('Example');
    });
    const top = await tavusFaces(['--help']);
    for (const group of ['faces', 'stock-faces', 'voices', 'pals', 'conversations', 'preflight']) {
      expect(top.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
    }
  });

  it('a bad command line is exit 64 with the command\u2019s help on stderr', async () => {
    for (const args of [
      ['nope'],
      ['faces'],
      ['faces', 'get'],
      ['faces', 'list', '--bogus'],
      ['faces', 'watch', 'r1', '--until', 'soon'],
    ]) {
      const run = await tavusFaces(args);
      expect(run.code, args.join(' ')).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/Usage: tavus-faces/);
    }
  });

  it('without a key: one line saying what to do, exit 1, no request made', async () => {
    const before = server.sim.requests.length;
    const run = await tavusFaces(['faces', 'list', '--base-url', server.url]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: No Tavus API key\. Set TAVUS_API_KEY or pass --api-key .* add --simulate$/m);
    expect(server.sim.requests.length).toBe(before);
  });

  it('a wrong key: the 401 with what to do, exit 1; the key given never shows', async () => {
    const run = await tavusFaces([
      'faces',
      'list',
      '--base-url',
      server.url,
      '--api-key',
      'tvs-wrong-key-123',
      '--verbose',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*401.* Check the API key \(TAVUS_API_KEY or --api-key\)/m);
    expect(`${run.stdout}${run.stderr}`).not.toContain('tvs-wrong-key-123');
  });

  it('--verbose prints each request and response on stderr, never the key; --api-key works like TAVUS_API_KEY', async () => {
    server.sim.failNext({ status: 503, match: { method: 'GET', path: '/v2/voices' } });
    const run = await tavusFaces([
      'voices',
      'list',
      '--json',
      '--verbose',
      '--base-url',
      server.url,
      '--api-key',
      server.sim.apiKey,
    ]);
    expect(run.code).toBe(0);
    expect(json<unknown[]>(run).length).toBe(server.sim.voices.length);
    expect(run.stderr).toMatch(/^> GET \/v2\/voices$/m);
    expect(run.stderr).toMatch(/^< 503 GET \/v2\/voices \(\d+ ms\)$/m);
    expect(run.stderr).toMatch(/^retrying GET \/v2\/voices in \d+ ms \(attempt 2\): /m);
    expect(run.stderr).toMatch(/^> GET \/v2\/voices \(attempt 2\)$/m);
    expect(run.stderr).toMatch(/^< 200 GET \/v2\/voices/m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(server.sim.apiKey);
  });

  it('--simulate cannot be combined with --base-url (64)', async () => {
    const run = await tavusFaces(['faces', 'list', '--simulate', '--base-url', server.url]);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--simulate runs an in-process simulator; it cannot be used with --base-url');
  });

  it('output is plain (no colour) when it is not a terminal, NO_COLOR or not', async () => {
    for (const env of [{}, { NO_COLOR: '1' }]) {
      const run = await tavusFaces(['faces', 'get', 'rmissing0000', '--simulate'], { env });
      expect(run.code).toBe(1);
      expect(`${run.stdout}${run.stderr}`).not.toContain('\u001b[');
    }
  });
});

describe('--simulate: every command works with no key', { timeout: 60_000 }, () => {
  async function sim(args: string[]) {
    const run = await tavusFaces([...args, '--simulate', '--json']);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    return json<never>(run);
  }

  it('faces, stock faces and voices', async () => {
    const faces = (await sim(['faces', 'list'])) as { face_id: string; face_name: string; status: string }[];
    expect(faces.map((f) => f.face_id)).toContain('r90bbd427f71');
    const training = faces.find((f) => f.status === 'started');
    expect(training).toBeDefined();
    expect(await sim(['faces', 'get', 'r90bbd427f71'])).toMatchObject({ face_id: 'r90bbd427f71', status: 'completed' });
    expect(await sim(['faces', 'rename', 'r90bbd427f71', 'Renamed'])).toBeDefined();
    expect(await sim(['faces', 'delete', 'r90bbd427f71', '--yes'])).toMatchObject({ deleted: true });
    // The simulated clock ends the 3.5 h watch (training, then Phoenix-4.5-free `usable`) at once.
    expect(await sim(['faces', 'watch', training?.face_id ?? ''])).toMatchObject({ status: 'completed' });
    expect(
      await sim([
        'faces',
        'train',
        '--video',
        'https://example.com/me.mp4',
        '--no-preflight',
        '--watch',
        '--name',
        'Sim',
      ]),
    ).toMatchObject({ status: 'completed', face_name: 'Sim' });
    expect(
      await sim(['faces', 'train', '--image', 'https://example.com/me.jpg', '--voice', 'anna', '--no-preflight']),
    ).toMatchObject({
      status: 'started',
    });
    expect(((await sim(['stock-faces', 'list', '--model', 'phoenix-4'])) as unknown[]).length).toBeGreaterThan(10);
    expect(((await sim(['voices', 'list', '--search', 'anna'])) as unknown[]).length).toBeGreaterThan(0);
  });

  it('pals and conversations', async () => {
    const pals = (await sim(['pals', 'list'])) as { pal_id: string; pal_name: string }[];
    const demo = pals.find((p) => p.pal_name === 'Demo Coach');
    expect(demo).toBeDefined();
    const id = demo?.pal_id ?? '';
    expect(await sim(['pals', 'get', id])).toMatchObject({ pal_id: id, default_face_id: 'r90bbd427f71' });
    expect(await sim(['pals', 'update', id, '--set', 'pal_name=Renamed', '--dry-run'])).toEqual({
      pal_id: id,
      patches: [[{ op: 'replace', path: '/pal_name', value: 'Renamed' }]],
    });
    expect(await sim(['pals', 'update', id, '--set', 'pal_name=Renamed'])).toMatchObject({ pal_name: 'Renamed' });
    expect(await sim(['pals', 'publish', id])).toMatchObject({ pal_id: id });
    expect(await sim(['pals', 'delete', id])).toEqual({ pal_id: id, deleted: true });
    const created = await tavusFaces(['pals', 'create', '--file', '-', '--simulate'], {
      input: JSON.stringify({ pal_name: 'New', system_prompt: 'Hi.', default_face_id: 'r90bbd427f71' }),
    });
    expect(created.code).toBe(0);

    const calls = (await sim(['conversations', 'list'])) as { conversation_id: string; status: string }[];
    const active = calls.find((c) => c.status === 'active')?.conversation_id ?? '';
    const ended = calls.find((c) => c.status === 'ended')?.conversation_id ?? '';
    expect(((await sim(['conversations', 'transcript', ended])) as unknown[]).length).toBeGreaterThan(0);
    expect(await sim(['conversations', 'emotion', active, 'happiness'])).toEqual({
      conversation_id: active,
      emotion: 'happiness',
    });
    expect(await sim(['conversations', 'end', active])).toEqual({ conversation_id: active, ended: true });
    expect(await sim(['conversations', 'watch', active])).toMatchObject({ status: 'ended' });
    expect(await sim(['conversations', 'start', '--face', 'r90bbd427f71'])).toMatchObject({ status: 'active' });
  });

  it('preflight needs no account at all: a local file, exit 2 on errors', async () => {
    const good = await tavusFaces(['preflight', 'test/fixtures/media/good-75s.mp4']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^preflight: ok \(video, phoenix-4: mp4, h264\/aac, 75\.0 s, 1920x1080, 30 fps/);
    const bad = await tavusFaces(['preflight', 'test/fixtures/media/small-256.jpg', '--image', '--json']);
    expect(bad.code).toBe(2);
    expect(json<{ ok: boolean; problems: { code: string }[] }>(bad)).toMatchObject({
      ok: false,
      problems: [{ code: 'image_size' }],
    });
    const phoenix3 = await tavusFaces([
      'preflight',
      'test/fixtures/media/good-1024.jpg',
      '--image',
      '--model',
      'phoenix-3',
    ]);
    expect(phoenix3.code).toBe(2);
    expect(phoenix3.stdout).toContain('error model_name: phoenix-3 does not train from an image');
    const missing = await tavusFaces(['preflight', 'no/such/file.mp4']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('error: no/such/file.mp4: no such file (give a local file or an http(s) URL)');
  });
});
