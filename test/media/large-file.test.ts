/**
 * `{ path }` on a large file: an 800 MB MP4 with its moov at the end, written as a sparse file (the
 * fixture's boxes at both ends, a hole between), so the test costs no disk. Only the ends are read.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTrainingMedia } from '../../src/media/index.node.js';
import { stretched } from './server.js';

const SIZE = 800_000_000;
let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tavus-media-'));
  path = join(dir, 'rio.mp4');
  const body = stretched('good-125s-moov-end.mp4', SIZE);
  const file = await open(path, 'w');
  try {
    await file.write(body.slice(0, 64 * 1024), 0, 64 * 1024, 0);
    await file.write(body.slice(SIZE - 64 * 1024, SIZE), 0, 64 * 1024, SIZE - 64 * 1024);
  } finally {
    await file.close();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a large local file', () => {
  it('file_size from the file itself; the facts from its two ends', async () => {
    const report = await checkTrainingMedia({ path }, { kind: 'video' });
    expect(report).toMatchObject({ ok: false, sizeBytes: SIZE, container: 'mp4', videoCodec: 'h264', fps: 30 });
    expect(report.problems.map((p) => p.code)).toEqual(['file_size']);
    expect(report.problems[0]?.fix).toContain('ffmpeg -i rio.mp4 -c:v libx264');
    expect(report.bytesRead).toBeLessThan(256 * 1024);
  });
});
