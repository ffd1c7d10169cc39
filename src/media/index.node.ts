/**
 * The Node build of `tavus-faces/media` (the `node` condition of its export): the same API, plus
 * `{ path }` sources read with `node:fs`, which the default build must not import (it runs in browsers).
 *
 * @packageDocumentation
 */
import { open } from 'node:fs/promises';
import { type ByteReader, baseName, usePathOpener } from './source.js';

usePathOpener(async (path) => {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let bytesRead = 0;
    const reader: ByteReader = {
      size,
      extent: size,
      name: baseName(path),
      get bytesRead() {
        return bytesRead;
      },
      async read(start, end) {
        const length = Math.max(0, Math.min(end, size) - start);
        const buffer = new Uint8Array(length);
        let at = 0;
        while (at < length) {
          const { bytesRead: n } = await handle.read(buffer, at, length - at, start + at);
          if (n === 0) break;
          at += n;
        }
        bytesRead += at;
        return buffer.subarray(0, at);
      },
      close: () => handle.close(),
    };
    return reader;
  } catch (error) {
    await handle.close();
    throw error;
  }
});

export * from './index.js';
