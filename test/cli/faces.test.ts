import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { FIXTURES, type MediaServer, startMediaServer } from '../media/server.js';
import { type RunOptions, json, tavusFaces } from './helpers.js';

let server: SimulatorServer;
let media: MediaServer;

beforeAll(async () => {
  [server, media] = await Promise.all([serveSimulator({ seed: 'cli-faces' }), startMediaServer()]);
});
afterAll(async () => {
  await Promise.all([server?.close(), media?.close()]);
});

/** `tavus-faces …` against a served simulator, with its key in TAVUS_API_KEY. */
function on(target: SimulatorServer, args: string[], options: RunOptions = {}) {
  return tavusFaces([...args, '--base-url', target.url], {
    ...options,
    env: { TAVUS_API_KEY: target.sim.apiKey, ...options.env },
  });
}

const posts = (target: SimulatorServer) =>
  target.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v2/faces').length;

describe('faces train', { timeout: 60_000 }, () => {
  it('runs the preflight, then creates the face, and prints its id alone on stdout', async () => {
    const video = `${media.origin}/range/good-75s.mp4`;
    const run = await on(server, ['faces', 'train', '--video', video, '--name', 'Rio']);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^r[0-9a-f]{11}$/);
    expect(run.stderr).toMatch(/^preflight: ok \(video, phoenix-4: mp4, h264\/aac, 75\.0 s/m);
    expect(run.stderr).toContain(`Watch it with: tavus-faces faces watch ${id}`);
    expect(server.sim.faces.get(id)?.face_name).toBe('Rio');
    expect(server.sim.requests.at(-1)?.body).toEqual({ train_video_url: video, face_name: 'Rio' });
  });

  it('stops on preflight errors before any POST, with exit status 2 and the report', async () => {
    const before = posts(server);
    const run = await on(server, ['faces', 'train', '--video', `${media.origin}/range/short-20s.mp4`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error video_duration: the video is 20.0 s long; phoenix-4 needs at least 60 s');
    expect(run.stderr).toContain('fix: Record at least 60 s');
    expect(run.stderr).toContain('Not training: the preflight found errors');
    expect(posts(server)).toBe(before);

    const asJson = await on(server, ['faces', 'train', '--video', `${media.origin}/range/short-20s.mp4`, '--json']);
    expect(asJson.code).toBe(2);
    const doc = json<{ created: boolean; preflight: { ok: boolean; problems: { code: string }[] } }>(asJson);
    expect(doc.created).toBe(false);
    expect(doc.preflight.ok).toBe(false);
    expect(doc.preflight.problems.map((p) => p.code)).toContain('video_duration');
    expect(posts(server)).toBe(before);
  });

  it('--no-preflight sends without reading the file', async () => {
    media.reset();
    const run = await on(server, [
      'faces',
      'train',
      '--video',
      `${media.origin}/status/404`,
      '--no-preflight',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(json<{ face_id: string; status: string }>(run).status).toBe('started');
    expect(media.requests()).toBe(0);
  });

  it('trains from an image with a voice; a bad combination of flags is a usage error (64) with the help', async () => {
    const image = `${media.origin}/range/good-1024.jpg`;
    const run = await on(server, [
      'faces',
      'train',
      '--image',
      image,
      '--voice',
      'anna',
      '--model',
      'phoenix-4',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const { face_id } = json<{ face_id: string }>(run);
    expect(
      server.sim.requests.find(
        (r) => r.method === 'POST' && (r.body as { train_image_url?: string }).train_image_url === image,
      )?.body,
    ).toEqual({
      train_image_url: image,
      voice_name: 'anna',
      model_name: 'phoenix-4',
    });
    expect(server.sim.faces.has(face_id)).toBe(true);
    expect(run.stderr).toMatch(/^preflight: ok \(image, phoenix-4: jpeg, 1024x1024, .*; Tavus image check: passed\)$/m);

    const before = posts(server);
    for (const args of [
      ['--image', image],
      ['--video', 'https://example.com/a.mp4', '--image', image, '--voice', 'anna'],
      [],
    ]) {
      const bad = await on(server, ['faces', 'train', ...args, '--no-preflight']);
      expect(bad.code).toBe(64);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^error: /);
      expect(bad.stderr).toContain('Usage: tavus-faces faces train [options]');
    }
    expect(posts(server)).toBe(before);
  });
});

describe('faces train: flags that do nothing alone, and URLs with signatures', { timeout: 60_000 }, () => {
  it('--until without --watch is a usage error (exit 64) before anything is sent', async () => {
    const before = posts(server);
    const run = await on(server, [
      'faces',
      'train',
      '--video',
      'https://example.com/a.mp4',
      '--no-preflight',
      '--until',
      'tuned',
    ]);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('error: --until only applies with --watch');
    expect(posts(server)).toBe(before);
  });

  it('never prints a presigned URL\u2019s query (its signature), only its origin and path', async () => {
    const video = 'https://bucket.s3.amazonaws.com/me.mp4?X-Amz-Signature=deadbeefcafe&X-Amz-Expires=604800';
    const run = await on(server, ['faces', 'train', '--video', video, '--no-preflight']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('from https://bucket.s3.amazonaws.com/me.mp4?…');
    expect(run.stdout + run.stderr).not.toContain('deadbeefcafe');
  });
});

describe('faces train --image: Tavus\u2019s own image check is part of the preflight', { timeout: 60_000 }, () => {
  it('an image the local checks pass but Tavus\u2019s check fails stops with exit 2 before Create Face', async () => {
    // A PNG whose header says 1600x700: fine locally, but at least twice as wide as high, so the
    // simulator's Validate Face Image fails head_fully_in_frame (a wide shot crops the head).
    const png = Buffer.from(readFileSync(`${FIXTURES}good-600x800.png`));
    png.writeUInt32BE(1600, 16);
    png.writeUInt32BE(700, 20);
    const files = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/wide.png`;
      const validations = () => server.sim.requests.filter((r) => r.path === '/v2/faces/image-validation').length;
      const [before, checked] = [posts(server), validations()];
      const run = await on(server, ['faces', 'train', '--image', url, '--voice', 'anna']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^preflight: 1 error \(image, phoenix-4: png, 1600x700, .*; Tavus image check: failed\)$/m,
      );
      expect(run.stderr).toContain(
        'error image_validation: Tavus\'s image check "The whole head is inside the frame" (head_fully_in_frame) failed on phoenix-4',
      );
      expect(run.stderr).toContain('Not training: the preflight found errors');
      expect(validations()).toBe(checked + 1);
      expect(posts(server)).toBe(before);

      const asJson = await on(server, ['faces', 'train', '--image', url, '--voice', 'anna', '--json']);
      expect(asJson.code).toBe(2);
      const doc = json<{ created: boolean; preflight: { ok: boolean; imageValidation: { passed: boolean } } }>(asJson);
      expect(doc).toMatchObject({ created: false, preflight: { ok: false, imageValidation: { passed: false } } });
      expect(posts(server)).toBe(before);
    } finally {
      await new Promise((resolve) => files.close(resolve));
    }
  });
});

describe('faces list, get, rename, delete', { timeout: 60_000 }, () => {
  it('lists and reads faces, as a table or JSON', async () => {
    const face = server.sim.addFace({ face_name: 'Listed', model_name: 'phoenix-4' });
    const list = await on(server, ['faces', 'list', '--json']);
    expect(list.code).toBe(0);
    const faces = json<{ face_id: string; face_name: string }[]>(list);
    expect(faces.map((f) => f.face_id)).toContain(face.face_id);
    expect(faces).toHaveLength(server.sim.faces.size);

    const table = await on(server, ['faces', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^FACE_ID\s+STATUS\s+MODEL\s+NAME$/);
    expect(table.stdout).toMatch(new RegExp(`^${face.face_id}\\s+completed\\s+phoenix-4\\s+Listed$`, 'm'));

    const get = await on(server, ['faces', 'get', face.face_id]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(new RegExp(`^face_id: +${face.face_id}$`, 'm'));
    expect(get.stdout).toMatch(/^status: +completed$/m);
    const getJson = json<{ face_id: string; face_type: string }>(
      await on(server, ['faces', 'get', face.face_id, '--json']),
    );
    expect(getJson).toMatchObject({ face_id: face.face_id, face_type: 'user' });
  });

  it('an unknown id is one error line with what to do, exit 1', async () => {
    const run = await on(server, ['faces', 'get', 'rnope0000000']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'error: GET /v2/faces/rnope0000000 failed with 400: Invalid face_id. Check the id; `tavus-faces faces list` shows yours.',
    ]);
    const asJson = await on(server, ['faces', 'get', 'rnope0000000', '--json']);
    expect(asJson.code).toBe(1);
    expect(json<{ error: { kind: string; status: number; hint: string } }>(asJson).error).toMatchObject({
      kind: 'BadRequestError',
      status: 400,
      hint: expect.stringContaining('faces list'),
    });
  });

  it('renames', async () => {
    const face = server.sim.addFace({ face_name: 'Old' });
    const run = await on(server, ['faces', 'rename', face.face_id, 'New name']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`Renamed face ${face.face_id} to "New name"`);
    expect(server.sim.faces.get(face.face_id)?.face_name).toBe('New name');
  });

  it('deletes only with --yes when stdin is not a terminal', async () => {
    const face = server.sim.addFace({ face_name: 'Doomed' });
    const refused = await on(server, ['faces', 'delete', face.face_id], { input: 'y\n' });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('stdin is not a terminal, so pass --yes');
    expect(refused.stderr).toContain('Usage: tavus-faces faces delete [options] <id>');
    expect(server.sim.faces.has(face.face_id)).toBe(true);

    const run = await on(server, ['faces', 'delete', face.face_id, '--hard', '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({ face_id: face.face_id, deleted: true, hard: true });
    expect(server.sim.faces.has(face.face_id)).toBe(false);
    expect(server.sim.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { hard: 'true' } });
  });
});

describe('watching a training (a served simulator whose clock runs 300x)', { timeout: 60_000 }, () => {
  let fast: SimulatorServer;
  beforeAll(async () => {
    fast = await serveSimulator({
      clock: { speed: 300 },
      trainingMs: 600_000,
      trainingOutcome: ({ face_name }) =>
        face_name === 'Broken' ? { error: 'ImageQualityError: no face found' } : 'completed',
    });
  });
  afterAll(() => fast?.close());

  it('faces train --watch prints a plain line per update when stdout is not a terminal', async () => {
    const run = await on(fast, [
      'faces',
      'train',
      '--video',
      'https://example.com/me.mp4',
      '--no-preflight',
      '--watch',
      '--interval',
      '10',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const updates = lines.filter((l) => l.startsWith('training '));
    expect(updates.length).toBeGreaterThan(2);
    for (const line of updates) expect(line).toMatch(/^training \d+% \(\d+\/100\), ETA (estimating|\d+[hms]\S*), \w+/);
    const percents = updates.map((l) => Number(/(\d+)%/.exec(l)?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(lines).toContain('status: started -> completed');
    expect(run.stdout).toMatch(/^status: +completed$/m);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stderr).toMatch(/Face r[0-9a-f]{11} is ready \(completed\)/);
  });

  it('--quiet shows no progress', async () => {
    const face = fast.sim.addFace({ trained: false });
    const run = await on(fast, ['faces', 'watch', face.face_id, '--interval', '10', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('training ');
    expect(run.stdout).toMatch(new RegExp(`^face_id: +${face.face_id}$`, 'm'));
    expect(run.stderr).toBe('');
  });

  it('a failed training is one error line and exit 1', async () => {
    const run = await on(fast, [
      'faces',
      'train',
      '--video',
      'https://example.com/x.mp4',
      '--name',
      'Broken',
      '--no-preflight',
      '--watch',
      '--interval',
      '10',
    ]);
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error: Training of face r[0-9a-f]{11} failed: ImageQualityError: no face found .*tavus-faces preflight URL/,
    );
  });
});

describe('--until tuned (the manual clock, moved by the test as the watch goes)', { timeout: 60_000 }, () => {
  it('waits for Phoenix-4.5\u2019s fine-tuning; with --json, progress is on stderr and the face alone on stdout', async () => {
    const face = server.sim.addFace({ model_name: 'phoenix-4.5', trained: false });
    const moved = new Set<string>();
    const once = (key: string, move: () => void): void => {
      if (!moved.has(key)) {
        moved.add(key);
        move();
      }
    };
    const run = await on(server, ['faces', 'watch', face.face_id, '--until', 'tuned', '--interval', '20'], {
      onStdout: (stdout) => {
        if (stdout.includes('status: none -> started')) once('preview', () => server.sim.advance(server.sim.previewMs));
        if (stdout.includes('finetune: none -> started'))
          once('tuned', () => server.sim.advance(server.sim.trainingMs));
      },
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('status: started -> completed');
    expect(lines).toContain('finetune: none -> started');
    expect(lines).toContain('finetune: started -> completed');
    expect(lines.indexOf('finetune: started -> completed')).toBeGreaterThan(
      lines.indexOf('status: started -> completed'),
    );
    expect(run.stderr).toContain(`Face ${face.face_id} is ready (completed, finetune completed)`);

    const asJson = await on(server, ['faces', 'watch', face.face_id, '--until', 'tuned', '--json']);
    expect(asJson.code).toBe(0);
    expect(json(asJson)).toMatchObject({ face_id: face.face_id, status: 'completed', finetune_status: 'completed' });
    expect(asJson.stderr).toMatch(/^training 100% \(100\/100\), ETA 0s, completed, finetune completed$/m);
  });
});

describe('Ctrl-C during a watch', { timeout: 60_000 }, () => {
  it('aborts it cleanly: exit 130, how to resume, nothing left running', async () => {
    // The manual clock never moves here: the watch would poll until its 8 h deadline.
    const face = server.sim.addFace({ trained: false });
    server.sim.advance(60 * 60_000);
    let sent = false;
    const run = await on(server, ['faces', 'watch', face.face_id, '--interval', '20'], {
      onStdout: (stdout, child) => {
        if (!sent && stdout.includes('training ')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    // Exited by itself (not the helper's SIGKILL): the poll loop and its timers are gone.
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/^training 2\d% \(2\d\/100\)/m);
    expect(run.stderr.trim()).toBe(
      `error: Stopped watching face ${face.face_id}; its training goes on. Resume with: tavus-faces faces watch ${face.face_id}`,
    );
  });
});
