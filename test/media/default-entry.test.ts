/** The default (browser) build of tavus-faces/media: no `node:fs`, so `{ path }` says where it works. */
import { describe, expect, it } from 'vitest';
import { checkTrainingMedia } from '../../src/media/index.js';

describe('the default entry', () => {
  it('refuses { path } with a pointer to File and Blob', async () => {
    await expect(checkTrainingMedia({ path: '/tmp/rio.mp4' }, { kind: 'video' })).rejects.toThrow(
      /needs Node .*pass a File or Blob/,
    );
  });
});
